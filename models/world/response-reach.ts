/**
 * Devices each response signal reached, per region: every device that accepted the signal (a DR event,
 * price event notice, price signal or power-system condition), and those that had it within the SLA of
 * the action's time (NFR-04: 2 minutes). Counted where the device lives, so partitions add up exactly.
 */
import type { EnvelopeObject } from '../wire/codec.ts';
import type { Shared } from './actor-context.ts';
import { actionAt } from '../pricing/plan.ts';

/** Counts keyed `timeline index|region`. */
export interface ReachTotals {
  reached: Record<string, number>;
  withinSla: Record<string, number>;
}
export const reachKey = (index: number, region: string): string => `${index}|${region}`;

export function emptyReach(): ReachTotals {
  return { reached: {}, withinSla: {} };
}

/** Device d accepted `env` now: counts it when it is a signal appliances respond to. */
export function noteSignal(w: Shared, d: number, env: EnvelopeObject): void {
  const issuer =
    env.loadControlEvent?.issuerEventId ?? env.priceEventNotice?.issuerEventId ?? env.priceSignal?.current?.issuerEventId ?? env.powerSystemCondition?.conditionId;
  // Issuer ids are timeline index + 1 (timeline.ts).
  const index = (issuer ?? 0) - 1;
  // Past the study's timeline: the pricing actor's actions (OI-6).
  const a = index >= 0 ? actionAt(w.s, index, w.hooks.pricingPlan(w.s)) : undefined;
  if (!a) return;
  const key = reachKey(index, w.p.regions[w.p.region[w.p.owner[d]]]);
  const r = w.reach;
  r.reached[key] = (r.reached[key] ?? 0) + 1;
  if (w.sim.now - a.at <= w.s.sla_s * 1000) r.withinSla[key] = (r.withinSla[key] ?? 0) + 1;
}

export function mergeReach(into: ReachTotals, from: ReachTotals): void {
  for (const k of ['reached', 'withinSla'] as const) for (const [key, n] of Object.entries(from[k])) into[k][key] = (into[k][key] ?? 0) + n;
}
