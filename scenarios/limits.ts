/**
 * The limits of the study format: the one place every numeric range lives. The validators read these
 * ranges, `schema.json` carries the same bounds (for number fields) and `README.md` lists them; a test
 * (`limits.test.ts`) keeps all three in agreement. A limit is either what the storage of the value can
 * hold (an index kept in one byte, a price on the wire as a 32-bit integer) or what keeps a run finite
 * and meaningful; `why` says which, and is shown in the error a value out of range gets.
 *
 * Keys are field paths as in `fields.ts`: `[]` is "each item of the list", `*` "each value of the map",
 * and `timeline[<action>]` a field of that action.
 */
import { formatDuration } from './durations.ts';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

/** A number field: bounds as in `read.ts` NumberRange (`above` is strictly greater than). */
export interface NumberLimit {
  kind: 'number';
  min?: number;
  max?: number;
  above?: number;
  int?: boolean;
  why: string;
}

/** A duration field, in ms: `min` (when above 0, zero may still be allowed by `orZero`) to `max`. */
export interface DurationLimit {
  kind: 'duration';
  min: number;
  max: number;
  /** Zero is allowed as "off" even though `min` is above zero. */
  orZero?: boolean;
  /** Milliseconds when written as a plain number (fields named `*_ms`). */
  ms?: boolean;
  why: string;
}

/** A list (or map) whose length is limited. */
export interface CountLimit {
  kind: 'items';
  min?: number;
  max: number;
  why: string;
}

export type Limit = NumberLimit | DurationLimit | CountLimit;

/** Most devices a study may hold (appliances, IHDs and EMSs): device ids, actor ids and EUI-64 tails stay in 32 bits. */
export const MAX_DEVICES = 500_000_000;
/** Devices a customer adds beyond their appliances: an EMS and an IHD. */
export const EXTRA_DEVICES_PER_CUSTOMER = 2;
/** Prices travel as sint32 with 5 digits after the point (ZigBee SE trailing digits): at most 21474.83647. */
const PRICE_MAX = 21_474;
const PRICE_WHY = 'prices travel as 32-bit integers with 5 decimal digits (ZigBee SE)';
const SHARE_WHY = 'a share';
const WEIGHT_WHY = 'relative weights; their sum must stay a finite number';
const RUN_MAX = 366 * D;
const RUN_WHY = 'a year of simulated time at most';
const LINK_LATENCY_WHY = 'an hour per hop at most';

const share: NumberLimit = { kind: 'number', min: 0, max: 1, why: SHARE_WHY };
const weight: NumberLimit = { kind: 'number', min: 0, max: 1e6, why: WEIGHT_WHY };
const price: NumberLimit = { kind: 'number', min: 0, max: PRICE_MAX, why: PRICE_WHY };
const withinRun = (why = 'within the run'): DurationLimit => ({ kind: 'duration', min: 0, max: RUN_MAX, why });
const positiveUpTo = (max: number, why: string): DurationLimit => ({ kind: 'duration', min: 1, max, why });
const eventLength = positiveUpTo(D, 'ZigBee SE DRLC events last at most 1440 minutes');

function link(path: string): Record<string, Limit> {
  return {
    [`${path}.latency_ms`]: { kind: 'duration', min: 0, max: H, ms: true, why: LINK_LATENCY_WHY },
    [`${path}.bandwidth_Bps`]: { kind: 'number', min: 1, max: 1e9, why: 'at least a byte per second, so every frame has a finite airtime' },
    [`${path}.loss`]: share,
    [`${path}.max_retries`]: { kind: 'number', min: 0, max: 255, int: true, why: 'attempts per hop are counted in one byte' },
    [`${path}.retry_timeout_ms`]: { kind: 'duration', min: 0, max: H, ms: true, why: 'an hour at most' },
  };
}

