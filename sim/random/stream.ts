/**
 * Per-actor random streams on top of Philox4x32-10.
 *
 * Mapping (fixed; changing it changes every simulation result):
 *   key     = [seed mod 2^32, floor(seed / 2^32)]
 *   counter = [index mod 2^32, floor(index / 2^32), actorId >>> 0, stream >>> 0]
 *
 * Draw-index rule: every variate (uniform, exponential, normal, ...) consumes
 * exactly ONE index, i.e. one Philox block, and is a pure function of
 * (seed, actorId, stream, index). Nothing is buffered between draws, so the
 * `index` counter is the whole state of a stream: save it, restore it, or keep
 * it in a typed array (struct-of-arrays) and use the `*At` functions. The only
 * exceptions are rejection samplers (`int`, and `shuffle`/`pick` which use it),
 * which consume one index per attempt; a retry has probability < n / 2^53.
 *
 * This spends a whole 128-bit block per variate; that trades ~4x raw
 * throughput for reproducibility that does not depend on call patterns.
 */
import { philox4x32_10 } from './philox.ts';

const TWO26 = 67108864;
const TWO32 = 4294967296;
const TWO53 = 9007199254740992;
const TWO_NEG53 = 1 / TWO53;
const TWO_PI = 2 * Math.PI;
const MAX_U32 = 0xffffffff;

/** Shared scratch block; safe because JS runs one call at a time. */
const buf = new Uint32Array(4);

function block(k0: number, k1: number, c2: number, c3: number, index: number): void {
  // `>>> 0` is ToUint32, i.e. exact `mod 2^32` for integers up to 2^53.
  const hi = index < TWO32 ? 0 : Math.floor(index / TWO32) >>> 0;
  philox4x32_10(index >>> 0, hi, c2, c3, k0, k1, buf);
}

function blockFor(seed: number, actorId: number, stream: number, index: number): void {
  block(seed >>> 0, Math.floor(seed / TWO32) >>> 0, actorId >>> 0, stream >>> 0, index);
}

/**
 * 53-bit double in [0, 1) from two 32-bit words (27 high bits of `hi`, 26 of
 * `lo`). The maximum is 1 - 2^-53, so the result is never 1.
 */
export function unitFromWords(hi: number, lo: number): number {
  return ((hi >>> 5) * TWO26 + (lo >>> 6)) * TWO_NEG53;
}

// --- transforms from uniforms; shared by the class and the *At functions ---

/** Inverse CDF; log1p(-u) is finite because u < 1. */
function expFromU(u: number, mean: number): number {
  return -mean * Math.log1p(-u);
}

/** Box–Muller, cosine branch only (the sine branch is discarded so no state is cached). */
function normalFromU(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(TWO_PI * u2);
}

function weibullFromU(u: number, shape: number, scale: number): number {
  return scale * Math.pow(-Math.log1p(-u), 1 / shape);
}

/** Underlying-normal parameters of a lognormal with the given mean and coefficient of variation. */
export function lognormalParamsFromMeanCv(mean: number, cv: number): { mu: number; sigma: number } {
  const s2 = Math.log1p(cv * cv);
  return { mu: Math.log(mean) - 0.5 * s2, sigma: Math.sqrt(s2) };
}

function checkU32(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > MAX_U32) {
    throw new RangeError(`${name} must be an integer in [0, 2^32-1], got ${v}`);
  }
}

function checkIndex(v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`index must be a non-negative safe integer, got ${v}`);
  }
}

// --- stateless draws for struct-of-arrays actors (no validation: hot path) ---
// Each consumes exactly `index`; the caller advances its own counter by one.

export function u32At(seed: number, actorId: number, stream: number, index: number): number {
  blockFor(seed, actorId, stream, index);
  return buf[0];
}

export function uniformAt(seed: number, actorId: number, stream: number, index: number): number {
  blockFor(seed, actorId, stream, index);
  return unitFromWords(buf[0], buf[1]);
}

export function uniformRangeAt(seed: number, actorId: number, stream: number, index: number, a: number, b: number): number {
  return a + (b - a) * uniformAt(seed, actorId, stream, index);
}

export function exponentialAt(seed: number, actorId: number, stream: number, index: number, mean: number): number {
  return expFromU(uniformAt(seed, actorId, stream, index), mean);
}

export function normalAt(seed: number, actorId: number, stream: number, index: number, mu: number, sigma: number): number {
  blockFor(seed, actorId, stream, index);
  return mu + sigma * normalFromU(unitFromWords(buf[0], buf[1]), unitFromWords(buf[2], buf[3]));
}

export function lognormalAt(seed: number, actorId: number, stream: number, index: number, mu: number, sigma: number): number {
  return Math.exp(normalAt(seed, actorId, stream, index, mu, sigma));
}

export function weibullAt(seed: number, actorId: number, stream: number, index: number, shape: number, scale: number): number {
  return weibullFromU(uniformAt(seed, actorId, stream, index), shape, scale);
}

