/**
 * The metric contract the simulator writes and the dashboards read (README "Metrics" of the repo; the
 * table in dashboards/README.md). Every point also carries the tag `run_id`; one point per simulated
 * minute per tag set; timestamps are real instants (scenario start + simulated time). Device ids are
 * never tags.
 *
 * `kind` says how a field may be aggregated over a Grafana interval (several minutes):
 * - `count`: an increment within the minute → `sum`.
 * - `max`: a per-minute maximum → `max`.
 * - `percentile`: a per-minute percentile (exact for that minute) → `max` (conservative) or `mean`;
 *   a percentile of percentiles is only an approximation of the interval's percentile.
 * - `ratio`: a per-minute share 0…1 → weighted by the minute's `count` (exact), or `mean`.
 * - `gauge`: a level sampled per minute (queue depth, messages in flight) → `max` or `mean`.
 * - `level_kw`: a power level per tag set → `sum` across tag sets within one minute, then `mean`/`max`
 *   of those per-minute totals over the interval.
 * - `statistic`: a campaign's per-point statistic (one value per point and metric) → read as is (`last`).
 */
export type FieldKind = 'count' | 'max' | 'percentile' | 'ratio' | 'gauge' | 'level_kw' | 'statistic';

export interface MeasurementContract {
  tags: readonly string[];
  fields: Readonly<Record<string, FieldKind>>;
}

export const METRICS = {
  delivery: {
    tags: ['priority'],
    fields: { count: 'count', p50_s: 'percentile', p95_s: 'percentile', p99_s: 'percentile', max_s: 'max', within_sla: 'ratio' },
  },
  delivery_kind: { tags: ['kind'], fields: { count: 'count', p99_s: 'percentile', max_s: 'max' } },
  queue_depth: { tags: ['link'], fields: { max: 'max', mean: 'gauge' } },
  in_flight: { tags: [], fields: { messages: 'gauge' } },
  messages: { tags: ['kind', 'priority', 'visibility'], fields: { sent: 'count', delivered: 'count', dropped: 'count' } },
  steps: { tags: ['step'], fields: { count: 'count' } },
  rejections: { tags: ['reason'], fields: { count: 'count' } },
  overrides: { tags: ['region'], fields: { count: 'count', settings_changes: 'count' } },
  load: { tags: ['region', 'appliance_type'], fields: { baseline_kw: 'level_kw', dr_kw: 'level_kw', shed_kw: 'level_kw' } },
  background: { tags: ['class'], fields: { messages: 'count', bytes: 'count' } },
  /** NFR-03: the meters' usage-feed reports to HAN devices. */
  metering: { tags: [], fields: { sent: 'count', delivered: 'count', dropped: 'count', bytes: 'count' } },
  /** FR-04 DEMAND_LIMIT programs: the premise EMSs' shed and restore commands. */
  demand_limit: { tags: ['program'], fields: { sheds: 'count', restores: 'count' } },
  /** `scsim sweep --influx`: statistics.json per (point, metric), stamped at the study's start. */
  campaign_point: {
    tags: ['campaign', 'point', 'metric'],
    fields: { index: 'statistic', n: 'statistic', mean: 'statistic', sd: 'statistic', low: 'statistic', high: 'statistic', confidence: 'statistic' },
  },
} as const satisfies Record<string, MeasurementContract>;

export type Measurement = keyof typeof METRICS;

/** The tag on every point. */
export const RUN_TAG = 'run_id';

/** Tags every point of a campaign run also carries (`scsim sweep --influx`): the campaign id and the point's index. */
export const CAMPAIGN_TAGS = ['campaign', 'point'] as const;

/** Aggregates a query may apply to a field of each kind. */
export const AGGREGATES_BY_KIND: Readonly<Record<FieldKind, readonly string[]>> = {
  count: ['sum'],
  max: ['max'],
  percentile: ['max', 'mean'],
  ratio: ['mean'],
  gauge: ['max', 'mean'],
  level_kw: ['sum', 'mean', 'max'],
  statistic: ['last'],
};

/** Step ids of the C5 use case (summary.json `steps`). */
export const STEP_IDS: readonly string[] = [
  ...Array.from({ length: 17 }, (_, i) => `S1-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 8 }, (_, i) => `S2-${String(i + 1).padStart(2, '0')}`),
];
