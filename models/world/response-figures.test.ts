/**
 * Response figures on random load series per slice (each region's participants of programs a and b, and its
 * devices in none) and random windows, checked against sums taken here from the same series: each event's
 * shed is baseline − DR of the devices that respond in it (its programs' slices; every slice for an
 * autonomous one) over its own window; the causes' energies add up to the totals; the recoveries of the
 * events add up to the total recovery; a lone window's recovery is DR − baseline from its end for 4 h (or to
 * the end of the series); overlapping windows of two programs each see their own participants' load only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESPONSE_CAUSES, type ResponseWindow } from './response-events.ts';
import { responseFigures } from './response-figures.ts';
import type { LoadSeries } from './run-totals.ts';

const MIN = 60_000;
const REGIONS = ['north', 'south', 'east'];
const PROGRAMS = ['a', 'b'];
/** Slices per region: a's participants, b's, devices in none. */
const K = PROGRAMS.length + 1;

const sumOf = (by: number[][], minutes: number) => Array.from({ length: minutes }, (_, m) => by.reduce((a, r) => a + r[m], 0));

const seriesArb = fc.integer({ min: 30, max: 600 }).chain((minutes) =>
  fc
    .array(fc.array(fc.tuple(fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 0, max: 5000, noNaN: true })), { minLength: minutes, maxLength: minutes }), {
      minLength: REGIONS.length * K,
      maxLength: REGIONS.length * K,
    })
    .map((rows): LoadSeries => {
      const baseBySlice = rows.map((r) => r.map(([b]) => b));
      const drBySlice = rows.map((r) => r.map(([, d]) => d));
      const region = (by: number[][]) => REGIONS.map((_, r) => sumOf(by.slice(r * K, r * K + K), minutes));
      const baseByRegion = region(baseBySlice), drByRegion = region(drBySlice);
      return { regions: REGIONS, baseByRegion, drByRegion, baseTotal: sumOf(baseByRegion, minutes), drTotal: sumOf(drByRegion, minutes), programs: PROGRAMS, baseBySlice, drBySlice };
    }),
);

/** Slices of region r a window is measured on. */
const slicesOf = (w: ResponseWindow, r: number) => (w.programs === null ? [0, 1, 2] : w.programs).map((k) => r * K + k);
const diffOf = (series: LoadSeries, s: number, m: number) => series.baseBySlice[s][m] - series.drBySlice[s][m];

const windowArb = (minutes: number) =>
  fc
    .record({
      cause: fc.constantFrom(...RESPONSE_CAUSES),
      start: fc.integer({ min: 0, max: minutes * MIN }),
      length: fc.integer({ min: 1, max: 180 * MIN }),
      region: fc.constantFrom(null, ...REGIONS),
      signalIndex: fc.integer({ min: 0, max: 20 }),
      programs: fc.constantFrom<number[]>([0], [1], [0, 1]),
    })
    .map((w): ResponseWindow => ({
      cause: w.cause, name: 'x', signal: 'dr_event', signalIndex: w.signalIndex, region: w.region, start: w.start, end: w.start + w.length,
      programs: w.cause === 'autonomous' ? null : w.programs,
    }));

const caseArb = seriesArb.chain((series) => fc.record({ series: fc.constant(series), windows: fc.array(windowArb(series.baseTotal.length), { maxLength: 6 }) }));

const inWindow = (m: number, w: ResponseWindow) => m * MIN >= w.start && m * MIN < w.end;
/** Figures are rounded to 0.001; a sum of up to 18 rounded rows may be off by 0.009. */
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(0.01 + 1e-9 * Math.abs(b));

