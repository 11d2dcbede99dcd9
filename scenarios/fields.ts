/**
 * The field names of every mapping in the YAML format — one list used by the loader (unknown-field checks,
 * did-you-mean) and by the test that keeps `schema.json` in sync. `[]` marks "each item of the list".
 */
import type { Tier } from '../models/pricing/rates.ts';
import type { ActionName, AlertSeverityName, Metering, CapFeed, PublicAlertFeeds, Behaviour, EventRule, Pricing, Weather, LinkParams, Network, NetworkFault, Population, Program, Region, Scenario, Target, TimelineAction, Priority, Visibility, RateAdvice } from './types.ts';

export const FIELDS = {
  '': ['name', 'description', 'start', 'time_zone', 'duration', 'seed', 'population', 'programs', 'timeline', 'network', 'behaviour', 'weather', 'pricing', 'metering', 'thresholds', 'public_alerts', 'rate_advice', 'sla_s'],
  population: [
    'customers', 'regions', 'appliances_per_customer', 'appliance_mix', 'approved_types', 'registration_rate', 'enrollment_rate',
    'mismatch_rate', 'duplicate_rate', 'languages', 'ems_share', 'ihd_share', 'csr_share', 'registration', 'groups',
  ],
  'population.regions[]': ['name', 'share'],
  'population.appliances_per_customer': ['mean', 'max'],
  'population.registration': ['start', 'window'],
  'population.groups[]': ['name', 'share'],
  'programs[]': ['id', 'kind', 'appliance_types', 'response', 'opt_out_limit', 'event_limits'],
  'programs[].event_limits': ['per_season', 'hours_per_day', 'consecutive_days'],
  'programs[].response': ['cycling_percent', 'cooling_offset_c', 'load_adjustment_percent', 'randomize_start', 'price_threshold', 'demand_limit_kw', 'restore_margin_kw', 'min_off', 'shed_order'],
  network: ['priority_queuing', 'meters_per_collector', 'nms_processing_ms', 'wan', 'rf_mesh', 'han', 'broadcast', 'background', 'faults'],
  'network.wan': ['latency_ms', 'bandwidth_Bps', 'loss', 'max_retries', 'retry_timeout_ms'],
  'network.rf_mesh': ['latency_ms', 'bandwidth_Bps', 'loss', 'max_retries', 'retry_timeout_ms', 'hops'],
  'network.rf_mesh.hops': ['min', 'max', 'mean'],
  'network.han': ['latency_ms', 'bandwidth_Bps', 'loss', 'max_retries', 'retry_timeout_ms'],
  'network.broadcast': ['latency_ms', 'bandwidth_Bps'],
  'network.background': ['meter_reads', 'firmware'],
  'network.background.meter_reads': ['interval', 'bytes'],
  'network.background.firmware': ['at', 'bytes', 'block_bytes'],
  'network.faults[]': ['at', 'kind', 'index', 'duration'],
  weather: ['hourly_c'],
  public_alerts: ['cap', 'areas'],
  'public_alerts.cap[]': ['file', 'xml', 'sha256'],
  'pricing.series': ['file', 'sha256', 'csv'],
  pricing: ['series', 'adders', 'hourly_programs', 'tou_programs', 'tou_prices', 'billing_cycle', 'events'],
  'pricing.events[]': ['program', 'forecast', 'trigger', 'start_hour', 'hours', 'notice_lead', 'priority'],
  rate_advice: ['at', 'current', 'rates'],
  metering: ['subscribers', 'period', 'min_interval', 'reportable_change_w', 'age_sla_s'],
  behaviour: [
    'view_probability', 'override_probability', 'settings_change_share', 'override_delay_mean', 'alert_limit_share', 'report_interval',
    'change_share',
  ],
} as const satisfies Record<string, readonly string[]>;

export const TARGET_KEYS = ['all', 'appliance_type', 'program', 'region', 'group', 'device'] as const;

/** Fields every timeline action has. */
export const ACTION_BASE = ['at', 'action', 'priority', 'visibility', 'target'] as const;

/** Fields of each timeline action beyond ACTION_BASE. */
export const ACTION_FIELDS = {
  tou_schedule: ['program', 'prices'],
  current_price: ['program', 'price', 'next_price', 'tier', 'duration'],
  day_ahead_notice: ['program', 'event_start', 'duration'],
  dr_event: ['program', 'duration', 'criticality', 'in_progress_every'],
  load_control_schedule: ['program', 'duration'],
  text_message: ['text', 'confirm'],
  public_alert: ['alert', 'text', 'severity', 'duration'],
  power_system_condition: ['frequency_hz', 'low_voltage'],
  billing_cycle_start: [],
  diagnostic_test: [],
} as const satisfies Record<ActionName, readonly string[]>;

