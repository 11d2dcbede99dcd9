/**
 * When a probe of a capacity search holds: the metric's replications give a mean and one-sided Student-t
 * bounds at the confidence c (upper = mean + t(c, n − 1)·sd/√n, lower = mean − the same). The point
 * **holds** when the upper bound is ≤ the limit (the mean is within it with confidence c), **fails** when
 * the lower bound is > the limit (the mean is beyond it with confidence c), and **straddles** otherwise.
 * [lower, upper] is a two-sided interval at 2c − 1 (90 % for c = 0.95): it is what the plot draws.
 * The search (capacity-search.ts) judges each look at a value at a c adjusted for the number of looks.
 */
import { tQuantile } from './statistics.ts';

export type Verdict = 'holds' | 'fails' | 'straddles';

export interface Judgement {
  verdict: Verdict;
  n: number;
  mean: number;
  sd: number;
  lower: number;
  upper: number;
  /** The one-sided confidence of the bounds. */
  confidence: number;
}

export const RULE_TEXT =
  'a value holds when the one-sided upper confidence bound of the metric\'s mean (mean + t(c, n−1)·sd/√n) is ≤ the limit, fails when the lower bound is > the limit, and otherwise straddles it';

/** The judgement of n ≥ 2 replications against an upper limit. */
export function judge(xs: readonly number[], limit: number, confidence: number): Judgement {
  const n = xs.length;
  if (n < 2) throw new RangeError(`judge needs at least 2 replications, got ${n}`);
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const half = tQuantile(confidence, n - 1) * (sd / Math.sqrt(n));
  const lower = mean - half, upper = mean + half;
  const verdict: Verdict = upper <= limit ? 'holds' : lower > limit ? 'fails' : 'straddles';
  return { verdict, n, mean, sd, lower, upper, confidence };
}
