/**
 * Shared pieces of the requirement checks: the verdict collector, the reference model of what the
 * population and the timeline say should happen (computed from the scenario and the population alone,
 * never from the back office's own records), and small decoders.
 */
import type { TimelineAction } from '../../scenarios/types.ts';
import type { BodyKind } from '../../models/wire/codec.ts';
import { hardwareIdOf, WIRE_TYPE } from '../../models/world/bodies.ts';
import { DEVICE_TYPES, EMS, IHD, Intent } from '../../models/world/population.ts';
import type { Observation } from '../observe.ts';

export interface CheckResult {
  /** What failed, one line each (empty: the property held). */
  violations: string[];
  /** How many instances the property was checked on in this run (0: it held vacuously). */
  instances: number;
  /** Set when the model lacks what the property needs (e.g. appliance physics): the run says nothing. */
  notApplicable?: string;
}

export type Check = (o: Observation) => CheckResult;

/** Collects checked instances and violations; keeps at most `limit` violation texts. */
export class Verdict {
  readonly violations: string[] = [];
  instances = 0;
  private extra = 0;
  constructor(private readonly limit = 20) {}

  /** One instance: `ok`, or a violation described lazily. */
  expect(ok: boolean, why: () => string): boolean {
    this.instances++;
    if (!ok) this.fail(why());
    return ok;
  }

  fail(text: string): void {
    if (this.violations.length < this.limit) this.violations.push(text);
    else this.extra++;
  }

  result(): CheckResult {
    const v = this.extra > 0 ? [...this.violations, `… and ${this.extra} more`] : this.violations;
    return { violations: v, instances: this.instances };
  }
}

export const check = (f: (o: Observation, v: Verdict) => void): Check => (o) => {
  const v = new Verdict();
  f(o, v);
  return v.result();
};

