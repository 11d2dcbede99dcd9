/**
 * Response figures over empty sets are null (not applicable), never 0: a mean shed with no window minute in the
 * run, a snapback with no recovery minute, a cause's mean and rebound with none of its windows. Windows are
 * drawn to start before, inside and after the run, so many have no minute in it. Oracles are counts taken here
 * from the windows alone; and no figure is NaN or infinite, whatever the series.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESPONSE_CAUSES, type ResponseWindow } from './response-events.ts';
import { responseFigures } from './response-figures.ts';
import type { LoadSeries } from './run-totals.ts';

const MIN = 60_000;
const REGIONS = ['north', 'south'];
const PROGRAMS = ['a'];

const seriesArb = fc.integer({ min: 5, max: 120 }).chain((minutes) =>
  fc.array(fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: minutes, maxLength: minutes }), { minLength: 8, maxLength: 8 }).map((rows): LoadSeries => {
    // Slices r × 2 + k: region r, program a (k = 0) or none (k = 1); base in rows 0–3, DR in rows 4–7.
    const base = rows.slice(0, 4), dr = rows.slice(4);
    const region = (by: number[][]) => REGIONS.map((_, r) => by[r * 2].map((x, m) => x + by[r * 2 + 1][m]));
    const total = (by: number[][]) => by[0].map((_, m) => by.reduce((a, r) => a + r[m], 0));
    return { regions: REGIONS, programs: PROGRAMS, baseBySlice: base, drBySlice: dr, baseByRegion: region(base), drByRegion: region(dr), baseTotal: total(base), drTotal: total(dr) };
  }),
);

const caseArb = seriesArb.chain((series) => {
  const minutes = series.baseTotal.length;
  const window = fc
    .record({ cause: fc.constantFrom(...RESPONSE_CAUSES), start: fc.integer({ min: -60 * MIN, max: (minutes + 60) * MIN }), length: fc.integer({ min: 1, max: 90 * MIN }), region: fc.constantFrom(null, ...REGIONS) })
    .map((w): ResponseWindow => ({ cause: w.cause, name: 'x', signal: 'dr_event', signalIndex: 0, region: w.region, start: w.start, end: w.start + w.length, programs: w.cause === 'autonomous' ? null : [0] }));
  return fc.record({ series: fc.constant(series), windows: fc.array(window, { maxLength: 5 }) });
});

/** Minutes m of the run (0 … minutes − 1) whose start lies in [start, end). */
const minutesIn = (start: number, end: number, minutes: number) => {
  let n = 0;
  for (let m = 0; m < minutes; m++) if (m * MIN >= start && m * MIN < end) n++;
  return n;
};

function finiteOrNull(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => finiteOrNull(v, `${path}.${k}`));
}

describe('response figures over empty sets', () => {
  it('are null exactly when there is nothing to take them over, and never NaN or infinite', () => {
    fc.assert(
      fc.property(caseArb, ({ series, windows }) => {
        const minutes = series.baseTotal.length;
        const f = responseFigures(series, windows, { reached: {}, withinSla: {} });
        expect(finiteOrNull(f)).toEqual([]);
        // The run's mean shed: null iff no window has a minute in the run.
        const anyMinute = windows.some((w) => minutesIn(w.start, w.end, minutes) > 0);
        expect(f.shedKwMean === null).toBe(!anyMinute);
        expect(f.programmedShedKwMean === null).toBe(!windows.some((w) => w.cause !== 'autonomous' && minutesIn(w.start, w.end, minutes) > 0));
        for (const e of f.events) {
          const own = minutesIn(e.start_s * 1000, e.end_s * 1000, minutes);
          expect(e.shed_kw_mean === null, 'shed').toBe(own === 0);
          // A snapback needs a recovery minute in the run: none when the window ends at or after the run's end.
          const recovered = e.recovery_end_s > e.end_s;
          expect(e.snapback_peak_kw === null).toBe(!recovered);
          if (e.end_s * 1000 >= minutes * MIN) expect(e.snapback_peak_kw).toBeNull();
        }
        for (const c of RESPONSE_CAUSES) {
          const fc_ = f.byCause[c];
          if (!windows.some((w) => w.cause === c && minutesIn(w.start, w.end, minutes) > 0)) expect(fc_.shed_kw_mean).toBeNull();
          if (fc_.events === 0) expect(fc_).toEqual({ events: 0, shed_kw_mean: null, energy_shed_kwh: 0, energy_recovered_kwh: 0, rebound_peak_kw: null });
        }
        if (f.reboundPeakKw === null) expect(f.energyReboundKwh).toBe(0);
      }),
    );
  });
});
