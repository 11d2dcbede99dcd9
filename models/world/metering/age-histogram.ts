/**
 * The time-weighted distribution of the age of a held value (NFR-03): a device holds a value from its arrival to
 * the next arrival, ageing linearly from a0 (its age on arrival) to a1 over that stretch. Every stretch counts
 * for its length, so the distribution is over devices *and* time. Kept exactly enough to be merged across
 * partitions: per log bin (1.02 wide, 1 ms to over a year), the count and sum of stretch start ages and of end
 * ages. The share of time with age ≤ x is then exact at every bin edge:
 *
 *   G(x) = Σ min(x, a1) − Σ min(x, a0),  Σ min(x, a) = Σ_{a < x} a + x · #{a ≥ x}
 *
 * and quantiles interpolate within one bin (at most 2 % off). Ages are whole ms, so sums are exact integers
 * and add up the same in any order.
 */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Bins 1 … K cover 1 ms to GAMMA^K ms ≈ 1.2 years; bin 0 holds age 0, bin K + 1 anything longer. */
const K = 1235;
const BINS = K + 2;

/** Upper edges of bins 0 … K + 1, computed once (binOf runs at every metering report's arrival). */
const EDGES = Float64Array.from({ length: BINS }, (_, k) => (k === 0 ? 1 : Math.pow(GAMMA, k)));

/** Upper edge of bin k, ms (bin k holds e(k-1) ≤ a < e(k)). */
function edge(k: number): number {
  return k < BINS ? EDGES[k] : Math.pow(GAMMA, k);
}

function binOf(a: number): number {
  if (a < 1) return 0;
  const k = Math.floor(Math.log(a) / LOG_GAMMA) + 1;
  // Rounding of the log can put a value one bin off at an edge: settle it against the edges themselves.
  if (k <= K && a >= edge(k)) return Math.min(K + 1, k + 1);
  if (k > 1 && a < edge(k - 1)) return k - 1;
  return Math.min(K + 1, k);
}

export interface AgeHistogramJSON {
  startCount: number[];
  startSum: number[];
  endCount: number[];
  endSum: number[];
  totalMs: number;
  maxMs: number;
}

export class AgeHistogram {
  private readonly startCount = new Float64Array(BINS);
  private readonly startSum = new Float64Array(BINS);
  private readonly endCount = new Float64Array(BINS);
  private readonly endSum = new Float64Array(BINS);
  /** Device-time covered, ms. */
  totalMs = 0;
  maxMs = 0;

  /** A value held while its age went from a0 to a1 (ms, a1 ≥ a0 ≥ 0). */
  add(a0: number, a1: number): void {
    if (!(a1 > a0)) return;
    const i = binOf(a0), j = binOf(a1);
    this.startCount[i]++;
    this.startSum[i] += a0;
    this.endCount[j]++;
    this.endSum[j] += a1;
    this.totalMs += a1 - a0;
    if (a1 > this.maxMs) this.maxMs = a1;
  }

  /** The age (ms) that the held value stays within for share q of the device-time; 0 when nothing was held. */
  quantile(q: number): number {
    if (this.totalMs <= 0) return 0;
    const target = q * this.totalMs;
    // Running sums over bins below the edge: Σ a and # of values ≥ the edge, for starts and ends.
    let sumS = 0, sumE = 0, aboveS = 0, aboveE = 0;
    for (let k = 0; k < BINS; k++) (aboveS += this.startCount[k]), (aboveE += this.endCount[k]);
    let prevX = 0, prevG = 0;
    for (let k = 0; k <= K; k++) {
      sumS += this.startSum[k];
      sumE += this.endSum[k];
      aboveS -= this.startCount[k];
      aboveE -= this.endCount[k];
      const x = edge(k);
      const g = sumE + x * aboveE - (sumS + x * aboveS);
      if (g >= target) return Math.min(this.maxMs, prevX + ((target - prevG) / Math.max(1e-12, g - prevG)) * (x - prevX));
      prevX = x;
      prevG = g;
    }
    return this.maxMs;
  }

  merge(o: AgeHistogramJSON): void {
    for (let k = 0; k < BINS; k++) {
      this.startCount[k] += o.startCount[k];
      this.startSum[k] += o.startSum[k];
      this.endCount[k] += o.endCount[k];
      this.endSum[k] += o.endSum[k];
    }
    this.totalMs += o.totalMs;
    this.maxMs = Math.max(this.maxMs, o.maxMs);
  }

  toJSON(): AgeHistogramJSON {
    return {
      startCount: Array.from(this.startCount),
      startSum: Array.from(this.startSum),
      endCount: Array.from(this.endCount),
      endSum: Array.from(this.endSum),
      totalMs: this.totalMs,
      maxMs: this.maxMs,
    };
  }
}
