/**
 * Replication statistics: mean, sample standard deviation and Student-t confidence interval of a metric;
 * paired differences between two points (replication r against replication r: common random numbers);
 * Welch's interval for a difference of independent samples, the yardstick pairing is measured against.
 * The t quantile comes from jstat (see campaigns/README.md for why that library).
 */
import jstatModule from 'jstat';

const { jStat } = jstatModule as unknown as typeof import('jstat');

export interface Interval {
  /** Number of values (pairs, for a paired difference). */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null below 2 values. */
  sd: number | null;
  low: number | null;
  high: number | null;
  half_width: number | null;
  confidence: number;
}

/** The p-quantile of Student's t with df degrees of freedom. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`tQuantile needs 0 < p < 1 and df > 0, got p=${p}, df=${df}`);
  return jStat.studentt.inv(p, df);
}

function meanOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Two-pass sample variance: no cancellation from summing squares of large values. */
function varianceOf(xs: readonly number[], mean: number): number {
  let s = 0;
  for (const x of xs) s += (x - mean) ** 2;
  return s / (xs.length - 1);
}

/** Mean of xs with a two-sided Student-t interval at `confidence` (null bounds below 2 values). */
export function meanInterval(xs: readonly number[], confidence = 0.95): Interval {
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, low: null, high: null, half_width: null, confidence };
  const mean = meanOf(xs);
  if (n < 2) return { n, mean, sd: null, low: null, high: null, half_width: null, confidence };
  const sd = Math.sqrt(varianceOf(xs, mean));
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, low: mean - half, high: mean + half, half_width: half, confidence };
}

/**
 * b − a over the replications both have (index = replication), with its interval: the differences of
 * common-random-number pairs are one sample, so their variance is Var(a) + Var(b) − 2 Cov(a, b).
 */
export function pairedDifference(a: readonly (number | undefined)[], b: readonly (number | undefined)[], confidence = 0.95): Interval {
  const d: number[] = [];
  for (let r = 0; r < Math.min(a.length, b.length); r++) {
    const x = a[r], y = b[r];
    if (x !== undefined && y !== undefined) d.push(y - x);
  }
  return meanInterval(d, confidence);
}

/** ys − xs for independent samples: Welch's interval with Welch–Satterthwaite degrees of freedom. */
export interface WelchInterval extends Omit<Interval, 'sd' | 'n'> {
  n: [number, number];
  /** Standard error of the difference of means. */
  se: number | null;
  df: number | null;
}

export function welchDifference(xs: readonly number[], ys: readonly number[], confidence = 0.95): WelchInterval {
  const n: [number, number] = [xs.length, ys.length];
  const none = { n, se: null, low: null, high: null, half_width: null, confidence, df: null };
  if (xs.length === 0 || ys.length === 0) return { ...none, mean: null };
  const mx = meanOf(xs), my = meanOf(ys);
  const mean = my - mx;
  if (xs.length < 2 || ys.length < 2) return { ...none, mean };
  const vx = varianceOf(xs, mx) / xs.length, vy = varianceOf(ys, my) / ys.length;
  const se = Math.sqrt(vx + vy);
  if (se === 0) return { n, mean, se, low: mean, high: mean, half_width: 0, confidence, df: null };
  const df = (vx + vy) ** 2 / (vx ** 2 / (xs.length - 1) + vy ** 2 / (ys.length - 1));
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  return { n, mean, se, low: mean - half, high: mean + half, half_width: half, confidence, df };
}
