/**
 * Dishwasher: ~1.2 kW average over a ~90 min cycle, mostly after dinner (GridLAB-D's dishwasher load shape);
 * deferrable into the night within the customer's window, never stopped mid-cycle.
 */
import { DEFERRABLE_COMMON, DeferrableFleet, HOUR, MINUTE, type DeferrableParams } from './deferrable.ts';

/** GridLAB-D residential-dishwasher-default, weekday-summer, by hour (relative). */
export const DISHWASHER_PROFILE = [
  0.0068, 0.0029, 0.0016, 0.0013, 0.0012, 0.0037, 0.0075, 0.0129, 0.018, 0.0177, 0.0144, 0.0113,
  0.0116, 0.0128, 0.0109, 0.0105, 0.0124, 0.0156, 0.0278, 0.0343, 0.0279, 0.0234, 0.0194, 0.0131,
] as const;

export const DISHWASHER_DEFAULTS: DeferrableParams = {
  ...DEFERRABLE_COMMON,
  kw: [1, 1.4],
  cycleMs: [80 * MINUTE, 100 * MINUTE],
  jobsPerDay: [0.4, 0.8],
  profile: DISHWASHER_PROFILE,
  flexMs: [6 * HOUR, 12 * HOUR],
};

export function createDishwasherFleet(count: number, seed: number, firstActorId: number, params: Partial<DeferrableParams> = {}): DeferrableFleet {
  return new DeferrableFleet('dishwasher', count, seed, firstActorId, { ...DISHWASHER_DEFAULTS, ...params });
}
