import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../models/world/run-scenario.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import { loadCurveOf, readLoadCurve, readSketches, writeRunCurves } from './run-curves.ts';

/** What a run folder keeps for comparisons agrees with its summary, and does not depend on how the run was split. */
const STUDY = fileURLToPath(new URL('fixtures/tiny.yaml', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scsim-curves-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('run curves', () => {
  it('the load curve peaks where summary.json says; the sketches count what it counts; --workers 2 writes the same files', async () => {
    const loaded = await loadScenarioFile(STUDY);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const one = await runScenario(loaded.scenario);
    const two = await runScenario(loaded.scenario, { workers: 2 });
    const curve = loadCurveOf(one);
    expect(curve.t_ms.length).toBeGreaterThan(30); // one point a minute over the hour
    expect(Math.max(...curve.dr_kw)).toBeCloseTo(one.summary.load.dr_peak_kw, 2);
    expect(Math.max(...curve.baseline_kw)).toBeCloseTo(one.summary.load.baseline_peak_kw, 2);
    writeRunCurves(tmp, one);
    const sketches = readSketches(tmp)!;
    for (const p of ['high', 'medium', 'low'] as const) {
      expect(sketches[p].count).toBe(one.summary.delivery.by_priority[p].count);
      expect(sketches[p].quantile(0.99)).toBeCloseTo(one.summary.delivery.by_priority[p].p99_s!, 3);
    }
    expect(readLoadCurve(tmp)).toEqual(curve);
    expect(two.latency_sketches).toEqual(one.latency_sketches);
    expect(loadCurveOf(two)).toEqual(curve);
  });

  it('a folder without the files (a run from before them) reads as none', () => {
    const empty = mkdtempSync(join(tmp, 'old-'));
    expect(readLoadCurve(empty)).toBeUndefined();
    expect(readSketches(empty)).toBeUndefined();
  });
});
