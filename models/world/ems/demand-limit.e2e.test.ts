/**
 * Premise demand limiting end to end on the library study (scenarios/demand-limit.yaml, fewer premises): the
 * figures move the right way against the counterfactual, the counterfactual is the run without the controller
 * (an EMS that never finds itself over the limit, whose appliances are never controlled), and the controlled
 * figures agree with the premises' demand sampled here against the study's own limit.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../scenarios/load.ts';
import type { Scenario } from '../../../scenarios/types.ts';
import { buildWorld, finishWorld } from '../run-scenario.ts';
import { mergeRunTotals, runTotals } from '../run-totals.ts';
import { buildSummary } from '../summary.ts';
import type { World, WorldOptions } from '../world.ts';

const STUDY = new URL('../../../scenarios/demand-limit.yaml', import.meta.url).pathname;
const SAMPLE_MS = 5_000;

async function study(): Promise<Scenario> {
  const r = await loadScenarioFile(STUDY, ['population.customers=40']);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

function summaryOf(w: World) {
  const input = mergeRunTotals([runTotals(w, 0, w.p.devices, w.sim.delivered)], w.s.sla_s, w.p.customers, w.minutePoints);
  return buildSummary(input, w.s, 'ems', 1, { wall_s: 0 }, { study: 'ems', source: '', sets: [], seed: w.s.seed, version: '', commit: '', study_hash: '' });
}

/** Runs the study, sampling every premise's demand (the sum of its devices' power) every SAMPLE_MS. */
function run(s: Scenario, options: WorldOptions = {}) {
  const { sim, world: w } = buildWorld(s, options);
  const limitW = s.programs[0].response.demand_limit_kw * 1000;
  let aboveSamples = 0, peakW = 0;
  const premises = new Set<number>();
  for (let t = SAMPLE_MS; t <= s.duration; t += SAMPLE_MS) {
    sim.run({ until: t });
    for (let c = 0; c < w.p.customers; c++) {
      if (w.p.ems[c] < 0) continue;
      premises.add(c);
      let demand = 0;
      for (let d = w.p.firstDevice[c]; d < w.p.firstDevice[c] + w.p.deviceCount[c]; d++) demand += w.load.powerW(d);
      if (demand > limitW) aboveSamples++;
      peakW = Math.max(peakW, demand);
    }
  }
  finishWorld(w);
  return { summary: summaryOf(w), sampledMinutesAbovePerPremise: (aboveSamples * SAMPLE_MS) / 60_000 / premises.size, sampledPeakKw: peakW / 1000 };
}

describe('premise demand limiting (DEMAND_LIMIT) on the library study', () => {
  it('keeps premises under the limit more than the counterfactual, which is the run without the controller', async () => {
    const s = await study();
    const on = run(s);
    const off = run(s, { hooks: { emsOverLimit: () => false } });
    const [dl] = on.summary.demand_limit;
    const [none] = off.summary.demand_limit;
    expect(dl.program).toBe(s.programs[0].id);
    expect(dl.limit_kw).toBe(s.programs[0].response.demand_limit_kw);
    expect(dl.premises).toBe(40);
    expect(dl.commands.shed).toBeGreaterThan(0);
    expect(none.commands.shed).toBe(0);

    // The counterfactual is exact: an EMS that never sheds leaves every appliance alone, and its premises' demand
    // is what the controlled run reports as "without".
    expect(none.controlled).toEqual(dl.counterfactual);
    expect(none.counterfactual).toEqual(dl.counterfactual);

    // The right way: less time and energy above the limit, lower premise peaks.
    expect(dl.counterfactual.minutes_above_per_premise).toBeGreaterThan(30);
    expect(dl.controlled.minutes_above_per_premise).toBeLessThan(0.85 * dl.counterfactual.minutes_above_per_premise!);
    expect(dl.controlled.energy_above_kwh).toBeLessThan(0.85 * dl.counterfactual.energy_above_kwh);
    expect(dl.controlled.peak_kw_mean).toBeLessThan(dl.counterfactual.peak_kw_mean!);
    expect(dl.reduction.energy_above_kwh).toBeCloseTo(dl.counterfactual.energy_above_kwh - dl.controlled.energy_above_kwh, 2);

    // The figures against the demand sampled here every 5 s and the study's limit (sampling error: a few %).
    for (const [r, side] of [[on, dl.controlled], [off, none.controlled]] as const) {
      expect(Math.abs(r.sampledMinutesAbovePerPremise - side.minutes_above_per_premise!)).toBeLessThanOrEqual(0.03 * side.minutes_above_per_premise! + 0.5);
      expect(r.sampledPeakKw).toBeLessThanOrEqual(side.peak_kw_max! + 1e-9);
    }
    // Time above the limit with nothing left to shed is part of the time above, never more.
    expect(dl.saturated_premise_hours).toBeLessThanOrEqual(dl.controlled.premise_hours_above);
  }, 600_000);
});
