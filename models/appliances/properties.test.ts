import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPLIANCE_TYPES, type ApplianceType } from '../../scenarios/types.ts';
import { createFleet, type ParamsByType } from './index.ts';
import { simulate, type Action } from './test-harness.ts';
import { HOUR, MINUTE, type ApplianceFleet, type Control, type Range } from './types.ts';
import { hourlyWeather } from './weather.ts';

const T_END = 48 * HOUR;

const range = (lo: number, hi: number): fc.Arbitrary<Range> =>
  fc.tuple(fc.double({ min: lo, max: hi, noNaN: true }), fc.double({ min: lo, max: hi, noNaN: true })).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as Range);

const control: fc.Arbitrary<Control> = fc.oneof(
  fc.constant<Control>({ mode: 'normal' }),
  fc.record({ offFraction: fc.double({ min: 0, max: 1, noNaN: true }), periodMs: fc.integer({ min: 5 * MINUTE, max: 2 * HOUR }), phaseMs: fc.integer({ min: 0, max: 2 * HOUR }) }).map((c): Control => ({ mode: 'cycle', ...c })),
  fc.record({ coolingOffsetC: fc.double({ min: -2, max: 5, noNaN: true }), precoolC: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { nil: undefined }) }).map(
    ({ coolingOffsetC, precoolC }): Control => (precoolC === undefined ? { mode: 'offset', coolingOffsetC } : { mode: 'offset', coolingOffsetC, precoolC }),
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map((loadFraction): Control => ({ mode: 'curtail', loadFraction })),
  fc.constant<Control>({ mode: 'shed' }),
  fc.integer({ min: 0, max: T_END }).map((untilMs): Control => ({ mode: 'delay', untilMs })),
);

const actions = (n: number): fc.Arbitrary<Action[]> =>
  fc.array(
    fc.oneof(
      fc.record({ t: fc.integer({ min: 0, max: T_END - 1 }), i: fc.integer({ min: 0, max: n - 1 }), control }),
      fc.record({
        t: fc.integer({ min: 0, max: T_END - 1 }),
        i: fc.integer({ min: 0, max: n - 1 }),
        condition: fc.record({
          cond: fc.record({ underFrequency: fc.boolean(), lowVoltage: fc.boolean() }),
          durationMs: fc.integer({ min: 0, max: 2 * HOUR }),
        }),
      }),
    ),
    { maxLength: 12 },
  );

/** Population parameters that vary per type, kept within physically sensible ranges. */
function params(type: ApplianceType): fc.Arbitrary<Partial<ParamsByType[ApplianceType]>> {
  switch (type) {
    case 'thermostat':
      return fc.record({ floorAreaFt2: range(800, 4000), coolingSetpointC: range(22, 28), deadbandC: range(0.3, 1.5), sizingFactor: range(0.8, 1.8) });
    case 'water_heater':
      return fc.record({ dailyHotWaterL: range(30, 450), deadbandC: range(1, 4), ambientC: range(10, 35), reserveFraction: fc.double({ min: 0.4, max: 0.7, noNaN: true }) });
    case 'refrigerator':
      return fc.record({ roomC: range(15, 30), freezerShare: fc.double({ min: 0, max: 1, noNaN: true }), defrostEveryRunMs: fc.integer({ min: HOUR, max: 20 * HOUR }) });
    case 'pool_pump':
      return fc.record({ runHours: range(2, 12), startHour: range(0, 20) });
    case 'ev_charger':
      return fc.record({ kw: range(1.4, 7.2), plugInProb: fc.double({ min: 0, max: 1, noNaN: true }) });
    case 'smart_plug':
      return fc.record({ kw: range(0.01, 1) });
    default:
      return fc.record({ jobsPerDay: range(0, 1) });
  }
}

const scenario = fc
  .constantFrom(...APPLIANCE_TYPES)
  .chain((type) =>
    fc.record({
      type: fc.constant(type),
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
      n: fc.integer({ min: 1, max: 3 }),
      params: params(type),
      weather: fc.array(fc.double({ min: 10, max: 46, noNaN: true }), { minLength: 24, maxLength: 24 }),
    }),
  )
  .chain((s) => fc.record({ s: fc.constant(s), actions: actions(s.n) }));

function build(s: { type: ApplianceType; seed: number; n: number; params: object }): ApplianceFleet {
  const f = createFleet(s.type, s.n, s.seed, 10_000, s.params as Partial<ParamsByType[ApplianceType]>);
  for (let i = 0; i < s.n; i++) f.init(i, 0);
  return f;
}

