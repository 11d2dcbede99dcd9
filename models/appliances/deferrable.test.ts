import { describe, expect, it } from 'vitest';
import { createClothesDryerFleet } from './clothes-dryer.ts';
import { createClothesWasherFleet } from './clothes-washer.ts';
import type { DeferrableFleet } from './deferrable.ts';
import { createDishwasherFleet } from './dishwasher.ts';
import { simulate } from './test-harness.ts';
import { HOUR, MINUTE, type Control } from './types.ts';
import { constantWeather } from './weather.ts';

const w = constantWeather(25);
const DAY = 24 * HOUR;

/** First start time (power > 0) at or after a in a trace. */
function firstStart(tr: { t: number[]; kw: number[] }, a: number): number {
  for (let k = 0; k < tr.t.length; k++) if (tr.t[k] >= a && tr.kw[k] > 0) return tr.t[k];
  return NaN;
}

function firstJob(f: DeferrableFleet, i: number): number {
  for (let d = 0; d < 30; d++) {
    const r = f.jobOn(i, d);
    if (!Number.isNaN(r) && r > 0) return r;
  }
  throw new Error('no job');
}

describe('deferrable cycles', () => {
  it('start at the request in normal operation and run a whole cycle', () => {
    for (const mk of [createClothesWasherFleet, createClothesDryerFleet, createDishwasherFleet]) {
      const f = mk(4, 5, 2000);
      for (let i = 0; i < 4; i++) f.init(i, 0);
      const last = Math.max(...[0, 1, 2, 3].map((i) => firstJob(f, i)));
      const run = simulate(f, w, 0, last + DAY);
      for (let i = 0; i < 4; i++) {
        const r = firstJob(f, i);
        expect(firstStart(run.traces[i], 0)).toBe(r);
        const k = run.traces[i].t.indexOf(r);
        expect(run.traces[i].t[k + 1] - r).toBe(f.field(i, 'cycleMs'));
        expect(run.traces[i].kw[k]).toBe(f.field(i, 'kw'));
      }
      expect(f.violations).toBe(0);
    }
  });

  it('a delay moves the start to untilMs; a long shed moves it to the latest start, still meeting the deadline', () => {
    const f = createClothesWasherFleet(1, 6, 2100);
    f.init(0, 0);
    const r = firstJob(f, 0);
    const until = r + 90 * MINUTE;
    const a = simulate(f, w, 0, r + DAY, { actions: [{ t: r - HOUR, i: 0, control: { mode: 'delay', untilMs: until } }] });
    expect(firstStart(a.traces[0], 0)).toBe(Math.min(until, f.latestStart(0)));

    const g = createClothesWasherFleet(1, 6, 2100);
    g.init(0, 0);
    const b = simulate(g, w, 0, r + DAY, { actions: [{ t: r - HOUR, i: 0, control: { mode: 'shed' } }] });
    const start = firstStart(b.traces[0], 0);
    expect(start).toBe(r + g.field(0, 'flexMs') - g.field(0, 'cycleMs'));
    expect(start + g.field(0, 'cycleMs')).toBeLessThanOrEqual(r + g.field(0, 'flexMs'));
    expect(g.discomfort(0, start - 1)).toBe(0); // it started: no longer waiting
  });

  it('a dryer never leaves wet laundry more than 8 h, and its heater pauses at most 30 min per load', () => {
    const N = 12;
    const f = createClothesDryerFleet(N, 7, 2200, { flexMs: [12 * HOUR, 12 * HOUR] });
    for (let i = 0; i < N; i++) f.init(i, 0);
    const actions: { t: number; i: number; control: Control }[] = [];
    for (let i = 0; i < N; i++) actions.push({ t: 0, i, control: { mode: 'shed' } });
    const last = Math.max(...Array.from({ length: N }, (_, i) => firstJob(f, i)));
    const run = simulate(f, w, 0, last + DAY, { actions });
    expect(f.violations).toBe(0);
    for (let i = 0; i < N; i++) {
      const r = firstJob(f, i);
      const start = firstStart(run.traces[i], 0);
      expect(start - r).toBeLessThanOrEqual(8 * HOUR);
      // Under a shed the heater pauses from the start; the drum runs at the motor share for at most 30 min.
      const k = run.traces[i].t.indexOf(start);
      expect(run.traces[i].kw[k]).toBeCloseTo(f.field(i, 'kw') * (1 - 0.93), 9);
      expect(run.traces[i].t[k + 1] - start).toBe(30 * MINUTE);
      expect(run.traces[i].kw[k + 1]).toBe(f.field(i, 'kw'));
    }
  });
});
