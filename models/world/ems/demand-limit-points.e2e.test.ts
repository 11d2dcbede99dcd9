/**
 * The `demand_limit` metric points (InfluxDB, metrics.lp): per minute and DEMAND_LIMIT program, the EMSs' shed and
 * restore commands. Checked against the commands observed through the world's `emsCommand` trace source, bucketed
 * here by simulated minute, and against the run totals in summary.json.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../scenarios/load.ts';
import { buildWorld, finishWorld } from '../run-scenario.ts';

const STUDY = new URL('../../../scenarios/demand-limit.yaml', import.meta.url).pathname;

describe('demand_limit points', () => {
  it('count every shed and restore the EMSs send, in the minute they send it, tagged with the program', async () => {
    const r = await loadScenarioFile(STUDY, ['population.customers=30']);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const s = r.scenario;
    const { sim, world: w } = buildWorld(s);
    const seen = new Map<number, { sheds: number; restores: number }>();
    w.trace.emsCommand.connect((_ems, _d, shed) => {
      const minute = Math.floor(sim.now / 60_000);
      const b = seen.get(minute) ?? { sheds: 0, restores: 0 };
      if (shed) b.sheds++;
      else b.restores++;
      seen.set(minute, b);
    });
    sim.run({ until: s.duration });
    finishWorld(w);

    const points = w.minutePoints.points.filter((p) => p.measurement === 'demand_limit');
    const expected = [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
    expect(expected.length).toBeGreaterThan(0);
    expect(points.map((p) => p.fields)).toEqual(expected);
    for (const p of points) expect(p.tags).toEqual({ program: s.programs[0].id });
    // Points are in time order, one per minute with commands.
    const ts = points.map((p) => Number(p.t));
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(new Set(ts).size).toBe(ts.length);
  }, 300_000);
});
