/**
 * The `ems` profile's input (FR-04 with NFR-03's feed in use): a few premises on a hot afternoon, every one with
 * an EMS running a DEMAND_LIMIT program over its AC, pool pump, EV charger, dryer and water heater, with a random
 * limit, restore margin, minimum off time and usage feed (period, minimum interval, reportable change).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { scenarioFromDoc } from './study.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface EmsInput {
  customers: number;
  seed: number;
  /** kW. */
  limit: number;
  /** Share of the limit. */
  margin: number;
  minOffMin: number;
  periodS: number;
  minIntervalS: number;
  changeW: number;
  startHour: number;
}

export const EMS_TYPES = ['thermostat', 'pool_pump', 'ev_charger', 'clothes_dryer', 'water_heater'] as const;

export function emsArb(): fc.Arbitrary<EmsInput> {
  return fc.record({
    customers: fc.integer({ min: 3, max: 10 }),
    seed: fc.nat({ max: 1_000_000 }),
    limit: fc.integer({ min: 30, max: 70 }).map((x) => x / 10),
    margin: fc.integer({ min: 5, max: 40 }).map((x) => x / 100),
    minOffMin: fc.integer({ min: 0, max: 20 }),
    periodS: fc.constantFrom(10, 30, 60),
    minIntervalS: fc.integer({ min: 0, max: 10 }),
    changeW: fc.integer({ min: 0, max: 200 }),
    startHour: fc.integer({ min: 12, max: 16 }),
  });
}

export function emsDoc(x: EmsInput): Record<string, unknown> {
  return {
    name: 'conformance-ems',
    start: `2026-08-20T${String(x.startHour).padStart(2, '0')}:00:00`,
    time_zone: 'America/Los_Angeles',
    duration: '4h',
    seed: x.seed,
    population: {
      customers: x.customers,
      appliances_per_customer: { mean: 3.5, max: 5 },
      appliance_mix: { thermostat: 30, pool_pump: 20, ev_charger: 20, clothes_dryer: 15, water_heater: 15 },
      registration_rate: 1,
      enrollment_rate: 1,
      mismatch_rate: 0,
      duplicate_rate: 0,
      languages: { en: 1 },
      ems_share: 1,
      ihd_share: 0.3,
      registration: { start: '0s', window: '10m' },
    },
    programs: [
      {
        id: 'limit',
        kind: 'DEMAND_LIMIT',
        appliance_types: [...EMS_TYPES],
        response: { demand_limit_kw: x.limit, restore_margin_kw: Math.round(x.margin * x.limit * 100) / 100, min_off: `${x.minOffMin}m`, shed_order: ['ev_charger', 'pool_pump', 'clothes_dryer', 'water_heater', 'thermostat'] },
      },
    ],
    metering: { period: `${x.periodS}s`, min_interval: `${x.minIntervalS}s`, reportable_change_w: x.changeW },
    weather: { hourly_c: [27, 26, 25, 24, 24, 23, 24, 26, 29, 31, 33, 35, 37, 38, 39, 40, 40, 39, 37, 35, 33, 31, 29, 28] },
    network: { han: { loss: 0 } },
  };
}

export const emsScenario = (x: EmsInput, sets: string[] = []): Scenario => scenarioFromDoc(emsDoc(x), sets);
export const emsYaml = (x: EmsInput): string => stringify(emsDoc(x));
