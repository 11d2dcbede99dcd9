/**
 * Shed, recovery and rebound of every response window, from the minute series of the DR world and its exact
 * baseline (the shadow fleet) per slice of each region's appliances: the participants of each program, and
 * the devices in none (load.ts). Nothing here reads the appliances.
 *
 * A window is measured on the load of the devices that respond in it: a program's or price window on its
 * programs' slices (`ResponseWindow.programs`), an autonomous one on every slice (every appliance responds).
 * So the windows of different programs that overlap in a region do not see each other's shed or rebound.
 *
 * A minute belongs to a window when its start lies in [start, end). Per event, shed is summed over its own
 * window on its own slices (overlapping windows on one slice each count it). For the totals and `by_cause`,
 * each slice-minute counts once:
 * - inside one or more of the windows measured on that slice: for the one that started last (ties: program,
 *   then price, then autonomous, then the later signal);
 * - otherwise, within 4 h after such windows ended: as the recovery of the one that ended last (same ties).
 * So the causes' energies add up to the totals, and an event's recovery stops where another window on its
 * devices starts. Only windows that share devices (models/response-overlap.ts) still share load.
 */
import type { CauseFigures, LoadEvent, ResponseCause } from '../run-result.ts';
import { causeRank, RESPONSE_CAUSES, type ResponseWindow } from './response-events.ts';
import { reachKey, type ReachTotals } from './response-reach.ts';
import type { LoadSeries } from './run-totals.ts';

const MINUTE = 60_000;
/** `measured_on` of a window measured on every appliance of its region (an autonomous response). */
export const ALL_APPLIANCES = '*';
/** How long after a window its recovery (snapback) is followed at most. */
export const RECOVERY_MS = 4 * 3_600_000;

export interface ResponseFigures {
  events: LoadEvent[];
  byCause: Record<ResponseCause, CauseFigures>;
  /** Mean shed over the minutes in which some region is in a window, kW (null: no such minute). */
  shedKwMean: number | null;
  /** The same over program and price windows only: what devices' programmed responses (S2-04) shed. */
  programmedShedKwMean: number | null;
  energyShedKwh: number;
  energyRecoveredKwh: number;
  energyReboundKwh: number;
  /** Null when no minute lies in a recovery. */
  reboundPeakKw: number | null;
}

interface Row {
  w: ResponseWindow;
  region: number;
  shed: number;
  minutes: number;
  recovered: number;
  recoveryEnd: number;
  peak: number;
  peakBase: number;
  /** The recovery it took in the minute `upAt` over its slices, and their baseline then (for the snapback). */
  upAt: number;
  up: number;
  upBase: number;
}

interface CauseAcc {
  rows: number;
  shed: number;
  minutes: Uint8Array;
  recovered: number;
  recoveryByMinute: Float64Array;
  /** Region-minutes counted as this cause's recovery (0: its rebound peak is not applicable). */
  recoveryMinutes: number;
}

