import type { Rate } from '../models/pricing/rates.ts';
/**
 * A study, normalized: every duration in integer milliseconds of simulated time, every share in 0…1,
 * every default filled in. The YAML format (README.md beside this file) is parsed and validated into
 * this shape by `loadScenario`; models read only this shape.
 */
export type Priority = 'low' | 'medium' | 'high';
export type Visibility = 'public' | 'private';

/** Appliance types the C5 world knows; `approved` in the population decides which are registrable (FR-06). */
export const APPLIANCE_TYPES = [
  'thermostat', // HVAC with a programmable communicating thermostat
  'water_heater',
  'refrigerator',
  'clothes_washer',
  'clothes_dryer',
  'dishwasher',
  'pool_pump',
  'ev_charger',
  'smart_plug',
] as const;
export type ApplianceType = (typeof APPLIANCE_TYPES)[number];

export const PROGRAM_KINDS = ['TOU', 'CPP', 'PTR', 'RTP', 'DLC', 'DEMAND_LIMIT'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

export interface Region {
  name: string;
  share: number;
}

export interface Population {
  customers: number;
  regions: Region[];
  /** Appliances per customer: 1 + Poisson(mean - 1), capped at max. */
  appliances_per_customer: { mean: number; max: number };
  /** Relative weights by appliance type (normalized). */
  appliance_mix: Partial<Record<ApplianceType, number>>;
  /** Types CSS accepts (FR-06); an appliance of any other type is rejected at S1-02. */
  approved_types: ApplianceType[];
  /** Share of installed appliances whose owner asks to register them (the rest stay unregistered, BR-03 / FR-22). */
  registration_rate: number;
  /** Share of registered appliances whose owner also enrolls in a program (BR-03: the rest are registered only). */
  enrollment_rate: number;
  /** Share of registrations where the id or type the customer gives differs from the device's (rejected at S1-09). */
  mismatch_rate: number;
  /** Share of registrations that reuse an id already registered (rejected, FR-10). */
  duplicate_rate: number;
  /** Language preference weights (BCP 47 tags), FR-19. */
  languages: Record<string, number>;
  /** Share of customers with an EMS; an EMS controls that customer's appliances (FR-04). */
  ems_share: number;
  /** Share of customers with an in-home display. */
  ihd_share: number;
  /** Share of requests through a CSR (the rest use the web site), FR-01. */
  csr_share: number;
  /** Registrations are spread uniformly over [registration.start, registration.start + window]. */
  registration: { start: number; window: number };
  /** Custom groups for messaging (FR-21): name and the share of customers placed in it. */
  groups: { name: string; share: number }[];
}

export interface Program {
  id: string;
  kind: ProgramKind;
  /** Appliance types this program enrolls. */
  appliance_types: ApplianceType[];
  /** Programmed response parameters (S2-04); the appliance issue refines them. */
  response: {
    /** DLC: percent of each cycle the load is off (SCE Summer Discount Plan 50% = off 15 of every 30 min). */
    cycling_percent: number;
    /** Thermostat offset in °C during events. */
    cooling_offset_c: number;
    /** Load adjustment percent for price/CPP responses. */
    load_adjustment_percent: number;
    /** Randomized start window in ms (ZigBee DRLC randomize start). */
    randomize_start: number;
    /** Price (currency per kWh) above which price-responsive appliances curtail. */
    price_threshold: number;
    /** DEMAND_LIMIT: the premise's EMS keeps whole-house demand (as the meter reports it) under this, kW. */
    demand_limit_kw: number;
    /** DEMAND_LIMIT: an appliance is restored only once the held demand is this far below the limit, kW (hysteresis). */
    restore_margin_kw: number;
    /** DEMAND_LIMIT: a shed appliance stays off at least this long, ms (no short-cycled compressors). */
    min_off: number;
    /** DEMAND_LIMIT: the appliance types the EMS may defer or cycle, first shed first (restored in reverse). */
    shed_order: ApplianceType[];
  };
  /** Opt-outs allowed per customer per season. */
  opt_out_limit: number;
  /** CPP/PTR: what the pricing actor may call (OI-6); a season is the run. */
  event_limits: EventLimits;
}

/** How many event days a CPP/PTR program allows (tariff terms such as SCE CPP's 12 a summer, 2–6 pm). */
export interface EventLimits {
  per_season: number;
  hours_per_day: number;
  consecutive_days: number;
}

export type Target =
  | { all: true }
  | { appliance_type: ApplianceType }
  | { program: string }
  | { region: string }
  | { group: string }
  | { device: number };

interface ActionBase {
  /** When, in ms from the scenario start. */
  at: number;
  priority: Priority;
  visibility: Visibility;
  target: Target;
}

export type TimelineAction =
  | (ActionBase & { action: 'tou_schedule'; program: string; prices: number[] })
  | (ActionBase & { action: 'current_price'; program: string; price: number; next_price: number; tier: number; duration: number })
  | (ActionBase & { action: 'day_ahead_notice'; program: string; event_start: number; duration: number })
  | (ActionBase & { action: 'dr_event'; program: string; duration: number; criticality: number; in_progress_every: number })
  | (ActionBase & { action: 'load_control_schedule'; program: string; duration: number })
  | (ActionBase & { action: 'text_message'; text: Record<string, string>; confirm: boolean })
  | (ActionBase & { action: 'public_alert'; alert: PublicAlertKind; text: Record<string, string>; severity: AlertSeverityName; duration: number })
  | (ActionBase & { action: 'power_system_condition'; frequency_hz: number; low_voltage: boolean })
  | (ActionBase & { action: 'billing_cycle_start' })
  | (ActionBase & { action: 'diagnostic_test' });

export type ActionName = TimelineAction['action'];

/** FR-17(4), FR-28: energy and environmental alerts; `environmental` covers hazards beyond weather and the grid (CAP categories, OI-3). */
export type PublicAlertKind = 'energy_shortage' | 'grid_reliability' | 'weather' | 'environmental' | 'end_of_alert';
/** A public alert's severity on the wire (CAP-style levels). */
export type AlertSeverityName = 'advisory' | 'watch' | 'warning' | 'emergency';

/**
 * OI-5: rate advice. At `at`, CDCS bills each customer's reported usage (S2-08 reports received so far) under
 * every offered rate, and sends the cheapest with the saving over `current` to the customer's IHD.
 */
export interface RateAdvice {
  at: number;
  /** The id of the rate customers are on now. */
  current: string;
  rates: Rate[];
}

/** One Common Alerting Protocol 1.2 message: the file it came from (for messages) and its XML text. */
export interface CapFeed {
  file: string;
  xml: string;
  /** SHA-256 of `xml` (recorded in resolved.yaml; checked when a study gives it). */
  sha256?: string;
}

/**
 * OI-3: public alerts fed from outside. Each CAP message becomes public messages in the regions its areas map
 * to (`models/alerts/`); `areas` maps a CAP areaDesc or geocode (`SAME=006037`) to study regions.
 */
export interface PublicAlertFeeds {
  cap: CapFeed[];
  areas: Record<string, string[]>;
}

export interface LinkParams {
  latency_ms: number;
  /** Bytes per second of payload on the link (the protobuf-encoded size sets the airtime). */
  bandwidth_Bps: number;
  /** Probability one transmission attempt is lost. */
  loss: number;
  /** Retransmissions after a loss before the message is dropped on that link. */
  max_retries: number;
  /** Wait before a retransmission. */
  retry_timeout_ms: number;
}

export interface Network {
  /** NFR-02: DR and utility messages ahead of meter reads and firmware. Off = one FIFO per link. */
  priority_queuing: boolean;
  meters_per_collector: number;
  /** Head-end processing at the NMS per message. */
  nms_processing_ms: number;
  wan: LinkParams;
  /** The collector's RF mesh: one shared channel per collector; a message to a meter h hops away is sent h times. */
  rf_mesh: LinkParams & { hops: { min: number; max: number; mean: number } };
  han: LinkParams;
  /** Public broadcast channel per region: reaches every device in the region, registered or not (FR-22). */
  broadcast: { latency_ms: number; bandwidth_Bps: number };
  background: {
    /** Each meter uploads its interval reads every `interval` ms (0 = off), `bytes` each. */
    meter_reads: { interval: number; bytes: number };
    /** Firmware image pushed to every meter at `at` (null = none), in blocks of `block_bytes`. */
    firmware: { at: number | null; bytes: number; block_bytes: number };
  };
  /** Scheduled link outages (fault injection), in the order written; they may overlap. */
  faults: NetworkFault[];
}

/**
 * One scheduled outage: from `at` for `duration`, every transmission on the link is lost (so retries, then
 * drops). `wan`: collector `index`'s WAN backhaul; `rf`: collector `index`'s RF mesh channel; `han`: customer
 * `index`'s HAN link; `meter`: the meter of customer `index` restarts (its HAN is down for `duration` and the
 * messages queued at the meter are lost).
 */
export interface NetworkFault {
  /** When the link goes down, in ms from the scenario start (within the run). */
  at: number;
  kind: 'wan' | 'rf' | 'han' | 'meter';
  /**
   * `wan`, `rf`: collector index, 0 … collectors − 1 (collectors = ceil(population.customers / meters_per_collector));
   * `han`, `meter`: customer index, 0 … population.customers − 1.
   */
  index: number;
  /** How long the link stays down, ms (> 0). */
  duration: number;
}

export interface Behaviour {
  /** Probability the customer views a stored message (S2-03 / FR-31). */
  view_probability: number;
  /** Probability a customer overrides a DR response (S2-05); the appliance issue makes it grow with discomfort. */
  override_probability: number;
  /** Share of would-be overriders who change settings instead (S2-05 note). */
  settings_change_share: number;
  /** Delay from event start to an override, mean ms (exponential). */
  override_delay_mean: number;
  /** Share of customers who set alert limits (FR-30). */
  alert_limit_share: number;
  /** Appliances report to CDCS every `report_interval` ms (S2-08), and after each event. */
  report_interval: number;
  /** Share of customers who later change program, language or delete a device (FR-03). */
  change_share: number;
}

/** HAN device classes that can subscribe to the meter's usage feed: every appliance type, IHDs and EMSs. */
export const METERING_SUBSCRIBERS = [...APPLIANCE_TYPES, 'ihd', 'ems'] as const;
export type MeteringSubscriber = (typeof METERING_SUBSCRIBERS)[number];

/**
 * NFR-03, the meter's usage feed: the meter reports the premise's instantaneous demand and summation to the HAN
 * devices that subscribe, after ZigBee SE 1.x Metering attribute reporting (maximum interval, minimum interval,
 * reportable change) and IEEE 2030.5's Metering function set.
 */
export interface Metering {
  /** Device types that subscribe once authenticated on the HAN; empty = no feed. */
  subscribers: MeteringSubscriber[];
  /** A report at least this often (ms): ZigBee maximum reporting interval / DefaultUpdatePeriod, 2030.5 post rate. */
  period: number;
  /** No change-triggered report sooner than this after the last report (ms): ZigBee minimum reporting interval. */
  min_interval: number;
  /** Demand must move at least this far from the last reported value to trigger a report (W): ZigBee reportable change. */
  reportable_change_w: number;
  /** NFR-03 "instantly": the p99 age of the demand value devices hold, over devices and time, must stay within this (s). */
  age_sla_s: number;
}

/** Outdoor temperature the appliance physics sees (HVAC, water heater, refrigerator). */
export interface Weather {
  /** 24 hourly outdoor temperatures, °C, hour 0 = local midnight; linear in between, repeating daily. */
  hourly_c: number[];
}

/**
 * OI-6, the pricing actor: what it computes and CDCS sends instead of a hand-written timeline. `series` is the
 * study's hourly CSV (wholesale price, and the day-ahead forecasts of temperature and system load), read at load.
 */
export interface Pricing {
  series: PriceSeries;
  /** Retail adders per kWh (distribution, transmission, ...) added to every hour's wholesale price. */
  adders: Record<string, number>;
  /** Programs (RTP) that get each hour's price as a current price (this hour and the next). */
  hourly_programs: string[];
  /** Programs (TOU) that get `tou_prices` as a day-ahead schedule at each billing cycle start. */
  tou_programs: string[];
  tou_prices: number[];
  /** Billing cycle length, ms: a billing_cycle_start (and the TOU schedules) at 0, one cycle, two, ... */
  billing_cycle: number;
  /** Rules that call CPP/PTR event days from the day-ahead forecast. */
  events: EventRule[];
}

/** Hourly values, row i being the hour that starts i hours after the study's start. */
export interface PriceSeries {
  /** The CSV file as the study names it, relative to the study file's folder (resolved.yaml copies it beside itself). */
  file: string;
  /** SHA-256 of the file's text: a study may state it (`series: {file, sha256}`), and loading checks it. */
  sha256: string;
  /** The file's text: resolved.yaml carries it inline, so a run folder or a campaign job needs no other file. */
  csv: string;
  wholesale_usd_per_mwh: number[];
  temperature_c: number[] | null;
  system_load_mw: number[] | null;
}

export const FORECASTS = ['temperature', 'system_load'] as const;
export type Forecast = (typeof FORECASTS)[number];

/** A day is called when its forecast daily maximum reaches `trigger`, within the program's `event_limits`. */
export interface EventRule {
  program: string;
  forecast: Forecast;
  trigger: number;
  /** Local hour the event starts, and its length in hours. */
  start_hour: number;
  hours: number;
  /** How long before the event start the day-ahead notice goes out, ms. */
  notice_lead: number;
  priority: Priority;
}

export interface Threshold {
  /** As written, e.g. "delivery.by_priority.high.p99_s < 120". */
  name: string;
  /** Dotted path into summary.json. */
  path: string;
  op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  value: number;
}

export interface Scenario {
  name: string;
  description: string;
  /** ISO local date-time of simulated t = 0, and its IANA time zone. */
  start: string;
  time_zone: string;
  /** Simulated duration in ms. */
  duration: number;
  seed: number;
  population: Population;
  programs: Program[];
  timeline: TimelineAction[];
  network: Network;
  behaviour: Behaviour;
  weather: Weather;
  /** OI-6: the pricing actor's inputs, or null when CDCS sends only the timeline. */
  pricing: Pricing | null;
  metering: Metering;
  thresholds: Threshold[];
  /** OI-3: alerts from emergency agencies' CAP feeds, sent as public messages. */
  public_alerts: PublicAlertFeeds;
  /** OI-5: rate advice to each customer's IHD, or null for none. */
  rate_advice: RateAdvice | null;
  /** Delivery SLA, seconds (NFR-04: 2 minutes). */
  sla_s: number;
}
