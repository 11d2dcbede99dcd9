import { describe, expect, test } from 'vitest';
import { formatDuration, formatNumber, formatPercent, formatSig, tickFormatter } from './format.ts';

describe('formatNumber', () => {
  test('thousands separators, fixed decimals, real minus sign', () => {
    expect(formatNumber(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(-844.4)).toBe('\u2212844');
    expect(formatNumber(-0.0001, 2)).toBe('0.00');
    expect(formatNumber(NaN)).toBe('–');
  });
});

test('formatSig keeps about three significant digits', () => {
  expect(formatSig(0.012345)).toBe('0.0123');
  expect(formatSig(6.943)).toBe('6.94');
  expect(formatSig(163.824)).toBe('164');
  expect(formatSig(12345.6)).toBe('12,346');
  expect(formatSig(120)).toBe('120');
  expect(formatSig(0)).toBe('0');
  expect(formatSig(1.5)).toBe('1.5');
});

test('tickFormatter: one suffix and precision per axis', () => {
  const k = tickFormatter([0, 5000, 10000, 15000]);
  expect([0, 5000, 10000, 15000].map(k)).toEqual(['0', '5k', '10k', '15k']);
  const f = tickFormatter([0, 0.25, 0.5]);
  expect([0, 0.25, 0.5].map(f)).toEqual(['0', '0.25', '0.50']);
  const plain = tickFormatter([0, 1000, 2000]);
  expect(plain(2000)).toBe('2,000');
  const m = tickFormatter([0, 2e7, 4e7]);
  expect(m(2e7)).toBe('20M');
});

test('formatPercent never rounds a shortfall up to 100 %', () => {
  expect(formatPercent(0.977045)).toBe('97.70 %');
  expect(formatPercent(0.99996)).toBe('99.99 %');
  expect(formatPercent(1)).toBe('100.00 %');
  expect(formatPercent(0.5, 1)).toBe('50.0 %');
});

test('formatDuration', () => {
  expect(formatDuration(850)).toBe('850 ms');
  expect(formatDuration(37_400)).toBe('37.4 s');
  expect(formatDuration(125_000)).toBe('2 min 5 s');
  expect(formatDuration(45 * 60_000)).toBe('45 min');
  expect(formatDuration(6 * 3_600_000)).toBe('6 h 00 min');
  expect(formatDuration(6 * 3_600_000 + 5 * 60_000)).toBe('6 h 05 min');
  expect(formatDuration(51 * 3_600_000)).toBe('2 d 3 h');
});
