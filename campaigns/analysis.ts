/**
 * statistics.json from the results: per point, mean, sd and Student-t interval of each chosen metric over
 * its finished replications; paired differences between points (replication r against replication r).
 * In a factorial, each factor's effect is taken between neighbouring levels with the other factors held;
 * with an explicit list of points, every point is compared with point 0.
 */
import type { Point } from './design.ts';
import type { Results } from './results.ts';
import { meanInterval, pairedDifference, welchDifference, type Interval, type WelchInterval } from './statistics.ts';
import type { Factor } from './vary.ts';

/** Headline metrics summarised when no --metric is given (each only if the summary has it). */
export const DEFAULT_METRICS = [
  'delivery.by_priority.high.p99_s',
  'delivery.by_priority.high.within_sla',
  'load.event_shed_kw_mean',
  'load.rebound_peak_kw',
];

export interface PointStats {
  point: number;
  values: Record<string, unknown>;
  runs_ok: number;
  metrics: Record<string, Interval>;
}

export interface Difference {
  /** The varied field between the two points (null: point vs point 0 in a points list). */
  factor: string | null;
  from: number;
  to: number;
  metric: string;
  /** to − from over common replications. */
  paired: Interval;
  /** The same runs taken as independent samples (Welch): the width pairing saves. */
  unpaired: WelchInterval;
}

export interface Statistics {
  confidence: number;
  metrics: string[];
  points: PointStats[];
  differences: Difference[];
}

export function analyse(results: Results, points: Point[], factors: Factor[] | null, metrics: string[], confidence: number): Statistics {
  const byPoint = (point: number, metric: string): (number | undefined)[] => {
    const out: (number | undefined)[] = [];
    for (const r of results.rows) if (r.point === point && r.status === 'ok') out[r.rep] = r.metrics[metric];
    return out;
  };
  const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
  const pointStats = points.map((p): PointStats => ({
    point: p.index,
    values: p.values,
    runs_ok: results.rows.filter((r) => r.point === p.index && r.status === 'ok').length,
    metrics: Object.fromEntries(metrics.map((m) => [m, meanInterval(defined(byPoint(p.index, m)), confidence)])),
  }));
  const differences: Difference[] = [];
  for (const [factor, from, to] of comparisons(points, factors)) {
    for (const metric of metrics) {
      const a = byPoint(from, metric), b = byPoint(to, metric);
      differences.push({ factor, from, to, metric, paired: pairedDifference(a, b, confidence), unpaired: welchDifference(defined(a), defined(b), confidence) });
    }
  }
  return { confidence, metrics, points: pointStats, differences };
}

/** The point pairs to compare: neighbouring levels of each factor, others held; or each point vs point 0. */
export function comparisons(points: Point[], factors: Factor[] | null): [string | null, number, number][] {
  if (!factors || factors.length === 0) return points.slice(1).map((p) => [null, points[0].index, p.index]);
  const levelOf = (p: Point, f: Factor) => f.levels.findIndex((v) => JSON.stringify(v) === JSON.stringify(p.values[f.path]));
  const key = (p: Point, skip: Factor) => factors.filter((f) => f !== skip).map((f) => levelOf(p, f)).join(',');
  const out: [string | null, number, number][] = [];
  for (const f of factors) {
    for (const a of points) {
      const b = points.find((q) => levelOf(q, f) === levelOf(a, f) + 1 && key(q, f) === key(a, f));
      if (b) out.push([f.path, a.index, b.index]);
    }
  }
  return out;
}
