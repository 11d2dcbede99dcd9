/**
 * The meter's usage feed end to end (NFR-03): what the devices hold against the premise's demand as the load
 * model produces it, and the age of what they hold against the sawtooth a period implies. Expected values come
 * from the study (period, reportable change, minimum interval) and from the theory of periodic refresh.
 */
import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../../test/support/scenario.ts';
import { buildWorld, finishWorld } from '../run-scenario.ts';
import { mergeRunTotals, runTotals } from '../run-totals.ts';
import { buildSummary } from '../summary.ts';
import type { World } from '../world.ts';

function study(metering: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return makeScenario({
    name: 'feed',
    duration: '3h',
    seed: 5,
    population: {
      customers: 60,
      appliances_per_customer: { mean: 3, max: 6 },
      registration_rate: 1,
      mismatch_rate: 0,
      duplicate_rate: 0,
      ihd_share: 1,
      ems_share: 0.3,
      registration: { start: 0, window: '20m' },
    },
    network: { han: { loss: 0 } },
    metering,
    ...extra,
  });
}

function summaryOf(w: World) {
  const input = mergeRunTotals([runTotals(w, 0, w.p.devices, w.sim.delivered)], w.s.sla_s, w.p.customers, w.minutePoints);
  return buildSummary(input, w.s, 'feed', 1, { wall_s: 0 }, { study: 'feed', source: '', sets: [], seed: 5, version: '', commit: '', study_hash: '' });
}

/** The premise's demand as the load model has it: the sum of its devices' power, W. */
function premiseDemand(w: World, c: number): number {
  let sum = 0;
  for (let d = w.p.firstDevice[c], end = d + w.p.deviceCount[c]; d < end; d++) sum += w.load.powerW(d);
  return sum;
}

describe('the meter usage feed (NFR-03)', () => {
  it('with periodic reports only, the held value ages as a 30 s sawtooth: p50 ≈ 15 s, p99 ≈ 29.7 s', () => {
    const s = study({ period: '30s', reportable_change_w: 8_388_607 });
    const { sim, world: w } = buildWorld(s);
    sim.run({ until: s.duration });
    finishWorld(w);
    const m = summaryOf(w).metering;
    expect(m.subscribers).toBeGreaterThan(60);
    expect(m.reports.on_change).toBe(0);
    // A value measured at r arrives after a HAN delivery L (20 ms … well under a second here) and is replaced at
    // r + 30 s: its age is uniform on [L, 30 s + L], so the p99 is 0.99 × 30 s + L and the median 15 s + L.
    expect(m.age.p99_s).toBeGreaterThanOrEqual(29.7 * 0.98);
    expect(m.age.p99_s).toBeLessThanOrEqual(30.5 * 1.02);
    expect(m.age.p50_s).toBeGreaterThan(14.5);
    expect(m.age.p50_s).toBeLessThan(16);
    expect(m.age.verdict).toBe('met');
    expect(m.reports.dropped).toBe(0);
  });

  it('with change reports, the held demand is always within the reportable change of the demand at some instant of the last min_interval + delivery', () => {
    const minInterval = 5, changeW = 50, deliveryS = 10;
    const s = study({ period: '1h', min_interval: `${minInterval}s`, reportable_change_w: changeW, subscribers: ['ihd', 'ems', 'thermostat', 'water_heater'] });
    const { sim, world: w } = buildWorld(s);
    const window = minInterval + deliveryS;
    const history: number[][] = Array.from({ length: w.p.customers }, () => []);
    let checked = 0;
    const bad: string[] = [];
    for (let t = 1; t * 1000 <= s.duration; t++) {
      sim.run({ until: t * 1000 });
      for (let c = 0; c < w.p.customers; c++) history[c].push(premiseDemand(w, c));
      for (let d = 0; d < w.p.devices; d++) {
        const held = w.metering.held.demandW[d];
        if (Number.isNaN(held)) continue;
        const c = w.p.owner[d], h = history[c];
        const from = Math.max(0, h.length - 1 - window);
        let ok = false;
        for (let i = from; i < h.length && !ok; i++) ok = Math.abs(held - h[i]) <= changeW;
        checked++;
        if (!ok && bad.length < 5) bad.push(`t=${t}s device ${d}: holds ${held} W, premise drew ${h.slice(from).join(', ')} W`);
      }
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
    finishWorld(w);
    const m = summaryOf(w).metering;
    expect(m.reports.on_change).toBeGreaterThan(0);
  });

  it('a meter restart loses queued reports and the held value ages past the outage', () => {
    const s = study({ period: '30s' }, { network: { han: { loss: 0 }, faults: [{ at: '1h', kind: 'meter', index: 3, duration: '20m' }] } });
    const { sim, world: w } = buildWorld(s);
    sim.run({ until: s.duration });
    finishWorld(w);
    const m = summaryOf(w).metering;
    // Customer 3's devices hold nothing newer than the restart for 20 minutes.
    expect(m.age.max_s).toBeGreaterThanOrEqual(20 * 60);
    expect(m.reports.dropped).toBeGreaterThan(0);
  });
});