export const LIMITS = {
  duration: positiveUpTo(RUN_MAX, RUN_WHY),
  seed: { kind: 'number', min: 0, max: Number.MAX_SAFE_INTEGER, int: true, why: 'random streams are keyed by a safe integer' },
  sla_s: { kind: 'number', above: 0, max: 86_400, why: 'a day at most (NFR-04 is 120 s)' },

  'population.customers': { kind: 'number', min: 1, max: 10_000_000, int: true, why: 'SCE serves about 5 million meters' },
  'population.regions': { kind: 'items', min: 1, max: 256, why: "a customer's region is stored in one byte" },
  'population.regions[].share': share,
  'population.groups': { kind: 'items', min: 0, max: 32, why: "a customer's groups are one 32-bit mask" },
  'population.groups[].share': share,
  'population.appliances_per_customer.mean': { kind: 'number', min: 1, max: 253, why: 'at most max' },
  'population.appliances_per_customer.max': {
    kind: 'number',
    min: 1,
    max: 253,
    int: true,
    why: 'devices per premise (appliances, an EMS and an IHD) are counted in one byte',
  },
  'population.appliance_mix.*': weight,
  'population.languages': { kind: 'items', min: 1, max: 256, why: 'a language is stored as a one-byte index' },
  'population.languages.*': weight,
  'population.registration_rate': share,
  'population.enrollment_rate': share,
  'population.mismatch_rate': share,
  'population.duplicate_rate': share,
  'population.ems_share': share,
  'population.ihd_share': share,
  'population.csr_share': share,
  'population.registration.start': withinRun(),
  'population.registration.window': withinRun(RUN_WHY),

  programs: { kind: 'items', min: 0, max: 32_767, why: 'a program index is stored in 16 bits' },
  'programs[].response.cycling_percent': { kind: 'number', min: 0, max: 100, why: 'a percentage' },
  'programs[].response.cooling_offset_c': { kind: 'number', min: 0, max: 10, why: 'a thermostat set-up of at most 10 °C' },
  'programs[].response.load_adjustment_percent': { kind: 'number', min: 0, max: 100, why: 'a percentage' },
  'programs[].response.randomize_start': { kind: 'duration', min: 0, max: H, why: 'ZigBee SE DRLC start randomization is 0–60 minutes' },
  'programs[].response.price_threshold': price,
  'programs[].response.demand_limit_kw': { kind: 'number', above: 0, max: 100, why: 'a premise: a 200 A service at 240 V carries 48 kW' },
  'programs[].response.restore_margin_kw': { kind: 'number', min: 0, max: 100, why: 'at most a premise limit' },
  'programs[].response.min_off': { kind: 'duration', min: 0, max: 4 * H, why: 'off at most 4 hours at a time; appliance safety takes over sooner' },
  'programs[].response.shed_order': { kind: 'items', min: 1, max: 9, why: 'each appliance type at most once' },
  'programs[].opt_out_limit': { kind: 'number', min: 0, max: 65_535, int: true, why: "a customer's opt-outs are counted in 16 bits" },
  'programs[].event_limits.per_season': { kind: 'number', min: 0, max: 367, int: true, why: 'a season is the run: at most a day per day of the longest run' },
  'programs[].event_limits.hours_per_day': { kind: 'number', min: 1, max: 24, int: true, why: 'an event lies within one day' },
  'programs[].event_limits.consecutive_days': { kind: 'number', min: 1, max: 367, int: true, why: 'at most every day of the longest run' },

  timeline: { kind: 'items', min: 0, max: 100_000, why: 'issuer ids of next prices are offset by 100000' },
  'timeline[].at': withinRun(),
  'timeline[].target.device': { kind: 'number', min: 0, max: MAX_DEVICES - 1, int: true, why: 'a device index' },
  'timeline[tou_schedule].prices[]': price,
  'timeline[current_price].price': price,
  'timeline[current_price].next_price': price,
  'timeline[current_price].tier': { kind: 'number', min: 1, max: 15, int: true, why: 'ZigBee SE price tiers 1–15' },
  'timeline[current_price].duration': positiveUpTo(65_534 * MIN, 'ZigBee SE durations are in minutes; 65535 means "until changed"'),
  'timeline[day_ahead_notice].event_start': { kind: 'duration', min: 0, max: RUN_MAX + D, why: 'at most a day after the longest run' },
  'timeline[day_ahead_notice].duration': eventLength,
  'timeline[dr_event].duration': eventLength,
  'timeline[dr_event].criticality': { kind: 'number', min: 1, max: 15, int: true, why: 'ZigBee SE criticality levels 1–15' },
  'timeline[dr_event].in_progress_every': { kind: 'duration', min: MIN, max: D, orZero: true, why: '0 for none, else a reminder a minute apart at least' },
  'timeline[load_control_schedule].duration': eventLength,
  'timeline[public_alert].duration': positiveUpTo(65_534 * MIN, 'ZigBee SE message durations are in minutes; 65535 means "until changed"'),
  'timeline[power_system_condition].frequency_hz': { kind: 'number', min: 40, max: 70, why: 'a 60 Hz grid' },

  'network.meters_per_collector': { kind: 'number', min: 1, max: 100_000, int: true, why: 'one RF mesh channel per collector' },
  'network.nms_processing_ms': { kind: 'duration', min: 0, max: H, ms: true, why: 'an hour at most' },
  ...link('network.wan'),
  ...link('network.rf_mesh'),
  'network.rf_mesh.hops.min': { kind: 'number', min: 1, max: 255, int: true, why: 'hops are counted in one byte' },
  'network.rf_mesh.hops.max': { kind: 'number', min: 1, max: 255, int: true, why: 'hops are counted in one byte' },
  'network.rf_mesh.hops.mean': { kind: 'number', min: 1, max: 255, why: 'from min to max' },
  ...link('network.han'),
  'network.broadcast.latency_ms': { kind: 'duration', min: 0, max: H, ms: true, why: 'an hour at most' },
  'network.broadcast.bandwidth_Bps': { kind: 'number', min: 1, max: 1e9, why: 'at least a byte per second, so every frame has a finite airtime' },
  'network.background.meter_reads.interval': { kind: 'duration', min: MIN, max: RUN_MAX, orZero: true, why: '0 for none, else an upload a minute apart at least' },
  'network.background.meter_reads.bytes': { kind: 'number', min: 1, max: 65_536, int: true, why: 'one upload of interval data' },
  'network.background.firmware.at': withinRun(),
  'network.background.firmware.bytes': { kind: 'number', min: 1, max: 16_777_216, int: true, why: 'a firmware image of at most 16 MiB' },
  'network.background.firmware.block_bytes': { kind: 'number', min: 1, max: 65_536, int: true, why: 'one block in one message' },
  'network.faults': { kind: 'items', min: 0, max: 100_000, why: 'a fault list, not a fault per event' },
  'network.faults[].at': withinRun(),
  'network.faults[].index': { kind: 'number', min: 0, max: MAX_DEVICES - 1, int: true, why: 'a collector or customer index' },
  'network.faults[].duration': positiveUpTo(RUN_MAX, RUN_WHY),

  'behaviour.view_probability': share,
  'behaviour.override_probability': share,
  'behaviour.settings_change_share': share,
  'behaviour.override_delay_mean': positiveUpTo(RUN_MAX, RUN_WHY),
  'behaviour.alert_limit_share': share,
  'behaviour.report_interval': { kind: 'duration', min: MIN, max: D, why: 'a report covers 1 to 1440 minutes of energy (EnergyInterval.intervalMinutes on the wire)' },
  'behaviour.change_share': share,

  'public_alerts.cap': { kind: 'items', min: 0, max: 10_000, why: 'one CAP message per item; with the timeline, issuer ids stay below 100000' },
  'public_alerts.areas': { kind: 'items', min: 0, max: 100_000, why: 'an area table, not a map of every address' },
  'rate_advice.at': withinRun(),
  'rate_advice.rates': { kind: 'items', min: 1, max: 64, why: 'rates compared for every customer' },
  'rate_advice.rates[flat].price': price,
  'rate_advice.rates[tiered].tiers': { kind: 'items', min: 1, max: 16, why: 'blocks of a tiered rate' },
  'rate_advice.rates[tiered].tiers[].price': price,
  'rate_advice.rates[tiered].tiers[].up_to_kwh': { kind: 'number', min: 0, max: 1e7, why: 'kWh of a 30-day billing cycle' },
  'rate_advice.rates[tou].hourly[]': price,
  'rate_advice.rates[cpp].hourly[]': price,
  'rate_advice.rates[cpp].event_price': price,
  'rate_advice.rates[ptr].hourly[]': price,
  'rate_advice.rates[ptr].rebate_per_kwh': price,
  'metering.subscribers': { kind: 'items', min: 0, max: 11, why: 'each HAN device type once' },
  'metering.period': { kind: 'duration', min: S, max: 65_535 * S, why: 'ZigBee reporting intervals are 16-bit counts of seconds' },
  'metering.min_interval': { kind: 'duration', min: 0, max: 65_535 * S, why: 'ZigBee reporting intervals are 16-bit counts of seconds' },
  'metering.reportable_change_w': { kind: 'number', min: 0, max: 8_388_607, why: 'ZigBee InstantaneousDemand is a signed 24-bit value' },
  'metering.age_sla_s': { kind: 'number', above: 0, max: 86_400, why: 'a day at most, like sla_s' },

  'weather.hourly_c[]': { kind: 'number', min: -50, max: 60, why: 'an outdoor temperature on Earth' },

  'pricing.adders': { kind: 'items', min: 0, max: 32, why: 'a bill has a few named charges' },
  'pricing.adders.*': price,
  'pricing.tou_prices[]': price,
  'pricing.billing_cycle': { kind: 'duration', min: D, max: RUN_MAX, why: 'a billing cycle of a day to a year' },
  'pricing.events': { kind: 'items', min: 0, max: 32_767, why: 'one rule per program at most' },
  'pricing.events[].trigger': { kind: 'number', min: -50, max: 1_000_000, why: 'a temperature in °C or a system load in MW' },
  'pricing.events[].start_hour': { kind: 'number', min: 0, max: 23, int: true, why: 'a local hour of the day' },
  'pricing.events[].hours': { kind: 'number', min: 1, max: 24, int: true, why: 'an event lies within one day' },
  'pricing.events[].notice_lead': { kind: 'duration', min: MIN, max: 7 * D, why: 'a notice at most a week ahead' },
} as const satisfies Record<string, Limit>;

