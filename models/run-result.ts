/**
 * What a run produces: `summary.json` (the contract of DESIGN.md), the metric points that go to
 * `metrics.lp` / InfluxDB, and the latency distributions the report draws. Pure data, no I/O.
 */
import type { MeteringSummary } from './world/metering/metering.ts';
import type { DemandLimitSummary } from './world/ems/ems.ts';
import type { MetricPoint } from '../sim/metrics/point.ts';
import type { Priority } from '../scenarios/types.ts';
import type { DDSketchJSON } from '../sim/metrics/ddsketch.ts';

/** Latencies of one group of deliveries; with no delivery (count 0) every figure but the count is null. */
export interface DeliveryStats {
  count: number;
  p50_s: number | null;
  p95_s: number | null;
  p99_s: number | null;
  max_s: number | null;
  /** Share of deliveries within the SLA, 0…1 (exact, not sketched). */
  within_sla: number | null;
}

/**
 * NFR-04 over one group of covered messages (a priority, a kind, or all of them). A message counts once it is
 * delivered or dropped, or when the run ends with it still in flight more than sla_s after it was sent; the
 * last two are misses (they never arrived within the SLA). Latencies (p99, max) are of the delivered ones.
 */
export interface SlaStats {
  /** delivered + dropped + late_in_flight. */
  count: number;
  delivered: number;
  dropped: number;
  /** Still in flight at the end of the run, sent more than sla_s before it. */
  late_in_flight: number;
  /** Delivered within sla_s (exact count, latency ≤ sla_s). */
  within: number;
  /** count − within: delivered late, dropped, or late in flight. */
  missed: number;
  /** within / count, 0…1 (null when there is no message). */
  within_sla: number | null;
  /** Of the delivered ones; null when none was delivered. */
  p99_s: number | null;
  max_s: number | null;
  /** missed == 0. */
  ok: boolean;
}

/** The NFR-04 verdict over every message it covers (to or from CDCS, NMS or a HAN device, and public broadcasts). */
export interface SlaSummary extends SlaStats {
  sla_s: number;
  /** `met`: no covered message missed the SLA; `missed`: at least one did; `none`: no covered message. */
  verdict: 'met' | 'missed' | 'none';
  by_priority: Record<Priority, SlaStats>;
  /** Only the kinds that had covered messages. */
  by_kind: Record<string, SlaStats>;
}

