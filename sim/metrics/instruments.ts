/**
 * Counters, gauges and time series whose merge is exact, associative and
 * commutative, so results do not depend on how runs were partitioned across
 * worker threads or in which order partial results are merged.
 */
import { DenseArray } from './dense.ts';

const checkFinite = (what: string, x: unknown): number => {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new RangeError(`${what} must be a finite number, got ${String(x)}`);
  }
  return x + 0; // -0 -> 0: the two zeros would otherwise make max() order-dependent
};

/** Monotonic integer counter (integers keep addition exact). */
export class Counter {
  private v = 0;

  get value(): number {
    return this.v;
  }

  add(n = 1): this {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`Counter.add: increment must be a non-negative integer, got ${String(n)}`);
    }
    return this.set(this.v + n);
  }

  merge(other: Counter): this {
    return this.set(this.v + other.v);
  }

  toJSON(): number {
    return this.v;
  }

  static fromJSON(json: unknown): Counter {
    return new Counter().add(json as number);
  }

  private set(v: number): this {
    if (v > Number.MAX_SAFE_INTEGER) throw new RangeError('Counter: value would exceed 2^53 - 1');
    this.v = v;
    return this;
  }
}

export interface GaugeJSON {
  tMs: number;
  value: number;
}

/**
 * Last value by simulated time. Ties at the same time keep the larger value:
 * "last written" would depend on merge order, a lexicographic max does not.
 */
export class Gauge {
  private t = -Infinity;
  private v = NaN;

  get isSet(): boolean {
    return this.t > -Infinity;
  }
  /** Latest value, NaN if never set. */
  get value(): number {
    return this.v;
  }
  /** Simulated time of the latest value, NaN if never set. */
  get tMs(): number {
    return this.isSet ? this.t : NaN;
  }

  set(tMs: number, value: number): this {
    const t = checkFinite('Gauge.set: tMs', tMs);
    const v = checkFinite('Gauge.set: value', value);
    if (t > this.t || (t === this.t && v > this.v)) {
      this.t = t;
      this.v = v;
    }
    return this;
  }

  merge(other: Gauge): this {
    return other.isSet ? this.set(other.t, other.v) : this;
  }

  toJSON(): GaugeJSON | null {
    return this.isSet ? { tMs: this.t, value: this.v } : null;
  }

  static fromJSON(json: unknown): Gauge {
    const g = new Gauge();
    if (json === null) return g;
    if (typeof json !== 'object') throw new TypeError('Gauge.fromJSON: expected {tMs, value} or null');
    const j = json as Partial<GaugeJSON>;
    return g.set(j.tMs as number, j.value as number);
  }
}

/** Running maximum (e.g. peak queue depth). */
export class MaxGauge {
  private v = -Infinity;

  get isSet(): boolean {
    return this.v > -Infinity;
  }
  /** Maximum observed, NaN if never observed. */
  get value(): number {
    return this.isSet ? this.v : NaN;
  }

  observe(value: number): this {
    const v = checkFinite('MaxGauge.observe: value', value);
    if (v > this.v) this.v = v;
    return this;
  }

  merge(other: MaxGauge): this {
    if (other.v > this.v) this.v = other.v;
    return this;
  }

  toJSON(): number | null {
    return this.isSet ? this.v : null;
  }

  static fromJSON(json: unknown): MaxGauge {
    const g = new MaxGauge();
    return json === null ? g : g.observe(json as number);
  }
}

export interface SeriesJSON {
  decimals: number;
  intervalMs: number;
  /** Bucket index of quanta[0]; bucket i covers [i * intervalMs, (i + 1) * intervalMs). */
  offset: number;
  /** Exact per-bucket sums in units of 10^-decimals, trimmed of empty ends. */
  quanta: number[];
}

/** Human-readable view: per-bucket sums in value units. */
export interface SeriesSnapshot {
  intervalMs: number;
  startMs: number;
  values: number[];
}

/**
 * Values summed per fixed simulated interval. Each value is rounded to
 * 10^-decimals and summed as an integer, so sums are exact in any order;
 * a bucket sum must stay within +-(2^53 - 1) quanta (checked).
 */
export class Series {
  readonly intervalMs: number;
  readonly decimals: number;
  private readonly scale: number;
  private readonly buckets = new DenseArray();

  constructor(intervalMs: number, decimals = 6) {
    if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`Series: intervalMs must be a positive integer, got ${String(intervalMs)}`);
    }
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 9) {
      throw new RangeError(`Series: decimals must be an integer in [0, 9], got ${String(decimals)}`);
    }
    this.intervalMs = intervalMs;
    this.decimals = decimals;
    this.scale = 10 ** decimals;
  }

  add(tMs: number, value: number): this {
    const t = checkFinite('Series.add: tMs', tMs);
    const q = Math.round(checkFinite('Series.add: value', value) * this.scale);
    return this.addQuanta(Math.floor(t / this.intervalMs), q);
  }

  /** Sum recorded in the bucket containing tMs. */
  valueAt(tMs: number): number {
    const k = Math.floor(checkFinite('Series.valueAt: tMs', tMs) / this.intervalMs);
    return this.buckets.get(k) / this.scale + 0;
  }

  merge(other: Series): this {
    if (other.intervalMs !== this.intervalMs || other.decimals !== this.decimals) {
      throw new Error(
        `Series.merge: interval/decimals mismatch (${this.intervalMs} ms/${this.decimals} vs ` +
          `${other.intervalMs} ms/${other.decimals})`,
      );
    }
    const src = other === this ? Series.fromJSON(this.toJSON()) : other;
    const b = src.buckets;
    for (let k = b.lo; k <= b.hi; k++) if (b.get(k) !== 0) this.addQuanta(k, b.get(k));
    return this;
  }

  toJSON(): SeriesJSON {
    const { offset, values } = this.buckets.trimmed();
    return { decimals: this.decimals, intervalMs: this.intervalMs, offset, quanta: values };
  }

  snapshot(): SeriesSnapshot {
    const { offset, values } = this.buckets.trimmed();
    return {
      intervalMs: this.intervalMs,
      startMs: offset * this.intervalMs,
      values: values.map((q) => q / this.scale),
    };
  }

  static fromJSON(json: unknown): Series {
    const j = (json ?? {}) as Partial<SeriesJSON>;
    const s = new Series(j.intervalMs as number, j.decimals as number);
    if (!Number.isSafeInteger(j.offset) || !Array.isArray(j.quanta) || !j.quanta.every(Number.isSafeInteger)) {
      throw new TypeError('Series.fromJSON: expected integer offset and integer quanta[]');
    }
    j.quanta.forEach((q, i) => q !== 0 && s.addQuanta((j.offset as number) + i, q));
    return s;
  }

  private addQuanta(k: number, q: number): this {
    if (!Number.isSafeInteger(k)) throw new RangeError(`Series: time bucket ${k} out of range`);
    const next = this.buckets.get(k) + q;
    if (!Number.isSafeInteger(next)) {
      throw new RangeError('Series: bucket sum exceeds 2^53 - 1 quanta; use fewer decimals');
    }
    this.buckets.add(k, q);
    return this;
  }
}
