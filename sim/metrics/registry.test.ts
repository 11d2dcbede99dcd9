import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DDSketch, metricKey, MetricsRegistry, parseMetricKey, Series } from './index.ts';

const SLA_MS = 120_000;

type Op =
  | { k: 'counter'; step: string; n: number }
  | { k: 'gauge'; actor: string; t: number; v: number }
  | { k: 'max'; actor: string; v: number }
  | { k: 'sketch'; step: string; v: number; c: number }
  | { k: 'series'; region: string; t: number; v: number };

const step = fc.constantFrom('S1-01', 'S1-02', 'S2-01');
const actor = fc.constantFrom('hub', 'gateway');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('counter' as const), step, n: fc.nat(1000) }),
  fc.record({
    k: fc.constant('gauge' as const),
    actor,
    t: fc.integer({ min: 0, max: 20 }), // few distinct times: exercise same-time ties
    v: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  }),
  fc.record({ k: fc.constant('max' as const), actor, v: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }),
  fc.record({
    k: fc.constant('sketch' as const),
    step,
    v: fc.oneof(fc.integer({ min: 0, max: 600_000 }), fc.constant(SLA_MS), fc.double({ min: 0, max: 1e6, noNaN: true })),
    c: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    k: fc.constant('series' as const),
    region: fc.constantFrom('north', 'south'),
    t: fc.integer({ min: 0, max: 3_600_000 }),
    v: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  }),
);

function apply(r: MetricsRegistry, op: Op): void {
  switch (op.k) {
    case 'counter':
      r.counter('steps', { step: op.step }).add(op.n);
      break;
    case 'gauge':
      r.gauge('queue_depth', { actor: op.actor }).set(op.t, op.v);
      break;
    case 'max':
      r.maxGauge('queue_peak', { actor: op.actor }).observe(op.v);
      break;
    case 'sketch':
      r.sketch('latency_ms', { step: op.step }, { thresholds: [SLA_MS] }).add(op.v, op.c);
      break;
    case 'series':
      r.series('load_kw', { region: op.region }, 60_000).add(op.t, op.v);
      break;
  }
}

const build = (ops: Op[]): MetricsRegistry => {
  const r = new MetricsRegistry();
  ops.forEach((op) => apply(r, op));
  return r;
};
/** Full observable state: readable snapshot plus lossless JSON, as text. */
const state = (r: MetricsRegistry): string => JSON.stringify([r.snapshot(), r.toJSON()]);
const ops = fc.array(opArb, { maxLength: 60 });

describe('metric keys', () => {
  it('encode name|k=v with sorted tags, and parse back', () => {
    expect(metricKey('steps')).toBe('steps');
    expect(metricKey('steps', { step: 'S1-01', actor: 'hub', n: 3, ok: true })).toBe(
      'steps|actor=hub,n=3,ok=true,step=S1-01',
    );
    expect(metricKey('x', { b: '1', a: '2' })).toBe(metricKey('x', { a: '2', b: '1' }));
    expect(parseMetricKey('steps|actor=hub,step=S1-01')).toEqual({
      name: 'steps',
      tags: { actor: 'hub', step: 'S1-01' },
    });
  });

  it('reject ambiguous names, tags and keys', () => {
    expect(() => metricKey('a|b')).toThrow(/metric name "a\|b" must match/);
    expect(() => metricKey('1abc')).toThrow(/must match/); // integer-like names would reorder in JSON
    expect(() => metricKey('')).toThrow(/must match/);
    expect(() => metricKey('m', { 'a=b': 'x' })).toThrow(/tag key/);
    expect(() => metricKey('m', { a: 'x,y' })).toThrow(/must not contain/);
    expect(() => metricKey('m', { a: NaN })).toThrow(/finite/);
    expect(() => parseMetricKey('m|b=1,a=2')).toThrow(/non-canonical/);
    expect(() => parseMetricKey('m|junk')).toThrow(/malformed/);
  });
});

