import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { buildWorld, runScenario } from './run-scenario.ts';
import { MessageLog } from '../../conformance/message-log.ts';

/** A hot afternoon with one DR event; `dr: false` drops every DR signal from the timeline. */
function afternoon(x: { customers: number; seed: number; kind: 'CPP' | 'DLC'; startH: number; hours: number; override: number }, dr = true) {
  const event = x.kind === 'CPP'
    ? [
        { at: `${x.startH - 1}h`, action: 'day_ahead_notice', program: 'prog', event_start: `${x.startH}h`, duration: `${x.hours}h`, priority: 'high' },
        { at: `${x.startH}h`, action: 'dr_event', program: 'prog', duration: `${x.hours}h`, priority: 'high' },
      ]
    : [{ at: `${x.startH}h`, action: 'dr_event', program: 'prog', duration: `${x.hours}h`, priority: 'high' }];
  return makeScenario({
    name: 'afternoon',
    start: '2026-07-15T08:00:00',
    duration: `${x.startH + x.hours + 3}h`,
    seed: x.seed,
    population: {
      customers: x.customers,
      appliance_mix: { thermostat: 40, water_heater: 20, pool_pump: 10, ev_charger: 10, refrigerator: 10, clothes_dryer: 5, dishwasher: 5 },
      registration_rate: 1,
      enrollment_rate: 1,
      mismatch_rate: 0,
      duplicate_rate: 0,
      registration: { start: '0s', window: '30m' },
    },
    programs: [{ id: 'prog', kind: x.kind }],
    timeline: dr ? event : [{ at: `${x.startH}h`, action: 'billing_cycle_start' }],
    behaviour: { override_probability: x.override, change_share: 0 },
  });
}

const studyArb = fc.record({
  customers: fc.integer({ min: 20, max: 80 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  kind: fc.constantFrom('CPP' as const, 'DLC' as const),
  startH: fc.integer({ min: 3, max: 8 }),
  hours: fc.integer({ min: 1, max: 4 }),
  override: fc.constantFrom(0, 0.3, 1),
});

describe('load outcomes with an exact counterfactual baseline', () => {
  it('the baseline of a DR run equals the load of the same study without DR signals, minute by minute', async () => {
    await fc.assert(
      fc.asyncProperty(studyArb, async (x) => {
        const withDr = (await runScenario(afternoon(x))).points.filter((p) => p.measurement === 'load');
        const without = (await runScenario(afternoon(x, false))).points.filter((p) => p.measurement === 'load');
        expect(withDr.length).toBe(without.length);
        for (let i = 0; i < withDr.length; i++) {
          expect(withDr[i].tags).toEqual(without[i].tags);
          expect(withDr[i].fields.baseline_kw).toBeCloseTo(without[i].fields.dr_kw, 6);
          expect(without[i].fields.shed_kw).toBeCloseTo(0, 6);
        }
      }),
      { numRuns: 6 },
    );
  });

  it('is identical to the DR load before the first DR signal, and never counts shed for devices that received nothing', () => {
    fc.assert(
      fc.property(studyArb, (x) => {
        const s = afternoon(x);
        const { sim, world: w } = buildWorld(s);
        const log = new MessageLog(w);
        sim.run({ until: s.duration });
        const first = Math.min(...s.timeline.map((a) => a.at));
        const points = w.rec.points.filter((p) => p.measurement === 'load');
        for (const p of points) if (p.t + 60_000 <= first) expect(p.fields.shed_kw).toBe(0);
        const signalled = new Set(log.accepted.filter(({ m }) => ['loadControlEvent', 'priceEventNotice', 'priceSignal', 'powerSystemCondition'].includes(log.kindName(m))).map(({ d }) => d));
        for (let d = 0; d < w.p.devices; d++) if (!signalled.has(d)) expect(w.load.hasForked(d)).toBe(false);
      }),
      { numRuns: 8 },
    );
  });

  it('never violates appliance safety (FR-37), whatever the program, timing and override behaviour', () => {
    fc.assert(
      fc.property(studyArb, (x) => {
        const s = afternoon(x);
        const { sim, world: w } = buildWorld(s);
        sim.run({ until: s.duration });
        expect(w.load.violations()).toBe(0);
      }),
      { numRuns: 8 },
    );
  });

  it('sheds load during a hot-afternoon event, rebounds after it, and fills summary.load and the load points', async () => {
    const r = await runScenario(afternoon({ customers: 400, seed: 3, kind: 'DLC', startH: 6, hours: 3, override: 0.1 }));
    const l = r.summary.load;
    expect(l.event_shed_kw_mean).toBeGreaterThan(0);
    expect(l.participants).toBeGreaterThan(100);
    expect(l.baseline_peak_kw).toBeGreaterThan(l.event_shed_kw_mean!);
    expect(l.safety_violations).toBe(0);
    expect(r.points.some((p) => p.measurement === 'load' && p.fields.shed_kw > 0)).toBe(true);
  });
});
