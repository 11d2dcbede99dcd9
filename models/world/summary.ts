/** Builds summary.json (DESIGN.md contract) from the world after a run, and evaluates thresholds. */
import type { Scenario, Threshold } from '../../scenarios/types.ts';
import type { CdfPoint, DeliveryStats, Summary } from '../run-result.ts';
import { STEP_IDS, stats, type Recorder } from './recorder.ts';
import type { SummaryInput } from './run-totals.ts';
import { localMsOfDay } from './clock.ts';

export function buildSummary(input: SummaryInput, s: Scenario, runId: string, workers: number, wall: { wall_s: number }): Summary {
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
    network: {
      queue_depth_max: { ...input.queueDepthMax },
      hop_latency: Object.fromEntries(['wan', 'rf', 'han', 'broadcast'].filter((n) => rec.hops.has(n)).map((n) => [n, stats(rec.hops.get(n)!, s.sla_s)])),
      priority_queuing: s.network.priority_queuing,
      decode_errors: sortKeys(rec.decodeErrors),
    },
    load: loadSummary(input, s),
    overrides: {
      count: rec.overrides,
      reported_to_cdcs: rec.overridesAtCdcs,
      reported_to_css: rec.overridesAtCss,
      reported_to_mdms: rec.overridesAtMdms,
      settings_changes: rec.settingsChanges,
      rate: 0,
    },
    thresholds: [],
  };
  summary.overrides.rate = summary.load.participants ? round3(rec.overrides / summary.load.participants) : 0;
  summary.thresholds = s.thresholds.map((t) => evaluate(summary, t));
  return summary;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** DR windows of the study: DR events and CPP/PTR price events, in simulated ms. */
export function eventWindows(s: Scenario): [number, number][] {
  const out: [number, number][] = [];
  for (const a of s.timeline) {
    if (a.action === 'dr_event') out.push([a.at, a.at + a.duration]);
    else if (a.action === 'day_ahead_notice') out.push([a.event_start, a.event_start + a.duration]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** The planner's figures from per-minute totals of the DR world and its exact baseline (summary.json `load`). */
function loadSummary(input: SummaryInput, s: Scenario): Summary['load'] {
  const base = input.load.baseTotal, dr = input.load.drTotal;
  const windows = eventWindows(s);
  const inEvent = (minute: number) => windows.some(([a, b]) => minute * 60_000 >= a && minute * 60_000 < b);
  const lastEnd = windows.length ? Math.max(...windows.map(([, b]) => b)) : Infinity;
  let basePeak = 0, drPeak = 0, shedSum = 0, shedMinutes = 0, rebound = 0, shedKwh = 0, reboundKwh = 0, bill = 0;
  const prices = touPrices(s);
  for (let m = 0; m < base.length; m++) {
    basePeak = Math.max(basePeak, base[m]);
    drPeak = Math.max(drPeak, dr[m]);
    const diff = base[m] - dr[m];
    if (inEvent(m)) {
      shedSum += diff;
      shedMinutes++;
      shedKwh += diff / 60;
    } else if (m * 60_000 >= lastEnd && m * 60_000 < lastEnd + 4 * 3_600_000) {
      rebound = Math.max(rebound, -diff);
      reboundKwh += Math.max(0, -diff) / 60;
    }
    bill -= (diff / 60) * prices(m * 60_000);
  }
  const { participants, households } = input.load;
  const mean = shedMinutes ? shedSum / shedMinutes : 0;
  return {
    baseline_peak_kw: round3(basePeak),
    dr_peak_kw: round3(drPeak),
    event_shed_kw_mean: round3(mean),
    shed_kw_per_participant: participants ? round3(mean / participants) : 0,
    shed_kw_per_household: households ? round3(mean / households) : 0,
    rebound_peak_kw: round3(rebound),
    energy_shed_kwh: round3(shedKwh),
    energy_rebound_kwh: round3(reboundKwh),
    participants,
    participating_households: households,
    bill_change: round3(bill),
    safety_violations: input.load.violations,
    hot_water_shortfalls: input.load.shortfalls,
  };
}

/** Price per kWh at a simulated time: the study's TOU schedule (by local hour) if it has one, else 0.17. */
function touPrices(s: Scenario): (tMs: number) => number {
  const tou = s.timeline.find((a) => a.action === 'tou_schedule');
  const hourly = tou && tou.action === 'tou_schedule' ? tou.prices : null;
  const startMs = localMsOfDay(s.start);
  return (t) => (hourly ? hourly[Math.floor((startMs + t) / 3_600_000) % 24] : 0.17);
}

function sortKeys(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Looks up a dotted path in the summary; a threshold on a missing path fails with value null. */
export function evaluate(summary: Summary, t: Threshold): { name: string; ok: boolean; value: number | null } {
  let v: unknown = summary;
  for (const key of t.path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  if (typeof v !== 'number') return { name: t.name, ok: false, value: null };
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