describe('MetricsRegistry', () => {
  it('records counters, gauges, sketches and series into a sorted snapshot', () => {
    const r = new MetricsRegistry();
    r.counter('steps', { step: 'S1-02' }).add(2);
    r.counter('steps', { step: 'S1-01' }).add();
    r.counter('steps', { step: 'S1-01' }).add(4);
    r.gauge('queue_depth').set(1_000, 7).set(500, 99); // older time is ignored
    r.maxGauge('queue_peak').observe(3).observe(9).observe(4);
    const lat = r.sketch('latency_ms', {}, { thresholds: [SLA_MS] });
    [1_000, 90_000, SLA_MS, 130_000].forEach((v) => lat.add(v));
    const load = r.series('load_kw', { region: 'north' }, 60_000);
    load.add(0, 1.5).add(59_999, 2.25).add(180_000, -1);
    expect(r.series('load_kw', { region: 'north' }, 60_000)).toBe(load);

    const snap = r.snapshot();
    expect(Object.keys(snap.counters)).toEqual(['steps|step=S1-01', 'steps|step=S1-02']);
    expect(snap.counters['steps|step=S1-01']).toBe(5);
    expect(snap.gauges.queue_depth).toEqual({ tMs: 1_000, value: 7 });
    expect(snap.maxGauges.queue_peak).toBe(9);
    expect(snap.series['load_kw|region=north']).toEqual({
      intervalMs: 60_000,
      startMs: 0,
      values: [3.75, 0, 0, -1],
    });
    const s = snap.sketches.latency_ms;
    expect(s.count).toBe(4);
    expect(s.thresholds).toEqual([[SLA_MS, 0.75]]); // exact: 120 000 ms counts as within SLA
    expect(s.min).toBe(1_000);
    expect(s.max).toBe(130_000);
    expect(s.sum).toBe(341_000);
  });

  it('snapshot keys are sorted at every level, whatever the creation order', () => {
    const isSorted = (x: unknown): boolean => {
      if (Array.isArray(x)) return x.every(isSorted);
      if (typeof x !== 'object' || x === null) return true;
      const keys = Object.keys(x);
      return keys.every((k, i) => i === 0 || keys[i - 1] < k) && Object.values(x).every(isSorted);
    };
    fc.assert(
      fc.property(ops, (list) => {
        const a = build(list);
        const b = build([...list].reverse());
        expect(isSorted(a.snapshot())).toBe(true);
        expect(isSorted(a.toJSON())).toBe(true);
        expect(state(b)).toBe(state(a));
      }),
    );
  });

  it('property: merge is commutative', () => {
    fc.assert(
      fc.property(ops, ops, (a, b) => {
        expect(state(build(a).merge(build(b)))).toBe(state(build(b).merge(build(a))));
      }),
      { numRuns: 300 },
    );
  });

  it('property: merge is associative', () => {
    fc.assert(
      fc.property(ops, ops, ops, (a, b, c) => {
        const left = build(a).merge(build(b)).merge(build(c));
        const right = build(a).merge(build(b).merge(build(c)));
        expect(state(left)).toBe(state(right));
      }),
      { numRuns: 300 },
    );
  });

  it('property: merging worker partitions (shipped as JSON) equals one registry fed everything', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(opArb, fc.nat(3)), { maxLength: 120 }), (tagged) => {
        const whole = build(tagged.map(([op]) => op));
        const parts = [0, 1, 2, 3].map((p) => build(tagged.filter(([, q]) => q === p).map(([op]) => op)));
        const shipped = parts.map((p) => MetricsRegistry.fromJSON(JSON.parse(JSON.stringify(p.toJSON()))));
        const merged = shipped.reduce((acc, p) => acc.merge(p), new MetricsRegistry());
        expect(state(merged)).toBe(state(whole));
      }),
    );
  });

  it('property: toJSON -> fromJSON round trip is lossless', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const r = build(list);
        expect(state(MetricsRegistry.fromJSON(JSON.parse(JSON.stringify(r.toJSON()))))).toBe(state(r));
      }),
    );
  });

  it('merge copies rather than aliases, and self-merge doubles', () => {
    const a = new MetricsRegistry();
    const b = new MetricsRegistry();
    b.sketch('lat').add(5);
    a.merge(b);
    b.sketch('lat').add(6);
    expect(a.sketch('lat').count).toBe(1);
    a.counter('n').add(2);
    a.merge(a);
    expect(a.counter('n').value).toBe(4);
    expect(a.sketch('lat').count).toBe(2);
  });

  it('rejects conflicting kinds and options with clear errors', () => {
    const r = new MetricsRegistry();
    r.counter('steps');
    expect(() => r.sketch('steps', { step: 'x' })).toThrow(/metric name steps is a counter, not a sketch/);
    r.sketch('lat', {}, { alpha: 0.01 });
    expect(() => r.sketch('lat', {}, { alpha: 0.02 })).toThrow(/alpha mismatch/);
    r.series('load', {}, 60_000);
    expect(() => r.series('load', {}, 1_000)).toThrow(/exists with intervalMs=60000/);
    expect(() => r.counter('steps').add(1.5)).toThrow(/non-negative integer/);
    expect(() => r.gauge('g').set(0, NaN)).toThrow(/finite number, got NaN/);
    expect(() => r.maxGauge('m').observe(Infinity)).toThrow(/finite/);
    expect(() => r.series('load', {}, 60_000).add(NaN, 1)).toThrow(/tMs must be a finite number/);
  });

  it('a failing merge leaves the target untouched', () => {
    const a = new MetricsRegistry();
    a.counter('aa').add(1);
    a.sketch('lat', {}, { alpha: 0.01 }).add(1);
    const b = new MetricsRegistry();
    b.counter('aa').add(1);
    b.sketch('lat', {}, { alpha: 0.05 }).add(1);
    const before = state(a);
    expect(() => a.merge(b)).toThrow(/merge\(lat\): alpha mismatch/);
    expect(state(a)).toBe(before);
    const c = new MetricsRegistry();
    c.series('lat', {}, 1000);
    expect(() => a.merge(c)).toThrow(/kind mismatch|is a sketch, not a series/);
  });

  it('enforces low-cardinality tags', () => {
    const r = new MetricsRegistry({ maxKeysPerName: 2 });
    r.counter('c', { device: 'a' });
    r.counter('c', { device: 'b' });
    expect(() => r.counter('c', { device: 'c' })).toThrow(/more than 2 tag sets/);
    const other = new MetricsRegistry();
    other.counter('c', { device: 'z' });
    expect(() => r.merge(other)).toThrow(/more than 2 tag sets/);
  });

  it('fromJSON rejects malformed input', () => {
    expect(() => MetricsRegistry.fromJSON(null)).toThrow(/expected an object/);
    expect(() => MetricsRegistry.fromJSON({ counters: { 'm|b=1,a=2': 1 } })).toThrow(/non-canonical/);
    expect(() => MetricsRegistry.fromJSON({ counters: { m: -1 } })).toThrow(/non-negative integer/);
    expect(() => MetricsRegistry.fromJSON({ counters: { m: 1 }, sketches: { m: new DDSketch().toJSON() } })).toThrow(
      /is a counter, not a sketch/,
    );
  });
});

describe('Series', () => {
  it('sums per interval exactly and merges only equal intervals', () => {
    const s = new Series(60_000).add(0, 0.1).add(1, 0.2).add(2, 0.3);
    expect(s.valueAt(30_000)).toBe(0.6);
    expect(() => s.merge(new Series(1_000))).toThrow(/interval\/decimals mismatch/);
    expect(() => new Series(0)).toThrow(/intervalMs must be a positive integer/);
    expect(() => new Series(60_000, 0).add(0, 2 ** 53)).toThrow(/exceeds 2\^53/);
  });
});
