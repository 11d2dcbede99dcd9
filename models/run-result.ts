/**
 * What a run produces: `summary.json` (the contract of DESIGN.md), the metric points that go to
 * `metrics.lp` / InfluxDB, and the latency distributions the report draws. Pure data, no I/O.
 */
import type { MetricPoint } from '../sim/metrics/point.ts';
import type { Priority } from '../scenarios/types.ts';

export interface DeliveryStats {
  count: number;
  p50_s: number;
  p95_s: number;
  p99_s: number;
  max_s: number;
  /** Share of deliveries within the SLA, 0…1 (exact, not sketched). */
  within_sla: number;
}

export interface Summary {
  scenario: string;
  seed: number;
  workers: number;
  run_id: string;
  /** Hex SHA-256 over the run's deterministic outputs (everything here but wall-clock fields and run_id). */
  digest: string;
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
    /** Mean of baseline − DR over the minutes of DR events, kW. */
    event_shed_kw_mean: number;
    /** That mean per device that executed a response (S2-04), and per household with one. */
    shed_kw_per_participant: number;
    shed_kw_per_household: number;
    /** Largest DR − baseline within 4 h after the last event: the rebound above baseline, kW. */
    rebound_peak_kw: number;
    energy_shed_kwh: number;
    energy_rebound_kwh: number;
    participants: number;
    participating_households: number;
    /** Change of the customers' energy bill under the study's TOU prices (negative = saving). */
    bill_change: number;
    /** FR-37: safety violations of any appliance; there must be none. */
    safety_violations: number;
    /** Draws that found a tank DR had left short although its safety logic was heating again (counted apart). */
    hot_water_shortfalls: number;
  };
  overrides: {
    count: number;
    reported_to_cdcs: number;
    reported_to_css: number;
    reported_to_mdms: number;
    settings_changes: number;
    /** Overrides per device that executed a response. */
    rate: number;
  };
  thresholds: { name: string; ok: boolean; value: number | null }[];
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
  /** Scenario start as an ISO instant with offset, for turning simulated ms into timestamps. */
  start_instant: string;
}
