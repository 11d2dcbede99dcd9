/**
 * The window protocol's arithmetic (YAWNS). Every partition publishes a lower bound on the next event it can
 * produce; the next window is [T, T + lookahead - 1] with T the least bound (quiet time is skipped, not
 * stepped). Anything a partition sends to another during the window arrives at ≥ T + lookahead, since every
 * event between partitions takes at least `lookahead` ticks, so no partition receives an event inside a
 * window it has already run.
 */

/** The end of the next window, given every partition's lower bound, or null when the run is over. */
export function windowEnd(bounds: ArrayLike<number>, lookahead: number, duration: number): number | null {
  let t = Infinity;
  for (let i = 0; i < bounds.length; i++) if (bounds[i] < t) t = bounds[i];
  if (t > duration) return null;
  return Math.min(t + lookahead - 1, duration);
}

/** Refuses a lookahead the protocol cannot use (a whole number of ticks ≥ 1). */
export function checkLookahead(lookahead: number): void {
  if (!(Number.isSafeInteger(lookahead) && lookahead >= 1)) throw new Error(`the lookahead must be a whole number of ticks ≥ 1, got ${lookahead}`);
}
