/**
 * Deliberate faults of the models, to prove the suite can fail (mutants.test.ts): each replaces one of the
 * model's delegated decisions (models/world/hooks.ts) with a wrong one. The models know none of them.
 */
import type { ModelHooks } from '../models/world/hooks.ts';
import { pricingPlan, type PricingPlan } from '../models/pricing/plan.ts';
import type { Scenario } from '../scenarios/types.ts';
import { NO_EVENT } from '../models/world/response-book.ts';

export interface Mutant {
  /** What the fault does, for the CLI's help and the README. */
  what: string;
  hooks: Partial<ModelHooks>;
}

const HOUR_MS = 3_600_000;

/** OI-6's mutant: the plan of the same study with no season or consecutive-day limit (memoized per study). */
const unlimited = new WeakMap<Scenario, PricingPlan>();
function unlimitedPlan(s: Scenario): PricingPlan {
  let plan = unlimited.get(s);
  if (!plan) {
    const free = { ...s, programs: s.programs.map((p) => ({ ...p, event_limits: { ...p.event_limits, per_season: 367, consecutive_days: 367 } })) };
    unlimited.set(s, (plan = pricingPlan(free)));
  }
  return plan;
}

export const MUTANTS = {
  'skip-approved-type-check': { what: 'CSS registers unapproved types', hooks: { typeApproved: () => true } },
  'skip-id-check': { what: 'NMS authenticates any device', hooks: { authenticate: () => null } },
  'drop-override-forwarding': { what: 'CDCS keeps overrides', hooks: { forwardOverride: () => {} } },
  'private-to-all': {
    what: 'CDCS sends private messages to every device',
    hooks: { privateTargets: (w) => Array.from({ length: w.p.devices }, (_, d) => d) },
  },
  'skip-meter-gateway': { what: 'the meter drops downstream HAN traffic', hooks: { relayToHan: () => {} } },
  'price-from-start': {
    what: 'devices index the TOU schedule from when it was sent, not from local midnight',
    hooks: {
      scheduleOffsetMs: (_clock, issuedAt, t) => t - issuedAt,
      scheduleBoundaryAfter: (_clock, issuedAt, intervalMs, t) => t + intervalMs - ((((t - issuedAt) % intervalMs) + intervalMs) % intervalMs),
    },
  },
  'next-price-same-interval': { what: "the next price is the current interval's", hooks: { nextPriceAt: (t) => t } },
  'report-energy-since-start': {
    what: 'S2-08 reports carry the energy used since the study started',
    hooks: { reportEnergyWh: (totalWh) => Math.max(0, totalWh) },
  },
  // Under both FR-24's 12 h and NFR-01's 24 h.
  'short-retention': { what: 'stores keep messages 11 h', hooks: { retentionMs: 11 * HOUR_MS } },
  'cap-all-regions': {
    what: 'every CAP alert goes to every region, whatever its areas',
    hooks: { alertRegions: (_regions, regionCount) => Array.from({ length: regionCount }, (_, r) => r) },
  },
  'advice-utc-hours': {
    what: 'rate advice bills usage at the UTC hour instead of the local hour',
    hooks: { adviceHour: (clock, t) => Math.floor((((clock.startEpochMs + t) % 86_400_000) + 86_400_000) % 86_400_000 / HOUR_MS) },
  },
  'pricing-ignores-limits': {
    what: 'the pricing actor calls every day that meets the trigger, whatever the program allows',
    hooks: { pricingPlan: unlimitedPlan },
  },
  'ems-ignores-limit': {
    what: 'the EMS never finds the demand it holds over its DEMAND_LIMIT program\'s limit, so never sheds (FR-04)',
    hooks: { emsOverLimit: () => false },
  },
  'override-per-message': {
    what: "a customer's override holds only for the response it was made on: another message of the same event (its reminder, the DR event) starts the device shedding again",
    hooks: { responseEvent: () => NO_EVENT },
  },
  'meter-no-change-reports': {
    what: 'the meter reports demand on its period only, never on a change (NFR-03)',
    hooks: { reportableChange: () => false },
  },
} satisfies Record<string, Mutant>;

export type MutantName = keyof typeof MUTANTS;
export const MUTANT_NAMES = Object.keys(MUTANTS) as MutantName[];

export function isMutant(name: string): name is MutantName {
  return Object.hasOwn(MUTANTS, name);
}

/** The hooks of a set of mutants, combined (a later one wins where two replace the same decision). */
export function mutantHooks(names: Iterable<string>): Partial<ModelHooks> {
  const out: Partial<ModelHooks> = {};
  for (const n of names) {
    if (!isMutant(n)) throw new Error(`unknown mutant "${n}" (one of ${MUTANT_NAMES.join(', ')})`);
    Object.assign(out, MUTANTS[n].hooks);
  }
  return out;
}
