/**
 * Response figures on random per-region load series and random windows, checked against sums taken here
 * from the same series: each event's shed is baseline − DR over its own window; the causes' energies add
 * up to the totals; the recoveries of the events add up to the total recovery; a lone window's recovery is
 * DR − baseline from its end for 4 h (or to the end of the series).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESPONSE_CAUSES, type ResponseWindow } from './response-events.ts';
import { responseFigures } from './response-figures.ts';
import type { LoadSeries } from './run-totals.ts';

const MIN = 60_000;
const REGIONS = ['north', 'south', 'east'];

const seriesArb = fc.integer({ min: 30, max: 600 }).chain((minutes) =>
  fc
    .array(fc.array(fc.tuple(fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 0, max: 5000, noNaN: true })), { minLength: minutes, maxLength: minutes }), {
      minLength: REGIONS.length,
      maxLength: REGIONS.length,
    })
    .map((rows): LoadSeries => {
      const baseByRegion = rows.map((r) => r.map(([b]) => b));
      const drByRegion = rows.map((r) => r.map(([, d]) => d));
      const sum = (by: number[][]) => Array.from({ length: minutes }, (_, m) => by.reduce((a, r) => a + r[m], 0));
      return { regions: REGIONS, baseByRegion, drByRegion, baseTotal: sum(baseByRegion), drTotal: sum(drByRegion) };
    }),
);

const windowArb = (minutes: number) =>
  fc
    .record({
      cause: fc.constantFrom(...RESPONSE_CAUSES),
      start: fc.integer({ min: 0, max: minutes * MIN }),
      length: fc.integer({ min: 1, max: 180 * MIN }),
      region: fc.constantFrom(null, ...REGIONS),
      signalIndex: fc.integer({ min: 0, max: 20 }),
    })
    .map((w): ResponseWindow => ({ cause: w.cause, name: 'x', signal: 'dr_event', signalIndex: w.signalIndex, region: w.region, start: w.start, end: w.start + w.length }));

const caseArb = seriesArb.chain((series) => fc.record({ series: fc.constant(series), windows: fc.array(windowArb(series.baseTotal.length), { maxLength: 6 }) }));

const inWindow = (m: number, w: ResponseWindow) => m * MIN >= w.start && m * MIN < w.end;
/** Figures are rounded to 0.001; a sum of up to 18 rounded rows may be off by 0.009. */
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(0.01 + 1e-9 * Math.abs(b));

describe('responseFigures', () => {
  it('each event sheds baseline − DR of its region over its own window', () => {
    fc.assert(
      fc.property(caseArb, ({ series, windows }) => {
        const f = responseFigures(series, windows, { reached: {}, withinSla: {} });
        const rows = windows.flatMap((w) => REGIONS.filter((r) => w.region === null || w.region === r).map((r) => ({ w, r })));
        expect(f.events).toHaveLength(rows.length);
        for (const e of f.events) {
          const r = REGIONS.indexOf(e.region);
          let shed = 0;
          for (let m = 0; m < series.baseTotal.length; m++) if (m * MIN >= e.start_s * 1000 && m * MIN < e.end_s * 1000) shed += series.baseByRegion[r][m] - series.drByRegion[r][m];
          close(e.energy_shed_kwh, shed / 60);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the causes add up to the totals, and the events\' recoveries to the total recovery', () => {
    fc.assert(
      fc.property(caseArb, ({ series, windows }) => {
        const f = responseFigures(series, windows, { reached: {}, withinSla: {} });
        const sum = (k: 'energy_shed_kwh' | 'energy_recovered_kwh') => RESPONSE_CAUSES.reduce((a, c) => a + f.byCause[c][k], 0);
        close(sum('energy_shed_kwh'), f.energyShedKwh);
        close(sum('energy_recovered_kwh'), f.energyRecoveredKwh);
        close(f.events.reduce((a, e) => a + e.energy_recovered_kwh, 0), f.energyRecoveredKwh);
        expect(RESPONSE_CAUSES.reduce((a, c) => a + f.byCause[c].events, 0)).toBe(f.events.length);
        // Shed counts each region-minute in some window once: the total is the sum over the union of windows.
        let shed = 0;
        REGIONS.forEach((region, r) => {
          for (let m = 0; m < series.baseTotal.length; m++)
            if (windows.some((w) => (w.region === null || w.region === region) && inWindow(m, w))) shed += series.baseByRegion[r][m] - series.drByRegion[r][m];
        });
        close(f.energyShedKwh, shed / 60);
      }),
      { numRuns: 60 },
    );
  });

  it('a lone window recovers from its end for 4 hours or to the end of the run; its snapback is the largest excess there', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 120 }), fc.constantFrom(...RESPONSE_CAUSES), (series, startMin, lengthMin, cause) => {
        const M = series.baseTotal.length;
        const w: ResponseWindow = { cause, name: 'x', signal: 'dr_event', signalIndex: 0, region: 'south', start: startMin * MIN, end: (startMin + lengthMin) * MIN };
        const f = responseFigures(series, [w], { reached: { '0|south': 7 }, withinSla: { '0|south': 5 } });
        const [e] = f.events;
        const end = startMin + lengthMin, stop = Math.min(M, end + 240);
        let recovered = 0, peak = 0, above = 0;
        for (let m = end; m < stop; m++) {
          const up = series.drByRegion[1][m] - series.baseByRegion[1][m];
          recovered += up;
          peak = Math.max(peak, up);
          above += Math.max(0, up);
        }
        close(e.energy_recovered_kwh, recovered / 60);
        close(e.snapback_peak_kw!, peak);
        close(f.reboundPeakKw!, peak);
        close(f.energyReboundKwh, above / 60);
        close(f.byCause[cause].energy_recovered_kwh, recovered / 60);
        expect(e.recovery_end_s * 1000).toBe(stop > end ? stop * MIN : w.end);
        expect([e.devices_reached, e.devices_reached_within_sla]).toEqual([7, 5]);
      }),
      { numRuns: 60 },
    );
  });

  it('a later window cuts the recovery of an earlier one in the same region', () => {
    const M = 600;
    const flat = (v: number) => new Array<number>(M).fill(v);
    const series: LoadSeries = { regions: ['r'], baseByRegion: [flat(100)], drByRegion: [flat(110)], baseTotal: flat(100), drTotal: flat(110) };
    const a: ResponseWindow = { cause: 'program', name: 'a', signal: 'dr_event', signalIndex: 0, region: null, start: 60 * MIN, end: 120 * MIN };
    const b: ResponseWindow = { cause: 'autonomous', name: 'b', signal: 'power_system_condition', signalIndex: 1, region: null, start: 180 * MIN, end: 190 * MIN };
    const f = responseFigures(series, [a, b], { reached: {}, withinSla: {} });
    // 60 minutes of recovery for a (120–180), then b's window, then b's own 240 minutes (190–430).
    expect(f.events.map((e) => [e.name, e.recovery_end_s / 60, e.energy_recovered_kwh])).toEqual([
      ['a', 180, 10],
      ['b', 430, 40],
    ]);
    expect(f.byCause.program.energy_shed_kwh).toBe(-10);
    expect(f.byCause.autonomous.energy_shed_kwh).toBeCloseTo(-10 / 6, 3);
  });
});
