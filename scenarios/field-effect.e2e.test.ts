/**
 * No silent no-op: every bounded study field (scenarios/limits.ts) that a study accepts must change a run when
 * it changes — else a planner varies it in a sweep and reads "no effect" for a knob nothing reads. For each
 * field: a small library study where the field is in play (`with` puts it there), the run's fingerprint (its
 * digest, and a hash of every frame it sent: a field may only change what a message says, as a price tier
 * does), and the fingerprint after one change of the field; they must differ. Fields that act only before a run (validation) are
 * allow-listed below with the reason. A new field of limits.ts without a row here fails the first test.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.ts';
import { loadScenarioFile } from './load.ts';
import { runScenario } from '../models/world/run-scenario.ts';

type Base = 'quickstart' | 'summer-auto-events' | 'cap-alerts' | 'demand-limit';
interface Row {
  base: Base;
  /** Sets that put the field in play (applied to both runs). */
  with?: string[];
  /** The change of the field. */
  set: string[];
}

/** Each base small and short: a few customers, its own timeline. */
const BASE_SETS: Record<Base, string[]> = {
  quickstart: ['population.customers=30'],
  // Three July days with every day called (trigger 0), so event limits bind; the advice before the end.
  'summer-auto-events': ['population.customers=8', 'duration=3d', 'pricing.events[0].trigger=0', 'pricing.events[1].trigger=0', 'rate_advice.at=2d20h', 'population.ihd_share=1'],
  'cap-alerts': ['population.customers=10'],
  'demand-limit': ['population.customers=6', 'duration=6h'],
};

const Q = (set: string[], w?: string[]): Row => ({ base: 'quickstart', set, with: w });
const S = (set: string[], w?: string[]): Row => ({ base: 'summer-auto-events', set, with: w });
const hours24 = (f: (h: number) => number) => `[${Array.from({ length: 24 }, (_, h) => f(h)).join(', ')}]`;
const RATES = `rate_advice.rates=[{id: flat, kind: flat, price: 0.16}, {id: tiered, kind: tiered, tiers: [{up_to_kwh: 1, price: 0.1}, {up_to_kwh: 2, price: 0.2}, {up_to_kwh: null, price: 0.3}]}, {id: tou, kind: tou, hourly: ${hours24((h) => (h >= 12 && h < 18 ? 0.31 : 0.1))}}, {id: cpp, kind: cpp, hourly: ${hours24(() => 0.1)}, event_price: 1.35}, {id: ptr, kind: ptr, hourly: ${hours24(() => 0.12)}, rebate_per_kwh: 0.75}]`;
const FAULT = 'network.faults=[{at: 2h, kind: han, index: 1, duration: 30m}]';

/** A link class's fields; retries and their timeout act only where frames are lost, so those rows lose 30 %. */
function linkRows(link: 'wan' | 'rf_mesh' | 'han', x: { bandwidth_Bps: number; latency_ms: number }): Record<string, Row> {
  const n = `network.${link}`, lossy = [`${n}.loss=0.3`];
  return {
    [`${n}.bandwidth_Bps`]: Q([`${n}.bandwidth_Bps=${x.bandwidth_Bps}`]),
    [`${n}.latency_ms`]: Q([`${n}.latency_ms=${x.latency_ms}`]),
    [`${n}.loss`]: Q([`${n}.loss=0.3`]),
    [`${n}.max_retries`]: Q([`${n}.max_retries=0`], lossy),
    [`${n}.retry_timeout_ms`]: Q([`${n}.retry_timeout_ms=20000`], lossy),
  };
}