describe('appliance properties (fast-check)', () => {
  it('safety beats DR: no violation for any control sequence, timing and parameters; power and discomfort stay in range', () => {
    fc.assert(
      fc.property(scenario, ({ s, actions }) => {
        const f = build(s);
        const w = hourlyWeather(s.weather);
        simulate(f, w, 0, T_END, {
          actions,
          onEvent: (i, t) => {
            const p = f.powerKw(i), d = f.discomfort(i, t);
            if (!(p >= 0 && p < 20) || !(d >= 0 && d <= 1)) throw new Error(`${s.type}[${i}] at ${t}: power ${p}, discomfort ${d}`);
          },
        });
        expect(f.violations).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('advance is idempotent at equal times and its next time is strictly later', () => {
    fc.assert(
      fc.property(scenario, ({ s, actions }) => {
        const f = build(s);
        const w = hourlyWeather(s.weather);
        simulate(f, w, 0, T_END / 2, {
          actions,
          onEvent: (i, t, next) => {
            expect(next).toBeGreaterThan(t);
            const before = (f as unknown as { snapshot(i: number): number[] }).snapshot(i);
            const again = f.advance(i, t, w);
            expect(again).toBe(next);
            expect((f as unknown as { snapshot(i: number): number[] }).snapshot(i)).toEqual(before);
          },
        });
      }),
      { numRuns: 60 },
    );
  });

  it('a fleet forked with copyFrom and advanced without further control changes follows exactly the same power trajectory', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 36 }), ({ s, actions }, forkHour) => {
        const t1 = forkHour * HOUR;
        const w = hourlyWeather(s.weather);
        const a = build(s);
        simulate(a, w, 0, t1, { actions: actions.filter((x) => x.t < t1) });
        // The shadow: same seed, ids and parameters, but a different history until the copy.
        const b = build(s);
        simulate(b, w, 0, t1 / 2, { actions: Array.from({ length: s.n }, (_, i) => ({ t: 0, i, control: { mode: 'shed' } as Control })) });
        for (let i = 0; i < s.n; i++) b.copyFrom(a, i);
        expect(b.violations).toBe(a.violations);
        const ra = simulate(a, w, t1, T_END);
        const rb = simulate(b, w, t1, T_END);
        expect(rb.traces).toEqual(ra.traces);
      }),
      { numRuns: 80 },
    );
  });

  it('a compact shadow (useSlots) holding forked devices in any slots follows each device exactly, with its own random streams', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 36 }), fc.integer({ min: 0, max: 1000 }), ({ s, actions }, forkHour, rot) => {
        const t1 = forkHour * HOUR;
        const w = hourlyWeather(s.weather);
        const a = build(s);
        simulate(a, w, 0, t1, { actions: actions.filter((x) => x.t < t1) });
        // Slots in another order than the devices (a rotation, reversed), so no device sits in its own index.
        const slotOf = (i: number) => s.n - 1 - ((i + rot) % s.n);
        const b = build(s);
        b.useSlots();
        for (let i = 0; i < s.n; i++) b.copyFrom(a, i, slotOf(i));
        expect(b.violations).toBe(a.violations);
        const ra = simulate(a, w, t1, T_END);
        const rb = simulate(b, w, t1, T_END);
        for (let i = 0; i < s.n; i++) expect(rb.traces[slotOf(i)]).toEqual(ra.traces[i]);
      }),
      { numRuns: 80 },
    );
  });

  it('copyFrom into another slot needs useSlots', () => {
    const a = createFleet('water_heater', 2, 1, 100);
    expect(() => createFleet('water_heater', 2, 1, 100).copyFrom(a, 0, 1)).toThrow(RangeError);
  });

  it('copyFrom refuses a fleet whose random streams or parameters differ', () => {
    const a = createFleet('water_heater', 2, 1, 100);
    expect(() => createFleet('water_heater', 2, 2, 100).copyFrom(a, 0)).toThrow(TypeError);
    expect(() => createFleet('water_heater', 2, 1, 101).copyFrom(a, 0)).toThrow(TypeError);
    expect(() => createFleet('water_heater', 2, 1, 100, { slotMs: 5 * MINUTE }).copyFrom(a, 0)).toThrow(TypeError);
    expect(() => createFleet('refrigerator', 2, 1, 100).copyFrom(a, 0)).toThrow(TypeError);
    expect(() => createFleet('water_heater', 2, 1, 100).copyFrom(a, 1)).not.toThrow();
  });
});
