/**
 * A realistic RunResult for report tests, built without the simulator: a 6-hour summer afternoon
 * (12:00–18:00 PDT), two regions, three appliance types, a 2-hour DR event at 14:00 with shed that decays
 * as customers override and a rebound after 16:00, three delivery priorities, four link classes, interval
 * meter reads and a firmware push competing for the links. Deterministic (own small PRNG), internally
 * consistent (summary figures are computed from the points).
 */
import type { CdfPoint, DeliveryStats, RunResult, SlaStats, Summary } from '../../models/run-result.ts';
import type { MetricPoint } from '../../sim/metrics/point.ts';
import type { Priority } from '../../scenarios/types.ts';
import { responseFigures } from '../../models/world/response-figures.ts';
import type { ResponseWindow } from '../../models/world/response-events.ts';
import { STEPS } from '../steps.ts';

const MIN = 60_000;
export const FIXTURE_MINUTES = 360;
export const FIXTURE_REGIONS = ['inland_empire', 'coastal'] as const;
export const FIXTURE_TYPES = ['thermostat', 'water_heater', 'pool_pump'] as const;
export const FIXTURE_START = '2025-08-14T12:00:00-07:00';
/** DR event window, in minutes from the start (14:00–16:00 local). */
export const EVENT = { start: 120, end: 240 } as const;
/** A 10-minute low-voltage condition (OI-1) in the coastal region only, 17:30–17:40 local. */
export const CONDITION = { start: 330, end: 340, region: 'coastal' } as const;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (v: number, d = 3): number => Number(v.toFixed(d));

export interface FixtureOptions {
  seed?: number;
  scenario?: string;
  /** Make the low-priority p99 breach the SLA during the firmware push (one failing threshold). Default true. */
  breach?: boolean;
}

