import { describe, expect, it } from 'vitest';
import { PoolPumpFleet } from './pool-pump.ts';
import { SmartPlugFleet } from './smart-plug.ts';
import { meanKw, simulate, timeAtLeast } from './test-harness.ts';
import { HOUR, type Control } from './types.ts';
import { constantWeather } from './weather.ts';

const w = constantWeather(30);
const DAY = 24 * HOUR;

describe('pool pump', () => {
  it('runs its daily runtime, and after a shed makes it up the same day (the rebound)', () => {
    const N = 6;
    const base = new PoolPumpFleet(N, 10, 4000);
    const dr = new PoolPumpFleet(N, 10, 4000);
    for (let i = 0; i < N; i++) base.init(i, 0), dr.init(i, 0);
    const b = simulate(base, w, 0, DAY);
    const actions = Array.from({ length: N }, (_, i) => [
      { t: 12 * HOUR, i, control: { mode: 'shed' } as Control },
      { t: 16 * HOUR, i, control: { mode: 'normal' } as Control },
    ]).flat();
    const d = simulate(dr, w, 0, DAY, { actions });
    for (let i = 0; i < N; i++) {
      expect(timeAtLeast(b.traces[i], 0, DAY, 0.5)).toBe(base.field(i, 'runMsPerDay'));
      expect(timeAtLeast(d.traces[i], 0, DAY, 0.5)).toBe(base.field(i, 'runMsPerDay'));
      expect(meanKw(d.traces[i], 12 * HOUR, 16 * HOUR)).toBe(0);
      expect(meanKw(d.traces[i], 16 * HOUR, 17 * HOUR)).toBeCloseTo(dr.field(i, 'kw'), 12);
    }
  });
});

describe('smart plug', () => {
  it('is a constant load that DR switches off and back on', () => {
    const f = new SmartPlugFleet(1, 11, 4100);
    f.init(0, 0);
    const run = simulate(f, w, 0, DAY, {
      actions: [
        { t: 10 * HOUR, i: 0, control: { mode: 'cycle', offFraction: 0.5, periodMs: HOUR, phaseMs: 0 } },
        { t: 12 * HOUR, i: 0, control: { mode: 'normal' } },
      ],
    });
    expect(run.energyKwh[0]).toBeCloseTo(f.field(0, 'kw') * 23, 9);
  });
});
