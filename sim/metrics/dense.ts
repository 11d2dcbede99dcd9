/**
 * Dense, growable Float64Array indexed by an integer key with an offset.
 *
 * Used for sketch buckets and time-series buckets. Iteration is always by
 * ascending key, never by insertion order, so anything derived from it is
 * deterministic. Values are meant to hold integers (counts, quanta): integer
 * addition below 2^53 is exact, hence associative and commutative.
 */
/** Guard against runaway allocation (e.g. a time series fed a nonsense timestamp). */
export const MAX_SPAN = 1 << 23;

export class DenseArray {
  private buf = new Float64Array(0);
  private off = 0; // key stored at buf[0]
  /** Smallest and largest key ever written; `hi < lo` means nothing was written. */
  lo = 0;
  hi = -1;

  get isEmpty(): boolean {
    return this.hi < this.lo;
  }

  get(key: number): number {
    const i = key - this.off;
    return i >= 0 && i < this.buf.length ? this.buf[i] : 0;
  }

  add(key: number, delta: number): void {
    this.ensure(key, key);
    this.buf[key - this.off] += delta;
  }

  /** Make room for keys in [lo, hi] and mark them as touched. */
  ensure(lo: number, hi: number): void {
    const newLo = this.isEmpty ? lo : Math.min(this.lo, lo);
    const newHi = this.isEmpty ? hi : Math.max(this.hi, hi);
    if (newLo < this.off || newHi >= this.off + this.buf.length) {
      const span = newHi - newLo + 1;
      if (!(span <= MAX_SPAN)) {
        throw new RangeError(`DenseArray: key range [${newLo}, ${newHi}] spans more than ${MAX_SPAN} buckets`);
      }
      // Double the span so repeated growth in one direction stays amortised O(1).
      const cap = Math.max(64, span * 2);
      const off = newLo - ((cap - span) >> 1);
      const next = new Float64Array(cap);
      if (!this.isEmpty) {
        next.set(this.buf.subarray(this.lo - this.off, this.hi - this.off + 1), this.lo - off);
      }
      this.buf = next;
      this.off = off;
    }
    this.lo = newLo;
    this.hi = newHi;
  }

  /** Canonical form: the shortest run covering every non-zero key (independent of history). */
  trimmed(): { offset: number; values: number[] } {
    let a = this.lo;
    let b = this.hi;
    while (a <= b && this.get(a) === 0) a++;
    while (b >= a && this.get(b) === 0) b--;
    if (a > b) return { offset: 0, values: [] };
    const values: number[] = [];
    for (let k = a; k <= b; k++) values.push(this.get(k) + 0); // `+ 0` turns -0 into 0
    return { offset: a, values };
  }
}
