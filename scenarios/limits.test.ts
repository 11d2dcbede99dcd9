import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIMITS, limitsTable } from './limits.ts';
import { parseScenario } from './load.ts';
import { applyLimits, numericFields } from './schema-limits.ts';

const here = dirname(fileURLToPath(import.meta.url));
const schemaText = readFileSync(join(here, 'schema.json'), 'utf8');
const schema = JSON.parse(schemaText);
const readme = readFileSync(join(here, 'README.md'), 'utf8');

describe('limits.ts is the one place for the limits of the study format', () => {
  it('schema.json carries exactly the limits (else: node --import tsx scenarios/sync-schema-limits.ts)', () => {
    expect(applyLimits(structuredClone(schema))).toEqual(schema);
  });

  it('every numeric field of schema.json has a limit, and every number/duration limit is a field of schema.json', () => {
    const fields = [...numericFields(schema).keys()].sort();
    const limited = Object.entries(LIMITS)
      .filter(([, l]) => l.kind !== 'items')
      .map(([k]) => k)
      .sort();
    expect(fields).toEqual(limited);
  });

  it('each limit has the kind of its schema field (whole numbers are integers, durations are durations)', () => {
    for (const [key, kind] of numericFields(schema)) {
      const l = LIMITS[key as keyof typeof LIMITS];
      if (kind === 'duration' || kind === 'duration_ms') {
        expect(l.kind, key).toBe('duration');
        expect(l.kind === 'duration' && (l as { ms?: boolean }).ms === true, key).toBe(kind === 'duration_ms');
      } else {
        expect(l.kind, key).toBe('number');
        expect(l.kind === 'number' && (l as { int?: boolean }).int === true, key).toBe(kind === 'integer');
      }
    }
  });

  it('README.md lists every limit, as limits.ts has it', () => {
    expect(readme).toContain(limitsTable());
  });

  it('a threshold number too large for a double is refused (it would read as Infinity and never fail)', () => {
    const r = parseScenario('name: t\npopulation: {customers: 1}\nthresholds: ["delivery.by_priority.high.p99_s < 1e999", "sim.events > -1e400", "sim.events < 1e308"]\n', 't.yaml');
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['thresholds[0]', 'thresholds[1]']);
    expect(!r.ok && r.errors[0].message).toMatch(/thresholds\[0\]: expected a threshold whose number is finite .+, found "delivery\.by_priority\.high\.p99_s < 1e999"/);
  });
});
