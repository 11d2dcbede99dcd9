/**
 * Time series out of a run's per-minute metric points: group by measurement and tag, aggregate over the
 * other tags, lay on a minute grid (absent minutes are zero for counts and loads, gaps for percentiles),
 * and thin very long runs for drawing.
 */
import type { MetricPoint } from '../sim/metrics/point.ts';
import type { Pt } from './svg/path.ts';

export const MINUTE_MS = 60_000;

/** Points grouped by measurement, in their original order. */
export function byMeasurement(points: readonly MetricPoint[]): Map<string, MetricPoint[]> {
  const out = new Map<string, MetricPoint[]>();
  for (const p of points) {
    let list = out.get(p.measurement);
    if (!list) out.set(p.measurement, (list = []));
    list.push(p);
  }
  return out;
}

export type Agg = 'sum' | 'max';

/**
 * One value per (group, t): `field` aggregated over every point whose tags are otherwise different.
 * `groupBy` is a tag name (its value is the group, "" when missing) or null for one group "".
 * Points without the field are skipped; `keep` filters points first.
 */
export function groupSeries(
  points: readonly MetricPoint[],
  groupBy: string | null,
  field: string,
  agg: Agg = 'sum',
  keep?: (p: MetricPoint) => boolean,
): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const p of points) {
    const v = p.fields[field];
    if (v === undefined || !Number.isFinite(v)) continue;
    if (keep && !keep(p)) continue;
    const g = groupBy === null ? '' : (p.tags[groupBy] ?? '');
    let m = out.get(g);
    if (!m) out.set(g, (m = new Map()));
    const prev = m.get(p.t);
    m.set(p.t, prev === undefined ? v : agg === 'sum' ? prev + v : Math.max(prev, v));
  }
  return out;
}

/** Every minute from t0 to t1 inclusive, plus any off-grid times in `extra`, ascending. */
export function minuteGrid(t0: number, t1: number, extra: Iterable<number> = []): number[] {
  const set = new Set<number>();
  if (Number.isFinite(t0) && Number.isFinite(t1) && t1 >= t0) for (let t = t0; t <= t1; t += MINUTE_MS) set.add(t);
  for (const t of extra) set.add(t);
  return [...set].sort((a, b) => a - b);
}

/** Earliest and latest `t` over the points ([NaN, NaN] when there are none). */
export function timeSpan(points: readonly MetricPoint[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    if (p.t < lo) lo = p.t;
    if (p.t > hi) hi = p.t;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** The series on the grid: absent minutes as 0 ("zero") or as gaps, NaN ("gap"). */
export function onGrid(values: ReadonlyMap<number, number> | undefined, grid: readonly number[], missing: 'zero' | 'gap'): Pt[] {
  return grid.map((t) => {
    const v = values?.get(t);
    return [t, v ?? (missing === 'zero' ? 0 : NaN)] as const;
  });
}

/** Running total. */
export function cumulative(points: readonly Pt[]): Pt[] {
  let acc = 0;
  return points.map(([t, v]) => {
    if (Number.isFinite(v)) acc += v;
    return [t, acc] as const;
  });
}

/**
 * At most `max` points: consecutive points are merged in equal buckets, keeping the bucket's first time
 * and its mean or max (max keeps peaks of queue depths and percentiles visible). Gaps stay gaps only if
 * the whole bucket is a gap.
 */
export function downsample(points: readonly Pt[], max: number, mode: 'mean' | 'max' | 'last'): Pt[] {
  if (points.length <= max || max < 2) return [...points];
  const size = Math.ceil(points.length / max);
  const out: Pt[] = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    const vals = bucket.map((p) => p[1]).filter((v) => Number.isFinite(v));
    let v = NaN;
    if (vals.length > 0) {
      if (mode === 'max') v = Math.max(...vals);
      else if (mode === 'last') v = vals[vals.length - 1]!;
      else v = vals.reduce((a, b) => a + b, 0) / vals.length;
    }
    out.push([bucket[0]![0], v]);
  }
  return out;
}

/** Sorted distinct values of one tag over the points. */
export function tagValues(points: readonly MetricPoint[], tag: string): string[] {
  const set = new Set<string>();
  for (const p of points) {
    const v = p.tags[tag];
    if (v !== undefined) set.add(v);
  }
  return [...set].sort();
}

/** Sum of each field over all points, per value of `groupBy` tags joined with "|". */
export function totals(points: readonly MetricPoint[], groupBy: readonly string[]): Map<string, { tags: Record<string, string>; fields: Record<string, number> }> {
  const out = new Map<string, { tags: Record<string, string>; fields: Record<string, number> }>();
  for (const p of points) {
    const key = groupBy.map((g) => p.tags[g] ?? '').join('|');
    let e = out.get(key);
    if (!e) {
      e = { tags: Object.fromEntries(groupBy.map((g) => [g, p.tags[g] ?? ''])), fields: {} };
      out.set(key, e);
    }
    for (const [k, v] of Object.entries(p.fields)) if (Number.isFinite(v)) e.fields[k] = (e.fields[k] ?? 0) + v;
  }
  return out;
}

/**
 * Sums of the values in consecutive bins of `binMs` starting at `t0`, as step points (one at each bin
 * start, plus a closing point at the last bin's end so a step curve draws the last bin too).
 */
export function binSums(values: ReadonlyMap<number, number> | undefined, t0: number, t1: number, binMs: number): Pt[] {
  if (!(binMs > 0) || !(t1 >= t0)) return [];
  const n = Math.max(1, Math.ceil((t1 - t0 + 1) / binMs));
  const sums = new Array<number>(n).fill(0);
  for (const [t, v] of values ?? []) {
    const i = Math.floor((t - t0) / binMs);
    if (i >= 0 && i < n && Number.isFinite(v)) sums[i]! += v;
  }
  const out: Pt[] = sums.map((v, i) => [t0 + i * binMs, v] as const);
  out.push([t0 + n * binMs, sums[n - 1]!]);
  return out;
}