export function fixtureRunResult(opts: FixtureOptions = {}): RunResult {
  const rnd = mulberry32(opts.seed ?? 42);
  const breach = opts.breach ?? true;
  const normal = (): number => {
    const u = Math.max(rnd(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const points: MetricPoint[] = [];
  const push = (measurement: string, tags: Record<string, string>, fields: Record<string, number>, minute: number): void => {
    points.push({ measurement, tags, fields, t: minute * MIN });
  };

  const regionShare = { inland_empire: 0.62, coastal: 0.38 } as const;
  const units = { thermostat: 1400, water_heater: 900, pool_pump: 380 } as const;
  const enrolledShare = 0.7;
  const totals = { baseline: [] as number[], dr: [] as number[], shed: [] as number[] };
  const byRegion = { base: FIXTURE_REGIONS.map(() => [] as number[]), dr: FIXTURE_REGIONS.map(() => [] as number[]) };
  const latencyByPriority: Record<Priority, number[]> = { high: [], medium: [], low: [] };
  const stepTotals: Record<string, number> = Object.fromEntries(STEPS.map((s) => [s.id, 0]));
  let overrideTotal = 0;
  let settingsTotal = 0;
  const queueMax: Record<string, number> = { wan: 0, rf: 0, han: 0, broadcast: 0 };
  let meterReads = 0;
  let firmwareBlocks = 0;
  let bgBytes = 0;
  const overriddenShare = { inland_empire: 0, coastal: 0 };

  for (let m = 0; m < FIXTURE_MINUTES; m++) {
    const hour = 12 + m / 60;
    // Outdoor heat drives thermostat duty: peaks about 16:30.
    const heat = 0.45 + 0.4 * Math.exp(-(((hour - 16.5) / 2.2) ** 2));
    const inEvent = m >= EVENT.start && m < EVENT.end;
    const sinceEnd = m - EVENT.end;
    const ramp = inEvent ? Math.min(1, (m - EVENT.start + 1) / 10) : 0; // randomized start over 10 min
    let tb = 0;
    let td = 0;
    for (const [ri, region] of FIXTURE_REGIONS.entries()) {
      let rb = 0, rd = 0;
      const rs = regionShare[region] * (region === 'inland_empire' ? 1.08 : 0.92);
      if (inEvent) overriddenShare[region] = Math.min(0.35, overriddenShare[region] + (region === 'inland_empire' ? 0.0032 : 0.002));
      const participating = enrolledShare * (1 - overriddenShare[region]);
      for (const type of FIXTURE_TYPES) {
        const n = units[type] * rs;
        let perUnit: number;
        let shedFrac: number;
        let reboundFrac: number;
        if (type === 'thermostat') {
          perUnit = 3.2 * heat;
          shedFrac = 0.5;
          reboundFrac = 0.3;
        } else if (type === 'water_heater') {
          perUnit = 4.5 * (0.12 + 0.08 * Math.exp(-(((hour - 17.5) / 0.8) ** 2)));
          shedFrac = 0.9;
          reboundFrac = 0.6;
        } else {
          perUnit = hour < 17 ? 1.1 : 0.25;
          shedFrac = 1;
          reboundFrac = 0.2;
        }
        const baseline = n * perUnit * (1 + 0.015 * normal());
        let dr = baseline;
        if (inEvent) dr = baseline * (1 - shedFrac * participating * ramp);
        else if (sinceEnd >= 0 && sinceEnd < 90) dr = baseline * (1 + reboundFrac * enrolledShare * Math.exp(-sinceEnd / 22));
        if (region === CONDITION.region && m >= CONDITION.start && m < CONDITION.end && type === 'thermostat') dr = baseline * 0.2;
        tb += baseline;
        td += dr;
        rb += round(baseline);
        rd += round(dr);
        push('load', { region, appliance_type: type }, { baseline_kw: round(baseline), dr_kw: round(dr), shed_kw: round(baseline - dr) }, m);
      }
      byRegion.base[ri].push(rb);
      byRegion.dr[ri].push(rd);
      if (inEvent) {
        const c = Math.floor(rnd() * (region === 'inland_empire' ? 5 : 3) * (1 + (m - EVENT.start) / 60));
        const sc = Math.floor(c * 0.3 + (rnd() < 0.2 ? 1 : 0));
        if (c > 0 || sc > 0) {
          push('overrides', { region }, { count: c, settings_changes: sc }, m);
          overrideTotal += c;
          settingsTotal += sc;
        }
      }
    }
    totals.baseline.push(tb);
    totals.dr.push(td);
    totals.shed.push(tb - td);

    // Background traffic: meter reads every 15 minutes, firmware 15:00–15:40.
    const readBurst = m % 15 === 0;
    const firmware = m >= 180 && m < 220;
    if (readBurst) {
      const n = 2680;
      push('background', { class: 'meter_read' }, { messages: n, bytes: n * 420 }, m);
      meterReads += n;
      bgBytes += n * 420;
    }
    if (firmware) {
      const n = 260 + Math.floor(rnd() * 40);
      push('background', { class: 'firmware' }, { messages: n, bytes: n * 1024 }, m);
      firmwareBlocks += n;
      bgBytes += n * 1024;
    }

    // Delivery latency per priority: slower under meter-read bursts and the firmware push.
    const congestion = (readBurst ? 1.6 : 1) * (firmware ? 2.4 : 1) * (m === EVENT.start || m === EVENT.start - 60 ? 1.8 : 1);
    for (const pr of ['high', 'medium', 'low'] as const) {
      const base = pr === 'high' ? 1.6 : pr === 'medium' ? 4.5 : 12;
      const lowFactor = pr === 'low' ? congestion * (breach && firmware ? 2.6 : 1) : Math.sqrt(congestion);
      const count =
        pr === 'high'
          ? m === EVENT.start - 60 || m === EVENT.start || m === EVENT.end
            ? 1900
            : inEvent && (m - EVENT.start) % 15 === 0
              ? 1900
              : 6 + Math.floor(rnd() * 10)
          : pr === 'medium'
            ? m % 15 === 0
              ? 1900
              : 10 + Math.floor(rnd() * 20)
            : 60 + Math.floor(rnd() * 60);
      const samples: number[] = [];
      for (let i = 0; i < Math.min(count, 300); i++) samples.push(base * lowFactor * Math.exp(0.55 * normal()));
      samples.sort((a, b) => a - b);
      const q = (f: number): number => samples[Math.min(samples.length - 1, Math.floor(f * samples.length))]!;
      const within = samples.filter((s) => s <= 120).length / samples.length;
      push('delivery', { priority: pr }, { count, p50_s: round(q(0.5)), p95_s: round(q(0.95)), p99_s: round(q(0.99)), max_s: round(samples[samples.length - 1]!), within_sla: round(within, 5) }, m);
      for (let i = 0; i < samples.length; i += Math.max(1, Math.floor(samples.length / 40))) latencyByPriority[pr].push(samples[i]!);
    }
    for (const kind of ['dr_event', 'price', 'text', 'public_alert', 'report', 'ack'] as const) {
      const c = kind === 'report' || kind === 'ack' ? 40 + Math.floor(rnd() * 30) : kind === 'dr_event' ? (inEvent && (m - EVENT.start) % 15 === 0 ? 1900 : 0) : kind === 'price' ? (m % 15 === 0 ? 1900 : 0) : rnd() < 0.05 ? 500 : 0;
      if (c === 0) continue;
      const p99 = (kind === 'report' ? 40 : 5) * Math.sqrt(congestion) * (1 + 0.2 * normal() ** 2);
      push('delivery_kind', { kind }, { count: c, p99_s: round(p99), max_s: round(p99 * 1.3) }, m);
    }

    // Queues and messages in flight.
    const depth = {
      wan: Math.round(4 + 30 * (congestion - 1) + 3 * rnd()),
      rf: Math.round(20 + 260 * (congestion - 1) + (firmware ? 180 : 0) + 10 * rnd()),
      han: Math.round(2 + 6 * rnd() + (inEvent ? 4 : 0)),
      broadcast: Math.round(m % 15 === 0 ? 12 : rnd() < 0.1 ? 3 : 0),
    };
    for (const [link, max] of Object.entries(depth)) {
      push('queue_depth', { link }, { max, mean: round(max * 0.45, 2) }, m);
      queueMax[link] = Math.max(queueMax[link] ?? 0, max);
    }
    push('in_flight', {}, { messages: Math.round(depth.wan + depth.rf + depth.han + depth.broadcast + 30 * rnd()) }, m);

    for (const [kind, priority, visibility] of [
      ['dr_event', 'high', 'private'],
      ['price', 'medium', 'private'],
      ['public_alert', 'high', 'public'],
      ['text', 'low', 'private'],
      ['report', 'low', 'private'],
    ] as const) {
      const sent = kind === 'report' ? 50 + Math.floor(rnd() * 30) : kind === 'dr_event' ? (inEvent && (m - EVENT.start) % 15 === 0 ? 1900 : 0) : kind === 'price' ? (m % 15 === 0 ? 1900 : 0) : rnd() < 0.05 ? 500 : 0;
      if (sent === 0) continue;
      const dropped = rnd() < 0.1 ? 1 : 0;
      push('messages', { kind, priority, visibility }, { sent, delivered: sent - dropped, dropped }, m);
    }

    // Step counts: registration in the first hour, messaging afterwards.
    for (const st of STEPS) {
      let c = 0;
      if (st.id.startsWith('S1-') && m < 60) c = 30 + Math.floor(rnd() * 10);
      else if (st.id === 'S2-01' || st.id === 'S2-02') c = 40 + Math.floor(rnd() * 20);
      else if (st.id === 'S2-03') c = Math.floor(rnd() * 10);
      else if (st.id === 'S2-04' && inEvent) c = 10 + Math.floor(rnd() * 5);
      else if ((st.id === 'S2-05' || st.id === 'S2-06' || st.id === 'S2-07') && inEvent) c = 1 + Math.floor(rnd() * 4);
      else if (st.id === 'S2-08' && m % 30 === 0) c = 2000;
      if (c > 0) {
        push('steps', { step: st.id }, { count: c }, m);
        stepTotals[st.id] = (stepTotals[st.id] ?? 0) + c;
      }
    }
    if (m < 60 && rnd() < 0.3) push('rejections', { reason: rnd() < 0.5 ? 'type_not_approved' : 'id_mismatch' }, { count: 1 }, m);
  }

  const cdfOf = (xs: number[]): CdfPoint[] => {
    const s = [...xs].sort((a, b) => a - b);
    const out: CdfPoint[] = [];
    const n = 120;
    for (let i = 1; i <= n; i++) {
      const idx = Math.min(s.length - 1, Math.ceil((i / n) * s.length) - 1);
      out.push({ s: round(s[idx]!, 4), frac: round(i / n, 5) });
    }
    return out;
  };
  const statsOf = (xs: number[], count: number): DeliveryStats => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (f: number): number => round(s[Math.min(s.length - 1, Math.floor(f * s.length))]!);
    return { count, p50_s: q(0.5), p95_s: q(0.95), p99_s: q(0.99), max_s: round(s[s.length - 1]!), within_sla: round(s.filter((v) => v <= 120).length / s.length, 6) };
  };
  const countOf = (pr: Priority): number => points.filter((p) => p.measurement === 'delivery' && p.tags.priority === pr).reduce((a, p) => a + (p.fields.count ?? 0), 0);
  const byPriority = {
    high: statsOf(latencyByPriority.high, countOf('high')),
    medium: statsOf(latencyByPriority.medium, countOf('medium')),
    low: statsOf(latencyByPriority.low, countOf('low')),
  };
  // Response events from the per-region series, as a run computes them (one DR event everywhere, one OI-1 condition).
  const windows: ResponseWindow[] = [
    { cause: 'program', name: 'cpp', signal: 'dr_event', signalIndex: 0, region: null, start: EVENT.start * MIN, end: EVENT.end * MIN, programs: [0] },
    { cause: 'autonomous', name: 'low_voltage', signal: 'power_system_condition', signalIndex: 1, region: CONDITION.region, start: CONDITION.start * MIN, end: CONDITION.end * MIN, programs: null },
  ];
  const reach = { reached: { '0|inland_empire': 1700, '0|coastal': 1040, '1|coastal': 1630 }, withinSla: { '0|inland_empire': 1700, '0|coastal': 1000, '1|coastal': 1630 } };
  // One program, cpp, whose participants carry all of each region's load; no load in the slice of devices in none.
  const none = (series: number[]) => series.map(() => 0);
  const bySlice = (by: number[][]) => by.flatMap((series) => [series, none(series)]);
  const response = responseFigures(
    { baseTotal: totals.baseline, drTotal: totals.dr, regions: [...FIXTURE_REGIONS], baseByRegion: byRegion.base, drByRegion: byRegion.dr, programs: ['cpp'], baseBySlice: bySlice(byRegion.base), drBySlice: bySlice(byRegion.dr) },
    windows,
    reach,
  );
  // NFR-04 block: every latency drawn above is a covered delivery; the by-kind rows add the dropped counts.
  const slaOf = (delivered: number, within: number, dropped: number, p99: number, max: number): SlaStats => {
    const count = delivered + dropped;
    return { count, delivered, dropped, late_in_flight: 0, within, missed: count - within, within_sla: count ? round(within / count, 6) : null, p99_s: p99, max_s: max, ok: count === within };
  };
  const slaPriority = (pr: Priority): SlaStats => {
    const xs = latencyByPriority[pr];
    return slaOf(xs.length, xs.filter((v) => v <= 120).length, 0, byPriority[pr].p99_s!, byPriority[pr].max_s!);
  };
  const slaByPriority = { high: slaPriority('high'), medium: slaPriority('medium'), low: slaPriority('low') };
  const allLatencies = [...latencyByPriority.high, ...latencyByPriority.medium, ...latencyByPriority.low];
  const allWithin = allLatencies.filter((v) => v <= 120).length;
  const slaTotal = slaOf(allLatencies.length, allWithin, 0, Math.max(...(['high', 'medium', 'low'] as const).map((pr) => byPriority[pr].p99_s!)), round(Math.max(...allLatencies)));
  const customers = 2000;
  const appliances = 4100;
  const registered = 3420;
  const enrolled = Math.round(registered * enrolledShare);
  const summary: Summary = {
    scenario: opts.scenario ?? 'summer-cpp-afternoon',
    seed: opts.seed ?? 42,
    workers: 2,
    run_id: 'run-20250814-fixture-0001',
    digest: '9f2c4e1a7b3d5c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6',
    provenance: {
      study: opts.scenario ?? 'summer-cpp-afternoon',
      source: 'scenarios/summer-cpp-afternoon.yaml',
      sets: ['population.customers=2000', 'network.priority_queuing=true'],
      seed: opts.seed ?? 42,
      version: '0.1.0',
      commit: '0123456789abcdef0123456789abcdef01234567',
      study_hash: '5f1d3c2b4a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff001',
    },
    sim: { events: 48_213_554, wall_s: 37.4, events_per_s: 1_289_132, sim_s: FIXTURE_MINUTES * 60 },
    population: {
      customers,
      appliances,
      registered,
      enrolled,
      rejected: 94,
      unregistered: appliances - registered - 94,
      ihds: 640,
      emss: 210,
      rejected_by_reason: { type_not_approved: 51, id_mismatch: 31, duplicate_id: 12 },
    },
    steps: stepTotals,
    delivery: {
      sla_s: 120,
      by_priority: byPriority,
      by_kind: {
        dr_event: { count: 17_100, p50_s: 1.4, p95_s: 4.9, p99_s: 8.7, max_s: 21.2, within_sla: 1 },
        price: { count: 45_600, p50_s: 4.1, p95_s: 11.8, p99_s: 19.6, max_s: 44.3, within_sla: 1 },
        public_alert: { count: 9_000, p50_s: 2.2, p95_s: 6.6, p99_s: 10.4, max_s: 18.0, within_sla: 1 },
        text: { count: 9_500, p50_s: 14.0, p95_s: 51.0, p99_s: 88.0, max_s: 160.2, within_sla: 0.9981 },
        report: { count: 23_400, p50_s: 12.9, p95_s: 61.7, p99_s: breach ? 131.4 : 97.2, max_s: 240.8, within_sla: 0.9902 },
      },
      dropped: { dr_event: 0, price: 2, text: 3, report: 11 },
      ack_round_trip: { count: 41_200, p50_s: 9.8, p95_s: 58.1, p99_s: 88.4, max_s: 171.2, within_sla: 0.9961 },
      background: { meter_reads: meterReads, firmware_blocks: firmwareBlocks, bytes: bgBytes },
    },
    sla: {
      sla_s: 120,
      verdict: slaTotal.ok ? 'met' : 'missed',
      ...slaTotal,
      by_priority: slaByPriority,
      by_kind: {
        dr_event: slaOf(17_100, 17_100, 0, 8.7, 21.2),
        price: slaOf(45_598, 45_598, 2, 19.6, 44.3),
        public_alert: slaOf(9_000, 9_000, 0, 10.4, 18.0),
        text: slaOf(9_500, 9_482, 3, 88.0, 160.2),
      },
    },
    network: {
      queue_depth_max: queueMax,
      hop_latency: { wan: { count: 90_000, p50_s: 0.41, p95_s: 0.9, p99_s: 1.8, max_s: 6.2, within_sla: 1 }, rf: { count: 210_000, p50_s: 0.6, p95_s: 9.4, p99_s: 31.5, max_s: 96.1, within_sla: 1 } },
      priority_queuing: true,
      decode_errors: {},
    },
    load: {
      baseline_peak_kw: round(Math.max(...totals.baseline), 1),
      dr_peak_kw: round(Math.max(...totals.dr), 1),
      event_shed_kw_mean: response.shedKwMean,
      shed_kw_per_participant: round(response.programmedShedKwMean! / enrolled, 3),
      shed_kw_per_household: round(response.programmedShedKwMean! / (enrolled * 0.8), 3),
      rebound_peak_kw: response.reboundPeakKw,
      energy_shed_kwh: response.energyShedKwh,
      energy_rebound_kwh: response.energyReboundKwh,
      energy_recovered_kwh: response.energyRecoveredKwh,
      by_cause: response.byCause,
      events: response.events,
      participants: enrolled,
      participating_households: Math.round(enrolled * 0.8),
      bill_change: 0,
      safety_violations: 0,
      hot_water_shortfalls: 0,
    },
    metering: {
      subscribers: 850,
      period_s: 30,
      reportable_change_w: 50,
      reports: { sent: 2_361_400, periodic: 2_040_000, on_change: 321_400, delivered: 2_338_900, dropped: 22_500, stale: 310, bytes: 129_877_000 },
      latency: { count: 2_338_900, p50_s: 0.032, p95_s: 0.06, p99_s: 1.58, max_s: 6.1, within_sla: 1 },
      age: { sla_s: 60, p50_s: 15.2, p99_s: 30.1, max_s: 121.4, held_device_hours: 20_400, verdict: 'met' },
    },
    demand_limit: [
      {
        program: 'ems-6kw',
        limit_kw: 6,
        restore_margin_kw: 1,
        min_off_s: 600,
        premises: 100,
        appliances: 310,
        commands: { shed: 1_240, restore: 1_190 },
        controlled: { premise_hours_above: 21.5, minutes_above_per_premise: 12.9, energy_above_kwh: 18.2, peak_kw_mean: 9.4, peak_kw_max: 14.1 },
        counterfactual: { premise_hours_above: 160.2, minutes_above_per_premise: 96.1, energy_above_kwh: 310.7, peak_kw_mean: 12.8, peak_kw_max: 19.6 },
        reduction: { premise_hours_above: 138.7, energy_above_kwh: 292.5, peak_kw_mean: 3.4 },
        saturated_premise_hours: 6.1,
        actionable_stretches: 1_020,
        longest_actionable_stretch_s: 96.4,
      },
    ],
    overrides: { count: overrideTotal, reported_to_cdcs: overrideTotal, reported_to_css: overrideTotal, reported_to_mdms: overrideTotal, settings_changes: settingsTotal, rate: round(overrideTotal / enrolled, 4) },
    pricing: { hourly_prices: 0, retail_price_mean: 0, retail_price_max: 0, billing_cycles: 0, tou_schedules: 0, event_days_called: 0, event_days: [], skipped_days: [], rules: [] },
    rate_advice: {
      customers: 1800,
      advised: 310,
      would_switch: 1140,
      saving_total: 2142.5,
      saving_mean: 1.19,
      saving_p50: 0.84,
      saving_p90: 2.9,
      saving_max: 7.3,
      recommended: [
        { rate: 'flat', customers: 660, not_billable: 0 },
        { rate: 'tiered', customers: 420, not_billable: 0 },
        { rate: 'tou', customers: 380, not_billable: 0 },
        { rate: 'cpp', customers: 90, not_billable: 0 },
        { rate: 'ptr', customers: 250, not_billable: 12 },
      ],
      histogram: Array.from({ length: 10 }, (_, i) => ({ from: round(i * 0.74), to: round((i + 1) * 0.74), customers: [700, 420, 260, 170, 110, 70, 40, 20, 8, 2][i] })),
    },
    thresholds: [
      { name: 'delivery.by_priority.high.p99_s < 120', ok: byPriority.high.p99_s! < 120, value: byPriority.high.p99_s },
      { name: 'delivery.by_priority.low.p99_s < 120', ok: byPriority.low.p99_s! < 120, value: byPriority.low.p99_s },
      { name: 'load.event_shed_kw_mean > 500', ok: response.shedKwMean! > 500, value: response.shedKwMean },
    ],
  };
  points.sort((a, b) => a.t - b.t);
  return {
    summary,
    points,
    latency_cdf: { high: cdfOf(latencyByPriority.high), medium: cdfOf(latencyByPriority.medium), low: cdfOf(latencyByPriority.low) },
    start_instant: FIXTURE_START,
  };
}
