/**
 * Appliance physics and programmed DR responses (FR-32, FR-33's discomfort, FR-37, OI-1): one fleet per
 * appliance type, one record per device (record.ts), event-driven. See README.md beside this file for the models and sources.
 */
import { createClothesDryerFleet } from './clothes-dryer.ts';
import { createClothesWasherFleet } from './clothes-washer.ts';
import type { DeferrableParams } from './deferrable.ts';
import { createDishwasherFleet } from './dishwasher.ts';
import { EvChargerFleet, type EvChargerParams } from './ev-charger.ts';
import { PoolPumpFleet, type PoolPumpParams } from './pool-pump.ts';
import { RefrigeratorFleet, type RefrigeratorParams } from './refrigerator.ts';
import { SmartPlugFleet, type SmartPlugParams } from './smart-plug.ts';
import { ThermostatFleet, type ThermostatParams } from './thermostat.ts';
import type { ApplianceFleet, ApplianceType } from './types.ts';
import { WaterHeaterFleet, type WaterHeaterParams } from './water-heater.ts';

export interface ParamsByType {
  thermostat: ThermostatParams;
  water_heater: WaterHeaterParams;
  refrigerator: RefrigeratorParams;
  clothes_washer: DeferrableParams;
  clothes_dryer: DeferrableParams;
  dishwasher: DeferrableParams;
  pool_pump: PoolPumpParams;
  ev_charger: EvChargerParams;
  smart_plug: SmartPlugParams;
}

/**
 * A fleet of `count` devices of one type; device i is actor firstActorId + i for its random streams. Call
 * `init(i, t)` for each device before use. Two fleets built with the same arguments are identical (the baseline
 * shadow can be built this way, then forked per device with `copyFrom`).
 */
export function createFleet<T extends ApplianceType>(
  type: T,
  count: number,
  seed: number,
  firstActorId: number,
  params?: Partial<ParamsByType[T]>,
): ApplianceFleet {
  const p = (params ?? {}) as Partial<ParamsByType[ApplianceType]>;
  switch (type) {
    case 'thermostat':
      return new ThermostatFleet(count, seed, firstActorId, p as Partial<ThermostatParams>);
    case 'water_heater':
      return new WaterHeaterFleet(count, seed, firstActorId, p as Partial<WaterHeaterParams>);
    case 'refrigerator':
      return new RefrigeratorFleet(count, seed, firstActorId, p as Partial<RefrigeratorParams>);
    case 'clothes_washer':
      return createClothesWasherFleet(count, seed, firstActorId, p as Partial<DeferrableParams>);
    case 'clothes_dryer':
      return createClothesDryerFleet(count, seed, firstActorId, p as Partial<DeferrableParams>);
    case 'dishwasher':
      return createDishwasherFleet(count, seed, firstActorId, p as Partial<DeferrableParams>);
    case 'pool_pump':
      return new PoolPumpFleet(count, seed, firstActorId, p as Partial<PoolPumpParams>);
    case 'ev_charger':
      return new EvChargerFleet(count, seed, firstActorId, p as Partial<EvChargerParams>);
    case 'smart_plug':
      return new SmartPlugFleet(count, seed, firstActorId, p as Partial<SmartPlugParams>);
    default:
      throw new RangeError(`unknown appliance type: ${String(type)}`);
  }
}

export type { ApplianceFleet, ApplianceType, CommonParams, Control, GridCondition, Range, Weather } from './types.ts';
export { hourlyWeather, constantWeather } from './weather.ts';
export { ThermostatFleet, WaterHeaterFleet, RefrigeratorFleet, PoolPumpFleet, EvChargerFleet, SmartPlugFleet };
export { DeferrableFleet } from './deferrable.ts';
export type { ThermostatParams, WaterHeaterParams, RefrigeratorParams, DeferrableParams, PoolPumpParams, EvChargerParams, SmartPlugParams };