describe('responseFigures', () => {
  it('each event sheds baseline − DR of its responding devices in its region over its own window', () => {
    fc.assert(
      fc.property(caseArb, ({ series, windows }) => {
        const f = responseFigures(series, windows, { reached: {}, withinSla: {} });
        const rows = windows.flatMap((w) => REGIONS.filter((r) => w.region === null || w.region === r).map((r) => ({ w, r })));
        expect(f.events).toHaveLength(rows.length);
        f.events.forEach((e, i) => {
          const { w } = rows[i];
          const r = REGIONS.indexOf(e.region);
          expect(e.measured_on).toEqual(w.programs === null ? ['*'] : w.programs.map((k) => PROGRAMS[k]));
          let shed = 0;
          for (let m = 0; m < series.baseTotal.length; m++) if (inWindow(m, w)) for (const s of slicesOf(w, r)) shed += diffOf(series, s, m);
          close(e.energy_shed_kwh, shed / 60);
        });
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
        // Shed counts each slice-minute in some window measured on the slice once: the total is over the union of windows.
        let shed = 0;
        REGIONS.forEach((region, r) => {
          for (let s = r * K; s < r * K + K; s++)
            for (let m = 0; m < series.baseTotal.length; m++)
              if (windows.some((w) => (w.region === null || w.region === region) && inWindow(m, w) && slicesOf(w, r).includes(s))) shed += diffOf(series, s, m);
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
        const w: ResponseWindow = { cause, name: 'x', signal: 'dr_event', signalIndex: 0, region: 'south', start: startMin * MIN, end: (startMin + lengthMin) * MIN, programs: cause === 'autonomous' ? null : [1] };
        const f = responseFigures(series, [w], { reached: { '0|south': 7 }, withinSla: { '0|south': 5 } });
        const [e] = f.events;
        const end = startMin + lengthMin, stop = Math.min(M, end + 240);
        let recovered = 0, peak = 0, above = 0;
        for (let m = end; m < stop; m++) {
          const up = -slicesOf(w, 1).reduce((a, s) => a + diffOf(series, s, m), 0);
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
    // One program whose participants carry all the load.
    const series: LoadSeries = {
      regions: ['r'], baseByRegion: [flat(100)], drByRegion: [flat(110)], baseTotal: flat(100), drTotal: flat(110),
      programs: ['a'], baseBySlice: [flat(100), flat(0)], drBySlice: [flat(110), flat(0)],
    };
    const a: ResponseWindow = { cause: 'program', name: 'a', signal: 'dr_event', signalIndex: 0, region: null, start: 60 * MIN, end: 120 * MIN, programs: [0] };
    const b: ResponseWindow = { cause: 'autonomous', name: 'b', signal: 'power_system_condition', signalIndex: 1, region: null, start: 180 * MIN, end: 190 * MIN, programs: null };
    const f = responseFigures(series, [a, b], { reached: {}, withinSla: {} });
    // 60 minutes of recovery for a (120–180), then b's window, then b's own 240 minutes (190–430).
    expect(f.events.map((e) => [e.name, e.recovery_end_s / 60, e.energy_recovered_kwh])).toEqual([
      ['a', 180, 10],
      ['b', 430, 40],
    ]);
    expect(f.byCause.program.energy_shed_kwh).toBe(-10);
    expect(f.byCause.autonomous.energy_shed_kwh).toBeCloseTo(-10 / 6, 3);
  });

  it('overlapping windows of two programs in one region each see their own participants\' load only', () => {
    // Program a (CPP event 14–18 h) sheds 300 kW and rebounds 200 kW for 2 h; program b's price hours
    // (15–19 h) shed 50 kW. Measured on the region's whole load, b's window would take a's rebound (−150 kW).
    const M = 24 * 60;
    const at = (f: (h: number) => number) => Array.from({ length: M }, (_, m) => f(m / 60));
    const aDr = at((h) => (h >= 14 && h < 18 ? 700 : h >= 18 && h < 20 ? 1200 : 1000));
    const bDr = at((h) => (h >= 15 && h < 19 ? 450 : 500));
    const series: LoadSeries = {
      regions: ['r'], programs: ['cpp', 'rtp'],
      baseBySlice: [at(() => 1000), at(() => 500), at(() => 0)], drBySlice: [aDr, bDr, at(() => 0)],
      baseByRegion: [at(() => 1500)], drByRegion: [at((h) => aDr[Math.round(h * 60)] + bDr[Math.round(h * 60)])],
      baseTotal: at(() => 1500), drTotal: at((h) => aDr[Math.round(h * 60)] + bDr[Math.round(h * 60)]),
    };
    const H = 60 * MIN;
    const cpp: ResponseWindow = { cause: 'program', name: 'cpp', signal: 'day_ahead_notice', signalIndex: 0, region: null, start: 14 * H, end: 18 * H, programs: [0] };
    const rtp: ResponseWindow = { cause: 'price', name: 'rtp', signal: 'current_price', signalIndex: 1, region: null, start: 15 * H, end: 19 * H, programs: [1] };
    const f = responseFigures(series, [cpp, rtp], { reached: {}, withinSla: {} });
    expect(f.events.map((e) => [e.name, e.measured_on, e.energy_shed_kwh, e.energy_recovered_kwh, e.snapback_peak_kw])).toEqual([
      ['cpp', ['cpp'], 1200, 400, 200],
      ['rtp', ['rtp'], 200, 0, 0],
    ]);
    expect([f.byCause.program.energy_shed_kwh, f.byCause.price.energy_shed_kwh, f.energyShedKwh]).toEqual([1200, 200, 1400]);
    expect([f.byCause.program.energy_recovered_kwh, f.energyRecoveredKwh, f.reboundPeakKw]).toEqual([400, 400, 200]);
  });
});
