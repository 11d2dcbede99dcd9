import { describe, expect, test } from 'vitest';
import { linearScale, logScale } from './scale.ts';

describe('linearScale', () => {
  test('maps the domain onto the range', () => {
    const x = linearScale([0, 21_600_000], [64, 862]);
    expect(x(0)).toBe(64);
    expect(x(21_600_000)).toBe(862);
    expect(x(10_800_000)).toBe(463);
    expect(x.kind).toBe('linear');
  });
  test('an inverted range (SVG y grows downwards)', () => {
    const y = linearScale([0, 6000], [254, 14]);
    expect(y(0)).toBe(254);
    expect(y(6000)).toBe(14);
    expect(y(1500)).toBe(194);
  });
  test('extrapolates and handles a zero-width domain', () => {
    const x = linearScale([0, 10], [0, 100]);
    expect(x(-1)).toBe(-10);
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50);
  });
});

describe('logScale', () => {
  test('equal ratios take equal distances', () => {
    const x = logScale([0.1, 1000], [0, 400]);
    expect(x(0.1)).toBeCloseTo(0, 9);
    expect(x(1)).toBeCloseTo(100, 9);
    expect(x(10)).toBeCloseTo(200, 9);
    expect(x(120)).toBeCloseTo(300 + 100 * Math.log10(1.2), 9);
    expect(x(1000)).toBeCloseTo(400, 9);
  });
  test('clamps non-positive values to the low end and rejects a non-positive domain', () => {
    const x = logScale([0.1, 1000], [0, 400]);
    expect(x(0)).toBeCloseTo(0, 9);
    expect(x(-3)).toBeCloseTo(0, 9);
    expect(() => logScale([0, 10], [0, 1])).toThrow(RangeError);
  });
});
