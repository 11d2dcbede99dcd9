/**
 * Defaults for every optional field (all but `name` and `population.customers`), typical of a 2009-era
 * RF-mesh AMI (SCE SmartConnect was an Itron OpenWay deployment: 900 MHz RF mesh, cellular cell-relay
 * backhaul, 2.4 GHz ZigBee Smart Energy HAN) and of SCE programs. Figures marked "illustrative" are round
 * numbers in a plausible range, not measurements; studies should set what they depend on.
 */
import type { ApplianceType, Behaviour, Metering, Network, Population, Program, ProgramKind } from './types.ts';
import { APPLIANCE_TYPES } from './types.ts';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

export const DEFAULT_TOP = {
  description: '',
  /** A summer weekday (Wednesday) in SCE's peak season. */
  start: '2026-07-15T00:00:00',
  /** SCE's service territory (southern California). */
  time_zone: 'America/Los_Angeles',
  /** One day. */
  duration: 24 * H,
  seed: 1,
  /** NFR-04: delivery within 2 minutes. */
  sla_s: 120,
} as const;

export const DEFAULT_POPULATION: Omit<Population, 'customers'> = {
  regions: [{ name: 'territory', share: 1 }],
  /** Illustrative: most homes register one or two devices. */
  appliances_per_customer: { mean: 2, max: 6 },
  /**
   * Illustrative weights: HVAC/thermostats lead (central AC is the DR resource SCE cycles), then water heaters;
   * pool pumps ~10% of inland SCE homes; EV chargers rare in 2009.
   */
  appliance_mix: {
    thermostat: 30,
    water_heater: 15,
    refrigerator: 12,
    clothes_washer: 8,
    clothes_dryer: 8,
    dishwasher: 8,
    pool_pump: 8,
    ev_charger: 3,
    smart_plug: 8,
  },
  /** Every known type is approved unless a study narrows it (FR-06). */
  approved_types: [...APPLIANCE_TYPES],
  registration_rate: 0.8,
  /** BR-03: registration without enrollment is allowed; illustrative half enroll. */
  enrollment_rate: 0.5,
  mismatch_rate: 0.02,
  duplicate_rate: 0.01,
  /**
   * English only by default, so a minimal study's messages need one text variant (every population language
   * must have a variant, FR-19). SCE also serves customers in Spanish, Chinese, Korean, Vietnamese...: studies
   * of FR-19 declare them.
   */
  languages: { en: 1 },
  /** Illustrative: EMSs were rare in 2009; IHDs were the common HAN display. */
  ems_share: 0.05,
  ihd_share: 0.2,
  /** Illustrative share of requests through a CSR (FR-01); the rest use the web site. */
  csr_share: 0.3,
  /** Registrations early in the run, so later messages reach registered devices. */
  registration: { start: 0, window: 1 * H },
  groups: [],
};

export const DEFAULT_RESPONSE: Program['response'] = {
  /** SCE Summer Discount Plan: 50% cycling = compressor off 15 of every 30 minutes. */
  cycling_percent: 50,
  /** 4 °F, a common PCT set-back for CPP events (California PCT pilots). */
  cooling_offset_c: 2.2,
  /** Illustrative curtailment for price/CPP responses (ZigBee SE DRLC "average load adjustment percentage"). */
  load_adjustment_percent: 30,
  /** ZigBee SE 1.x DRLC StartRandomizationMinutes: default 0x1E = 30 min, range 0–60 min. */
  randomize_start: 30 * MIN,
  /** Illustrative $/kWh: about SCE's upper residential tiers in 2009, below a CPP event price. */
  price_threshold: 0.3,
  /**
   * Illustrative premise limit: the demand-charge thresholds of residential demand tariffs and EMS products sit
   * at 5–7 kW, a little above a house with central AC running and below AC + EV charger or dryer.
   */
  demand_limit_kw: 6,
  /** Illustrative hysteresis: restore one appliance only with 1 kW of room (a pool pump or a compressor). */
  restore_margin_kw: 1,
  /** Twice the AC compressor's 5-minute minimum off time (anti-short-cycle delay; models/appliances thermostat). */
  min_off: 10 * MIN,
  /** Least missed first: the EV (charges later), pool pump, dryer, water heater (tank), washer, dishwasher, then AC. */
  shed_order: ['ev_charger', 'pool_pump', 'clothes_dryer', 'water_heater', 'clothes_washer', 'dishwasher', 'thermostat'],
};

