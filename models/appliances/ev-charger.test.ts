import { describe, expect, it } from 'vitest';
import { EvChargerFleet } from './ev-charger.ts';
import { simulate } from './test-harness.ts';
import { HOUR, type Control } from './types.ts';
import { constantWeather } from './weather.ts';

const w = constantWeather(25);
const DAY = 24 * HOUR;

describe('EV charger', () => {
  it('reaches the owner’s target by departure, with and without DR', () => {
    const controls: (Control | null)[] = [null, { mode: 'shed' }, { mode: 'curtail', loadFraction: 0.3 }, { mode: 'cycle', offFraction: 0.67, periodMs: HOUR / 2, phaseMs: 0 }];
    for (const c of controls) {
      const N = 10;
      const f = new EvChargerFleet(N, 8, 3000, { kw: [3.3, 7.2] });
      for (let i = 0; i < N; i++) f.init(i, 0);
      const actions = c ? Array.from({ length: N }, (_, i) => ({ t: 12 * HOUR, i, control: c })) : [];
      const done: number[] = [];
      simulate(f, w, 0, 3 * DAY, {
        actions,
        onEvent: (i, t) => {
          if (t >= f.field(i, 'depart') - f.p.marginMs && t < f.field(i, 'depart') && f.field(i, 'remaining') > 1e-6 && f.field(i, 'need') > 0) done.push(i);
        },
      });
      expect(f.violations).toBe(0);
      expect(done).toEqual([]);
    }
  });

  it('a shed holds charging off until the latest full-rate start, then charges whatever the control (safety beats DR)', () => {
    const f = new EvChargerFleet(1, 9, 3100);
    f.init(0, 0);
    // Wait for tonight's session to be loaded, then shed from arrival on and keep the grid-friendly shed too.
    const arrive = (() => {
      const g = new EvChargerFleet(1, 9, 3100);
      g.init(0, 0);
      g.advance(0, 12 * HOUR, w);
      return g.field(0, 'arrive');
    })();
    const run = simulate(f, w, 0, 2 * DAY, {
      actions: [
        { t: 12 * HOUR, i: 0, control: { mode: 'shed' } },
        { t: arrive + HOUR, i: 0, condition: { cond: { underFrequency: true, lowVoltage: false }, durationMs: DAY } },
      ],
    });
    const tr = run.traces[0];
    const k = tr.t.findIndex((t) => t >= arrive && tr.kw[tr.t.indexOf(t)] > 0);
    const start = tr.t[k];
    const must = f.field(0, 'depart') - f.p.marginMs;
    expect(start).toBeGreaterThan(arrive + HOUR);
    expect(tr.kw[k]).toBe(f.field(0, 'kw'));
    expect(tr.t[k + 1]).toBeLessThanOrEqual(must + 1);
    expect(f.violations).toBe(0);
  });
});
