/** Builds summary.json (DESIGN.md contract) from the world after a run, and evaluates thresholds. */
import type { Scenario, Threshold } from '../../scenarios/types.ts';
import type { CdfPoint, DeliveryStats, Provenance, Summary } from '../run-result.ts';
import { STEP_IDS, stats, type Recorder } from './recorder.ts';
import type { SummaryInput } from './run-totals.ts';
import { loadSummary } from './load-summary.ts';
import { slaSummary } from './sla-summary.ts';
import { pricingSummary } from '../pricing/pricing-summary.ts';
import { adviceSummary } from '../advice/advice-summary.ts';
import { meteringSummary } from './metering/metering.ts';
import { demandLimitSummary } from './ems/ems.ts';

export function buildSummary(input: SummaryInput, s: Scenario, runId: string, workers: number, wall: { wall_s: number }, provenance: Provenance): Summary {
  const rec = input.rec, dv = input.devices;
  const { appliances, ihds, emss, registered, enrolled, unregistered } = dv;
  const steps: Record<string, number> = {};
  for (const id of STEP_IDS) steps[id] = rec.stepCount(id);
  const names = ['high', 'medium', 'low'] as const;
  const byPriority = Object.fromEntries(names.map((n, i) => [n, stats(rec.byPriority[i], s.sla_s)])) as Record<'low' | 'medium' | 'high', DeliveryStats>;
  const byKind: Record<string, DeliveryStats> = {};
  for (const k of [...rec.byKind.keys()].sort()) byKind[k] = stats(rec.byKind.get(k)!, s.sla_s);
  const rejected = Object.values(rec.rejections).reduce((a, b) => a + b, 0);
  const summary: Summary = {
    scenario: s.name,
    seed: s.seed,
    workers,
    run_id: runId,
    digest: '',
    provenance,
    sim: { events: input.events, wall_s: round3(wall.wall_s), events_per_s: Math.round(input.events / Math.max(1e-9, wall.wall_s)), sim_s: s.duration / 1000 },
    population: { customers: input.customers, appliances, registered, enrolled, rejected, unregistered, ihds, emss, rejected_by_reason: { ...rec.rejections } },
    steps,
    delivery: {
      sla_s: s.sla_s,
      by_priority: byPriority,
      by_kind: byKind,
      dropped: sortKeys(rec.dropped),
      ack_round_trip: stats(rec.ackRoundTrip, s.sla_s),
      background: { meter_reads: rec.meterReads, firmware_blocks: rec.firmwareBlocks, bytes: rec.backgroundBytes },
    },
    sla: slaSummary(rec, s.sla_s),
    network: {
      queue_depth_max: { ...input.queueDepthMax },
      hop_latency: Object.fromEntries(['wan', 'rf', 'han', 'broadcast'].filter((n) => rec.hops.has(n)).map((n) => [n, stats(rec.hops.get(n)!, s.sla_s)])),
      priority_queuing: s.network.priority_queuing,
      decode_errors: sortKeys(rec.decodeErrors),
    },
    load: loadSummary(input, s),
    metering: meteringSummary(input.metering, s),
    demand_limit: demandLimitSummary(input.demandLimit, s),
    overrides: {
      count: rec.overrides,
      reported_to_cdcs: rec.overridesAtCdcs,
      reported_to_css: rec.overridesAtCss,
      reported_to_mdms: rec.overridesAtMdms,
      settings_changes: rec.settingsChanges,
      rate: null,
    },
    pricing: { hourly_prices: 0, retail_price_mean: null, retail_price_max: null, billing_cycles: 0, tou_schedules: 0, event_days_called: 0, event_days: [], skipped_days: [], rules: [] },
    rate_advice: adviceSummary(input.advice, s.rate_advice),
    thresholds: [],
  };
  summary.pricing = pricingSummary(s, summary.load.events);
  summary.overrides.rate = summary.load.participants ? round3(rec.overrides / summary.load.participants) : null;
  summary.thresholds = s.thresholds.map((t) => evaluate(summary, t));
  return summary;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function sortKeys(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Looks up a dotted path in the summary; a threshold on a missing path, or on a value that is not a finite number
 * (NaN passed `!=` and JSON writes it as null), fails with value null: no verdict is green without its metric.
 */
export function evaluate(summary: Summary, t: Threshold): { name: string; ok: boolean; value: number | null } {
  let v: unknown = summary;
  for (const key of t.path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) return { name: t.name, ok: false, value: null };
  const ok =
    t.op === '<' ? v < t.value : t.op === '<=' ? v <= t.value : t.op === '>' ? v > t.value : t.op === '>=' ? v >= t.value : t.op === '==' ? v === t.value : v !== t.value;
  return { name: t.name, ok, value: v };
}

/** The empirical CDF of a priority's latencies at 101 quantiles. */
export function cdfOf(rec: Recorder, priorityIndex: number): CdfPoint[] {
  const sk = rec.byPriority[priorityIndex];
  if (sk.count === 0) return [];
  const out: CdfPoint[] = [];
  for (let i = 0; i <= 100; i++) out.push({ s: Math.round(sk.quantile(i / 100) * 1e6) / 1e6, frac: i / 100 });
  return out;
}
