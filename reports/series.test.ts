import { expect, test } from 'vitest';
import type { MetricPoint } from '../sim/metrics/point.ts';
import { binSums, byMeasurement, cumulative, downsample, groupSeries, minuteGrid, onGrid, tagValues, timeSpan, totals } from './series.ts';

const M = 60_000;
const pts: MetricPoint[] = [
  { measurement: 'load', tags: { region: 'a', appliance_type: 'thermostat' }, fields: { dr_kw: 10, baseline_kw: 12 }, t: 0 },
  { measurement: 'load', tags: { region: 'a', appliance_type: 'pool_pump' }, fields: { dr_kw: 5, baseline_kw: 5 }, t: 0 },
  { measurement: 'load', tags: { region: 'b', appliance_type: 'thermostat' }, fields: { dr_kw: 7, baseline_kw: 9 }, t: 0 },
  { measurement: 'load', tags: { region: 'a', appliance_type: 'thermostat' }, fields: { dr_kw: 11, baseline_kw: 12 }, t: 2 * M },
  { measurement: 'delivery', tags: { priority: 'high' }, fields: { count: 3, p99_s: 4.5 }, t: 0 },
  { measurement: 'delivery', tags: { priority: 'high' }, fields: { count: 2, p99_s: 2.5 }, t: 2 * M },
];

test('byMeasurement and timeSpan', () => {
  const m = byMeasurement(pts);
  expect([...m.keys()]).toEqual(['load', 'delivery']);
  expect(m.get('load')).toHaveLength(4);
  expect(timeSpan(pts)).toEqual([0, 2 * M]);
  expect(timeSpan([]).every(Number.isNaN)).toBe(true);
});

test('groupSeries sums over other tags, per group and minute', () => {
  const load = byMeasurement(pts).get('load')!;
  const total = groupSeries(load, null, 'dr_kw').get('')!;
  expect([...total]).toEqual([[0, 22], [2 * M, 11]]);
  const byRegion = groupSeries(load, 'region', 'baseline_kw');
  expect([...byRegion.get('a')!]).toEqual([[0, 17], [2 * M, 12]]);
  expect([...byRegion.get('b')!]).toEqual([[0, 9]]);
  const maxed = groupSeries(load, null, 'dr_kw', 'max').get('')!;
  expect(maxed.get(0)).toBe(10);
  const thermo = groupSeries(load, null, 'dr_kw', 'sum', (p) => p.tags.appliance_type === 'thermostat').get('')!;
  expect(thermo.get(0)).toBe(17);
});

test('onGrid fills absent minutes with zeros or gaps', () => {
  const grid = minuteGrid(0, 2 * M);
  expect(grid).toEqual([0, M, 2 * M]);
  const v = new Map([[0, 4.5], [2 * M, 2.5]]);
  expect(onGrid(v, grid, 'zero')).toEqual([[0, 4.5], [M, 0], [2 * M, 2.5]]);
  const gap = onGrid(v, grid, 'gap');
  expect(Number.isNaN(gap[1]![1])).toBe(true);
  expect(minuteGrid(0, M, [30_000])).toEqual([0, 30_000, M]);
});

test('cumulative, downsample and binSums', () => {
  expect(cumulative([[0, 1], [1, NaN], [2, 3]])).toEqual([[0, 1], [1, 1], [2, 4]]);
  const long = Array.from({ length: 10 }, (_, i) => [i, i] as const);
  expect(downsample(long, 5, 'max')).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]);
  expect(downsample(long, 5, 'mean')).toEqual([[0, 0.5], [2, 2.5], [4, 4.5], [6, 6.5], [8, 8.5]]);
  expect(downsample(long, 20, 'mean')).toHaveLength(10);
  const bins = binSums(new Map([[0, 5], [M, 1], [15 * M, 7]]), 0, 30 * M - 1, 15 * M);
  expect(bins).toEqual([[0, 6], [15 * M, 7], [30 * M, 7]]);
});

test('tagValues and totals', () => {
  const load = byMeasurement(pts).get('load')!;
  expect(tagValues(load, 'appliance_type')).toEqual(['pool_pump', 'thermostat']);
  const t = totals(load, ['region']);
  expect(t.get('a')!.fields).toEqual({ dr_kw: 26, baseline_kw: 29 });
});