export interface Summary {
  scenario: string;
  seed: number;
  workers: number;
  run_id: string;
  /** Hex SHA-256 over the run's deterministic outputs (everything here but wall-clock fields, run_id and provenance). */
  digest: string;
  /** What ran: enough to run it again (the run folder's resolved.yaml holds the study itself). */
  provenance: Provenance;
  sim: { events: number; wall_s: number; events_per_s: number; sim_s: number };
  population: {
    customers: number;
    appliances: number;
    registered: number;
    enrolled: number;
    rejected: number;
    unregistered: number;
    ihds: number;
    emss: number;
    rejected_by_reason: Record<string, number>;
  };
  /** Count of each step S1-01 … S2-08 (every id present, 0 when not exercised). */
  steps: Record<string, number>;
  delivery: {
    sla_s: number;
    by_priority: Record<Priority, DeliveryStats>;
    by_kind: Record<string, DeliveryStats>;
    /** Messages lost after every retry, by kind. */
    dropped: Record<string, number>;
    /** From a message's creation to its acknowledgement reaching the back office (S1-12, S1-16, S2-02). */
    ack_round_trip: DeliveryStats;
    /** Meter-read and firmware traffic that competed for the links. */
    background: { meter_reads: number; firmware_blocks: number; bytes: number };
  };
  /** NFR-04: within / missed per priority and covered kind, and the verdict the table and report always show. */
  sla: SlaSummary;
  network: {
    /** Largest queue depth seen per link class (wan, rf, han, broadcast). */
    queue_depth_max: Record<string, number>;
    /** Time per hop (queueing, airtime, retransmissions on one link; one RF mesh hop each) by link class. */
    hop_latency: Record<string, DeliveryStats>;
    priority_queuing: boolean;
    decode_errors: Record<string, number>;
  };
  load: {
    /** Peak of the total per-minute load without DR signals (the exact counterfactual), kW. */
    baseline_peak_kw: number;
    /** Peak of the total per-minute load with DR, kW. */
    dr_peak_kw: number;
    /**
     * Mean of baseline − DR over the minutes of every response window (DR events, price responses and
     * autonomous OI-1 responses; see `events`), kW: the shed of each region in its own windows. Null
     * (not applicable) when no minute of the run lies in a response window.
     */
    event_shed_kw_mean: number | null;
    /**
     * The mean over program and price windows only (what programmed responses shed), per device that
     * executed a response (S2-04), and per household with one. Null without program or price window minutes,
     * or without participants (households).
     */
    shed_kw_per_participant: number | null;
    shed_kw_per_household: number | null;
    /**
     * Largest DR − baseline in the recovery after a response window (up to 4 h, until the next window), kW;
     * null when no minute of the run lies in a recovery.
     */
    rebound_peak_kw: number | null;
    /** Baseline − DR summed over every response window, kWh (by cause in `by_cause`). */
    energy_shed_kwh: number;
    /** Energy above baseline in the recoveries (minutes where DR runs above baseline only), kWh. */
    energy_rebound_kwh: number;
    /** DR − baseline summed over the recoveries, kWh: the energy the fleet took back after its windows (net). */
    energy_recovered_kwh: number;
    /** The same figures by what caused the response; energies add up to the totals above. */
    by_cause: Record<ResponseCause, CauseFigures>;
    /** Every response window, one row per region it reaches, in order of start. */
    events: LoadEvent[];
    participants: number;
    participating_households: number;
    /** Change of the customers' energy bill under the study's TOU prices (negative = saving). */
    bill_change: number;
    /** FR-37: safety violations of any appliance; there must be none. */
    safety_violations: number;
    /** Draws that found a tank DR had left short although its safety logic was heating again (counted apart). */
    hot_water_shortfalls: number;
  };
  /** NFR-03: the meter's usage feed to HAN devices and the age of the values they hold (world/metering/). */
  metering: MeteringSummary;
  /** DEMAND_LIMIT: per program, the premises' demand above the limit with the EMS and in the exact counterfactual (world/ems/). */
  demand_limit: DemandLimitSummary;
  overrides: {
    count: number;
    reported_to_cdcs: number;
    reported_to_css: number;
    reported_to_mdms: number;
    settings_changes: number;
    /** Overrides per device that executed a response; null without participants. */
    rate: number | null;
  };
  /** OI-6: what the pricing actor had CDCS send (all zero and empty without a `pricing` section). */
  pricing: PricingSummary;
  /** OI-5: what the rate advice found (all zero, lists empty, without `rate_advice` in the study). */
  rate_advice: RateAdviceSummary;
  thresholds: { name: string; ok: boolean; value: number | null }[];
}

export interface PricingSummary {
  /** Hourly current prices handed to CDCS (hours × hourly programs), and the retail price per kWh over the run's hours. */
  hourly_prices: number;
  /** Null without hourly prices. */
  retail_price_mean: number | null;
  retail_price_max: number | null;
  /** Billing cycle starts and TOU schedules handed to CDCS. */
  billing_cycles: number;
  tou_schedules: number;
  event_days_called: number;
  /** Every called day, by start: its forecast against the trigger, the notice, the window, and the event's shed (load.events). */
  event_days: PricingEventDay[];
  /** Days that met the trigger but a program limit forbade. */
  skipped_days: { program: string; date: string; forecast: number; reason: string }[];
  /** Each event rule's verdict on every candidate day, in date order: the report draws them against the forecast. */
  rules: { program: string; forecast: string; trigger: number; days: { date: string; forecast: number | null; verdict: string }[] }[];
}

export interface PricingEventDay {
  program: string;
  /** Local date of the event. */
  date: string;
  forecast: number;
  trigger: number;
  /** Simulated seconds from the study's start. */
  notice_s: number;
  start_s: number;
  end_s: number;
  /**
   * From load.events over the event's window (summed over the regions that have it): mean shed, kW (null when
   * no region's row has one), and energy shed, kWh.
   */
  shed_kw_mean: number | null;
  energy_shed_kwh: number;
}

