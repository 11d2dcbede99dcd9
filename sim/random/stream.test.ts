import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { philox4x32_10 } from './philox.ts';
import {
  RandomStream,
  bernoulliAt,
  exponentialAt,
  lognormalAt,
  lognormalParamsFromMeanCv,
  normalAt,
  u32At,
  uniformAt,
  uniformRangeAt,
  unitFromWords,
  weibullAt,
} from './stream.ts';

const N = 200_000;
const MAX_U32 = 0xffffffff;

// ---------------------------------------------------------------- helpers

/** Lanczos approximation (g = 7, 9 terms), ~15 significant digits for real z. */
function gamma(z: number): number {
  const p = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z));
  z -= 1;
  let x = p[0];
  for (let i = 1; i < 9; i++) x += p[i] / (z + i);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
}

function sample(n: number, draw: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = draw();
  return xs;
}

/**
 * Checks sample mean and variance against closed forms, each within 5 standard
 * errors of its estimator:
 *   SE(mean)     = sqrt(Var / n)
 *   SE(variance) ≈ sqrt((mu4 - Var^2) / n), mu4 = 4th central moment
 *                  (estimated from the sample, so it works for any distribution).
 */
function expectMoments(xs: Float64Array, mean: number, variance: number): void {
  const n = xs.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i];
  m /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  const sampleVar = m2 / (n - 1);
  m4 /= n;
  const seMean = Math.sqrt(variance / n);
  const seVar = Math.sqrt(Math.max(m4 - variance * variance, 0) / n);
  expect(Math.abs(m - mean), `mean ${m} vs ${mean} (SE ${seMean})`).toBeLessThan(5 * seMean);
  expect(Math.abs(sampleVar - variance), `variance ${sampleVar} vs ${variance} (SE ${seVar})`).toBeLessThan(5 * seVar);
}

/**
 * Pearson chi-square of counts vs expected probabilities, compared with the
 * chi-square(df) quantile at z = 5 via Wilson–Hilferty:
 *   q = df * (1 - 2/(9 df) + z * sqrt(2/(9 df)))^3
 */
function expectChiSquare(counts: ArrayLike<number>, probs: ArrayLike<number>): void {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  let chi2 = 0;
  let df = -1;
  for (let i = 0; i < counts.length; i++) {
    if (probs[i] === 0) continue;
    const e = total * probs[i];
    chi2 += ((counts[i] - e) * (counts[i] - e)) / e;
    df++;
  }
  const a = 2 / (9 * df);
  const q = df * Math.pow(1 - a + 5 * Math.sqrt(a), 3);
  expect(chi2, `chi2 ${chi2} with df ${df}`).toBeLessThan(q);
}

// ---------------------------------------------------------------- tests

describe('Lanczos gamma (test helper)', () => {
  it('matches known values', () => {
    expect(gamma(1)).toBeCloseTo(1, 12);
    expect(gamma(5)).toBeCloseTo(24, 10);
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(gamma(1.5)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 12);
  });
});

describe('mapping to Philox', () => {
  // Key/counter layout pinned against Random123 KAT lines (see philox.test.ts):
  // counter = [idx lo, idx hi, actor, stream], key = [seed lo, seed hi].
  it('seed 0, actor 0, stream 0, index 0 is the all-zeros KAT block', () => {
    expect(u32At(0, 0, 0, 0)).toBe(0x6627e8d5);
    expect(uniformAt(0, 0, 0, 0)).toBe(unitFromWords(0x6627e8d5, 0xe169c58d));
    const u1 = unitFromWords(0x6627e8d5, 0xe169c58d);
    const u2 = unitFromWords(0xbc57ac4c, 0x9b00dbd8);
    expect(normalAt(0, 0, 0, 0, 0, 1)).toBe(Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2));
  });

  it('places index, actor and stream in the documented counter words', () => {
    // ctr 00000001 0 0 0, key 1 0
    expect(u32At(1, 0, 0, 1)).toBe(0xac08141b);
    // ctr 0 00000001 0 0, key 1 0  (index 2^32 uses the high counter word)
    expect(u32At(1, 0, 0, 2 ** 32)).toBe(0x833ff8dc);
    // ctr 0 0 00000001 0, key 1 0
    expect(u32At(1, 1, 0, 0)).toBe(0x07071c12);
    // ctr 0 0 0 00000001, key 1 0
    expect(new RandomStream(1, 0, 1).nextU32()).toBe(0x127bee41);
  });

  it('uses the high 21 seed bits as key word 1', () => {
    const seed = 2 ** 40 + 3;
    const index = 2 ** 33 + 7;
    const out = new Uint32Array(4);
    philox4x32_10(7, 2, 11, 13, 3, 2 ** 8, out);
    expect(uniformAt(seed, 11, 13, index)).toBe(unitFromWords(out[0], out[1]));
    expect(uniformAt(seed, 11, 13, index)).not.toBe(uniformAt(3, 11, 13, index));
  });
});

