/**
 * The pricing actor (OI-6), in the back office beside CDCS: at each time its plan names (every hour's prices,
 * each billing cycle's start and TOU schedules, the day-ahead notice of every event day it called from the
 * forecast) it hands the action to CDCS, which sends it through the timeline's message paths (targets,
 * languages, priorities). One timer at a time: it wakes at its next action, not once per action up front.
 */
import type { ActorKind } from '../../sim/actor-kind.ts';
import { Ev } from '../world/events.ts';
import { CDCS } from '../world/ids.ts';
import type { PricingState } from './pricing-state.ts';

export const PRICING_TICK = 0;

export function pricingKind(state: PricingState): ActorKind {
  const { actions, first } = state.plan;
  const wakeAt = (sim: { now: number; timer(delay: number, type: number): unknown }) => {
    if (state.next < actions.length) sim.timer(actions[state.next].at - sim.now, PRICING_TICK);
  };
  return {
    name: 'pricing',
    init(sim) {
      wakeAt(sim);
    },
    event(sim) {
      while (state.next < actions.length && actions[state.next].at <= sim.now) {
        const a = actions[state.next];
        state.sent.set(a.action, (state.sent.get(a.action) ?? 0) + 1);
        sim.send(CDCS, 0, Ev.ACTION, first + state.next);
        state.next++;
      }
      wakeAt(sim);
    },
  };
}