export function responseFigures(series: LoadSeries, windows: ResponseWindow[], reach: ReachTotals): ResponseFigures {
  const M = series.baseTotal.length;
  const regions = series.regions;
  const rows: Row[] = [];
  const byRegion: Row[][] = regions.map(() => []);
  for (const w of windows) {
    regions.forEach((name, r) => {
      if (w.region !== null && w.region !== name) return;
      const row: Row = { w, region: r, shed: 0, minutes: 0, recovered: 0, recoveryEnd: w.end, peak: 0, peakBase: 0, upAt: -1, up: 0, upBase: 0 };
      rows.push(row);
      byRegion[r].push(row);
    });
  }
  const acc = Object.fromEntries(
    RESPONSE_CAUSES.map((c) => [c, { rows: 0, shed: 0, minutes: new Uint8Array(M), recovered: 0, recoveryByMinute: new Float64Array(M), recoveryMinutes: 0 } satisfies CauseAcc]),
  ) as Record<ResponseCause, CauseAcc>;
  for (const row of rows) acc[row.w.cause].rows++;
  const inWindow = new Uint8Array(M);
  const recoveryByMinute = new Float64Array(M);
  const inRecovery = new Uint8Array(M);
  let shed = 0, recovered = 0;

  const perRegion = series.programs.length + 1;
  const touched: Row[] = [];
  for (let r = 0; r < regions.length; r++) {
    // Per slice of the region, the windows measured on it.
    const sliceRows = Array.from({ length: perRegion }, (_, k) => byRegion[r].filter((row) => measuredOn(row.w, k, perRegion)));
    for (let m = 0; m < M; m++) {
      const t = m * MINUTE;
      // Window minutes come from the study: a cause is in force wherever one of its windows is.
      for (const row of byRegion[r]) {
        if (t < row.w.start || t >= row.w.end) continue;
        row.minutes++;
        acc[row.w.cause].minutes[m] = 1;
        inWindow[m] = 1;
      }
      for (let k = 0; k < perRegion; k++) {
        const rowsHere = sliceRows[k];
        if (rowsHere.length === 0) continue;
        const base = series.baseBySlice[r * perRegion + k], dr = series.drBySlice[r * perRegion + k];
        const diff = base[m] - dr[m];
        let active: Row | null = null;
        for (const row of rowsHere) {
          if (t < row.w.start || t >= row.w.end) continue;
          row.shed += diff;
          if (!active || wins(row, active, row.w.start, active.w.start)) active = row;
        }
        if (active) {
          acc[active.w.cause].shed += diff;
          shed += diff;
          continue;
        }
        let last: Row | null = null;
        for (const row of rowsHere) {
          if (t < row.w.end || t >= row.w.end + RECOVERY_MS) continue;
          if (!last || wins(row, last, row.w.end, last.w.end)) last = row;
        }
        if (!last) continue;
        const up = -diff;
        last.recovered += up;
        last.recoveryEnd = t + MINUTE;
        if (last.upAt !== m) {
          last.upAt = m;
          last.up = 0;
          last.upBase = 0;
          touched.push(last);
        }
        last.up += up;
        last.upBase += base[m];
        const c = acc[last.w.cause];
        c.recovered += up;
        c.recoveryByMinute[m] += up;
        c.recoveryMinutes++;
        recovered += up;
        recoveryByMinute[m] += up;
        inRecovery[m] = 1;
      }
      // A window's snapback in a minute is over all its slices together.
      for (const row of touched) {
        if (row.up > row.peak) {
          row.peak = row.up;
          row.peakBase = row.upBase;
        }
      }
      touched.length = 0;
    }
  }

  const windowMinutes = count(inWindow);
  const programmed = new Uint8Array(M);
  for (let m = 0; m < M; m++) programmed[m] = acc.program.minutes[m] | acc.price.minutes[m];
  const programmedMinutes = count(programmed);
  const byCause = Object.fromEntries(
    RESPONSE_CAUSES.map((cause) => {
      const c = acc[cause];
      const minutes = count(c.minutes);
      const figures: CauseFigures = {
        events: c.rows,
        shed_kw_mean: minutes ? round3(c.shed / minutes) : null,
        energy_shed_kwh: round3(c.shed / 60),
        energy_recovered_kwh: round3(c.recovered / 60),
        rebound_peak_kw: c.recoveryMinutes ? round3(max0(c.recoveryByMinute)) : null,
      };
      return [cause, figures];
    }),
  ) as Record<ResponseCause, CauseFigures>;
  let rebound = 0, reboundKwh = 0;
  for (let m = 0; m < M; m++) {
    if (!inRecovery[m]) continue;
    rebound = Math.max(rebound, recoveryByMinute[m]);
    reboundKwh += Math.max(0, recoveryByMinute[m]) / 60;
  }
  return {
    events: rows.map((row) => eventOf(row, regions, series.programs, reach)),
    byCause,
    shedKwMean: windowMinutes ? round3(shed / windowMinutes) : null,
    programmedShedKwMean: programmedMinutes ? round3((acc.program.shed + acc.price.shed) / programmedMinutes) : null,
    energyShedKwh: round3(shed / 60),
    energyRecoveredKwh: round3(recovered / 60),
    energyReboundKwh: round3(reboundKwh),
    reboundPeakKw: count(inRecovery) ? round3(rebound) : null,
  };
}

/** Is window w measured on slice k of a region (k < programs: that program's participants; else devices in none)? */
function measuredOn(w: ResponseWindow, k: number, perRegion: number): boolean {
  return w.programs === null || (k < perRegion - 1 && w.programs.includes(k));
}

/** Does `a` take the minute from `b`: later time, then program over price over autonomous, then the later signal. */
function wins(a: Row, b: Row, ta: number, tb: number): boolean {
  if (ta !== tb) return ta > tb;
  const ra = causeRank(a.w.cause), rb = causeRank(b.w.cause);
  if (ra !== rb) return ra < rb;
  return a.w.signalIndex > b.w.signalIndex;
}

function eventOf(row: Row, regions: string[], programs: string[], reach: ReachTotals): LoadEvent {
  const { w } = row;
  const key = reachKey(w.signalIndex, regions[row.region]);
  const hadRecovery = row.recoveryEnd > w.end;
  return {
    cause: w.cause,
    name: w.name,
    signal: w.signal,
    region: regions[row.region],
    measured_on: w.programs === null ? [ALL_APPLIANCES] : w.programs.map((k) => programs[k]),
    start_s: w.start / 1000,
    end_s: w.end / 1000,
    recovery_end_s: row.recoveryEnd / 1000,
    devices_reached: reach.reached[key] ?? 0,
    devices_reached_within_sla: reach.withinSla[key] ?? 0,
    shed_kw_mean: row.minutes ? round3(row.shed / row.minutes) : null,
    energy_shed_kwh: round3(row.shed / 60),
    energy_recovered_kwh: round3(row.recovered / 60),
    // A recovery minute moves recoveryEnd past the window's end; without one the snapback is not applicable.
    snapback_peak_kw: hadRecovery ? round3(row.peak) : null,
    snapback_peak_pct: !hadRecovery ? null : row.peak === 0 ? 0 : finiteOrNull(round3((row.peak / row.peakBase) * 100)),
  };
}

function max0(a: Float64Array): number {
  let x = 0;
  for (const v of a) if (v > x) x = v;
  return x;
}

function count(a: Uint8Array): number {
  let n = 0;
  for (const x of a) n += x;
  return n;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
/** A share of a baseline of 0 (or one so small the share overflows) has no value. */
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
