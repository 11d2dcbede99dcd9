/**
 * The `summary.json` contract: every path a run's summary can hold, with its type, in one place. Thresholds
 * are checked against it when a study is validated (`scenarios/thresholds.ts`), and
 * `summary-contract.test.ts` runs a real study and requires its summary.json to match it both ways.
 *
 * A new summary field goes here too: `SUMMARY_CONTRACT` is typed from `Summary`, so `npm run typecheck`
 * fails until every field of `Summary` has its entry. Maps (keys that depend on the run, such as message
 * kinds) say which keys they can have and whether every one of them is always present.
 *
 * Not applicable is null, never 0: a figure taken over a population the run can leave empty (a mean over
 * response-window minutes, a rate per participant, a quantile of no customers, a peak of no premises) is
 * `null` in summary.json when that population is empty, and only such figures are `nullable` here; counts and
 * sums stay numbers (0 is their true value over nothing). No number in summary.json is NaN or infinite: the
 * writer (`summary-json.ts`) refuses one, and a null where this contract does not allow it, as an internal
 * error naming the path. Readers print null as "n/a" (the end-of-run table, report.html), InfluxDB gets no
 * field for it, a threshold on it fails with value null, and campaigns aggregate only the runs that have it.
 */
import type { CauseFigures, DeliveryStats, LoadEvent, SlaStats, Summary } from './run-result.ts';
import { DECODE_ERROR_CLASSES } from './wire/codec.ts';
import { BODY_KINDS } from './wire/types.ts';
import { LINK_CLASSES } from './transport/links.ts';
import { DEVICE_DECODE_ERRORS, REJECT_REASONS, STEP_IDS } from './world/recorder.ts';

export interface NumberSpec {
  type: 'number';
  /** The value may be null: not applicable (an empty population), or a threshold whose path had no number. */
  nullable?: boolean;
}
export interface TextSpec {
  type: 'string';
}
export interface BooleanSpec {
  type: 'boolean';
}
export interface ListSpec {
  type: 'list';
  item: AnySpec;
}
export interface MapSpec {
  type: 'map';
  /** The keys it can hold. */
  keys: readonly string[];
  /** Whether every key is present in every summary (else only those the run produced). */
  every: boolean;
  value: AnySpec;
}
export interface FieldsSpec {
  type: 'fields';
  fields: Record<string, AnySpec>;
}
export type AnySpec = NumberSpec | TextSpec | BooleanSpec | ListSpec | MapSpec | FieldsSpec;

/** The spec a value of type T needs: objects with named fields list each field; string-keyed records are maps. */
export type Spec<T> = [T] extends [number]
  ? NumberSpec
  : [T] extends [number | null]
    ? NumberSpec & { nullable: true }
    : [T] extends [string]
      ? TextSpec
      : [T] extends [boolean]
        ? BooleanSpec
        : [T] extends [readonly (infer E)[]]
          ? ListSpec & { item: Spec<E> }
          : string extends keyof T
            ? MapSpec & { value: Spec<T[keyof T]> }
            : FieldsSpec & { fields: { [K in keyof T]-?: Spec<T[K]> } };

const num = { type: 'number' } as const;
/** A figure over a population the run can leave empty: null then (see the top of this file). */
const numOrNull = { type: 'number', nullable: true } as const;
const text = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const fields = <F extends Record<string, AnySpec>>(f: F) => ({ type: 'fields' as const, fields: f });
const map = <V extends AnySpec>(keys: readonly string[], every: boolean, value: V) => ({ type: 'map' as const, keys, every, value });
const list = <I extends AnySpec>(item: I) => ({ type: 'list' as const, item });

// Latencies and shares over no delivery (count 0) are not applicable.
const stats: Spec<DeliveryStats> = fields({ count: num, p50_s: numOrNull, p95_s: numOrNull, p99_s: numOrNull, max_s: numOrNull, within_sla: numOrNull });
const slaFields = { count: num, delivered: num, dropped: num, late_in_flight: num, within: num, missed: num, within_sla: numOrNull, p99_s: numOrNull, max_s: numOrNull, ok: bool };
const sla: Spec<SlaStats> = fields(slaFields);
const cause: Spec<CauseFigures> = fields({ events: num, shed_kw_mean: numOrNull, energy_shed_kwh: num, energy_recovered_kwh: num, rebound_peak_kw: numOrNull });
const demandSide = fields({ premise_hours_above: num, minutes_above_per_premise: numOrNull, energy_above_kwh: num, peak_kw_mean: numOrNull, peak_kw_max: numOrNull });
const loadEvent: Spec<LoadEvent> = fields({
  cause: text,
  name: text,
  signal: text,
  region: text,
  measured_on: list(text),
  start_s: num,
  end_s: num,
  recovery_end_s: num,
  devices_reached: num,
  devices_reached_within_sla: num,
  shed_kw_mean: numOrNull,
  energy_shed_kwh: num,
  energy_recovered_kwh: num,
  snapback_peak_kw: numOrNull,
  snapback_peak_pct: numOrNull,
});

