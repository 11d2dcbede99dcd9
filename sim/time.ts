/** Virtual time is an integer count of milliseconds; these name the usual spans. */
export const MS = 1;
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Rounds a span in seconds to whole ticks, so model arithmetic on seconds never leaks fractions into the clock. */
export function fromSeconds(seconds: number): number {
  return Math.round(seconds * SECOND);
}
