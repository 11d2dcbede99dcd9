/**
 * Metrics registry for one simulation partition. Workers ship toJSON() to the
 * parent, which merges with fromJSON() + merge(); every per-metric merge is
 * exact, associative and commutative, and all output is sorted by key, so the
 * result never depends on partitioning, merge order or Map insertion order.
 */
import { DDSketch, type DDSketchJSON, type DDSketchOptions } from './ddsketch.ts';
import { Counter, Gauge, type GaugeJSON, MaxGauge, Series, type SeriesJSON, type SeriesSnapshot } from './instruments.ts';
import { byCodeUnit, metricKey, parseMetricKey, type Tags } from './keys.ts';

export type MetricKind = 'counter' | 'gauge' | 'maxGauge' | 'sketch' | 'series';
type Instrument = Counter | Gauge | MaxGauge | DDSketch | Series;

export interface RegistryOptions {
  /** Cap on distinct tag sets per metric name: tags must be low-cardinality. Default 1000. */
  maxKeysPerName?: number;
}

/** Lossless, sorted form for shipping between threads or saving. */
export interface RegistryJSON {
  counters: Record<string, number>;
  gauges: Record<string, GaugeJSON | null>;
  maxGauges: Record<string, number | null>;
  series: Record<string, SeriesJSON>;
  sketches: Record<string, DDSketchJSON>;
}

export interface SketchSummary {
  count: number;
  max: number | null;
  mean: number | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  sum: number;
  /** [threshold, exact fraction of values <= threshold] for registered thresholds. */
  thresholds: [number, number | null][];
}

/** Human-readable, sorted view for reports. */
export interface RegistrySnapshot {
  counters: Record<string, number>;
  gauges: Record<string, GaugeJSON | null>;
  maxGauges: Record<string, number | null>;
  series: Record<string, SeriesSnapshot>;
  sketches: Record<string, SketchSummary>;
}

const SECTIONS: [keyof RegistryJSON, MetricKind][] = [
  ['counters', 'counter'],
  ['gauges', 'gauge'],
  ['maxGauges', 'maxGauge'],
  ['series', 'series'],
  ['sketches', 'sketch'],
];

interface Entry {
  kind: MetricKind;
  m: Instrument;
}

const nullIfNaN = (x: number): number | null => (Number.isNaN(x) ? null : x);

export class MetricsRegistry {
  private readonly maxKeysPerName: number;
  private readonly metrics = new Map<string, Entry>();
  private readonly names = new Map<string, { kind: MetricKind; keys: number }>();

  constructor(options: RegistryOptions = {}) {
    const cap = options.maxKeysPerName ?? 1000;
    if (!Number.isSafeInteger(cap) || cap < 1) {
      throw new RangeError(`MetricsRegistry: maxKeysPerName must be a positive integer, got ${String(cap)}`);
    }
    this.maxKeysPerName = cap;
  }

  counter(name: string, tags: Tags = {}): Counter {
    return this.getOrCreate(metricKey(name, tags), 'counter', () => new Counter()) as Counter;
  }

  gauge(name: string, tags: Tags = {}): Gauge {
    return this.getOrCreate(metricKey(name, tags), 'gauge', () => new Gauge()) as Gauge;
  }

  maxGauge(name: string, tags: Tags = {}): MaxGauge {
    return this.getOrCreate(metricKey(name, tags), 'maxGauge', () => new MaxGauge()) as MaxGauge;
  }

  /** Options apply on creation; passing different options for an existing sketch throws. */
  sketch(name: string, tags: Tags = {}, options?: DDSketchOptions): DDSketch {
    const key = metricKey(name, tags);
    const s = this.getOrCreate(key, 'sketch', () => new DDSketch(options)) as DDSketch;
    if (options) {
      const why = s.incompatibility(new DDSketch(options));
      if (why) throw new Error(`MetricsRegistry.sketch(${key}): ${why} with the existing sketch`);
    }
    return s;
  }

  series(name: string, tags: Tags, intervalMs: number, options: { decimals?: number } = {}): Series {
    const key = metricKey(name, tags);
    const s = this.getOrCreate(key, 'series', () => new Series(intervalMs, options.decimals)) as Series;
    if (s.intervalMs !== intervalMs || (options.decimals !== undefined && s.decimals !== options.decimals)) {
      throw new Error(
        `MetricsRegistry.series(${key}): exists with intervalMs=${s.intervalMs}, decimals=${s.decimals}`,
      );
    }
    return s;
  }

  /** Sorted metric keys of one kind, or of all kinds. */
  keys(kind?: MetricKind): string[] {
    const out: string[] = [];
    for (const [k, e] of this.metrics) if (!kind || e.kind === kind) out.push(k);
    return out.sort(byCodeUnit);
  }