describe('RandomStream determinism', () => {
  const seq = (s: RandomStream, n = 200) => Array.from({ length: n }, () => s.uniform());

  it('same key gives the same sequence', () => {
    expect(seq(new RandomStream(42, 7, 3))).toEqual(seq(new RandomStream(42, 7, 3)));
  });

  it('different seed, actor or stream gives different sequences', () => {
    const base = seq(new RandomStream(42, 7, 3));
    for (const s of [
      new RandomStream(43, 7, 3),
      new RandomStream(42, 8, 3),
      new RandomStream(42, 7, 4),
      new RandomStream(42 + 2 ** 32, 7, 3),
    ]) {
      const other = seq(s);
      const equal = other.filter((x, i) => x === base[i]).length;
      expect(equal).toBe(0);
    }
  });

  it('index save/restore replays exactly', () => {
    const s = new RandomStream(99, 1, 2);
    for (let i = 0; i < 10; i++) s.uniform();
    const saved = s.index;
    expect(saved).toBe(10);
    const mixed = (r: RandomStream) => [
      r.uniform(), r.normal(1, 2), r.exponential(3), r.int(1000), r.weibull(1.5, 2),
      r.lognormal(0, 1), r.lognormalMeanCv(5, 0.3), r.bernoulli(0.5) ? 1 : 0,
      r.weightedChoice([1, 2, 3]), r.nextU32(), r.uniformRange(-1, 1),
    ];
    const first = mixed(s);
    s.index = saved;
    expect(mixed(s)).toEqual(first);
    expect(mixed(new RandomStream(99, 1, 2, saved))).toEqual(first);
  });

  it('each non-rejection draw consumes exactly one index', () => {
    const s = new RandomStream(5, 5, 5);
    const ops: Array<() => unknown> = [
      () => s.nextU32(), () => s.uniform(), () => s.uniformRange(0, 1), () => s.exponential(1),
      () => s.normal(0, 1), () => s.lognormal(0, 1), () => s.lognormalMeanCv(1, 1),
      () => s.weibull(2, 1), () => s.bernoulli(0.5), () => s.weightedChoice([1, 1]), () => s.int(10),
    ];
    for (const op of ops) {
      const before = s.index;
      op();
      expect(s.index).toBe(before + 1);
    }
  });

  it('validates constructor arguments and index', () => {
    expect(() => new RandomStream(-1, 0, 0)).toThrow(RangeError);
    expect(() => new RandomStream(1.5, 0, 0)).toThrow(RangeError);
    expect(() => new RandomStream(2 ** 53, 0, 0)).toThrow(RangeError);
    expect(() => new RandomStream(0, 2 ** 32, 0)).toThrow(RangeError);
    expect(() => new RandomStream(0, 0, -1)).toThrow(RangeError);
    expect(() => new RandomStream(Number.MAX_SAFE_INTEGER, MAX_U32, MAX_U32)).not.toThrow();
    const s = new RandomStream(0, 0, 0);
    expect(() => (s.index = -1)).toThrow(RangeError);
    expect(() => (s.index = 0.5)).toThrow(RangeError);
    expect(() => (s.index = NaN)).toThrow(RangeError);
    expect(() => (s.index = 2 ** 53)).toThrow(RangeError);
  });

  it('refuses to wrap past 2^53 draws', () => {
    const s = new RandomStream(0, 0, 0, Number.MAX_SAFE_INTEGER);
    expect(s.uniform()).toBe(uniformAt(0, 0, 0, Number.MAX_SAFE_INTEGER));
    expect(() => s.uniform()).toThrow(/exhausted/);
  });
});

