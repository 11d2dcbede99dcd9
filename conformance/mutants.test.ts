import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MUTANT_NAMES } from './mutants.ts';
import { runConformance } from './runner.ts';

/**
 * Proof the suite can fail: each deliberate fault of the models makes the requirements it breaks FAIL —
 * with a shrunk counterexample and a replay command that reproduces it — and they PASS without it.
 */
const CASES: { mutant: string; fails: string[] }[] = [
  { mutant: 'skip-approved-type-check', fails: ['FR-06'] },
  { mutant: 'skip-id-check', fails: ['S1-09'] },
  { mutant: 'drop-override-forwarding', fails: ['FR-35', 'S2-07'] },
  { mutant: 'private-to-all', fails: ['FR-20', 'FR-23'] },
  { mutant: 'skip-meter-gateway', fails: ['BR-01', 'BR-02'] },
  // Devices index the TOU schedule from when it was sent rather than from local midnight (issue 11's defect).
  { mutant: 'price-from-start', fails: ['FR-27', 'FR-30'] },
  { mutant: 'next-price-same-interval', fails: ['FR-27'] },
  // Reports carry the energy used since the study started rather than since the last report.
  { mutant: 'report-energy-since-start', fails: ['FR-36'] },
  // Stores keep messages 11 h: under both FR-24's and NFR-01's "at least N hours" (read from the catalog).
  { mutant: 'short-retention', fails: ['NFR-01', 'FR-24'] },
  // CDCS broadcasts every CAP alert in every region, whatever its areas say (OI-3).
  { mutant: 'cap-all-regions', fails: ['OI-3'] },
  // The pricing actor calls every hot day, past the program's season and consecutive-day limits (OI-6).
  { mutant: 'pricing-ignores-limits', fails: ['OI-6'] },
  // Rate advice bills usage at the UTC hour rather than the customer's local hour.
  { mutant: 'advice-utc-hours', fails: ['OI-5'] },
  // An override holds only for the response it was made on: the DR event of the same event sheds again (S2-05 with FR-17).
  { mutant: 'override-per-message', fails: ['S2-05'] },
  // The meter's usage feed only on its period: held demand lags a change by up to a period (NFR-03 agreement).
  { mutant: 'meter-no-change-reports', fails: ['NFR-03'] },
  // The EMS never sheds, whatever demand it holds: premises stay above their limit (FR-04's demand limiting).
  { mutant: 'ems-ignores-limit', fails: ['FR-04'] },
];

/** Every model source file (tests aside). */
function modelSources(dir = new URL('../models/', import.meta.url).pathname): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modelSources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

describe('mutants live outside the models', () => {
  it('every mutant has a case below, and no model file names one or asks for one', () => {
    expect(CASES.map((c) => c.mutant).sort()).toEqual([...MUTANT_NAMES].sort());
    const files = modelSources();
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const name of MUTANT_NAMES) expect(text.includes(`'${name}'`), `${f} names mutant ${name}`).toBe(false);
      expect(/\bmutants?\??\s*[:(]|\.mutants\b/.test(text) ? f : null, 'a mutant option or field in model code').toBeNull();
    }
  });
});

describe('mutants are caught', () => {
  for (const { mutant, fails } of CASES) {
    it(`${mutant} → ${fails.join(', ')} FAIL (and PASS without it)`, () => {
      const bad = runConformance({ only: fails, mutants: [mutant] });
      for (const id of fails) {
        const r = bad.requirements.find((x) => x.id === id)!;
        expect(r.status, `${id} under ${mutant}`).toBe('FAIL');
        const p = r.properties.find((x) => x.status === 'FAIL')!;
        expect(p.violations!.length).toBeGreaterThan(0);
        expect(p.counterexample).toBeTruthy();
        expect(p.replay).toMatch(new RegExp(`^scsim conformance --only ${id}(#\\d)? --seed \\d+ --path [\\d:]+ --mutant ${mutant}$`));
      }
      expect(bad.ok).toBe(false);
      const good = runConformance({ only: fails });
      for (const r of good.requirements) expect(r.status, r.id).toBe('PASS');
    });
  }

  it('a failure replays from its seed and path alone', () => {
    const first = runConformance({ only: ['FR-06'], mutants: ['skip-approved-type-check'] });
    const p = first.requirements[0].properties[0];
    const replay = runConformance({ only: ['FR-06'], mutants: ['skip-approved-type-check'], seed: p.seed, path: p.path });
    const q = replay.requirements[0].properties[0];
    expect(q.status).toBe('FAIL');
    expect(q.runs).toBe(1);
    expect(q.counterexample).toBe(p.counterexample);
    expect(q.violations).toEqual(p.violations);
  });

  it('a model-based failure replays from seed, path and command hint', () => {
    const first = runConformance({ only: ['FR-03'], mutants: ['private-to-all'] });
    const p = first.requirements[0].properties[0];
    expect(p.status).toBe('FAIL');
    const commands = /--commands (\S+)/.exec(p.replay!)![1];
    const replay = runConformance({ only: ['FR-03'], mutants: ['private-to-all'], seed: p.seed, path: p.path, commands });
    expect(replay.requirements[0].properties[0].violations).toEqual(p.violations);
  });

  it('link priority is what keeps DR traffic ahead of meter reads: without it NFR-02 fails', () => {
    const on = runConformance({ only: ['NFR-02'] });
    expect(on.requirements[0].status).toBe('PASS');
    const off = runConformance({ only: ['NFR-02'], sets: ['network.priority_queuing=false'] });
    expect(off.requirements[0].status).toBe('FAIL');
    expect(off.requirements[0].properties[0].violations![0]).toMatch(/background class [34]\) sent while/);
  });
});