  /** Add `other` into this registry (counters add, sketches/series merge, gauges take the max). */
  merge(other: MetricsRegistry): this {
    const src = other === this ? MetricsRegistry.fromJSON(this.toJSON()) : other;
    // Validate everything first so a failed merge leaves this registry untouched.
    const newKeys = new Map<string, number>();
    for (const [key, e] of src.metrics) {
      const mine = this.metrics.get(key);
      if (mine) {
        const why = incompatibility(mine, e);
        if (why) throw new Error(`MetricsRegistry.merge(${key}): ${why}`);
      } else {
        const name = parseMetricKey(key).name;
        this.checkName(name, e.kind, (newKeys.get(name) ?? 0) + 1);
        newKeys.set(name, (newKeys.get(name) ?? 0) + 1);
      }
    }
    for (const [key, e] of src.metrics) {
      const mine = this.getOrCreate(key, e.kind, () => emptyLike(e.m));
      (mine.merge as (o: Instrument) => unknown).call(mine, e.m);
    }
    return this;
  }

  toJSON(): RegistryJSON {
    return this.sections((e) => e.m.toJSON()) as unknown as RegistryJSON;
  }

  snapshot(): RegistrySnapshot {
    return this.sections((e) => {
      if (e.m instanceof Series) return e.m.snapshot();
      if (e.m instanceof DDSketch) return summarize(e.m);
      return e.m.toJSON();
    }) as unknown as RegistrySnapshot;
  }

  static fromJSON(json: unknown, options?: RegistryOptions): MetricsRegistry {
    const r = new MetricsRegistry(options);
    if (typeof json !== 'object' || json === null) throw new TypeError('MetricsRegistry.fromJSON: expected an object');
    const j = json as Record<string, unknown>;
    const build: Record<MetricKind, (x: unknown) => Instrument> = {
      counter: Counter.fromJSON,
      gauge: Gauge.fromJSON,
      maxGauge: MaxGauge.fromJSON,
      series: Series.fromJSON,
      sketch: DDSketch.fromJSON,
    };
    for (const [section, kind] of SECTIONS) {
      const part = j[section] ?? {};
      if (typeof part !== 'object' || part === null) {
        throw new TypeError(`MetricsRegistry.fromJSON: ${section} must be an object`);
      }
      for (const [key, data] of Object.entries(part)) {
        parseMetricKey(key); // rejects non-canonical keys
        r.getOrCreate(key, kind, () => build[kind](data));
      }
    }
    return r;
  }

  private sections(view: (e: Entry) => unknown): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [section, kind] of SECTIONS) {
      const part: Record<string, unknown> = {};
      for (const key of this.keys(kind)) part[key] = view(this.metrics.get(key) as Entry);
      out[section] = part;
    }
    return out;
  }

  private getOrCreate(key: string, kind: MetricKind, make: () => Instrument): Instrument {
    const e = this.metrics.get(key);
    if (e) {
      if (e.kind !== kind) throw new Error(`metric ${key} is a ${e.kind}, not a ${kind}`);
      return e.m;
    }
    const name = parseMetricKey(key).name;
    this.checkName(name, kind, 1);
    const m = make();
    const n = this.names.get(name);
    this.names.set(name, { kind, keys: (n?.keys ?? 0) + 1 });
    this.metrics.set(key, { kind, m });
    return m;
  }

  private checkName(name: string, kind: MetricKind, adding: number): void {
    const n = this.names.get(name);
    if (n && n.kind !== kind) throw new Error(`metric name ${name} is a ${n.kind}, not a ${kind}`);
    if ((n?.keys ?? 0) + adding > this.maxKeysPerName) {
      throw new Error(
        `metric ${name}: more than ${this.maxKeysPerName} tag sets; tags must be low-cardinality ` +
          '(raise maxKeysPerName if this is intended)',
      );
    }
  }
}

function incompatibility(a: Entry, b: Entry): string {
  if (a.kind !== b.kind) return `kind mismatch (${a.kind} vs ${b.kind})`;
  if (a.m instanceof DDSketch) return a.m.incompatibility(b.m as DDSketch);
  if (a.m instanceof Series) {
    const o = b.m as Series;
    if (a.m.intervalMs !== o.intervalMs || a.m.decimals !== o.decimals) {
      return `series interval/decimals mismatch (${a.m.intervalMs}/${a.m.decimals} vs ${o.intervalMs}/${o.decimals})`;
    }
  }
  return '';
}

function emptyLike(m: Instrument): Instrument {
  if (m instanceof Counter) return new Counter();
  if (m instanceof Gauge) return new Gauge();
  if (m instanceof MaxGauge) return new MaxGauge();
  if (m instanceof Series) return new Series(m.intervalMs, m.decimals);
  return new DDSketch(m.options);
}

function summarize(s: DDSketch): SketchSummary {
  const q = (p: number): number | null => nullIfNaN(s.quantile(p));
  return {
    count: s.count,
    max: nullIfNaN(s.max),
    mean: nullIfNaN(s.mean),
    min: nullIfNaN(s.min),
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    sum: s.sum,
    thresholds: s.thresholds.map((t) => [t, nullIfNaN(s.fractionAtMost(t))]),
  };
}
