import { describe, expect, test } from 'vitest';
import { decimalsFor, logDomain, logTicks, niceDomain, niceTicks, tickStep } from './ticks.ts';

describe('tickStep', () => {
  test('picks 1, 2 or 5 × 10^k', () => {
    expect(tickStep(0, 100, 5)).toBe(20);
    expect(tickStep(0, 10, 10)).toBe(1);
    expect(tickStep(0, 5005, 5)).toBe(1000);
    expect(tickStep(0, 0.9, 5)).toBeCloseTo(0.2, 12);
    expect(tickStep(0, 6 * 3600, 6)).toBe(5000);
    expect(tickStep(3, 3, 5)).toBe(1);
  });
});

describe('niceTicks', () => {
  test('round values across the domain', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 6319.4, 5)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000]);
    expect(niceTicks(-1500, 1500, 6)).toEqual([-1500, -1000, -500, 0, 500, 1000, 1500]);
  });
  test('no floating-point noise', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(0.1, 0.3, 2).map(String)).toEqual(['0.1', '0.2', '0.3']);
  });
  test('reversed and degenerate domains', () => {
    expect(niceTicks(10, 0, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(7, 7)).toEqual([7]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe('niceDomain', () => {
  test('widens to labelled ticks', () => {
    expect(niceDomain(3, 97)).toEqual([0, 100]);
    expect(niceDomain(0, 5005.2)).toEqual([0, 6000]);
    expect(niceDomain(-1057, 1495)).toEqual([-1500, 1500]);
    expect(niceDomain(0.013, 0.87)).toEqual([0, 1]);
  });
  test('zero-width domains get room', () => {
    expect(niceDomain(0, 0)).toEqual([0, 1]);
    const [lo, hi] = niceDomain(50, 50);
    expect(lo).toBeLessThan(50);
    expect(hi).toBeGreaterThan(50);
  });
});

describe('log axis', () => {
  test('logDomain covers whole decades', () => {
    expect(logDomain(0.3, 140)).toEqual([0.1, 1000]);
    expect(logDomain(1, 120)).toEqual([1, 1000]);
    expect(logDomain(0.0042, 0.9)).toEqual([0.001, 1]);
    expect(logDomain(5, 5)).toEqual([1, 10]);
  });
  test('logTicks: decades, with 2 and 5 on short axes', () => {
    expect(logTicks(0.1, 1000)).toEqual([0.1, 1, 10, 100, 1000]);
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks(0.01, 0.1)).toEqual([0.01, 0.02, 0.05, 0.1]);
    expect(logTicks(0, 10)).toEqual([]);
  });
});

test('decimalsFor', () => {
  expect(decimalsFor(1000)).toBe(0);
  expect(decimalsFor(1)).toBe(0);
  expect(decimalsFor(0.5)).toBe(1);
  expect(decimalsFor(0.2)).toBe(1);
  expect(decimalsFor(0.05)).toBe(2);
  expect(decimalsFor(0.001)).toBe(3);
});
