import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_REQUIREMENTS_URL, loadRequirements, parseRequirements, REQUIREMENTS_PATH, SHARED_REQUIREMENTS_URL, statedMinimumHours } from './requirements.ts';
import { SUITE, SUITE_BY_ID } from './suite.ts';

describe('requirement registry', () => {
  const reqs = loadRequirements();

  it('keeps its bundled copy of the catalog equal to shared/requirements.md (when shared/ is beside the repo)', (ctx) => {
    if (!existsSync(SHARED_REQUIREMENTS_URL)) return ctx.skip();
    expect(readFileSync(BUNDLED_REQUIREMENTS_URL, 'utf8')).toBe(readFileSync(SHARED_REQUIREMENTS_URL, 'utf8'));
  });

  it(`parses every ID of ${REQUIREMENTS_PATH}`, () => {
    const ids = reqs.map((r) => r.id);
    const range = (p: string, n: number, pad = 2) => Array.from({ length: n }, (_, i) => `${p}-${String(i + 1).padStart(pad, '0')}`);
    expect(ids).toEqual([...range('BR', 8), ...range('S1', 17), ...range('S2', 8), ...range('FR', 37), ...range('NFR', 5), ...range('OI', 6, 1)]);
    for (const r of reqs) expect(r.text.length).toBeGreaterThan(10);
    expect(reqs.find((r) => r.id === 'S1-09')!.text).toMatch(/^NMS: Authenticates/);
    expect(reqs.find((r) => r.id === 'FR-06')!.section).toMatch(/Functional requirements/);
  });

  it('reads the retention minimums from the catalog text (the NFR-01 and FR-24 oracles use them)', () => {
    expect(statedMinimumHours('NFR-01')).toBe(24);
    expect(statedMinimumHours('FR-24')).toBe(12);
    const edited = parseRequirements('| ID | Requirement |\n|---|---|\n| NFR-01 | The appliance stores messages for at least 36 hours. |\n| FR-27 | Prices. |');
    expect(statedMinimumHours('NFR-01', edited)).toBe(36);
    expect(() => statedMinimumHours('FR-27', edited)).toThrow(/FR-27 states no minimum/);
  });

  it('has a property or an explicit not-applicable reason for every ID, and nothing else', () => {
    const missing = reqs.filter((r) => !SUITE_BY_ID.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
    const known = new Set(reqs.map((r) => r.id));
    expect(SUITE.filter((e) => !known.has(e.id)).map((e) => e.id)).toEqual([]);
    expect(new Set(SUITE.map((e) => e.id)).size).toBe(SUITE.length);
    for (const e of SUITE) {
      if ('notApplicable' in e) expect(e.notApplicable.length).toBeGreaterThan(30);
      else {
        expect(e.properties.length).toBeGreaterThan(0);
        for (const p of e.properties) expect(p.statement.length).toBeGreaterThan(20);
      }
    }
  });

  it('documents every ID in README.md (property or reason)', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const r of reqs) expect(readme, r.id).toMatch(new RegExp(`^\\| ${r.id} \\|`, 'm'));
  });

  it('reads IDs from any table row, refuses duplicates', () => {
    const md = '## Rules\n| ID | Rule |\n|---|---|\n| BR-01 | A rule. |\n\n## Steps\n| ID | Actor | Step |\n| S1-01 | Customer | Asks. |\n';
    expect(parseRequirements(md)).toEqual([
      { id: 'BR-01', text: 'A rule.', section: 'Rules' },
      { id: 'S1-01', text: 'Customer: Asks.', section: 'Steps' },
    ]);
    expect(() => parseRequirements(md + '| BR-01 | again |\n')).toThrow(/twice/);
  });
});
