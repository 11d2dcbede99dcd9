/** The pricing actor's own state: its plan (what CDCS is to send, and when) and how far it has got. */
import type { Scenario } from '../../scenarios/types.ts';
import type { PricingPlan } from './plan.ts';

export class PricingState {
  readonly plan: PricingPlan;
  /** Index in `plan.actions` of the next action to hand to CDCS. */
  next = 0;
  /** Actions handed to CDCS so far, by action name. */
  readonly sent = new Map<string, number>();

  constructor(s: Scenario, planOf: (s: Scenario) => PricingPlan) {
    this.plan = planOf(s);
  }
}