describe('uniform', () => {
  it('maps extreme words into [0, 1), never 1', () => {
    expect(unitFromWords(0, 0)).toBe(0);
    expect(unitFromWords(MAX_U32, MAX_U32)).toBe(1 - 2 ** -53);
    expect(unitFromWords(MAX_U32, MAX_U32)).toBeLessThan(1);
  });

  it('has mean 1/2 and variance 1/12, all draws in [0, 1)', () => {
    const s = new RandomStream(1, 2, 3);
    const xs = sample(N, () => s.uniform());
    let min = Infinity;
    let max = -Infinity;
    for (const x of xs) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expectMoments(xs, 0.5, 1 / 12);
  });

  it('uniformRange(a, b): mean (a+b)/2, variance (b-a)^2/12', () => {
    const s = new RandomStream(1, 2, 4);
    expectMoments(sample(N, () => s.uniformRange(-3, 5)), 1, 64 / 12);
  });
});

describe('continuous distributions: mean and variance', () => {
  it('exponential(mean): mean m, variance m^2', () => {
    const s = new RandomStream(11, 0, 0);
    expectMoments(sample(N, () => s.exponential(2.5)), 2.5, 6.25);
  });

  it('normal(mu, sigma): mean mu, variance sigma^2', () => {
    const s = new RandomStream(12, 0, 0);
    expectMoments(sample(N, () => s.normal(10, 3)), 10, 9);
  });

  it('lognormal(mu, sigma): mean e^(mu+s^2/2), variance (e^(s^2)-1) e^(2mu+s^2)', () => {
    const s = new RandomStream(13, 0, 0);
    const mu = 0.5;
    const sg = 0.4;
    expectMoments(
      sample(N, () => s.lognormal(mu, sg)),
      Math.exp(mu + (sg * sg) / 2),
      (Math.exp(sg * sg) - 1) * Math.exp(2 * mu + sg * sg),
    );
  });

  it('lognormalMeanCv(mean, cv): mean m, variance (cv m)^2', () => {
    const s = new RandomStream(14, 0, 0);
    expectMoments(sample(N, () => s.lognormalMeanCv(4, 0.5)), 4, 4);
    const { mu, sigma } = lognormalParamsFromMeanCv(4, 0.5);
    expect(Math.exp(mu + (sigma * sigma) / 2)).toBeCloseTo(4, 12);
  });

  it.each([
    [0.9, 2],
    [1.5, 2],
    [3.5, 0.7],
  ])('weibull(shape %d, scale %d): mean λΓ(1+1/k), variance λ²(Γ(1+2/k) - Γ(1+1/k)²)', (k, lambda) => {
    const s = new RandomStream(15, k * 10, 0);
    const g1 = gamma(1 + 1 / k);
    const g2 = gamma(1 + 2 / k);
    expectMoments(sample(N, () => s.weibull(k, lambda)), lambda * g1, lambda * lambda * (g2 - g1 * g1));
  });
});