export const SUMMARY_CONTRACT: Spec<Summary> = fields({
  scenario: text,
  seed: num,
  workers: num,
  run_id: text,
  digest: text,
  provenance: fields({ study: text, source: text, sets: list(text), seed: num, version: text, commit: text, study_hash: text }),
  sim: fields({ events: num, wall_s: num, events_per_s: num, sim_s: num }),
  population: fields({
    customers: num,
    appliances: num,
    registered: num,
    enrolled: num,
    rejected: num,
    unregistered: num,
    ihds: num,
    emss: num,
    rejected_by_reason: map(REJECT_REASONS, true, num),
  }),
  steps: map(STEP_IDS, true, num),
  delivery: fields({
    sla_s: num,
    by_priority: fields({ high: stats, medium: stats, low: stats }),
    by_kind: map(BODY_KINDS, false, stats),
    dropped: map(BODY_KINDS, false, num),
    ack_round_trip: stats,
    background: fields({ meter_reads: num, firmware_blocks: num, bytes: num }),
  }),
  sla: fields({
    ...slaFields,
    sla_s: num,
    verdict: text,
    by_priority: fields({ high: sla, medium: sla, low: sla }),
    by_kind: map(BODY_KINDS, false, sla),
  }),
  network: fields({
    queue_depth_max: map(LINK_CLASSES, true, num),
    hop_latency: map(LINK_CLASSES, false, stats),
    priority_queuing: bool,
    decode_errors: map([...DECODE_ERROR_CLASSES, ...DEVICE_DECODE_ERRORS], false, num),
  }),
  load: fields({
    baseline_peak_kw: num,
    dr_peak_kw: num,
    event_shed_kw_mean: numOrNull,
    shed_kw_per_participant: numOrNull,
    shed_kw_per_household: numOrNull,
    rebound_peak_kw: numOrNull,
    energy_shed_kwh: num,
    energy_rebound_kwh: num,
    energy_recovered_kwh: num,
    by_cause: fields({ program: cause, price: cause, autonomous: cause }),
    events: list(loadEvent),
    participants: num,
    participating_households: num,
    bill_change: num,
    safety_violations: num,
    hot_water_shortfalls: num,
  }),
  metering: fields({
    subscribers: num,
    period_s: num,
    reportable_change_w: num,
    reports: fields({ sent: num, periodic: num, on_change: num, delivered: num, dropped: num, stale: num, bytes: num }),
    latency: stats,
    age: fields({ sla_s: num, p50_s: numOrNull, p99_s: numOrNull, max_s: numOrNull, held_device_hours: num, verdict: text }),
  }),
  demand_limit: list(
    fields({
      program: text,
      limit_kw: num,
      restore_margin_kw: num,
      min_off_s: num,
      premises: num,
      appliances: num,
      commands: fields({ shed: num, restore: num }),
      controlled: demandSide,
      counterfactual: demandSide,
      reduction: fields({ premise_hours_above: num, energy_above_kwh: num, peak_kw_mean: numOrNull }),
      saturated_premise_hours: num,
      actionable_stretches: num,
      longest_actionable_stretch_s: numOrNull,
    }),
  ),
  overrides: fields({ count: num, reported_to_cdcs: num, reported_to_css: num, reported_to_mdms: num, settings_changes: num, rate: numOrNull }),
  pricing: fields({
    hourly_prices: num,
    retail_price_mean: numOrNull,
    retail_price_max: numOrNull,
    billing_cycles: num,
    tou_schedules: num,
    event_days_called: num,
    event_days: list(fields({ program: text, date: text, forecast: num, trigger: num, notice_s: num, start_s: num, end_s: num, shed_kw_mean: numOrNull, energy_shed_kwh: num })),
    skipped_days: list(fields({ program: text, date: text, forecast: num, reason: text })),
    rules: list(fields({ program: text, forecast: text, trigger: num, days: list(fields({ date: text, forecast: numOrNull, verdict: text })) })),
  }),
  rate_advice: fields({
    customers: num,
    advised: num,
    would_switch: num,
    saving_total: num,
    saving_mean: numOrNull,
    saving_p50: numOrNull,
    saving_p90: numOrNull,
    saving_max: numOrNull,
    recommended: list(fields({ rate: text, customers: num, not_billable: num })),
    histogram: list(fields({ from: num, to: num, customers: num })),
  }),
  thresholds: list(fields({ name: text, ok: bool, value: numOrNull })),
});
