/**
 * Requirements that need appliance physics (FR-37, OI-1). They judge a run only when the world has a load
 * model (`World.load`, models/appliances); without one they report "not applicable" with the reason.
 */
import type { Observation } from '../observe.ts';
import { fmtT, headerId, type Check, type CheckResult, Verdict } from './util.ts';

interface LoadLike {
  violations(): number;
  isAppliance(d: number): boolean;
  hasParticipated(d: number): boolean;
}

const loadOf = (o: Observation): LoadLike | undefined => {
  const l = (o.w as unknown as { load?: Partial<LoadLike> }).load;
  return l && typeof l.violations === 'function' && typeof l.isAppliance === 'function' ? (l as LoadLike) : undefined;
};

export const NO_PHYSICS = 'the world has no appliance physics (World.load with fleet safety counters): nothing to observe';

/** FR-37: appliance safety logic beats every DR control: no food spoils, no laundry sits wet, no cold showers, no unsafe heat. */
export const FR_37: Check = (o): CheckResult => {
  const load = loadOf(o);
  if (!load) return { violations: [], instances: 0, notApplicable: NO_PHYSICS };
  const v = new Verdict();
  let participants = 0;
  for (let d = 0; d < o.w.p.devices; d++) if (load.isAppliance(d) && load.hasParticipated(d)) participants++;
  v.instances += participants;
  const n = load.violations();
  v.expect(n === 0, () => `${n} safety violations (spoiled food, wet laundry, EV short at departure, cold water or unsafe heat under DR) among ${participants} devices that executed responses`);
  return v.result();
};

/** OI-1: an appliance that hears of an under-frequency or low-voltage condition responds on its own. */
export const OI_1: Check = (o): CheckResult => {
  const load = loadOf(o);
  if (!load) return { violations: [], instances: 0, notApplicable: NO_PHYSICS };
  const calls = conditionCalls.get(o) ?? [];
  const v = new Verdict();
  for (const a of o.accepted) {
    if (o.kind(a.m) !== 'powerSystemCondition' || !load.isAppliance(a.d)) continue;
    const c = o.env(a.m)?.powerSystemCondition;
    const hz = c?.frequencyHz ?? 60;
    const abnormal = hz < 59.95 || c?.voltagePu !== undefined && c.voltagePu < 0.95;
    if (!abnormal) continue;
    v.expect(calls.some((x) => x.d === a.d && x.at === a.at), () => `device ${a.d}: heard ${hz} Hz / ${c?.voltagePu} pu (condition ${headerId(o, a.m)}) at ${fmtT(a.at)} and did not respond`);
  }
  return v.result();
};

const conditionCalls = new WeakMap<Observation, { d: number; at: number }[]>();

/** Records the devices' responses to grid conditions (subscribed before the run by the profiles). */
export function watchConditions(o: Observation): void {
  if (!loadOf(o)) return;
  const calls: { d: number; at: number }[] = [];
  conditionCalls.set(o, calls);
  o.w.trace.gridResponse.connect((d) => void calls.push({ d, at: o.sim.now }));
}
