import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DDSketch } from './ddsketch.ts';

/** The order statistic DDSketch.quantile estimates ("lower" quantile). */
const lowerQuantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))];
/** Float slack for log/exp rounding on top of the alpha guarantee. */
const SLACK = 1 + 1e-9;
const text = (s: DDSketch): string => JSON.stringify(s.toJSON());

const valueArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 600_000 }), // integer ms
  fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
  fc.constantFrom(119.999999, 120, 120.000001), // around the 120 s SLA
);

describe('DDSketch accuracy', () => {
  it('uniform 1..100000: p50/p95/p99 within alpha of the exact order statistics', () => {
    const s = new DDSketch();
    const sorted: number[] = [];
    for (let v = 1; v <= 100_000; v++) {
      s.add(v);
      sorted.push(v);
    }
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = lowerQuantile(sorted, q);
      expect(Math.abs(s.quantile(q) - exact)).toBeLessThanOrEqual(0.01 * exact * SLACK);
    }
    expect(s.quantile(0)).toBe(1); // extremes come from the exact min/max
    expect(s.quantile(1)).toBe(100_000);
    expect(s.count).toBe(100_000);
    expect(s.sum).toBe(5_000_050_000);
    expect(s.mean).toBe(50_000.5);
  });

  it('exponential (inverse-CDF grid), alpha = 0.005: every percentile within alpha', () => {
    const s = new DDSketch({ alpha: 0.005 });
    const sorted: number[] = [];
    const n = 20_000;
    for (let i = 0; i < n; i++) sorted.push(-Math.log(1 - (i + 0.5) / n) * 2_500); // mean 2.5 s in ms
    for (const v of sorted) s.add(v);
    for (let p = 0; p <= 100; p++) {
      const exact = lowerQuantile(sorted, p / 100);
      expect(Math.abs(s.quantile(p / 100) - exact)).toBeLessThanOrEqual(0.005 * exact * SLACK);
    }
  });

  it('property: quantile relative error <= alpha vs exact sorted quantile', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.001, 0.01, 0.02, 0.05),
        fc.array(fc.oneof(valueArb, fc.double({ min: 1e-300, max: 1e300, noNaN: true })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 0.99, 1))),
        (alpha, values, qs) => {
          const s = new DDSketch({ alpha });
          for (const v of values) s.add(v);
          const sorted = [...values].sort((a, b) => a - b);
          for (const q of [...qs, 0.5, 0.95, 0.99]) {
            const exact = lowerQuantile(sorted, q);
            const est = s.quantile(q);
            if (!(Math.abs(est - exact) <= alpha * exact * SLACK)) {
              throw new Error(`q=${q}: estimate ${est} vs exact ${exact} (alpha ${alpha})`);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns 0 for quantiles that fall on zero values', () => {
    const s = new DDSketch().add(0, 3).add(5);
    expect(s.zeroCount).toBe(3);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(1)).toBe(5);
  });
});