/** OI-5: savings in currency units over the billed history (from t = 0 to the advice). */
export interface RateAdviceSummary {
  /** Customers with reported usage (billed), and those whose IHD was sent the advice. */
  customers: number;
  advised: number;
  /** Customers for whom another rate is cheaper than the one they are on (a saving that can be computed). */
  would_switch: number;
  /** Savings of the customers whose current rate could be billed; the rest have none to state. */
  saving_total: number;
  /** Null without such customers (no population to take a mean or quantile over). */
  saving_mean: number | null;
  saving_p50: number | null;
  saving_p90: number | null;
  saving_max: number | null;
  /**
   * For each offered rate: the customers it is cheapest for, and those it could not be billed for (PTR: no
   * usage outside events, so no baseline); a rate not billable for a customer is not a candidate for them.
   */
  recommended: { rate: string; customers: number; not_billable: number }[];
  /** Customers by saving: ten equal bins from 0 to the largest saving. */
  histogram: { from: number; to: number; customers: number }[];
}

/**
 * Where a run came from. Deterministic (no wall clock, no host): the same command at the same commit writes
 * the same block. Left out of the digest, since the same study reached another way (resolved.yaml, other
 * `--set`s) computes the same thing.
 */
export interface Provenance {
  /** The study's name. */
  study: string;
  /** The study file as given on the command line ('' when the study was not read from a file). */
  source: string;
  /** The `--set path=value` overrides applied to it, in order (`--seed N` is `seed=N`; a sweep adds its point's values and seed). */
  sets: string[];
  seed: number;
  /** The simulator's version (package.json) and git commit; 'unknown' when they cannot be read. */
  version: string;
  commit: string;
  /** Hex SHA-256 of the resolved study (canonical JSON, seed included); a campaign's run key is its first 16 digits. */
  study_hash: string;
}

/** What the caller knows of a run's origin; the rest of `Provenance` comes from the resolved study. */
export type RunOrigin = Pick<Provenance, 'source' | 'sets' | 'version' | 'commit'>;

export type ResponseCause = 'program' | 'price' | 'autonomous';

/**
 * A response window's figures in one region. Shed is measured over the window itself; the recovery runs
 * from its end for up to 4 h, until another window of the region starts or a later-ending one takes over.
 */
export interface LoadEvent {
  cause: ResponseCause;
  /** Program id, or the condition (`under_frequency`, `low_voltage`) of an autonomous response. */
  name: string;
  /** The timeline action whose delivery is counted (the latest signal sent at or before the start). */
  signal: string;
  region: string;
  /**
   * Whose load (DR world against its exact counterfactual) the figures are measured on: the participants of
   * these programs, or `["*"]`, every appliance in the region (an autonomous response, which every appliance makes).
   */
  measured_on: string[];
  /** Window and recovery, simulated seconds from the study's start. */
  start_s: number;
  end_s: number;
  recovery_end_s: number;
  /** Devices in the region that accepted the signal, and those that had it within the SLA (NFR-04) of its sending. */
  devices_reached: number;
  devices_reached_within_sla: number;
  /** Mean of baseline − DR over the window's minutes, kW (null when none of its minutes is in the run), and its sum, kWh. */
  shed_kw_mean: number | null;
  energy_shed_kwh: number;
  /** DR − baseline summed over the recovery, kWh. */
  energy_recovered_kwh: number;
  /**
   * Largest DR − baseline in the recovery (0 when load never ran above baseline), kW, and as % of that minute's
   * baseline. Null when the window has no recovery minute in the run; the % also when that baseline is 0.
   */
  snapback_peak_kw: number | null;
  snapback_peak_pct: number | null;
}

/** Totals of one cause: each region-minute of a window or recovery counts for one cause only (see load-summary.ts). */
export interface CauseFigures {
  /** Rows of `events` with this cause. */
  events: number;
  /** Null when the cause holds no window minute (shed) or no recovery minute (rebound). */
  shed_kw_mean: number | null;
  energy_shed_kwh: number;
  energy_recovered_kwh: number;
  rebound_peak_kw: number | null;
}

/** One point of an empirical CDF: the share of deliveries at or below `s` seconds. */
export interface CdfPoint {
  s: number;
  frac: number;
}

export interface RunResult {
  summary: Summary;
  /** Per-minute points, in time order then measurement/tag order (see README "Metrics"). */
  points: MetricPoint[];
  latency_cdf: Record<Priority, CdfPoint[]>;
  /** The delivery-latency sketch of each priority (exactly mergeable: campaigns merge replications bin-wise). */
  latency_sketches?: Record<Priority, DDSketchJSON>;
  /** Scenario start as an ISO instant with offset, for turning simulated ms into timestamps. */
  start_instant: string;
}