export type LimitKey = keyof typeof LIMITS;

/**
 * The columns of `pricing.series` (a CSV file, so not fields of the study and not in schema.json): a value out
 * of range is an error naming the file, the line, the column, the range and the value.
 */
export const SERIES_LIMITS = {
  rows: { kind: 'items', min: 1, max: 367 * 24, why: 'an hour a row over at most the longest run and a day' },
  wholesale_usd_per_mwh: { kind: 'number', min: -21_474_000, max: 21_474_000, why: 'per MWh; the retail price travels as a 32-bit integer with 5 decimal digits per kWh (ZigBee SE)' },
  temperature_c: { kind: 'number', min: -50, max: 60, why: 'an outdoor temperature on Earth' },
  system_load_mw: { kind: 'number', min: 0, max: 1_000_000, why: 'a system load in MW (CAISO peaks near 50,000)' },
} as const satisfies Record<string, Limit>;

/** The number limit at `key`, as the readers take it. */
export function numberLimit(key: LimitKey): NumberLimit {
  const l = LIMITS[key] as Limit;
  if (l.kind !== 'number') throw new Error(`${key} is not a number limit`);
  return l;
}

export function durationLimit(key: LimitKey): DurationLimit {
  const l = LIMITS[key] as Limit;
  if (l.kind !== 'duration') throw new Error(`${key} is not a duration limit`);
  return l;
}

