/**
 * DDSketch: a fully mergeable quantile sketch with relative-error guarantees.
 * C. Masson, J. E. Rim, H. K. Lee, "DDSketch: A Fast and Fully-Mergeable
 * Quantile Sketch with Relative-Error Guarantees", PVLDB 12(12), 2019.
 *
 * Mapping (paper, section 2): gamma = (1 + alpha) / (1 - alpha); value x > 0 goes
 * to bucket k = ceil(log_gamma(x)), i.e. gamma^(k-1) < x <= gamma^k. Returning
 * 2 * gamma^k / (1 + gamma) for that bucket is within relative error alpha of x.
 *
 * Determinism: all state is combined with exact, order-free operations
 * (integer bucket counts, min, max, an integer sum of quanta), so for any
 * partition of the input and any merge grouping or order the merged state,
 * and hence toJSON(), is bit-identical. We never use the paper's bucket
 * collapsing, because which buckets collapse depends on history.
 */
import { DenseArray } from './dense.ts';

export interface DDSketchOptions {
  /** Relative accuracy in (0, 1). Default 0.01. */
  alpha?: number;
  /**
   * `sum` is kept as an exact integer count of 10^-sumDecimals units (each
   * value is rounded to that quantum first), so sums merge exactly in any
   * order. Default 6: microseconds if values are seconds, nanoseconds if ms.
   */
  sumDecimals?: number;
  /** Thresholds for which countAtMost(t) is exact (e.g. the 120 s SLA). */
  thresholds?: readonly number[];
}

/**
 * Compact, canonical serialisation: equal sketches give identical JSON text.
 * Keys are in sorted order, like every JSON this module emits.
 */
export interface DDSketchJSON {
  alpha: number;
  /** atMost[i] = exact number of values <= thresholds[i]. */
  atMost: number[];
  /** Bucket counts for indices offset, offset + 1, ...; trimmed to the non-empty range. */
  counts: number[];
  max: number | null;
  min: number | null;
  offset: number;
  sumDecimals: number;
  /** Exact sum as a decimal integer string, in units of 10^-sumDecimals. */
  sumQuanta: string;
  thresholds: number[];
  zeroCount: number;
}

export const DEFAULT_ALPHA = 0.01;
export const DEFAULT_SUM_DECIMALS = 6;
/**
 * Positive values below this (subnormals) go to the zero bucket, as the
 * reference implementations do: their logarithm loses precision.
 */
