import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BODY_FIELD_NUMBERS, BODY_KINDS, BODY_KIND_IDS, BODY_MESSAGE_TYPES } from './codec.ts';
import { generateTypes, ID_PATTERN, TYPES_FILE } from './gen-types.ts';
import { loadSchema } from './schema.ts';

describe('generated types', () => {
  it('types.ts is up to date with the .proto files (run: node --import tsx models/wire/gen-types.ts)', () => {
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(generateTypes());
  });

  it('BodyKind lists exactly the oneof cases of Envelope.body, with their field numbers and types', () => {
    const env = loadSchema().lookupType('scsim.c5.Envelope');
    const oneof = env.oneofs['body']!;
    expect([...BODY_KINDS].sort()).toEqual(oneof.oneof.slice().sort());
    for (const f of oneof.fieldsArray) {
      expect(BODY_FIELD_NUMBERS[f.name as keyof typeof BODY_FIELD_NUMBERS]).toBe(f.id);
      expect(BODY_MESSAGE_TYPES[f.name as keyof typeof BODY_MESSAGE_TYPES]).toBe(f.type);
    }
  });

  it('every body kind cites at least one step or requirement ID', () => {
    for (const k of BODY_KINDS) {
      expect(BODY_KIND_IDS[k].length, k).toBeGreaterThan(0);
      for (const id of BODY_KIND_IDS[k]) expect(id).toMatch(new RegExp(`^${ID_PATTERN.source}$`));
    }
  });

  it('every scenario step that exchanges information has a body kind', () => {
    // Steps with no message of their own: S1-05 (plugging the appliance in), S2-03 / S2-04 (local display and
    // response; their outcome travels in eventResponse / applianceReport).
    const steps = [
      ...['01', '02', '03', '04', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17'].map((n) => `S1-${n}`),
      ...['01', '02', '05', '06', '07', '08'].map((n) => `S2-${n}`),
    ];
    const covered = new Set(Object.values(BODY_KIND_IDS).flat());
    expect(steps.filter((s) => !covered.has(s))).toEqual([]);
  });

  it('README maps every body kind', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const k of BODY_KINDS) expect(readme, k).toContain(`\`${k}\``);
  });
});
