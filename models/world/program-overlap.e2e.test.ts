/**
 * Windows of two programs that overlap in one region (as in summer-auto-events: RTP price hours 15–19 h over a
 * CPP event 14–18 h) are each measured on their own participants. The oracle: the same study run with only
 * one program's signal, where nobody else responds, so the region's load points (baseline − DR, summed over
 * appliance types) are that program's participants' shed alone. With both signals, each program's event
 * must report that shed and recovery, not the other's (before, the CPP event counted the RTP curtailment and
 * the price window the CPP rebound); no cause turns negative; 1 and 2 workers agree.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import type { LoadEvent, RunResult } from '../run-result.ts';
import { runPartitioned } from './run-partitioned.ts';
import { runScenario } from './run-scenario.ts';

const H = 3_600_000;
/** The CPP event and the RTP price window the study states, and how long a recovery is followed (4 h). */
const CPP = { start: 14 * H, end: 18 * H };
const RTP = { start: 15 * H, end: 19 * H };
const RECOVERY = 4 * H;

const notice = { at: '1h', action: 'day_ahead_notice', program: 'cpp', event_start: '14h', duration: '4h', target: { program: 'cpp' } };
const price = { at: '15h', action: 'current_price', program: 'rtp', price: 0.5, next_price: 0.1, tier: 4, duration: '4h', target: { program: 'rtp' } };

function study(timeline: Record<string, unknown>[]) {
  return makeScenario({
    name: 'program-overlap',
    start: '2026-07-15T00:00:00',
    duration: '24h',
    seed: 5,
    population: {
      customers: 160,
      regions: [{ name: 'inland', share: 1 }],
      appliances_per_customer: { mean: 2.5, max: 4 },
      appliance_mix: { thermostat: 45, water_heater: 30, pool_pump: 25 },
      registration_rate: 1,
      enrollment_rate: 1,
      ihd_share: 0,
      registration: { start: '0s', window: '30m' },
    },
    behaviour: { override_probability: 0 },
    weather: { hourly_c: [22, 21, 20, 20, 19, 19, 20, 22, 25, 28, 31, 33, 35, 37, 38, 39, 39, 38, 36, 33, 30, 27, 25, 23] },
    programs: [
      { id: 'cpp', kind: 'CPP', appliance_types: ['thermostat'], response: { cooling_offset_c: 3 } },
      { id: 'rtp', kind: 'RTP', appliance_types: ['water_heater', 'pool_pump'], response: { price_threshold: 0.2, load_adjustment_percent: 50 } },
    ],
    timeline,
  });
}

/** Baseline − DR over [from, to) and DR − baseline over [to, to + 4 h), kWh, from a run's region load points. */
function fromPoints(r: RunResult, w: { start: number; end: number }) {
  let shed = 0, recovered = 0;
  for (const p of r.points) {
    if (p.measurement !== 'load') continue;
    const diff = p.fields.baseline_kw - p.fields.dr_kw;
    if (p.t >= w.start && p.t < w.end) shed += diff;
    else if (p.t >= w.end && p.t < w.end + RECOVERY) recovered -= diff;
  }
  return { shed: shed / 60, recovered: recovered / 60 };
}

const eventOf = (r: RunResult, name: string): LoadEvent => {
  const e = r.summary.load.events.find((x) => x.name === name);
  if (!e) throw new Error(`no event ${name}`);
  return e;
};

describe('overlapping windows of two programs in one region', () => {
  let both: RunResult, cppOnly: RunResult, rtpOnly: RunResult;
  beforeAll(async () => {
    both = await runScenario(study([notice, price]));
    cppOnly = await runScenario(study([notice]));
    rtpOnly = await runScenario(study([price]));
  }, 300_000);

  it('each program\'s event sheds and recovers what its participants alone do', () => {
    const cpp = fromPoints(cppOnly, CPP), rtp = fromPoints(rtpOnly, RTP);
    // Both responses are real, and each would move the other's figures: the region's load over the CPP event
    // with both signals is not the CPP participants' alone.
    expect(cpp.shed).toBeGreaterThan(20);
    expect(rtp.shed).toBeGreaterThan(5);
    expect(Math.abs(fromPoints(both, CPP).shed - cpp.shed)).toBeGreaterThan(2);
    const c = eventOf(both, 'cpp'), p = eventOf(both, 'rtp');
    expect([c.cause, c.measured_on, p.cause, p.measured_on]).toEqual(['program', ['cpp'], 'price', ['rtp']]);
    expect([c.start_s * 1000, c.end_s * 1000, p.start_s * 1000, p.end_s * 1000]).toEqual([CPP.start, CPP.end, RTP.start, RTP.end]);
    // The CPP participants act on a notice delivered 13 h before, at a start the notice fixes: the same with or
    // without the price. Points are rounded to 1e-6 kW per type and minute, well inside 0.01 kWh here.
    expect(c.energy_shed_kwh).toBeCloseTo(cpp.shed, 2);
    expect(c.energy_recovered_kwh).toBeCloseTo(cpp.recovered, 2);
    // The RTP participants curtail when the price arrives, and it arrives a few ms apart when the CPP devices'
    // reports share the links: within 0.2 % (the CPP load over the window is 20 times more than that).
    expect(Math.abs(p.energy_shed_kwh - rtp.shed)).toBeLessThan(0.002 * rtp.shed);
    expect(Math.abs(p.energy_recovered_kwh - rtp.recovered)).toBeLessThan(0.002 * Math.abs(rtp.shed));
  });

  it('no cause turns negative where each program alone sheds', () => {
    const alone = [cppOnly.summary.load.by_cause.program, rtpOnly.summary.load.by_cause.price];
    for (const f of alone) expect(f.energy_shed_kwh).toBeGreaterThan(0);
    const by = both.summary.load.by_cause;
    expect(by.program.energy_shed_kwh).toBeGreaterThan(0);
    expect(by.price.energy_shed_kwh).toBeGreaterThan(0);
    expect(by.program.energy_shed_kwh).toBe(alone[0].energy_shed_kwh);
    expect(Math.abs(by.price.energy_shed_kwh - alone[1].energy_shed_kwh)).toBeLessThan(0.002 * alone[1].energy_shed_kwh);
  });

  it('gives the same digest and figures on 1 and 2 workers', async () => {
    const s = study([notice, price]);
    for (const options of [{ workers: 2, inProcess: true as const }, { workers: 2 }]) {
      const split = await runPartitioned(s, options);
      expect(split.summary.load).toEqual(both.summary.load);
      expect(split.summary.digest).toBe(both.summary.digest);
    }
  }, 300_000);
});
