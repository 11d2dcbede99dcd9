/**
 * Clothes dryer: 3–5 kW for about an hour, at times following GridLAB-D's dryer load shape. The load is wet
 * from its request (the household's wash has just finished), so it must start drying within wetLimitMs
 * (FR-37: no clothes ruined). While DR asks, the heater (~93% of the power; the drum motor is ~0.3 kW) may
 * pause for up to 30 min per load, as the PNNL Grid Friendly Appliance dryers did.
 */
import { DEFERRABLE_COMMON, DeferrableFleet, HOUR, MINUTE, type DeferrableParams } from './deferrable.ts';

/** GridLAB-D residential-dryer-default, weekday-summer, by hour (relative). */
export const DRYER_PROFILE = [
  0.036, 0.013, 0.007, 0.005, 0.005, 0.017, 0.048, 0.085, 0.115, 0.156, 0.179, 0.185,
  0.172, 0.162, 0.145, 0.136, 0.133, 0.134, 0.127, 0.13, 0.141, 0.154, 0.138, 0.083,
] as const;

export const CLOTHES_DRYER_DEFAULTS: DeferrableParams = {
  ...DEFERRABLE_COMMON,
  kw: [3, 5],
  cycleMs: [50 * MINUTE, 65 * MINUTE],
  jobsPerDay: [0.4, 0.9],
  profile: DRYER_PROFILE,
  flexMs: [3 * HOUR, 6 * HOUR],
  wetLimitMs: 8 * HOUR,
  pausableShare: 0.93,
  maxPauseMs: 30 * MINUTE,
};

export function createClothesDryerFleet(count: number, seed: number, firstActorId: number, params: Partial<DeferrableParams> = {}): DeferrableFleet {
  return new DeferrableFleet('clothes_dryer', count, seed, firstActorId, { ...CLOTHES_DRYER_DEFAULTS, ...params });
}