const ROWS: Record<keyof typeof LIMITS, Row | { allow: string }> = {
  seed: Q(['seed=43']),
  duration: Q(['duration=7h']),
  sla_s: Q(['sla_s=30']),
  programs: Q(['programs=[{id: tou, kind: TOU}, {id: cpp, kind: CPP, appliance_types: [thermostat, water_heater, pool_pump, ev_charger, clothes_dryer, dishwasher], response: {cooling_offset_c: 2.2, load_adjustment_percent: 40, randomize_start: 5m, price_threshold: 0.5}}, {id: sdp, kind: DLC, appliance_types: [thermostat, pool_pump], response: {cycling_percent: 50, randomize_start: 5m}, opt_out_limit: 5}, {id: rtp, kind: RTP}]']),
  timeline: Q(['timeline=[{at: 1h30m, action: dr_event, program: sdp, duration: 1h, target: {program: sdp}}]']),
  'population.customers': Q(['population.customers=11']),
  'population.regions': Q(['population.regions=[{name: coastal, share: 0.3}, {name: inland, share: 0.3}, {name: desert, share: 0.2}, {name: mountain, share: 0.2}]']),
  'population.regions[].share': Q(['population.regions[0].share=0.1', 'population.regions[1].share=0.75']),
  'population.groups': Q(['population.groups=[{name: seniors, share: 0.12}, {name: pilot, share: 0.05}, {name: other, share: 0.5}]']),
  'population.groups[].share': Q(['population.groups[1].share=0.6']),
  'population.appliances_per_customer.mean': Q(['population.appliances_per_customer.mean=4']),
  'population.appliances_per_customer.max': Q(['population.appliances_per_customer.max=2']),
  'population.appliance_mix.*': Q(['population.appliance_mix.thermostat=90']),
  'population.languages': Q(['population.languages={en: 0.7, es: 0.3}']),
  'population.languages.*': Q(['population.languages.en=0.2', 'population.languages.es=0.7']),
  'population.registration_rate': Q(['population.registration_rate=0.4']),
  'population.enrollment_rate': Q(['population.enrollment_rate=0.1']),
  'population.mismatch_rate': Q(['population.mismatch_rate=0.5']),
  'population.duplicate_rate': Q(['population.duplicate_rate=0.5']),
  'population.ems_share': Q(['population.ems_share=0.9']),
  'population.ihd_share': Q(['population.ihd_share=0.9']),
  'population.csr_share': Q(['population.csr_share=0.9']),
  'population.registration.start': Q(['population.registration.start=10m']),
  'population.registration.window': Q(['population.registration.window=10m']),
  'programs[].response.cycling_percent': Q(['programs[2].response.cycling_percent=90']),
  'programs[].response.cooling_offset_c': Q(['programs[1].response.cooling_offset_c=4']),
  // What an RTP price response curtails (CPP/PTR events set back, delay or shed most types instead: device.ts controlFor).
  'programs[].response.load_adjustment_percent': S(['programs[1].response.load_adjustment_percent=90'], ['programs[1].response.price_threshold=0.05', 'population.customers=30']),
  'programs[].response.randomize_start': Q(['programs[1].response.randomize_start=40m']),
  'programs[].response.price_threshold': S(['programs[1].response.price_threshold=0.05']),
  'programs[].response.demand_limit_kw': { base: 'demand-limit', set: ['programs[0].response.demand_limit_kw=3'] },
  'programs[].response.restore_margin_kw': { base: 'demand-limit', set: ['programs[0].response.restore_margin_kw=0.2'] },
  'programs[].response.min_off': { base: 'demand-limit', set: ['programs[0].response.min_off=40m'] },
  'programs[].response.shed_order': { base: 'demand-limit', set: ['programs[0].response.shed_order=[thermostat, water_heater, clothes_dryer, pool_pump, ev_charger]'] },
  // Overrides are near-certain, so the season's opt-outs run out.
  'programs[].opt_out_limit': Q(['programs[2].opt_out_limit=0'], ['behaviour.override_probability=1', 'behaviour.override_delay_mean=5m', 'behaviour.settings_change_share=0']),
  'programs[].event_limits.per_season': S(['programs[2].event_limits.per_season=1']),
  'programs[].event_limits.hours_per_day': {
    allow: "validation only: a pricing.events rule's `hours` may not exceed it (validate-pricing.ts); the rule's hours set the events' length",
  },
  'programs[].event_limits.consecutive_days': S(['programs[2].event_limits.consecutive_days=1']),
  'timeline[].at': Q(['timeline[3].at=2h30m']),
  'timeline[].target.device': Q(['timeline[11].target.device=3'], ['timeline[11].target={device: 1}']),
  'timeline[tou_schedule].prices[]': Q([`timeline[0].prices=${hours24((h) => (h >= 15 ? 0.5 : 0.05))}`]),
  'timeline[current_price].price': Q(['timeline[1].price=0.05']),
  'timeline[current_price].next_price': Q(['timeline[1].next_price=0.05']),
  'timeline[current_price].tier': Q(['timeline[1].tier=1']),
  'timeline[current_price].duration': Q(['timeline[1].duration=1h']),
  'timeline[day_ahead_notice].event_start': Q(['timeline[2].event_start=3h30m']),
  'timeline[day_ahead_notice].duration': Q(['timeline[2].duration=1h']),
  'timeline[dr_event].duration': Q(['timeline[5].duration=1h']),
  'timeline[dr_event].criticality': Q(['timeline[5].criticality=6']),
  'timeline[dr_event].in_progress_every': Q(['timeline[5].in_progress_every=10m']),
  'timeline[load_control_schedule].duration': Q(['timeline[4].duration=3h']),
  'timeline[public_alert].duration': Q(['timeline[7].duration=3h']),
  'timeline[power_system_condition].frequency_hz': Q(['timeline[8].frequency_hz=59.5', 'timeline[8].low_voltage=false']),
  ...linkRows('wan', { bandwidth_Bps: 20, latency_ms: 900 }),
  ...linkRows('rf_mesh', { bandwidth_Bps: 100, latency_ms: 900 }),
  ...linkRows('han', { bandwidth_Bps: 50, latency_ms: 900 }),
  'network.meters_per_collector': Q(['network.meters_per_collector=3']),
  'network.nms_processing_ms': Q(['network.nms_processing_ms=900']),
  'network.rf_mesh.hops.min': Q(['network.rf_mesh.hops={min: 4, max: 5}']),
  'network.rf_mesh.hops.max': Q(['network.rf_mesh.hops={min: 1, max: 2}']),
  'network.rf_mesh.hops.mean': Q(['network.rf_mesh.hops={min: 1, max: 5, mean: 4.5}']),
  'network.broadcast.latency_ms': Q(['network.broadcast.latency_ms=9000']),
  'network.broadcast.bandwidth_Bps': Q(['network.broadcast.bandwidth_Bps=20']),
  'network.background.meter_reads.interval': Q(['network.background.meter_reads.interval=1h']),
  'network.background.meter_reads.bytes': Q(['network.background.meter_reads.bytes=2048']),
  'network.background.firmware.at': Q(['network.background.firmware.at=1h']),
  'network.background.firmware.bytes': Q(['network.background.firmware.bytes=65536'], ['network.background.firmware.at=1h']),
  'network.background.firmware.block_bytes': Q(['network.background.firmware.block_bytes=128'], ['network.background.firmware.at=1h']),
  'network.faults': Q([FAULT]),
  'network.faults[].at': Q(['network.faults[0].at=3h'], [FAULT]),
  'network.faults[].index': Q(['network.faults[0].index=2'], [FAULT]),
  'network.faults[].duration': Q(['network.faults[0].duration=2h'], [FAULT]),
  'behaviour.view_probability': Q(['behaviour.view_probability=0.05']),
  'behaviour.override_probability': Q(['behaviour.override_probability=0.9']),
  'behaviour.settings_change_share': Q(['behaviour.settings_change_share=1'], ['behaviour.override_probability=1']),
  'behaviour.override_delay_mean': Q(['behaviour.override_delay_mean=5m']),
  'behaviour.alert_limit_share': Q(['behaviour.alert_limit_share=1']),
  'behaviour.report_interval': Q(['behaviour.report_interval=20m']),
  'behaviour.change_share': Q(['behaviour.change_share=0.8']),
  'public_alerts.cap': { base: 'cap-alerts', set: ['public_alerts.cap=[alerts/flex-alert.xml]'] },
  'public_alerts.areas': { base: 'cap-alerts', set: ['public_alerts.areas={"SAME=006071": coastal, California: [inland, coastal]}'] },
  'rate_advice.at': S(['rate_advice.at=2d']),
  'rate_advice.rates': S(['rate_advice.rates=[{id: flat, kind: flat, price: 0.16}, {id: tou, kind: tou, hourly: ' + hours24((h) => (h >= 12 && h < 18 ? 0.31 : 0.1)) + '}]']),
  'rate_advice.rates[flat].price': S(['rate_advice.rates[0].price=0.05'], [RATES]),
  'rate_advice.rates[tiered].tiers': S(['rate_advice.rates[1].tiers=[{up_to_kwh: null, price: 0.05}]'], [RATES]),
  'rate_advice.rates[tiered].tiers[].price': S(['rate_advice.rates[1].tiers[0].price=0.01'], [RATES]),
  'rate_advice.rates[tiered].tiers[].up_to_kwh': S(['rate_advice.rates[1].tiers[0].up_to_kwh=0.1'], [RATES]),
  'rate_advice.rates[tou].hourly[]': S([`rate_advice.rates[2].hourly=${hours24(() => 0.01)}`], [RATES]),
  'rate_advice.rates[cpp].hourly[]': S([`rate_advice.rates[3].hourly=${hours24(() => 0.01)}`], [RATES]),
  'rate_advice.rates[cpp].event_price': S(['rate_advice.rates[3].event_price=0.01'], [RATES]),
  'rate_advice.rates[ptr].hourly[]': S([`rate_advice.rates[4].hourly=${hours24(() => 0.01)}`], [RATES]),
  'rate_advice.rates[ptr].rebate_per_kwh': S(['rate_advice.rates[4].rebate_per_kwh=5'], [RATES]),
  'metering.subscribers': { base: 'demand-limit', set: ['metering.subscribers=[ems, thermostat, pool_pump]'] },
  'metering.period': { base: 'demand-limit', set: ['metering.period=5m'] },
  'metering.min_interval': { base: 'demand-limit', set: ['metering.min_interval=60s'] },
  'metering.reportable_change_w': { base: 'demand-limit', set: ['metering.reportable_change_w=2000'] },
  'metering.age_sla_s': { base: 'demand-limit', set: ['metering.age_sla_s=5'] },
  'weather.hourly_c[]': Q([`weather.hourly_c=${hours24(() => 42)}`]),
  'pricing.adders': S(['pricing.adders={distribution: 0.2}']),
  'pricing.adders.*': S(['pricing.adders.distribution=0.2']),
  // A cycle's TOU schedule goes out at its start: daily cycles, so schedules reach devices registered after t = 0.
  'pricing.tou_prices[]': S([`pricing.tou_prices=${hours24((h) => (h >= 16 ? 0.6 : 0.05))}`], ['pricing.billing_cycle=1d']),
  'pricing.billing_cycle': S(['pricing.billing_cycle=1d']),
  'pricing.events': S(['pricing.events=[{program: cpp, forecast: temperature, trigger: 0, start_hour: 14, hours: 4, notice_lead: 24h}]']),
  'pricing.events[].trigger': S(['pricing.events[0].trigger=60']),
  'pricing.events[].start_hour': S(['pricing.events[0].start_hour=10']),
  'pricing.events[].hours': S(['pricing.events[0].hours=2']),
  'pricing.events[].notice_lead': S(['pricing.events[0].notice_lead=12h']),
};