describe('DDSketch thresholds (SLA)', () => {
  it('countAtMost is exact where buckets cannot be', () => {
    const s = new DDSketch({ thresholds: [120] });
    for (const v of [119.999999, 120, 120.000001, 121, 0, 500]) s.add(v);
    // 119.999999, 120 and 120.000001 share one bucket; only the counter separates them.
    expect(s.countAtMost(120)).toBe(3); // 0, 119.999999, 120
    expect(s.fractionAtMost(120)).toBe(0.5);
    expect(s.countAtMost(120.0)).toBe(3);
  });

  it('property: registered thresholds are exact; others are F(t) <= est <= F(gamma t)', () => {
    fc.assert(
      fc.property(
        fc.array(valueArb, { minLength: 1, maxLength: 200 }),
        fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { maxLength: 4 }),
        fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
        (values, thresholds, probe) => {
          const s = new DDSketch({ thresholds: [120, ...thresholds] });
          values.forEach((v) => s.add(v));
          const F = (t: number): number => values.filter((v) => v <= t).length / values.length;
          for (const t of [120, ...thresholds]) {
            expect(s.countAtMost(t)).toBe(values.filter((v) => v <= t).length);
            expect(s.fractionAtMost(t)).toBe(F(t));
          }
          if (!s.thresholds.includes(probe)) {
            const est = s.fractionAtMost(probe);
            const gamma = (1 + s.alpha) / (1 - s.alpha);
            expect(est).toBeGreaterThanOrEqual(F(probe));
            expect(est).toBeLessThanOrEqual(F(probe * gamma * SLACK));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('DDSketch merge determinism', () => {
  it('property: any partition merged in any grouping/order is bit-identical to the whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(valueArb, fc.integer({ min: 1, max: 3 }), fc.nat(7)), { maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 7, maxLength: 7 }),
        (items, picks) => {
          const opts = { thresholds: [120, 1000] };
          const whole = new DDSketch(opts);
          const parts = Array.from({ length: 8 }, () => new DDSketch(opts));
          for (const [v, c, p] of items) {
            whole.add(v, c);
            parts[p].add(v, c);
          }
          // Random merge tree: repeatedly merge two random sketches, random direction.
          const pool = [...parts];
          for (const [i, j, flip] of picks) {
            const a = pool.splice(i % pool.length, 1)[0];
            const b = pool.splice(j % pool.length, 1)[0];
            pool.push(flip ? a.merge(b) : b.merge(a));
          }
          expect(pool).toHaveLength(1);
          expect(text(pool[0])).toBe(text(whole));
          expect(pool[0].sum).toBe(whole.sum);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sum is exact in any order (0.1 + 0.2 + 0.3)', () => {
    const a = new DDSketch().add(0.1).add(0.2).add(0.3);
    const b = new DDSketch().add(0.3).add(0.2).add(0.1);
    expect(0.1 + 0.2 + 0.3).not.toBe(0.3 + 0.2 + 0.1); // why plain float sums are not used
    expect(a.sum).toBe(0.6);
    expect(text(a)).toBe(text(b));
  });

  it('keeps sums exact beyond 2^53 quanta', () => {
    const s = new DDSketch({ sumDecimals: 0 }).add(2 ** 52).add(2 ** 52).add(1);
    expect(s.toJSON().sumQuanta).toBe('9007199254740993'); // 2^53 + 1, not a double
    const big = new DDSketch().add(1e12, 1_000_000);
    expect(big.toJSON().sumQuanta).toBe('1' + '0'.repeat(24));
    expect(big.sum).toBe(1e18);
  });

  it('state does not depend on insertion order (dense array grows both ways)', () => {
    const up = new DDSketch();
    const down = new DDSketch();
    for (let e = -6; e <= 9; e += 0.01) up.add(10 ** e);
    for (let e = 9; e >= -6; e -= 0.01) down.add(10 ** Number(e.toFixed(2)));
    const up2 = new DDSketch();
    for (let e = -6; e <= 9; e += 0.01) up2.add(10 ** Number(e.toFixed(2)));
    expect(text(down)).toBe(text(up2));
    expect(up.toJSON().counts.length).toBeGreaterThan(1000);
  });

  it('merging a sketch into itself doubles it', () => {
    const s = new DDSketch().add(1).add(10);
    s.merge(s);
    expect(text(s)).toBe(text(new DDSketch().add(1, 2).add(10, 2)));
  });
});

describe('DDSketch serialisation', () => {
  it('property: toJSON -> JSON text -> fromJSON round trip is exact', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { maxLength: 200 }), (values) => {
        const s = new DDSketch({ thresholds: [120] });
        values.forEach((v) => s.add(v));
        const back = DDSketch.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
        expect(text(back)).toBe(text(s));
        for (const q of [0, 0.5, 0.99, 1]) expect(Object.is(back.quantile(q), s.quantile(q))).toBe(true);
        expect(Object.is(back.sum, s.sum)).toBe(true);
      }),
    );
  });

  it('is compact and canonical', () => {
    const s = new DDSketch({ thresholds: [120] }).add(0).add(100).add(100).add(130);
    expect(JSON.stringify(s.toJSON())).toBe(
      JSON.stringify({
        alpha: 0.01,
        atMost: [3],
        counts: [2, ...Array(12).fill(0), 1], // 100 and 130 are 13 buckets apart
        max: 130,
        min: 0,
        offset: s.toJSON().offset,
        sumDecimals: 6,
        sumQuanta: '330000000',
        thresholds: [120],
        zeroCount: 1,
      }),
    );
    expect(new DDSketch().toJSON()).toMatchObject({ offset: 0, counts: [], min: null, max: null, sumQuanta: '0' });
  });
});

describe('DDSketch edge cases and errors', () => {
  it('empty sketch', () => {
    const s = new DDSketch();
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.fractionAtMost(1)).toBeNaN();
    expect([s.count, s.sum, s.isEmpty]).toEqual([0, 0, true]);
    expect(s.min).toBeNaN();
    expect(s.max).toBeNaN();
    expect(s.mean).toBeNaN();
  });

  it('rejects bad values, counts, quantiles and options', () => {
    const s = new DDSketch();
    expect(() => s.add(-1)).toThrow(/must be >= 0, got -1/);
    expect(() => s.add(NaN)).toThrow(/must be a number, got NaN/);
    expect(() => s.add(Infinity)).toThrow(/finite/);
    expect(() => s.add('3' as unknown as number)).toThrow(/must be a number/);
    expect(() => s.add(1, 1.5)).toThrow(/count must be a non-negative integer/);
    expect(() => s.add(1, -1)).toThrow(/count must be a non-negative integer/);
    expect(() => s.add(1e303)).toThrow(/too large for sumDecimals=6/);
    expect(() => s.quantile(1.5)).toThrow(/q must be in \[0, 1\]/);
    expect(() => s.quantile(NaN)).toThrow(/q must be in \[0, 1\]/);
    expect(() => s.countAtMost(120)).toThrow(/not a registered threshold/);
    expect(() => s.fractionAtMost(NaN)).toThrow(/threshold must be a number/);
    expect(() => new DDSketch({ alpha: 0 })).toThrow(/alpha must be a number in \(0, 1\)/);
    expect(() => new DDSketch({ alpha: 1 })).toThrow(/alpha/);
    expect(() => new DDSketch({ thresholds: [NaN] })).toThrow(/thresholds must be finite/);
    expect(() => new DDSketch({ sumDecimals: 1.5 })).toThrow(/sumDecimals/);
    expect(s.count).toBe(0); // failed adds left no trace
  });

  it('merge requires equal alpha, sumDecimals and thresholds', () => {
    const a = new DDSketch({ alpha: 0.01 }).add(1);
    expect(() => a.merge(new DDSketch({ alpha: 0.02 }))).toThrow(/alpha mismatch \(0.01 vs 0.02\)/);
    expect(() => a.merge(new DDSketch({ sumDecimals: 3 }))).toThrow(/sumDecimals mismatch/);
    expect(() => a.merge(new DDSketch({ thresholds: [120] }))).toThrow(/thresholds mismatch/);
    expect(() => a.merge({} as DDSketch)).toThrow(/not a DDSketch/);
    expect(a.count).toBe(1);
  });

  it('fromJSON rejects malformed input', () => {
    const good = new DDSketch().add(5).toJSON();
    expect(() => DDSketch.fromJSON(null)).toThrow(/expected an object/);
    expect(() => DDSketch.fromJSON({ ...good, alpha: undefined })).toThrow(/alpha must be a number/);
    expect(() => DDSketch.fromJSON({ ...good, counts: [-1] })).toThrow(/counts must be non-negative integers/);
    expect(() => DDSketch.fromJSON({ ...good, sumQuanta: 1 })).toThrow(/sumQuanta/);
    expect(() => DDSketch.fromJSON({ ...good, min: 9, max: 5 })).toThrow(/min\/max/);
    expect(() => DDSketch.fromJSON({ ...good, thresholds: [2, 1], atMost: [1, 1] })).toThrow(/sorted and unique/);
    expect(() => DDSketch.fromJSON({ ...good, thresholds: [1], atMost: [2] })).toThrow(/atMost/);
  });

  it('treats -0 as 0', () => {
    const a = new DDSketch().add(-0).add(0);
    const b = new DDSketch().add(0).add(-0);
    expect(text(a)).toBe(text(b));
    expect(Object.is(a.min, 0)).toBe(true);
  });
});
