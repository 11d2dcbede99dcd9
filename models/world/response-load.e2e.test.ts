/**
 * Issue 11: the grid-emergency study reported "shed 0 kW, rebound 0 kW" while its own load chart showed a
 * multi-MW drop and a restoration peak — autonomous (OI-1) responses were left out. Here the study runs as
 * shipped and every load figure is recomputed from the `load` points it emitted (baseline − DR summed over
 * regions and appliance types), over the window the study states: the condition at `at`, held for the
 * 10 minutes the power-system condition is valid.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/types.ts';
import type { RunResult } from '../run-result.ts';
import { runScenario } from './run-scenario.ts';

const MIN = 60_000;
const CONDITION_VALID_MS = 10 * MIN;
const STUDY = join(dirname(fileURLToPath(import.meta.url)), '../../scenarios/grid-emergency-broadcast.yaml');

/** Per-minute baseline and DR kW from the points, for one region or all of them. */
function series(points: RunResult['points'], region?: string): Map<number, { base: number; dr: number }> {
  const out = new Map<number, { base: number; dr: number }>();
  for (const p of points) {
    if (p.measurement !== 'load' || (region !== undefined && p.tags.region !== region)) continue;
    const row = out.get(p.t) ?? { base: 0, dr: 0 };
    row.base += p.fields.baseline_kw;
    row.dr += p.fields.dr_kw;
    out.set(p.t, row);
  }
  return out;
}

/** Shed over [from, to), and after it to the end of the run: the net recovery, its peak and the energy above baseline. */
function figures(s: Map<number, { base: number; dr: number }>, from: number, to: number) {
  let shed = 0, minutes = 0, recovered = 0, above = 0, peak = 0;
  for (const [t, { base, dr }] of s) {
    if (t >= from && t < to) {
      shed += base - dr;
      minutes++;
    } else if (t >= to) {
      recovered += dr - base;
      above += Math.max(0, dr - base);
      peak = Math.max(peak, dr - base);
    }
  }
  return { shedKwh: shed / 60, shedMean: shed / minutes, recoveredKwh: recovered / 60, aboveKwh: above / 60, peak };
}

describe('grid-emergency-broadcast: shed, recovery and rebound of the autonomous response', () => {
  let study: Scenario;
  let result: RunResult;
  let at: number;
  beforeAll(async () => {
    const r = await loadScenarioFile(STUDY);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    study = r.scenario;
    const condition = study.timeline.find((a) => a.action === 'power_system_condition');
    if (!condition) throw new Error('the study lost its power-system condition');
    at = condition.at;
    result = await runScenario(study);
  }, 300_000);

  it('counts the shed and the rebound the load series shows (no longer 0 and 0)', () => {
    const L = result.summary.load;
    const expected = figures(series(result.points), at, at + CONDITION_VALID_MS);
    expect(expected.shedKwh).toBeGreaterThan(0);
    expect(expected.peak).toBeGreaterThan(0);
    expect(L.energy_shed_kwh).toBeCloseTo(expected.shedKwh, 1);
    expect(L.event_shed_kw_mean).toBeCloseTo(expected.shedMean, 1);
    expect(L.rebound_peak_kw).toBeCloseTo(expected.peak, 1);
    expect(L.energy_recovered_kwh).toBeCloseTo(expected.recoveredKwh, 1);
    expect(L.energy_rebound_kwh).toBeCloseTo(expected.aboveKwh, 1);
  });

  it('puts it all under the autonomous cause', () => {
    const { by_cause: by, energy_shed_kwh, energy_recovered_kwh, rebound_peak_kw } = result.summary.load;
    expect(by.autonomous.energy_shed_kwh).toBe(energy_shed_kwh);
    expect(by.autonomous.energy_recovered_kwh).toBe(energy_recovered_kwh);
    expect(by.autonomous.rebound_peak_kw).toBe(rebound_peak_kw);
    // Causes with no window: their energies are 0 (sums over nothing), their mean shed and rebound peak not applicable.
    for (const c of ['program', 'price'] as const) expect(by[c]).toEqual({ events: 0, shed_kw_mean: null, energy_shed_kwh: 0, energy_recovered_kwh: 0, rebound_peak_kw: null });
  });

  it('lists one event per region with its own window, shed, recovery and snapback from that region\'s series', () => {
    const events = result.summary.load.events;
    const regions = study.population.regions.map((r) => r.name);
    expect(events.map((e) => e.region)).toEqual(regions);
    for (const e of events) {
      expect(e.cause).toBe('autonomous');
      expect(e.signal).toBe('power_system_condition');
      expect(e.start_s * 1000).toBe(at);
      expect(e.end_s * 1000).toBe(at + CONDITION_VALID_MS);
      expect(e.recovery_end_s * 1000).toBe(study.duration);
      const f = figures(series(result.points, e.region), at, at + CONDITION_VALID_MS);
      expect(e.energy_shed_kwh, e.region).toBeCloseTo(f.shedKwh, 1);
      expect(e.shed_kw_mean, e.region).toBeCloseTo(f.shedMean, 1);
      expect(e.energy_recovered_kwh, e.region).toBeCloseTo(f.recoveredKwh, 1);
      expect(e.snapback_peak_kw, e.region).toBeCloseTo(f.peak, 1);
    }
  });

  it('every device hears the public condition: the devices reached add up to the population', () => {
    const p = result.summary.population;
    const events = result.summary.load.events;
    expect(events.reduce((a, e) => a + e.devices_reached, 0)).toBe(p.appliances + p.ihds + p.emss);
    for (const e of events) expect(e.devices_reached_within_sla).toBeLessThanOrEqual(e.devices_reached);
  });
});