const digests = new Map<string, Promise<string>>();
function digestOf(base: Base, sets: string[]): Promise<string> {
  const key = `${base}|${sets.join('|')}`;
  let d = digests.get(key);
  if (!d) {
    d = (async () => {
      const r = await loadScenarioFile(new URL(`./${base}.yaml`, import.meta.url).pathname, [...BASE_SETS[base], ...sets]);
      if (!r.ok) throw new Error(`${base} ${sets.join(' ')}: ${r.errors.map((e) => e.message).join('; ')}`);
      // What the run measured (the digest) and what it sent (every frame created, as the wire carries it).
      const sent = createHash('sha256');
      const result = await runScenario(r.scenario, {
        onBuilt: ({ world: w }) => w.trace.created.connect((row) => void sent.update(w.msgs.frameOf(row) ?? new Uint8Array())),
      });
      return `${result.summary.digest} ${sent.digest('hex')}`;
    })();
    digests.set(key, d);
  }
  return d;
}

describe('every study field changes a run (no field accepted and ignored)', () => {
  it('every bounded field has a change to try or a reason it acts only before the run', () => {
    expect(Object.keys(ROWS).sort()).toEqual(Object.keys(LIMITS).sort());
  });

  it('changing each field changes the digest', async () => {
    const unchanged: string[] = [];
    for (const [field, row] of Object.entries(ROWS)) {
      if ('allow' in row) continue;
      const before = await digestOf(row.base, row.with ?? []);
      const after = await digestOf(row.base, [...(row.with ?? []), ...row.set]);
      if (before === after) unchanged.push(`${field} (${row.base}: ${row.set.join(' ')})`);
    }
    expect(unchanged).toEqual([]);
  }, 300_000);
});