/** Illustrative: PCT programs allow a few overrides a season before the customer loses the incentive. */
export const DEFAULT_OPT_OUT_LIMIT = 5;

/**
 * CPP/PTR event days a program allows: SCE's CPP of the use case's time called 9–15 event days a summer, 2–6 pm
 * (4 h); PG&E SmartRate the same 9–15 days. At most 3 days in a row is illustrative (tariffs cap fatigue so).
 */
export const DEFAULT_EVENT_LIMITS = { per_season: 15, hours_per_day: 4, consecutive_days: 3 };

/** The pricing actor (OI-6): CPP events 2–6 pm announced a day ahead; billing cycles of 30 days. */
export const DEFAULT_PRICING = {
  billing_cycle: 30 * 24 * H,
  start_hour: 14,
  hours: 4,
  notice_lead: 24 * H,
  priority: 'high' as const,
};

/** DLC cycles the big controllable loads (SDP: central AC); price programs reach every type. */
export function defaultProgramTypes(kind: ProgramKind): ApplianceType[] {
  if (kind === 'DEMAND_LIMIT') return [...DEFAULT_RESPONSE.shed_order];
  return kind === 'DLC' ? ['thermostat', 'pool_pump', 'water_heater'] : [...APPLIANCE_TYPES];
}

export const DEFAULT_ACTION = {
  at: 0,
  /** FR-29. */
  priority: 'medium',
  /** FR-23: private, except public alerts, which default to public (FR-22). */
  visibility: 'private',
  target: { all: true },
} as const;

/** Illustrative day-ahead schedule after SCE's residential TOU shape: on-peak noon–6 pm on summer weekdays. */
export const DEFAULT_TOU_PRICES: number[] = [
  ...Array<number>(8).fill(0.1), // 00–08 off-peak
  ...Array<number>(4).fill(0.17), // 08–12 mid-peak
  ...Array<number>(6).fill(0.31), // 12–18 on-peak
  ...Array<number>(3).fill(0.17), // 18–21 mid-peak
  ...Array<number>(3).fill(0.1), // 21–24 off-peak
];

export const DEFAULT_ACTION_FIELDS = {
  /** SCE CPP and PTR events run 2–6 pm: 4 hours (SDP events are at most 6 h a day). */
  event_duration: 4 * H,
  /** ZigBee SE 1.x criticality: 1 green, 2–6 levels 1–5, 7 emergency, 8 planned outage, 9 service disconnect, 10–15 utility. */
  criticality: 2,
  /** An "event in progress" reminder every hour (FR-17); 0 = none. */
  in_progress_every: 1 * H,
  /** A current-price message covers one hour unless told otherwise. */
  price_duration: 1 * H,
  tier: 1,
  confirm: false,
  /** North American grid nominal frequency. */
  frequency_hz: 60,
  low_voltage: false,
  /** A public alert is shown as a warning for 5 hours unless told otherwise (a CAP alert's expires sets it, OI-3). */
  alert_severity: 'warning',
  alert_duration: 5 * H,
} as const;