describe('discrete draws', () => {
  it('bernoulli(p): mean p, variance p(1-p)', () => {
    const s = new RandomStream(21, 0, 0);
    expectMoments(sample(N, () => (s.bernoulli(0.3) ? 1 : 0)), 0.3, 0.21);
    expect(s.bernoulli(0)).toBe(false);
    expect(s.bernoulli(1)).toBe(true);
  });

  it('int(n): uniform frequencies (chi-square), mean (n-1)/2, variance (n^2-1)/12', () => {
    const s = new RandomStream(22, 0, 0);
    const n = 10;
    const counts = new Float64Array(n);
    const xs = sample(N, () => {
      const v = s.int(n);
      counts[v]++;
      return v;
    });
    expectMoments(xs, (n - 1) / 2, (n * n - 1) / 12);
    expectChiSquare(counts, new Float64Array(n).fill(1 / n));
    expect(s.int(1)).toBe(0);
  });

  it('int(n) rejects to stay unbiased for huge n', () => {
    // n = 2^52 + 1: about half of 53-bit values are rejected, so retries consume indices.
    const s = new RandomStream(23, 0, 0);
    const n = 2 ** 52 + 1;
    const draws = 20_000;
    const xs = sample(draws, () => s.int(n));
    expect(s.index).toBeGreaterThan(draws * 1.8);
    for (const x of xs) expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
    expectMoments(xs, (n - 1) / 2, (n * n - 1) / 12);
  });

  it('int(n) validates n', () => {
    const s = new RandomStream(0, 0, 0);
    for (const bad of [0, -1, 1.5, NaN, Infinity, 2 ** 53 + 2]) expect(() => s.int(bad)).toThrow(RangeError);
  });

  it('weightedChoice: frequencies proportional to weights, zero weights never chosen', () => {
    const s = new RandomStream(24, 0, 0);
    const w = [1, 0, 3, 6, 0.5, 0];
    const total = w.reduce((a, b) => a + b, 0);
    const counts = new Float64Array(w.length);
    for (let i = 0; i < N; i++) counts[s.weightedChoice(w)]++;
    expect(counts[1]).toBe(0);
    expect(counts[5]).toBe(0);
    expectChiSquare(counts, w.map((x) => x / total));
    expect(s.weightedChoice(new Float64Array([0, 0, 2]))).toBe(2);
  });

  it('weightedChoice throws clearly on bad weights', () => {
    const s = new RandomStream(0, 0, 0);
    expect(() => s.weightedChoice([])).toThrow(/all zero/);
    expect(() => s.weightedChoice([0, 0])).toThrow(/all zero/);
    expect(() => s.weightedChoice([1, -1])).toThrow(/weight\[1\]/);
    expect(() => s.weightedChoice([1, NaN])).toThrow(/weight\[1\]/);
    expect(() => s.weightedChoice([1, Infinity])).toThrow(/weight\[1\]/);
  });

  it('shuffle: permutation, uniform over the 6 orders of 3 items', () => {
    const s = new RandomStream(25, 0, 0);
    const perms = ['012', '021', '102', '120', '201', '210'];
    const counts = new Float64Array(6);
    for (let i = 0; i < 60_000; i++) counts[perms.indexOf(s.shuffle([0, 1, 2]).join(''))]++;
    expectChiSquare(counts, new Float64Array(6).fill(1 / 6));
    const big = s.shuffle(Array.from({ length: 100 }, (_, i) => i));
    expect([...big].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const typed = s.shuffle(new Int32Array([5, 6, 7]));
    expect(Array.from(typed).sort()).toEqual([5, 6, 7]);
  });

  it('pick: uniform over elements, throws on empty', () => {
    const s = new RandomStream(26, 0, 0);
    const items = ['a', 'b', 'c', 'd'];
    const counts = new Float64Array(4);
    for (let i = 0; i < 40_000; i++) counts[items.indexOf(s.pick(items))]++;
    expectChiSquare(counts, new Float64Array(4).fill(1 / 4));
    expect(() => s.pick([])).toThrow(RangeError);
  });
});

describe('properties (fast-check prints the seed on failure)', () => {
  const seedArb = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
  const u32Arb = fc.integer({ min: 0, max: MAX_U32 });
  const indexArb = fc.oneof(
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 64 }),
  );

  it('uniform() is in [0, 1) and equals uniformAt at the same index', () => {
    fc.assert(
      fc.property(seedArb, u32Arb, u32Arb, indexArb, fc.integer({ min: 0, max: 32 }), (seed, actor, stream, start, k) => {
        const s = new RandomStream(seed, actor, stream, start);
        for (let i = 0; i < k; i++) {
          const u = s.uniform();
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThan(1);
          expect(u).toBe(uniformAt(seed, actor, stream, start + i));
        }
        expect(s.index).toBe(start + k);
      }),
      { numRuns: 300 },
    );
  });

  it('every *At function equals the matching method at the same index', () => {
    fc.assert(
      fc.property(seedArb, u32Arb, u32Arb, indexArb, (seed, actor, stream, index) => {
        const s = () => new RandomStream(seed, actor, stream, index);
        expect(u32At(seed, actor, stream, index)).toBe(s().nextU32());
        expect(uniformRangeAt(seed, actor, stream, index, -2, 7)).toBe(s().uniformRange(-2, 7));
        expect(exponentialAt(seed, actor, stream, index, 3)).toBe(s().exponential(3));
        expect(normalAt(seed, actor, stream, index, 1, 2)).toBe(s().normal(1, 2));
        expect(lognormalAt(seed, actor, stream, index, 0.1, 0.5)).toBe(s().lognormal(0.1, 0.5));
        expect(weibullAt(seed, actor, stream, index, 1.7, 3)).toBe(s().weibull(1.7, 3));
        expect(bernoulliAt(seed, actor, stream, index, 0.4)).toBe(s().bernoulli(0.4));
        const { mu, sigma } = lognormalParamsFromMeanCv(5, 0.8);
        expect(s().lognormalMeanCv(5, 0.8)).toBe(lognormalAt(seed, actor, stream, index, mu, sigma));
      }),
      { numRuns: 300 },
    );
  });
});