export function itemsLimit(key: LimitKey): CountLimit {
  const l = LIMITS[key] as Limit;
  if (l.kind !== 'items') throw new Error(`${key} is not an items limit`);
  return l;
}

/** The range in words, as the README table and error messages show it. */
export function rangeText(l: Limit): string {
  switch (l.kind) {
    case 'number': {
      const whole = l.int ? 'whole number ' : '';
      const lo = l.above !== undefined ? `above ${l.above}` : l.min !== undefined ? `${whole}${l.min}` : '';
      return l.max === undefined ? lo : l.above !== undefined ? `${lo}, at most ${l.max}` : `${lo} to ${l.max}`;
    }
    case 'duration': {
      const lo = l.orZero ? `0 (off), or ${formatDuration(l.min)}` : formatDuration(l.min);
      return `${lo} to ${formatDuration(l.max)}`;
    }
    case 'items':
      return `${l.min ?? 0} to ${l.max} items`;
  }
}

/** The Markdown table of every limit, as `README.md` carries it (a test checks the copy there). */
export function limitsTable(): string {
  const rows = Object.entries(LIMITS).map(([k, l]) => `| \`${k}\` | ${rangeText(l)} | ${l.why} |`);
  return ['| field | range | why |', '|---|---|---|', ...rows].join('\n');
}

/** The cross-field limit on the population's size: the most devices it can hold. */
export const DEVICES_WHY = `population.customers × (appliances_per_customer.max + ${EXTRA_DEVICES_PER_CUSTOMER}) at most ${MAX_DEVICES}: device ids, actor ids and EUI-64 tails are 32-bit`;
