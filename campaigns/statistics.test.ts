import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalAt } from '../sim/random/index.ts';
import { meanInterval, pairedDifference, tQuantile, welchDifference } from './statistics.ts';

describe('Student t quantile', () => {
  // Printed t table (NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.2), three decimals.
  it.each([
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 4, 2.776],
    [0.975, 9, 2.262],
    [0.975, 29, 2.045],
    [0.975, 100, 1.984],
    [0.95, 5, 2.015],
    [0.95, 10, 1.812],
    [0.995, 10, 3.169],
  ])('t(%f, %i) = %f', (p, df, table) => {
    expect(tQuantile(p, df)).toBeCloseTo(table, 3);
  });
});

describe('mean interval', () => {
  it('matches a hand computation: 1..5 has mean 3, sd √2.5 and half-width t(0.975,4)·√2.5/√5', () => {
    const i = meanInterval([1, 2, 3, 4, 5]);
    expect(i.n).toBe(5);
    expect(i.mean).toBe(3);
    expect(i.sd).toBeCloseTo(1.5811, 4);
    expect(i.half_width).toBeCloseTo((2.776 * 1.5811) / Math.sqrt(5), 2);
    expect(i.low! + i.half_width!).toBeCloseTo(3, 12);
  });

  it('has no interval below two values', () => {
    expect(meanInterval([])).toMatchObject({ n: 0, mean: null, half_width: null });
    expect(meanInterval([4])).toMatchObject({ n: 1, mean: 4, sd: null, low: null, high: null });
  });

  it('covers a known mean at its nominal rate (normal draws; 2,000 intervals per case)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom(0.9, 0.95, 0.99),
        fc.integer({ min: 0, max: 1_000_000 }),
        (mu, sigma, n, confidence, seed) => {
          const intervals = 2000;
          let covered = 0;
          for (let k = 0; k < intervals; k++) {
            const xs = Array.from({ length: n }, (_, j) => normalAt(seed, k, 0, j, mu, sigma));
            const i = meanInterval(xs, confidence);
            if (i.low! <= mu && mu <= i.high!) covered++;
          }
          // 4.5 binomial standard deviations of the coverage estimate around the nominal rate.
          const tolerance = 4.5 * Math.sqrt((confidence * (1 - confidence)) / intervals);
          expect(Math.abs(covered / intervals - confidence)).toBeLessThan(tolerance);
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('paired difference', () => {
  it('pairs replication with replication and skips a replication either side lacks', () => {
    const i = pairedDifference([1, 2, undefined, 4], [2, 4, 9, 5]);
    expect(i.n).toBe(3);
    expect(i.mean).toBeCloseTo((1 + 2 + 1) / 3, 12);
  });

  it('common random numbers: the paired interval is far narrower than the independent one and still covers the true difference', () => {
    // Each replication shares a large common part Z (the seed's world); the points differ by delta plus small noise.
    const delta = 1.5, n = 5, experiments = 400;
    let paired = 0, independent = 0, covered = 0;
    for (let k = 0; k < experiments; k++) {
      const z = (j: number, s: number) => normalAt(11, k, s, j, 0, 5);
      const a = Array.from({ length: n }, (_, j) => z(j, 0) + normalAt(12, k, 0, j, 0, 1));
      const b = Array.from({ length: n }, (_, j) => z(j, 0) + delta + normalAt(13, k, 0, j, 0, 1));
      // Independent seeds: the second point's replications see other worlds.
      const bIndependent = Array.from({ length: n }, (_, j) => z(j, 1) + delta + normalAt(13, k, 0, j, 0, 1));
      const p = pairedDifference(a, b);
      const w = welchDifference(a, bIndependent);
      paired += p.half_width!;
      independent += w.half_width!;
      if (p.low! <= delta && delta <= p.high!) covered++;
    }
    expect(paired / independent).toBeLessThan(0.4);
    expect(Math.abs(covered / experiments - 0.95)).toBeLessThan(4.5 * Math.sqrt((0.95 * 0.05) / experiments));
  });
});

describe('Welch interval', () => {
  it('with equal sizes and variances has 2(n − 1) degrees of freedom: 1..5 vs 3..7 gives 2 ± t(0.975, 8)', () => {
    const w = welchDifference([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]);
    expect(w.mean).toBe(2);
    expect(w.se).toBeCloseTo(1, 12);
    expect(w.df).toBeCloseTo(8, 12);
    expect(w.half_width).toBeCloseTo(2.306, 3);
  });
});