export const DEFAULT_NETWORK: Network = {
  /** NFR-02: DR and utility messages ahead of meter reads and firmware. */
  priority_queuing: true,
  /** 2009-era RF mesh: ~500–2000 meters per collector (cell relay / access point). */
  meters_per_collector: 1000,
  /** Illustrative head-end processing per message. */
  nms_processing_ms: 50,
  /** Cellular backhaul of 2009 (GPRS/EV-DO/HSPA): latency of hundreds of ms, ~100 kbit/s sustained. */
  wan: { latency_ms: 400, bandwidth_Bps: 12_500, loss: 0.001, max_retries: 3, retry_timeout_ms: 5_000 },
  /**
   * 900 MHz RF mesh: 9.6–100 kbit/s raw with low effective throughput once shared, meshed and acknowledged
   * (~19.2 kbit/s ≈ 2,400 B/s here), tens to hundreds of ms a hop, 1–5 hops to the collector.
   */
  rf_mesh: {
    latency_ms: 150,
    bandwidth_Bps: 2_400,
    loss: 0.03,
    max_retries: 3,
    retry_timeout_ms: 3_000,
    hops: { min: 1, max: 5, mean: 2.5 },
  },
  /**
   * ZigBee (IEEE 802.15.4, 2.4 GHz) HAN: 250 kbit/s raw, 127-byte PHY frames leave ~80 bytes of application
   * payload; with CSMA and acknowledgements ~40 kbit/s (5,000 B/s) is usable.
   */
  han: { latency_ms: 20, bandwidth_Bps: 5_000, loss: 0.01, max_retries: 3, retry_timeout_ms: 1_500 },
  /**
   * One-way public broadcast per region, after the FM RDS channel California proposed for programmable
   * communicating thermostats (Title 24, 2008): 1,187.5 bit/s raw, ~100 B/s of payload, seconds of latency.
   */
  broadcast: { latency_ms: 2_000, bandwidth_Bps: 100 },
  background: {
    /** 15-minute interval data (2 channels) uploaded every 4 h: 16 × 2 × 6 B + ~64 B header ≈ 256 B. */
    meter_reads: { interval: 4 * H, bytes: 256 },
    /** No firmware push unless a study schedules one; a meter image of ~256 KiB in 512-byte blocks. */
    firmware: { at: null, bytes: 262_144, block_bytes: 512 },
  },
  /** No outages unless a study schedules them. */
  faults: [],
};

export const DEFAULT_BEHAVIOUR: Behaviour = {
  /** Illustrative: about half of stored messages get looked at (S2-03). */
  view_probability: 0.5,
  /**
   * At mean discomfort on a 35 °C afternoon over a 4-hour response; hot days and long events see more
   * (calibrated against Simpson et al. 2024, models/README.md "Calibration").
   */
  override_probability: 0.08,
  settings_change_share: 0.3,
  override_delay_mean: 1 * H,
  alert_limit_share: 0.1,
  /** Hourly S2-08 reports (plus one after each event). */
  report_interval: 1 * H,
  change_share: 0.02,
};

/**
 * A hot inland southern-California July day (°C by local hour): ~22 °C before dawn, ~38 °C at 15:00–16:00,
 * the shape of NOAA hourly normals for Riverside in a heat wave. Illustrative; studies set their own.
 */
export const DEFAULT_WEATHER = {
  hourly_c: [24, 23, 22.5, 22, 22, 22.5, 23.5, 25.5, 28, 30.5, 32.5, 34.5, 36, 37, 37.5, 38, 37.5, 36.5, 34.5, 32, 29.5, 27.5, 26, 25],
};

/**
 * NFR-03, the meter's usage feed (sources in scenarios/README.md, `metering`). IHDs and EMSs subscribe (their job
 * is to show and act on the premise's usage); appliances only when a study says so.
 */
export const DEFAULT_METERING: Metering = {
  subscribers: ['ihd', 'ems'],
  /** ZigBee SE 1.x Metering cluster DefaultUpdatePeriod: 0x1E = 30 s. */
  period: 30 * S,
  /** Zigbee2MQTT's reporting configuration for Metering InstantaneousDemand: minimum interval 5 s. */
  min_interval: 5 * S,
  /** A whole-home energy meter's default "threshold change in W to induce an automatic report" (Aeotec HEM Gen5): 50 W. */
  reportable_change_w: 50,
  /** Twice the default period: a display refreshed every 30 s never shows a value older than a minute, even after a lost report. */
  age_sla_s: 60,
};
