import { describe, expect, test } from 'vitest';
import { areaPath, bandPath, coord, linePath, runs, stepPath, toSteps } from './path.ts';

test('coord rounds to 0.1 px without -0', () => {
  expect(coord(12.345)).toBe('12.3');
  expect(coord(12)).toBe('12');
  expect(coord(-0.04)).toBe('0');
  expect(coord(463.05)).toBe('463.1');
});

describe('linePath', () => {
  test('straight segments through pixel points', () => {
    expect(linePath([[64, 254], [463, 194.35], [862, 14]])).toBe('M64,254L463,194.4L862,14');
  });
  test('a NaN breaks the line; an isolated point stays visible', () => {
    expect(linePath([[0, 0], [10, 5.55], [20, NaN], [30, 1]])).toBe('M0,0L10,5.6M30,1h0.1');
  });
  test('drops consecutive duplicates after rounding', () => {
    expect(linePath([[0, 1], [0.01, 1.02], [5, 2]])).toBe('M0,1L5,2');
  });
  test('empty input gives an empty path', () => {
    expect(linePath([])).toBe('');
    expect(linePath([[1, NaN]])).toBe('');
  });
});

test('stepPath holds each value until the next point (CDF shape)', () => {
  expect(stepPath([[0, 300], [100, 240], [200, 60], [400, 60]])).toBe('M0,300H100V240H200V60H400');
});

test('areaPath closes each run onto the baseline', () => {
  expect(areaPath([[10, 50], [20, 30], [30, 40]], 100)).toBe('M10,100L10,50L20,30L30,40L30,100Z');
  expect(areaPath([[0, 5], [1, NaN], [2, 6], [3, 7]], 10)).toBe('M0,10L0,5L0,10ZM2,10L2,6L3,7L3,10Z');
});

test('toSteps inserts step corners', () => {
  expect(toSteps([[0, 1], [2, 3], [4, 3]])).toEqual([[0, 1], [2, 1], [2, 3], [4, 3]]);
});

test('runs splits on non-finite points', () => {
  expect(runs([[0, 0], [1, NaN], [2, 2], [3, 3]])).toEqual([[[0, 0]], [[2, 2], [3, 3]]]);
});

describe('bandPath', () => {
  test('upper bound forward, lower bound back, closed', () => {
    expect(bandPath([[0, 10], [10, 8], [20, 6]], [[0, 20], [10, 18], [20, 16]])).toBe('M0,10L10,8L20,6L20,16L10,18L0,20Z');
  });
  test('a missing bound breaks the band into closed areas', () => {
    expect(bandPath([[0, 1], [1, 2], [2, NaN], [3, 4], [4, 5]], [[0, 3], [1, 4], [2, 5], [3, 6], [4, 7]])).toBe('M0,1L1,2L1,4L0,3ZM3,4L4,5L4,7L3,6Z');
  });
});