export const fmtT = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m${String(s % 60).padStart(2, '0')}s`;
};

/** Kinds CDCS sends in scenario 3.2 step 1 (FR-17). */
export const S2_KINDS = new Set<BodyKind>([
  'priceSignal',
  'loadControlEvent',
  'textMessage',
  'publicAlert',
  'powerSystemCondition',
  'touSchedule',
  'priceEventNotice',
  'eventInProgress',
  'endOfEvent',
  'loadControlSchedule',
  'billingCycleStart',
]);

/** Kinds a device keeps in its store (everything it accepts but commissioning and diagnostics). */
export const NOT_STORED = new Set<BodyKind>(['bindRequest', 'authenticationParameters', 'configurationMessage', 'diagnosticTest']);

/** Kinds a device may send: answers, acknowledgements and reports, never requests (BR-06). */
export const DEVICE_UPSTREAM = new Set<BodyKind>([
  'deviceIdentification',
  'authenticationAck',
  'configurationConfirmation',
  'eventResponse',
  'messageConfirmation',
  'overrideNotice',
  'applianceReport',
  'diagnosticResult',
]);
/** Device messages that answer a message the device received: they must name it (correlation id). */
export const ANSWERS = new Set<BodyKind>(['authenticationAck', 'configurationConfirmation', 'eventResponse', 'messageConfirmation', 'diagnosticResult']);

/** The message kind each timeline action produces (FR-17, FR-18, FR-25, FR-26, FR-13). */
export const ACTION_KIND: Record<TimelineAction['action'], BodyKind> = {
  tou_schedule: 'touSchedule',
  current_price: 'priceSignal',
  day_ahead_notice: 'priceEventNotice',
  dr_event: 'loadControlEvent',
  load_control_schedule: 'loadControlSchedule',
  text_message: 'textMessage',
  public_alert: 'publicAlert',
  power_system_condition: 'powerSystemCondition',
  billing_cycle_start: 'billingCycleStart',
  diagnostic_test: 'diagnosticTest',
};

export const isDisplay = (o: Observation, d: number) => o.w.p.type[d] === IHD || o.w.p.type[d] === EMS;
export const typeName = (o: Observation, d: number) => DEVICE_TYPES[o.w.p.type[d]];
/** Approved by the scenario (IHDs and EMSs are HAN displays, always registrable). */
export const approvedType = (o: Observation, type: string) => type === 'ihd' || type === 'ems' || (o.s.population.approved_types as string[]).includes(type);

/** The id the customer gives for device d at S1-01 (the population's intent decides a wrong one). */
export function claimedIdOf(o: Observation, d: number): number {
  return o.w.p.intent[d] === Intent.MISMATCH_ID ? o.w.p.hardwareId[d] + 0x40000000 : o.w.p.hardwareId[d];
}

/** The device's claim matches the device (id and type as they are): NMS may authenticate it. */
export function claimMatches(o: Observation, d: number): boolean {
  const i = o.w.p.intent[d];
  return i === Intent.REGISTER || i === Intent.DUPLICATE_ID || i === Intent.NONE;
}

/** A wire ApplianceIdentity → (hardware id, device type name). */
export function identityOf(a: { eui64?: Uint8Array; type?: number } | undefined): { id: number; type: string } {
  const type = Object.entries(WIRE_TYPE).find(([, v]) => v === a?.type)?.[0] ?? '?';
  return { id: hardwareIdOf(a?.eui64), type };
}

/** First time each device's configuration confirmation reached CDCS (S1-17): it is addressable from then. */
export function configuredAt(o: Observation): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of o.steps) if (r.id === 'S1-17' && r.d >= 0 && !out.has(r.d)) out.set(r.d, r.at);
  return out;
}

/** Step times of one id per device. */
export function stepTimes(o: Observation, id: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of o.steps) {
    if (r.id !== id || r.d < 0) continue;
    let l = out.get(r.d);
    if (!l) out.set(r.d, (l = []));
    l.push(r.at);
  }
  return out;
}

/** Devices the reference model says timeline action `a` targets privately: configured before it, matching. */
export function expectedTargets(o: Observation, target: TimelineAction['target'], when: number, configured: Map<number, number>, programOf: (d: number) => number): { sure: Set<number>; unsure: Set<number> } {
  const p = o.w.p;
  const t = target as Record<string, unknown>;
  const sure = new Set<number>();
  const unsure = new Set<number>();
  for (const [d, at] of configured) {
    if (at > when) continue;
    const c = p.owner[d];
    if ('device' in t && d !== t.device) continue;
    if ('region' in t && p.regions[p.region[c]] !== t.region) continue;
    if ('group' in t && !(p.groupBits[c] & (1 << p.groups.indexOf(t.group as string)))) continue;
    if ('appliance_type' in t && typeName(o, d) !== t.appliance_type) continue;
    if ('program' in t && o.s.programs[programOf(d)]?.id !== t.program) continue;
    // Confirmed in the very millisecond of the action: either order is right.
    (at === when ? unsure : sure).add(d);
  }
  return { sure, unsure };
}

/** Messages created by timeline action i, grouped. */
export function messagesOfAction(o: Observation): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let m = 0; m < o.msgs.count; m++) {
    const i = o.actionOf[m];
    if (i === undefined || i < 0) continue;
    let l = out.get(i);
    if (!l) out.set(i, (l = []));
    l.push(m);
  }
  return out;
}

/** Devices in region r (by their owner's premises), registered or not. */
export function devicesInRegion(o: Observation, r: number): number[] {
  const p = o.w.p;
  const out: number[] = [];
  for (let d = 0; d < p.devices; d++) if (p.region[p.owner[d]] === r) out.push(d);
  return out;
}

/** Header message id of m (World.nextWireId). */
export const headerId = (o: Observation, m: number) => o.msgs.wire[m];

const localByWire = new WeakMap<Observation, Map<number, number>>();

/** The message carrying header id `id`, or -1. */
export function messageOfWire(o: Observation, id: number): number {
  let map = localByWire.get(o);
  if (!map) {
    map = new Map();
    for (let m = 0; m < o.msgs.count; m++) map.set(o.msgs.wire[m], m);
    localByWire.set(o, map);
  }
  return map.get(id) ?? -1;
}

export function meterActorOf(o: Observation, d: number): number {
  return o.w.meterActor(o.w.p.owner[d]);
}

/** The device's messages (to or from it over the HAN), in creation order. */
export function hanMessagesOf(o: Observation): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const msgs = o.msgs;
  for (let m = 0; m < msgs.count; m++) {
    if (!o.isHan(m)) continue;
    const d = msgs.device[m];
    let l = out.get(d);
    if (!l) out.set(d, (l = []));
    l.push(m);
  }
  return out;
}

/** "customer's language" index of device d: the owner's preference (no FR-03 changes in the chain profile). */
export const customerLanguage = (o: Observation, d: number) => o.w.p.language[o.w.p.owner[d]];

/** The customer's groups as CDCS numbers them (group index + 1). */
export function groupsOfCustomer(o: Observation, c: number): number[] {
  const out: number[] = [];
  for (let g = 0; g < o.w.p.groups.length; g++) if (o.w.p.groupBits[c] & (1 << g)) out.push(g + 1);
  return out;
}

/** Created in the run's last second: it may not have left the device (an EMS relays after 100 ms) before the end. */
export const late = (o: Observation, m: number) => o.msgs.created[m] > o.s.duration - 1000;

export const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
