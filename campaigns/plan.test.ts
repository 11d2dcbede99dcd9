import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenarios/load.ts';
import { factorial } from './design.ts';
import { planCampaign } from './plan.ts';

const STUDY = fileURLToPath(new URL('./fixtures/tiny.yaml', import.meta.url));

describe('campaign plan', () => {
  it("resolves replication r of a point to the study with the point's values and seed = study seed + r, as --set would", async () => {
    const sets = ['population.customers=20'];
    const points = factorial([{ path: 'network.meters_per_collector', levels: [5, 10] }]);
    const planned = await planCampaign(STUDY, sets, points, 3);
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    const text = readFileSync(STUDY, 'utf8');
    expect(planned.plan.runs.map((r) => [r.point, r.rep, r.seed])).toEqual([[0, 0, 7], [0, 1, 8], [0, 2, 9], [1, 0, 7], [1, 1, 8], [1, 2, 9]]);
    for (const run of planned.plan.runs) {
      const m = points[run.point].values['network.meters_per_collector'];
      const direct = parseScenario(text, STUDY, [...sets, `network.meters_per_collector=${m}`, `seed=${run.seed}`]);
      expect(direct.ok).toBe(true);
      if (direct.ok) expect(run.scenario).toEqual(direct.scenario);
    }
    expect(new Set(planned.plan.runs.map((r) => r.key)).size).toBe(6);
  });

  it('refuses replications whose seeds would pass the largest whole number', async () => {
    const planned = await planCampaign(STUDY, [`seed=${Number.MAX_SAFE_INTEGER - 1}`], factorial([]), 3);
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.errors[0]).toMatch(/^--reps: expected the study's seed \+ replications − 1 .* found seed 9007199254740990 and 3 replications/);
  });
});
