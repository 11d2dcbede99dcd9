/**
 * S2-05 / FR-33 with FR-17: one CPP event reaches a device as several messages — a day-ahead notice, its
 * reminder, the DR event itself — and each books a response of its own (response-book.ts). A customer's
 * override of that event holds for the rest of the event: a later message about the same event must not start
 * the device shedding again, so a customer overrides it at most once. The oracle is the study alone: it has one
 * event (one program, one window), so every appliance is overridden at most once, never sheds again after its
 * override, and overrides.rate (overrides per participant) is at most 1.
 */
import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { runScenario } from './run-scenario.ts';
import { runPartitioned } from './run-partitioned.ts';

/** One CPP event 2h–4h, announced twice the day before and sent as a DR event when it starts (as cpp-day.yaml). */
const study = (timeline: Record<string, unknown>[]) =>
  makeScenario({
    name: 'override-holds',
    start: '2026-07-15T12:00:00',
    duration: '5h',
    seed: 9,
    population: {
      customers: 80,
      regions: [{ name: 'inland', share: 1 }],
      appliance_mix: { thermostat: 60, water_heater: 40 },
      registration_rate: 1,
      enrollment_rate: 1,
      ihd_share: 0,
      registration: { start: '0s', window: '20m' },
    },
    // Nearly every customer overrides within the first check of a response.
    behaviour: { override_probability: 0.99, override_delay_mean: '10m' },
    weather: { hourly_c: Array.from({ length: 24 }, () => 38) },
    programs: [{ id: 'cpp', kind: 'CPP', appliance_types: ['thermostat', 'water_heater'], response: { randomize_start: '40m', price_threshold: 5 } }],
    timeline,
  });

const notice = (at: string) => ({ at, action: 'day_ahead_notice', program: 'cpp', event_start: '2h', duration: '2h', priority: 'high', target: { program: 'cpp' } });
const drEvent = { at: '2h', action: 'dr_event', program: 'cpp', duration: '2h', criticality: 4, in_progress_every: '30m', priority: 'high', target: { program: 'cpp' } };
const H = 3_600_000;

/** Per device: the times of its S2-04 (response in force) and S2-05 (override) steps, and of every load control other than normal it got. */
async function stepsOf(timeline: Record<string, unknown>[]) {
  const steps = new Map<number, { s4: number[]; s5: number[]; held: number[] }>();
  const of = (d: number) => steps.get(d) ?? (steps.set(d, { s4: [], s5: [], held: [] }).get(d)!);
  const r = await runScenario(study(timeline), {
    onBuilt: ({ sim, world: w }) => {
      w.trace.step.connect((id) => {
        if (id === 'S2-04') of(sim.self - w.ids.device0).s4.push(sim.now);
        if (id === 'S2-05') of(sim.self - w.ids.device0).s5.push(sim.now);
      });
      // What the appliance is told to do (the model's output, watched, not changed).
      const control = w.load.control.bind(w.load);
      w.load.control = (d, c) => {
        if (c.mode !== 'normal') of(d).held.push(sim.now);
        control(d, c);
      };
    },
  });
  return { r, steps };
}

describe('an override holds for the rest of its event (S2-05 across FR-17 messages)', () => {
  it('notice, reminder and DR event of one event: each appliance overrides at most once and never sheds again after', async () => {
    const { r, steps } = await stepsOf([notice('30m'), notice('1h'), drEvent]);
    const overridden = [...steps.values()].filter((x) => x.s5.length > 0);
    // The study makes overrides near-certain: the check below is about many appliances, not a few.
    expect(overridden.length).toBeGreaterThan(20);
    for (const [d, x] of steps) {
      expect(x.s5.length, `device ${d} overrode the one event at ${x.s5.map((t) => (t / H).toFixed(2))} h`).toBeLessThanOrEqual(1);
      // No response of the event takes effect after the override, so none starts shedding again.
      if (x.s5.length === 1) expect(x.s4.filter((t) => t > x.s5[0]), `device ${d}`).toEqual([]);
      if (x.s5.length === 1) expect(x.held.filter((t) => t > x.s5[0]), `device ${d} held load down after its override at ${x.s5[0] / H} h`).toEqual([]);
    }
    expect(r.summary.overrides.rate).not.toBeNull();
    expect(r.summary.overrides.rate!).toBeLessThanOrEqual(1);
  }, 120_000);

  it('two workers agree', async () => {
    const s = study([notice('30m'), notice('1h'), drEvent]);
    const [one, two] = [await runScenario(s), await runPartitioned(s, { workers: 2 })];
    expect(two.summary.digest).toBe(one.summary.digest);
  }, 120_000);
});