export const ACTION_NAMES = Object.keys(ACTION_FIELDS) as ActionName[];

export const PUBLIC_ALERTS = ['energy_shortage', 'grid_reliability', 'weather', 'environmental', 'end_of_alert'] as const;
/** Fields of an offered rate (`rate_advice.rates[]`; which ones depends on its kind) and of a tier. */
export const RATE_FIELDS = ['id', 'kind', 'price', 'tiers', 'hourly', 'event_price', 'rebate_per_kwh'] as const;
export const TIER_FIELDS = ['up_to_kwh', 'price'] as const;
export const ALERT_SEVERITIES = ['advisory', 'watch', 'warning', 'emergency'] as const;
export const PRIORITIES = ['low', 'medium', 'high'] as const;
export const VISIBILITIES = ['public', 'private'] as const;
/** `network.faults[].kind`: wan and rf name a collector, han and meter a customer. */
export const FAULT_KINDS = ['wan', 'rf', 'han', 'meter'] as const;

// Compile-time checks that these lists match types.ts exactly: if the contract gains or loses a field, the
// loader's lists (and so schema.json, via its sync test) must follow, or typechecking fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type Keys<K extends keyof typeof FIELDS> = (typeof FIELDS)[K][number];
function same<T extends true>(): T | undefined {
  return undefined;
}
same<Same<Keys<''>, keyof Scenario>>();
same<Same<Keys<'population'>, keyof Population>>();
same<Same<Keys<'population.regions[]'>, keyof Region>>();
same<Same<Keys<'population.groups[]'>, keyof Population['groups'][number]>>();
same<Same<Keys<'population.appliances_per_customer'>, keyof Population['appliances_per_customer']>>();
same<Same<Keys<'population.registration'>, keyof Population['registration']>>();
same<Same<Keys<'programs[]'>, keyof Program>>();
same<Same<Keys<'programs[].response'>, keyof Program['response']>>();
same<Same<Keys<'network'>, keyof Network>>();
same<Same<Keys<'network.wan'>, keyof LinkParams>>();
same<Same<Keys<'network.han'>, keyof LinkParams>>();
same<Same<Keys<'network.rf_mesh'>, keyof Network['rf_mesh']>>();
same<Same<Keys<'network.rf_mesh.hops'>, keyof Network['rf_mesh']['hops']>>();
same<Same<Keys<'network.broadcast'>, keyof Network['broadcast']>>();
same<Same<Keys<'network.background'>, keyof Network['background']>>();
same<Same<Keys<'network.background.meter_reads'>, keyof Network['background']['meter_reads']>>();
same<Same<Keys<'network.background.firmware'>, keyof Network['background']['firmware']>>();
same<Same<Keys<'network.faults[]'>, keyof NetworkFault>>();
same<Same<(typeof FAULT_KINDS)[number], NetworkFault['kind']>>();
same<Same<Keys<'behaviour'>, keyof Behaviour>>();
same<Same<Keys<'weather'>, keyof Weather>>();
same<Same<Keys<'public_alerts'>, keyof PublicAlertFeeds>>();
same<Same<Keys<'public_alerts.cap[]'>, keyof CapFeed>>();
same<Same<Keys<'rate_advice'>, keyof RateAdvice>>();
same<Same<(typeof RATE_FIELDS)[number], KeysOfUnion<RateAdvice['rates'][number]>>>();
same<Same<(typeof TIER_FIELDS)[number], keyof Tier>>();
same<Same<(typeof ALERT_SEVERITIES)[number], AlertSeverityName>>();
same<Same<Keys<'pricing'>, keyof Pricing>>();
same<Same<Keys<'pricing.events[]'>, keyof EventRule>>();
same<Same<Keys<'programs[].event_limits'>, keyof Program['event_limits']>>();
same<Same<Keys<'metering'>, keyof Metering>>();
same<Same<(typeof TARGET_KEYS)[number], KeysOfUnion<Target>>>();
same<Same<(typeof PRIORITIES)[number], Priority>>();
same<Same<(typeof VISIBILITIES)[number], Visibility>>();
same<Same<(typeof PUBLIC_ALERTS)[number], Extract<TimelineAction, { action: 'public_alert' }>['alert']>>();
same<{ [A in ActionName]: Same<(typeof ACTION_BASE)[number] | (typeof ACTION_FIELDS)[A][number], keyof Extract<TimelineAction, { action: A }>> }[ActionName]>();
