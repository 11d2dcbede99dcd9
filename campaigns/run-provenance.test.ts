import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenarios/load.ts';
import { ROOT, scsim } from '../test/support/cli.ts';

/**
 * A sweep's run folders record what they ran as `scsim run` does: resolved.yaml (the same study as
 * study.json), and summary.json `provenance` whose --set list, given to `scsim run`, reproduces the run's
 * digest. results.json rows carry no provenance column.
 */
const TMP = mkdtempSync(join(tmpdir(), 'scsim-sweep-provenance-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const STUDY = 'campaigns/fixtures/tiny.yaml';
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('sweep runs record what they ran', () => {
  it('resolved.yaml = study.json; provenance sets re-run to the same digest; no provenance in results rows', async () => {
    const out = join(TMP, 'c');
    const r = await scsim(['sweep', STUDY, '--set', 'population.customers=24', '--vary', 'network.priority_queuing=true,false', '--reps', '2', '--parallel', '2', '--out', out, '--quiet'], {
      env: { SCSIM_SPIN: '0' },
      timeoutMs: 300_000,
    });
    expect([0, 3], r.stderr).toContain(r.status);
    const keys = readdirSync(join(out, 'runs'));
    expect(keys).toHaveLength(4);
    const base = json(join(ROOT, 'package.json')).version;
    const seen = new Set<string>();
    for (const key of keys) {
      const dir = join(out, 'runs', key);
      const study = json(join(dir, 'study.json'));
      const resolved = parseScenario(readFileSync(join(dir, 'resolved.yaml'), 'utf8'), 'resolved.yaml');
      if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join('\n'));
      expect(resolved.scenario).toEqual(study);
      const p = json(join(dir, 'summary.json')).provenance;
      expect(p).toMatchObject({ study: 'tiny', source: STUDY, seed: study.seed, version: base });
      expect(p.sets[0]).toBe('population.customers=24');
      expect(p.sets).toContain(`network.priority_queuing=${study.network.priority_queuing}`);
      expect(p.sets.at(-1)).toBe(`seed=${study.seed}`);
      // The run's key (its folder) is the start of the resolved study's hash.
      expect(p.study_hash.slice(0, 16)).toBe(key);
      seen.add(p.sets.join(' '));
    }
    expect(seen.size).toBe(4);

    // One run again with `scsim run` and the recorded --set list: the same digest.
    const key = keys[0];
    const p = json(join(out, 'runs', key, 'summary.json')).provenance;
    const again = join(TMP, 'again');
    await scsim(['run', p.source, ...p.sets.flatMap((x: string) => ['--set', x]), '--out', again, '--quiet']);
    expect(json(join(again, 'summary.json')).digest).toBe(json(join(out, 'runs', key, 'summary.json')).digest);

    const rows = json(join(out, 'results.json')) as unknown;
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/provenance/);
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).not.toMatch(/provenance/);
  }, 300_000);
});
