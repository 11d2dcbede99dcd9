import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AgeHistogram } from './age-histogram.ts';

/** The time-weighted quantile of linear age ramps, by brute force at 1 ms resolution (the oracle). */
function bruteQuantile(segments: [number, number][], q: number): number {
  const ages: number[] = [];
  for (const [a0, a1] of segments) for (let a = a0; a < a1; a++) ages.push(a + 0.5);
  ages.sort((x, y) => x - y);
  return ages[Math.min(ages.length - 1, Math.ceil(q * ages.length) - 1)];
}

describe('AgeHistogram', () => {
  it('a sawtooth held value refreshed every 30 s has its p99 at 99 % of the way up the ramp', () => {
    const h = new AgeHistogram();
    // 1,000 stretches of a value that arrives 20 ms old and is replaced 30 s after it was measured.
    for (let i = 0; i < 1000; i++) h.add(20, 30_000);
    const expected = 20 + 0.99 * (30_000 - 20);
    expect(Math.abs(h.quantile(0.99) - expected) / expected).toBeLessThan(0.02);
    expect(Math.abs(h.quantile(0.5) - (20 + 0.5 * 29_980)) / 15_000).toBeLessThan(0.02);
    expect(h.maxMs).toBe(30_000);
  });

  it('quantiles agree with brute force within one bin (2 %), and merging equals adding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 1, max: 5_000 })), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(0.5, 0.9, 0.99),
        (raw, q) => {
          const segs = raw.map(([a0, len]) => [a0, a0 + len] as [number, number]);
          const whole = new AgeHistogram();
          const a = new AgeHistogram(), b = new AgeHistogram();
          segs.forEach((s, i) => {
            whole.add(s[0], s[1]);
            (i % 2 ? a : b).add(s[0], s[1]);
          });
          a.merge(b.toJSON());
          expect(a.quantile(q)).toBe(whole.quantile(q));
          const want = bruteQuantile(segs, q);
          expect(Math.abs(whole.quantile(q) - want)).toBeLessThanOrEqual(0.021 * want + 1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
