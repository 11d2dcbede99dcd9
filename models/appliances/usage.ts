/**
 * Random usage drawn with common random numbers: every variate is a pure function of
 * (seed, device actor id, stream, time slot or parameter ordinal), so a DR-controlled device and its
 * baseline shadow see the same hot-water draws, laundry times and EV trips whatever else happens.
 */
import { normalAt, uniformAt } from '../../sim/random/stream.ts';
import type { Range } from './types.ts';

// Literals rather than imports: these run on hot paths.
const HOUR = 3_600_000;
const DAY = 86_400_000;

// Stream ids, far from the world's own (0..2) so one actor id can serve both.
const BASE = 0x41500000;
export const S_PARAM = BASE + 1;
export const S_DRAW_OCC = BASE + 2;
export const S_DRAW_VOL = BASE + 3;
export const S_DRAW_OFF = BASE + 4;
export const S_JOB_OCC = BASE + 5;
export const S_JOB_TIME = BASE + 6;
export const S_EV_ARRIVE = BASE + 7;
export const S_EV_DEPART = BASE + 8;
export const S_EV_NEED = BASE + 9;
export const S_GFA = BASE + 10;
export const S_INIT = BASE + 11;

/** Uniform draw in range r from parameter stream ordinal k of actor a. */
export function paramIn(seed: number, actor: number, k: number, r: Range): number {
  return r[0] === r[1] ? r[0] : r[0] + (r[1] - r[0]) * uniformAt(seed, actor, S_PARAM, k);
}

/** Normal draw N(mu, sigma) clipped to [lo, hi], parameter stream ordinal k. */
export function paramNormal(seed: number, actor: number, k: number, mu: number, sigma: number, lo: number, hi: number): number {
  if (sigma === 0) return mu;
  return Math.min(hi, Math.max(lo, normalAt(seed, actor, S_PARAM, k, mu, sigma)));
}

/** Local day index and ms into that day of simulation time t. */
export function localDay(t: number, dayStartMs: number): number {
  return Math.floor((t + dayStartMs) / DAY);
}

/** Simulation time of local midnight starting day d. */
export function dayStart(d: number, dayStartMs: number): number {
  return d * DAY - dayStartMs;
}

/** Value of a 24-entry hourly profile at local time t, linear between hour marks (wraps at midnight). */
export function hourlyLinear(profile: readonly number[], t: number, dayStartMs: number): number {
  const h = (((t + dayStartMs) % DAY) + DAY) % DAY / HOUR;
  const k = Math.floor(h);
  const f = h - k;
  return profile[k % 24] * (1 - f) + profile[(k + 1) % 24] * f;
}

/** Hour of day (0..23) at local time t. */
export function hourOf(t: number, dayStartMs: number): number {
  return Math.floor(((((t + dayStartMs) % DAY) + DAY) % DAY) / HOUR);
}

/**
 * A time of day drawn from an hourly weight profile: inverse CDF over the 24 hours, then uniform within the
 * hour. `u` in [0, 1). Returns ms after local midnight.
 */
export function timeOfDayFromProfile(profile: readonly number[], u: number): number {
  let total = 0;
  for (let h = 0; h < 24; h++) total += profile[h];
  let target = u * total;
  for (let h = 0; h < 24; h++) {
    if (target < profile[h]) return (h + target / profile[h]) * HOUR;
    target -= profile[h];
  }
  return 24 * HOUR - 1;
}

/** Sum of a 24-entry profile. */
export function profileSum(profile: readonly number[]): number {
  let s = 0;
  for (let h = 0; h < 24; h++) s += profile[h];
  return s;
}

export { uniformAt, normalAt };
