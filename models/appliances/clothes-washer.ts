/**
 * Clothes washer: ~0.5 kW for ~45 min, about one load a day at times following GridLAB-D's clothes-washer
 * load shape; deferrable within the customer's window, never stopped mid-cycle.
 */
import { DEFERRABLE_COMMON, DeferrableFleet, HOUR, LAUNDRY_PROFILE, MINUTE, type DeferrableParams } from './deferrable.ts';

export const CLOTHES_WASHER_DEFAULTS: DeferrableParams = {
  ...DEFERRABLE_COMMON,
  kw: [0.4, 0.6],
  cycleMs: [40 * MINUTE, 50 * MINUTE],
  jobsPerDay: [0.5, 1],
  profile: LAUNDRY_PROFILE,
  flexMs: [4 * HOUR, 8 * HOUR],
};

export function createClothesWasherFleet(count: number, seed: number, firstActorId: number, params: Partial<DeferrableParams> = {}): DeferrableFleet {
  return new DeferrableFleet('clothes_washer', count, seed, firstActorId, { ...CLOTHES_WASHER_DEFAULTS, ...params });
}
