import { describe, expect, it } from 'vitest';
import { RefrigeratorFleet } from './refrigerator.ts';
import { simulate, timeAtLeast } from './test-harness.ts';
import { HOUR, type Control } from './types.ts';
import { constantWeather } from './weather.ts';

const w = constantWeather(30);
const DAY = 24 * HOUR;

describe('refrigerator', () => {
  it('runs its compressor a plausible share of the day and uses a plausible energy', () => {
    const N = 20;
    const f = new RefrigeratorFleet(N, 1, 1000);
    for (let i = 0; i < N; i++) f.init(i, 0);
    const run = simulate(f, w, 0, 2 * DAY);
    for (let i = 0; i < N; i++) {
      const on = timeAtLeast(run.traces[i], DAY, 2 * DAY, f.field(i, 'kw') - 1e-9) - timeAtLeast(run.traces[i], DAY, 2 * DAY, f.field(i, 'kw') + 1e-9);
      const duty = on / DAY;
      expect(duty).toBeGreaterThan(0.2);
      expect(duty).toBeLessThan(0.65);
      expect(run.energyKwh[i] / 2).toBeGreaterThan(0.8);
      expect(run.energyKwh[i] / 2).toBeLessThan(2.5);
    }
    // GridLAB-D's normal cycle is ~35 min on / 45 min off: check the cycle count is of that order.
    const cycles = run.traces[0].kw.filter((k) => k === f.field(0, 'kw')).length / 2;
    expect(cycles).toBeGreaterThan(10);
    expect(cycles).toBeLessThan(40);
    expect(f.violations).toBe(0);
  });

  it('a six-hour shed never spoils food: the compressor runs at the safety threshold', () => {
    for (const freezerShare of [0, 1]) {
      const N = 10;
      const f = new RefrigeratorFleet(N, 2, 1100, { freezerShare, roomC: [28, 28] });
      for (let i = 0; i < N; i++) f.init(i, 0);
      const actions = Array.from({ length: N }, (_, i) => [
        { t: 12 * HOUR, i, control: { mode: 'shed' } as Control },
        { t: 18 * HOUR, i, control: { mode: 'normal' } as Control },
      ]).flat();
      // During the shed the compartment stays below the higher of the thermostat's upper edge and the safety threshold
      // (plus what the compressor's minimum off time lets it overshoot).
      let maxOver = -Infinity;
      const onEvent = (i: number, t: number) => {
        if (t > 12 * HOUR && t <= 18 * HOUR) maxOver = Math.max(maxOver, f.field(i, 'T') - Math.max(f.field(i, 'setpoint') + f.field(i, 'deadband') / 2, f.field(i, 'limit') + f.p.safetyMarginC));
      };
      const run = simulate(f, w, 0, DAY, { actions, onEvent });
      expect(f.violations).toBe(0);
      expect(maxOver).toBeLessThan(0.2);
      let safetyRun = 0;
      for (let i = 0; i < N; i++) safetyRun += timeAtLeast(run.traces[i], 12 * HOUR, 18 * HOUR, f.field(i, 'kw') - 1e-9);
      expect(safetyRun).toBeGreaterThan(0);
    }
  });

  it('defers a due defrost during an event (bounded by maxDefrostDelayMs)', () => {
    const f = new RefrigeratorFleet(1, 3, 1200, { defrostEveryRunMs: 2 * HOUR, defrostKw: [0.5, 0.5] });
    f.init(0, 0);
    const actions = [
      { t: 6 * HOUR, i: 0, control: { mode: 'curtail', loadFraction: 0.5 } as Control },
      { t: 10 * HOUR, i: 0, control: { mode: 'normal' } as Control },
    ];
    const run = simulate(f, w, 0, 16 * HOUR, { actions });
    const defrostIn = (a: number, b: number) => timeAtLeast(run.traces[0], a, b, 0.49) - timeAtLeast(run.traces[0], a, b, 0.51);
    expect(defrostIn(0, 6 * HOUR)).toBeGreaterThan(0);
    expect(defrostIn(6 * HOUR, 10 * HOUR)).toBe(0);
    expect(defrostIn(10 * HOUR, 16 * HOUR)).toBeGreaterThan(0);
  });
});
