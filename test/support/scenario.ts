import { stringify } from 'yaml';
import { parseScenario } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/types.ts';

/** A validated scenario from a plain object in the YAML format (tests state studies as data too). */
export function makeScenario(doc: Record<string, unknown>, sets: string[] = []): Scenario {
  const r = parseScenario(stringify(doc), 'test-scenario.yaml', sets);
  if (!r.ok) throw new Error(`invalid test scenario:\n${r.errors.map((e) => e.message).join('\n')}`);
  return r.scenario;
}

/** A small C5 study that walks every step: registrations with rejections, every message kind, a DR event. */
export function chainStudy(customers: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'chain',
    duration: '6h',
    seed: 11,
    population: {
      customers,
      regions: [
        { name: 'north', share: 0.5 },
        { name: 'south', share: 0.5 },
      ],
      languages: { en: 0.6, es: 0.3, zh: 0.1 },
      approved_types: ['thermostat', 'water_heater', 'refrigerator', 'clothes_washer', 'clothes_dryer', 'dishwasher', 'pool_pump', 'ev_charger'],
      registration_rate: 0.8,
      mismatch_rate: 0.04,
      duplicate_rate: 0.02,
      groups: [{ name: 'seniors', share: 0.2 }],
    },
    programs: [
      { id: 'cpp', kind: 'CPP' },
      { id: 'dlc', kind: 'DLC' },
      { id: 'tou', kind: 'TOU' },
    ],
    timeline: [
      { at: '1h30m', action: 'tou_schedule', program: 'tou' },
      { at: '2h', action: 'current_price', program: 'cpp', price: 0.45, next_price: 0.2, tier: 3 },
      { at: '2h10m', action: 'day_ahead_notice', program: 'cpp', event_start: '4h', duration: '1h' },
      { at: '2h15m', action: 'text_message', priority: 'low', text: { en: 'Hello', es: 'Hola', zh: '你好' }, confirm: true, target: { region: 'north' } },
      { at: '2h20m', action: 'text_message', priority: 'medium', text: { en: 'Seniors', es: 'Mayores', zh: '长者' }, target: { group: 'seniors' } },
      { at: '2h30m', action: 'public_alert', alert: 'grid_reliability', priority: 'high', text: { en: 'Grid', es: 'Red', zh: '电网' } },
      { at: '2h40m', action: 'power_system_condition', frequency_hz: 59.8, target: { appliance_type: 'thermostat' } },
      { at: '2h50m', action: 'billing_cycle_start', priority: 'low' },
      { at: '2h55m', action: 'diagnostic_test', target: { device: 3 } },
      { at: '3h', action: 'dr_event', program: 'dlc', duration: '1h', priority: 'high' },
    ],
    behaviour: { override_probability: 0.3, change_share: 0 },
    ...extra,
  };
}

/** The message kind each timeline action sends (event reminders and ends are other kinds). */
export const BODY_OF_ACTION: Record<string, string> = {
  text_message: 'textMessage',
  current_price: 'priceSignal',
  billing_cycle_start: 'billingCycleStart',
  power_system_condition: 'powerSystemCondition',
  tou_schedule: 'touSchedule',
  day_ahead_notice: 'priceEventNotice',
  dr_event: 'loadControlEvent',
  load_control_schedule: 'loadControlSchedule',
  public_alert: 'publicAlert',
};