export function bernoulliAt(seed: number, actorId: number, stream: number, index: number, p: number): boolean {
  return uniformAt(seed, actorId, stream, index) < p;
}

/** Mutable indexable sequence: arrays and typed arrays. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/**
 * Stateful convenience wrapper: the state is just `index` (next draw index).
 * Distribution parameters are not validated on the hot methods.
 */
export class RandomStream {
  readonly seed: number;
  readonly actorId: number;
  readonly stream: number;
  // Key and fixed counter words precomputed once; all fields are numbers and
  // assigned in the constructor in a fixed order to keep the shape monomorphic.
  private readonly k0: number;
  private readonly k1: number;
  private readonly c2: number;
  private readonly c3: number;
  private i: number;

  constructor(seed: number, actorId: number, stream: number, index = 0) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be an integer in [0, 2^53-1], got ${seed}`);
    }
    checkU32('actorId', actorId);
    checkU32('stream', stream);
    checkIndex(index);
    this.seed = seed;
    this.actorId = actorId;
    this.stream = stream;
    this.k0 = seed >>> 0;
    this.k1 = Math.floor(seed / TWO32) >>> 0;
    this.c2 = actorId >>> 0;
    this.c3 = stream >>> 0;
    this.i = index;
  }

  /** Index of the next draw; assign a saved value to restore the stream. */
  get index(): number {
    return this.i;
  }

  set index(v: number) {
    checkIndex(v);
    this.i = v;
  }

  /** Generates the block for the current index into `buf` and advances. */
  private next(): void {
    const i = this.i;
    // Past 2^53 the counter would silently stop advancing and repeat values.
    if (i > Number.MAX_SAFE_INTEGER) throw new RangeError('RandomStream index exhausted (2^53 draws)');
    block(this.k0, this.k1, this.c2, this.c3, i);
    this.i = i + 1;
  }

  nextU32(): number {
    this.next();
    return buf[0];
  }

  /** Uniform in [0, 1), 53 random bits. */
  uniform(): number {
    this.next();
    return unitFromWords(buf[0], buf[1]);
  }

  /** a + (b - a) * U; in [a, b) up to floating-point rounding at b. */
  uniformRange(a: number, b: number): number {
    return a + (b - a) * this.uniform();
  }

  /**
   * Uniform integer in [0, n), n an integer in [1, 2^53]. Exact: a 53-bit value
   * r is accepted only below the largest multiple of n, so `r % n` has no bias.
   */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO53 && Number.isInteger(n))) {
      throw new RangeError(`int(n) needs an integer n in [1, 2^53], got ${n}`);
    }
    const limit = TWO53 - (TWO53 % n);
    for (;;) {
      this.next();
      const r = (buf[0] >>> 5) * TWO26 + (buf[1] >>> 6);
      if (r < limit) return r % n;
    }
  }

  exponential(mean: number): number {
    return expFromU(this.uniform(), mean);
  }

  /** One block gives both Box–Muller uniforms, so one index per normal and no cached spare. */
  normal(mu: number, sigma: number): number {
    this.next();
    return mu + sigma * normalFromU(unitFromWords(buf[0], buf[1]), unitFromWords(buf[2], buf[3]));
  }

  /** exp(N(mu, sigma)): mu and sigma are the underlying normal's parameters. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * Lognormal with the given mean and coefficient of variation (sd / mean).
   * Recomputes logs per call; on hot paths precompute lognormalParamsFromMeanCv.
   */
  lognormalMeanCv(mean: number, cv: number): number {
    const s2 = Math.log1p(cv * cv);
    return Math.exp(this.normal(Math.log(mean) - 0.5 * s2, Math.sqrt(s2)));
  }

  weibull(shape: number, scale: number): number {
    return weibullFromU(this.uniform(), shape, scale);
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /**
   * Index i with probability weights[i] / sum(weights). One index consumed.
   * Throws on a negative/non-finite weight or an all-zero total. O(n), no allocation.
   */
  weightedChoice(weights: ArrayLike<number>): number {
    const n = weights.length;
    let total = 0;
    let last = -1;
    for (let j = 0; j < n; j++) {
      const w = weights[j];
      if (!(w >= 0 && w < Infinity)) {
        throw new RangeError(`weightedChoice: weight[${j}] must be finite and >= 0, got ${w}`);
      }
      if (w > 0) last = j;
      total += w;
    }
    if (last < 0) throw new RangeError('weightedChoice: weights are empty or all zero');
    const target = this.uniform() * total;
    // Strict `<` never selects a zero weight: its cumulative sum equals the previous one.
    let cum = 0;
    for (let j = 0; j < last; j++) {
      cum += weights[j];
      if (target < cum) return j;
    }
    // u * total can round up to total; the last positive weight absorbs that.
    return last;
  }

  /** Fisher–Yates in place; consumes one index per position (plus rare retries). */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  pick<T>(array: ArrayLike<T>): T {
    if (array.length === 0) throw new RangeError('pick: empty array');
    return array[this.int(array.length)];
  }
}