export const MIN_INDEXABLE_VALUE = 2 ** -1022;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export class DDSketch {
  readonly alpha: number;
  readonly sumDecimals: number;
  private readonly gamma: number;
  private readonly lnGamma: number;
  private readonly sumScale: number;
  private readonly thr: readonly number[]; // sorted, unique
  /** thrBins[j] = values in (thr[j-1], thr[j]]; last bin = values above all. */
  private readonly thrBins: Float64Array;
  private readonly buckets = new DenseArray();
  private zero = 0;
  private total = 0;
  private minV = Infinity;
  private maxV = -Infinity;
  // Sum of quanta = sumBig + sumSmall. sumSmall stays a safe integer so plain
  // float addition on it is exact; BigInt only on overflow keeps add() cheap.
  private sumSmall = 0;
  private sumBig = 0n;

  constructor(options: DDSketchOptions = {}) {
    const alpha = options.alpha ?? DEFAULT_ALPHA;
    if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
      throw new RangeError(`DDSketch: alpha must be a number in (0, 1), got ${String(alpha)}`);
    }
    const dec = options.sumDecimals ?? DEFAULT_SUM_DECIMALS;
    if (!Number.isInteger(dec) || dec < 0 || dec > 9) {
      throw new RangeError(`DDSketch: sumDecimals must be an integer in [0, 9], got ${String(dec)}`);
    }
    const thr = [...(options.thresholds ?? [])];
    for (const t of thr) {
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        throw new RangeError(`DDSketch: thresholds must be finite numbers, got ${String(t)}`);
      }
    }
    this.alpha = alpha;
    this.sumDecimals = dec;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.lnGamma = Math.log(this.gamma);
    this.sumScale = 10 ** dec;
    this.thr = [...new Set(thr.map((t) => t + 0))].sort((a, b) => a - b);
    this.thrBins = new Float64Array(this.thr.length + 1);
  }

  /** Record `value` (>= 0, finite) `count` times. */
  add(value: number, count = 1): this {
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new RangeError(`DDSketch.add: value must be a number, got ${String(value)}`);
    }
    if (value < 0) throw new RangeError(`DDSketch.add: value must be >= 0, got ${value}`);
    if (value === Infinity) throw new RangeError('DDSketch.add: value must be finite, got Infinity');
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`DDSketch.add: count must be a non-negative integer, got ${String(count)}`);
    }
    if (count === 0) return this;
    const quanta = Math.round(value * this.sumScale);
    if (!Number.isFinite(quanta)) {
      throw new RangeError(`DDSketch.add: value ${value} too large for sumDecimals=${this.sumDecimals}`);
    }
    this.checkTotal(count);
    const v = value + 0; // -0 -> 0, so min/max never depend on which zero came first
    if (v < MIN_INDEXABLE_VALUE) this.zero += count;
    else this.buckets.add(this.key(v), count);
    this.total += count;
    if (v < this.minV) this.minV = v;
    if (v > this.maxV) this.maxV = v;
    const inc = quanta * count; // exact whenever the result is <= MAX_SAFE
    if (inc <= MAX_SAFE) this.addSum(inc, 0n);
    else this.addSum(0, BigInt(quanta) * BigInt(count));
    if (this.thr.length > 0) this.thrBins[this.thresholdBin(v)] += count;
    return this;
  }

  /** Add `other` into this sketch. Requires identical alpha, sumDecimals and thresholds. */
  merge(other: DDSketch): this {
    if (!(other instanceof DDSketch)) throw new TypeError('DDSketch.merge: argument is not a DDSketch');
    const why = this.incompatibility(other);
    if (why) throw new Error(`DDSketch.merge: ${why}`);
    if (other.total === 0) return this;
    this.checkTotal(other.total);
    const src = other === this ? this.clone() : other;
    const b = src.buckets;
    if (!b.isEmpty) {
      this.buckets.ensure(b.lo, b.hi);
      for (let k = b.lo; k <= b.hi; k++) {
        const c = b.get(k);
        if (c !== 0) this.buckets.add(k, c);
      }
    }
    this.zero += src.zero;
    this.total += src.total;
    if (src.minV < this.minV) this.minV = src.minV;
    if (src.maxV > this.maxV) this.maxV = src.maxV;
    this.addSum(src.sumSmall, src.sumBig);
    for (let j = 0; j < this.thrBins.length; j++) this.thrBins[j] += src.thrBins[j];
    return this;
  }

  /** Why `other` cannot be merged into this sketch, or '' if it can. */
  incompatibility(other: DDSketch): string {
    if (other.alpha !== this.alpha) return `alpha mismatch (${this.alpha} vs ${other.alpha})`;
    if (other.sumDecimals !== this.sumDecimals) {
      return `sumDecimals mismatch (${this.sumDecimals} vs ${other.sumDecimals})`;
    }
    if (other.thr.length !== this.thr.length || other.thr.some((t, i) => t !== this.thr[i])) {
      return `thresholds mismatch ([${this.thr.join(', ')}] vs [${other.thr.join(', ')}])`;
    }
    return '';
  }

  /**
   * The "lower" q-quantile: an estimate of sorted[floor(q * (count - 1))] with
   * relative error <= alpha. NaN for an empty sketch.
   */
  quantile(q: number): number {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new RangeError(`DDSketch.quantile: q must be in [0, 1], got ${String(q)}`);
    }
    if (this.total === 0) return NaN;
    const rank = Math.floor(q * (this.total - 1));
    // The extreme order statistics are tracked exactly.
    if (rank === 0) return this.minV;
    if (rank === this.total - 1) return this.maxV;
    let seen = this.zero;
    if (rank < seen) return this.clamp(0);
    const b = this.buckets;
    for (let k = b.lo; k <= b.hi; k++) {
      seen += b.get(k);
      if (seen > rank) return this.clamp((2 * Math.exp(k * this.lnGamma)) / (1 + this.gamma));
    }
    return this.maxV; // unreachable: seen ends at total > rank
  }

  /**
   * Exact number of values <= t, for a threshold registered in the
   * constructor. Throws for any other t: bucket counts cannot be exact.
   */
  countAtMost(t: number): number {
    const i = this.thr.indexOf(t + 0);
    if (i < 0) {
      throw new RangeError(
        `DDSketch.countAtMost: ${String(t)} is not a registered threshold ` +
          `(registered: [${this.thr.join(', ')}]); pass it in options.thresholds`,
      );
    }
    let n = 0;
    for (let j = 0; j <= i; j++) n += this.thrBins[j];
    return n;
  }

  /**
   * Fraction of values <= t (NaN if empty). Exact for registered thresholds;
   * otherwise it is the exact fraction at some t' in [t, gamma * t).
   */
  fractionAtMost(t: number): number {
    if (typeof t !== 'number' || Number.isNaN(t)) {
      throw new RangeError(`DDSketch.fractionAtMost: threshold must be a number, got ${String(t)}`);
    }
    if (this.total === 0) return NaN;
    if (this.thr.includes(t + 0)) return this.countAtMost(t) / this.total;
    if (t >= this.maxV) return 1;
    if (t < this.minV) return 0;
    let n = this.zero;
    if (t >= MIN_INDEXABLE_VALUE) {
      const b = this.buckets;
      const kt = this.key(t);
      for (let k = b.lo; k <= b.hi && k <= kt; k++) n += b.get(k);
    }
    return n / this.total;
  }

  get count(): number {
    return this.total;
  }
  get zeroCount(): number {
    return this.zero;
  }
  get isEmpty(): boolean {
    return this.total === 0;
  }
  /** Exact minimum; NaN if empty. */
  get min(): number {
    return this.total === 0 ? NaN : this.minV;
  }
  /** Exact maximum; NaN if empty. */
  get max(): number {
    return this.total === 0 ? NaN : this.maxV;
  }
  /** Sum of values, each rounded to 10^-sumDecimals (see DDSketchOptions.sumDecimals). */
  get sum(): number {
    return Number(this.sumBig + BigInt(this.sumSmall)) / this.sumScale;
  }
  get mean(): number {
    return this.total === 0 ? NaN : this.sum / this.total;
  }
  get thresholds(): number[] {
    return [...this.thr];
  }
  get options(): Required<DDSketchOptions> {
    return { alpha: this.alpha, sumDecimals: this.sumDecimals, thresholds: [...this.thr] };
  }

  clone(): DDSketch {
    return DDSketch.fromJSON(this.toJSON());
  }

  toJSON(): DDSketchJSON {
    const { offset, values } = this.buckets.trimmed();
    const atMost: number[] = [];
    let n = 0;
    for (let j = 0; j < this.thr.length; j++) atMost.push((n += this.thrBins[j]));
    return {
      alpha: this.alpha,
      atMost,
      counts: values,
      max: this.total === 0 ? null : this.maxV,
      min: this.total === 0 ? null : this.minV,
      offset,
      sumDecimals: this.sumDecimals,
      sumQuanta: (this.sumBig + BigInt(this.sumSmall)).toString(),
      thresholds: [...this.thr],
      zeroCount: this.zero,
    };
  }

  /** Rebuild from toJSON() output (e.g. after postMessage or JSON.parse); validates input. */
  static fromJSON(json: unknown): DDSketch {
    const bad = (why: string): never => {
      throw new TypeError(`DDSketch.fromJSON: ${why}`);
    };
    if (typeof json !== 'object' || json === null) bad('expected an object');
    const j = json as Partial<Record<keyof DDSketchJSON, unknown>>;
    const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
    if (typeof j.alpha !== 'number') bad('alpha must be a number');
    if (typeof j.sumDecimals !== 'number') bad('sumDecimals must be a number');
    if (!Array.isArray(j.thresholds)) bad('thresholds must be an array');
    const s = new DDSketch({
      alpha: j.alpha as number,
      sumDecimals: j.sumDecimals as number,
      thresholds: j.thresholds as number[],
    });
    const thr = j.thresholds as number[];
    if (s.thr.length !== thr.length || thr.some((t, i) => t !== s.thr[i])) {
      bad('thresholds must be sorted and unique');
    }
    if (!Number.isSafeInteger(j.offset)) bad('offset must be an integer');
    if (!Array.isArray(j.counts) || !j.counts.every(isCount)) bad('counts must be non-negative integers');
    if (!isCount(j.zeroCount)) bad('zeroCount must be a non-negative integer');
    if (typeof j.sumQuanta !== 'string' || !/^\d+$/.test(j.sumQuanta)) {
      bad('sumQuanta must be a non-negative decimal integer string');
    }
    const counts = j.counts as number[];
    const offset = j.offset as number;
    let total = j.zeroCount as number;
    for (const c of counts) total += c;
    if (total > MAX_SAFE) bad('total count exceeds 2^53 - 1');
    if (total === 0) {
      if (j.min !== null || j.max !== null) bad('min/max must be null for an empty sketch');
    } else if (
      typeof j.min !== 'number' ||
      typeof j.max !== 'number' ||
      !(j.min >= 0 && j.min <= j.max && j.max < Infinity)
    ) {
      bad('min/max must be numbers with 0 <= min <= max');
    }
    if (!Array.isArray(j.atMost) || j.atMost.length !== thr.length || !j.atMost.every(isCount)) {
      bad('atMost must hold one non-negative integer per threshold');
    }
    const atMost = j.atMost as number[];
    for (let i = 0; i < counts.length; i++) if (counts[i] > 0) s.buckets.add(offset + i, counts[i]);
    s.zero = j.zeroCount as number;
    s.total = total;
    if (total > 0) {
      s.minV = (j.min as number) + 0;
      s.maxV = (j.max as number) + 0;
    }
    s.addSum(0, BigInt(j.sumQuanta as string));
    let prev = 0;
    for (let i = 0; i < atMost.length; i++) {
      if (atMost[i] < prev || atMost[i] > total) bad('atMost must be non-decreasing and <= count');
      s.thrBins[i] = atMost[i] - prev;
      prev = atMost[i];
    }
    s.thrBins[atMost.length] = total - prev;
    return s;
  }

  private key(v: number): number {
    return Math.ceil(Math.log(v) / this.lnGamma);
  }

  /** Index of the first threshold >= v (thr.length if none): v's bin. */
  private thresholdBin(v: number): number {
    let lo = 0;
    let hi = this.thr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.thr[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private clamp(x: number): number {
    // The true quantile lies in [min, max], so clamping never worsens the error.
    return Math.min(Math.max(x, this.minV), this.maxV);
  }

  private checkTotal(extra: number): void {
    if (this.total + extra > MAX_SAFE) throw new RangeError('DDSketch: total count would exceed 2^53 - 1');
  }

  private addSum(small: number, big: bigint): void {
    const s = this.sumSmall + small;
    if (s <= MAX_SAFE) this.sumSmall = s;
    else {
      this.sumBig += BigInt(this.sumSmall) + BigInt(small);
      this.sumSmall = 0;
    }
    this.sumBig += big;
  }
}
