/**
 * Scenario 3.1 (S1-01…S1-17) and the registration requirements (FR-01…FR-16, BR-03, BR-05): each check
 * compares what the run did with what the population (the customer's intent, the device's real id and
 * type) and the scenario (approved types, programs) say should happen.
 */
import { RejectReason, type EnvelopeObject } from '../../models/wire/codec.ts';
import { hardwareIdOf } from '../../models/world/bodies.ts';
import { Css } from '../../models/world/back-office-state.ts';
import { CDCS, CSR, CSS, NMS, WEB } from '../../models/world/ids.ts';
import { Intent } from '../../models/world/population.ts';
import type { Observation } from '../observe.ts';
import {
  approvedType,
  check,
  claimedIdOf,
  customerLanguage,
  fmtT,
  groupsOfCustomer,
  headerId,
  identityOf,
  isDisplay,
  late,
  meterActorOf,
  sameList,
  stepTimes,
  typeName,
  type Check,
  type Verdict,
} from './util.ts';

/** Registrations must have started this long before the end to be expected to complete. */
const REGISTRATION_SETTLE_MS = 90 * 60_000;

/** Per-run facts about registration, computed once per observation. */
interface RegFacts {
  request: Map<number, { m: number; env: EnvelopeObject }>;
  claimedType: Map<number, string>;
  claimedId: Map<number, number>;
  offered: Map<number, Set<number>>;
  granted: Map<number, number[]>;
  lossy: Set<number>;
  /** Devices whose hardware id another device was granted first (a clone won the race, or they are the clone). */
  conflicted: Set<number>;
  /** Devices whose registration the reference model expects to complete. */
  candidates: number[];
}

const factsCache = new WeakMap<Observation, RegFacts>();

export function regFacts(o: Observation): RegFacts {
  const hit = factsCache.get(o);
  if (hit) return hit;
  const p = o.w.p;
  const request = new Map<number, { m: number; env: EnvelopeObject }>();
  const claimedType = new Map<number, string>();
  const claimedId = new Map<number, number>();
  for (const m of o.messagesOf('registrationRequest')) {
    if (o.msgs.src[m] < o.w.ids.customer0 || o.msgs.src[m] >= o.w.ids.device0) continue;
    const d = o.msgs.device[m];
    const env = o.env(m);
    if (!env || request.has(d)) continue;
    request.set(d, { m, env });
    const ident = identityOf(env.registrationRequest?.appliance);
    claimedType.set(d, ident.type);
    claimedId.set(d, ident.id);
  }
  const offered = new Map<number, Set<number>>();
  for (const m of o.messagesOf('programOffer')) {
    if (o.msgs.src[m] !== CSS) continue;
    const env = o.env(m);
    offered.set(o.msgs.device[m], new Set((env?.programOffer?.programs ?? []).map((x) => (x.programId ?? 0) - 1)));
  }
  const granted = stepTimes(o, 'S1-09');
  const lossy = o.lossyDevices();
  const conflicted = new Set<number>();
  const byId = new Map<number, number[]>();
  for (let d = 0; d < p.devices; d++) {
    const l = byId.get(p.hardwareId[d]) ?? [];
    l.push(d);
    byId.set(p.hardwareId[d], l);
  }
  for (const same of byId.values()) if (same.length > 1 && same.some((d) => granted.has(d))) for (const d of same) if (!granted.has(d)) conflicted.add(d);
  const candidates: number[] = [];
  const limit = o.s.duration - REGISTRATION_SETTLE_MS;
  for (let d = 0; d < p.devices; d++) {
    const at = p.registerAt[d];
    if (at < 0 || at > limit) continue;
    if (p.intent[d] !== Intent.REGISTER && p.intent[d] !== Intent.DUPLICATE_ID) continue;
    if (!approvedType(o, typeName(o, d)) || lossy.has(d) || conflicted.has(d)) continue;
    candidates.push(d);
  }
  const f = { request, claimedType, claimedId, offered, granted, lossy, conflicted, candidates };
  factsCache.set(o, f);
  return f;
}

/** The program the customer ends up in: the one drawn for the device if CSS offered it, else none (BR-03). */
export function expectedProgram(o: Observation, d: number): number {
  const prog = o.w.p.program[d];
  return prog >= 0 && regFacts(o).offered.get(d)?.has(prog) ? prog : -1;
}

/** Messages of a kind concerning device d (LAN messages carry the device too). */
function ofKind(o: Observation, kind: Parameters<Observation['messagesOf']>[0], src?: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const m of o.messagesOf(kind)) {
    if (src !== undefined && o.msgs.src[m] !== src) continue;
    const d = o.msgs.device[m];
    const l = out.get(d) ?? [];
    l.push(m);
    out.set(d, l);
  }
  return out;
}

/** Hops of m include an arrival at `actor`. */
const passes = (o: Observation, m: number, actor: number) => (o.hops[m] ?? []).some((h) => h.actor === actor);
const reached = (o: Observation, m: number) => o.arrivedAt[m] !== undefined;

export const S1_01: Check = check((o, v) => {
  const p = o.w.p;
  const f = regFacts(o);
  const s1 = stepTimes(o, 'S1-01');
  for (let d = 0; d < p.devices; d++) {
    const due = p.registerAt[d] >= 0 && p.registerAt[d] <= o.s.duration;
    const got = s1.get(d) ?? [];
    v.expect(due ? got.length === 1 && got[0] === p.registerAt[d] : got.length === 0, () => `device ${d}: S1-01 at [${got.map(fmtT)}], expected ${due ? fmtT(p.registerAt[d]) : 'never'}`);
    const req = f.request.get(d);
    if (!due) continue;
    if (!v.expect(req !== undefined, () => `device ${d}: the customer asked to register but no registration request was sent`)) continue;
    const m = req!.m;
    const to = p.viaCsr[d] ? CSR : WEB;
    v.expect(o.msgs.dst[m] === to, () => `device ${d}: registration request went to ${o.roleOf(o.msgs.dst[m])}, the customer uses ${o.roleOf(to)}`);
    const ident = identityOf(req!.env.registrationRequest?.appliance);
    v.expect(ident.id === claimedIdOf(o, d), () => `device ${d}: request names id ${ident.id}, the customer gave ${claimedIdOf(o, d)}`);
    const realType = typeName(o, d);
    v.expect(p.intent[d] === Intent.MISMATCH_TYPE ? ident.type !== realType : ident.type === realType, () => `device ${d}: request names type ${ident.type}, device is a ${realType} (intent ${p.intent[d]})`);
    v.expect(req!.env.registrationRequest?.customer?.accountNumber === `${p.owner[d] + 1}`, () => `device ${d}: request names account ${req!.env.registrationRequest?.customer?.accountNumber}`);
  }
});

export const S1_02: Check = check((o, v) => {
  const f = regFacts(o);
  const s1 = stepTimes(o, 'S1-01');
  const s2 = stepTimes(o, 'S1-02');
  const limit = o.s.duration - 30 * 60_000;
  for (const [d, times] of s1) {
    if (times[0] > limit) continue;
    const approved = approvedType(o, f.claimedType.get(d) ?? '?');
    const verdicts = s2.get(d) ?? [];
    v.expect(verdicts.length === 1 && verdicts[0] >= times[0], () => `device ${d}: CSR/web verification (S1-02) at [${verdicts.map(fmtT)}] for a request at ${fmtT(times[0])}`);
    const offer = f.offered.has(d);
    v.expect(offer === approved, () => `device ${d}: claimed type ${f.claimedType.get(d)} is ${approved ? '' : 'not '}approved but CSS ${offer ? 'offered programs' : 'refused it'}`);
    if (!approved) {
      const refusals = o.messagesOf('registrationResult').filter((m) => o.msgs.src[m] === CSS && o.msgs.device[m] === d);
      const reason = refusals.map((m) => o.env(m)?.registrationResult?.reason);
      v.expect(reason.includes(RejectReason.REJECT_UNAPPROVED_TYPE), () => `device ${d}: unapproved type refused with reasons [${reason}]`);
    }
  }
});

export const S1_03: Check = check((o, v) => {
  const f = regFacts(o);
  const toCustomer = ofKind(o, 'programOffer');
  for (const [d, offered] of f.offered) {
    const type = f.claimedType.get(d) ?? '?';
    const expected = o.s.programs.flatMap((prog, i) => (type === 'ihd' || type === 'ems' || (prog.appliance_types as string[]).includes(type) ? [i] : []));
    v.expect(sameList([...offered].sort(), expected), () => `device ${d} (${type}): CSS offered programs [${[...offered]}], eligible are [${expected}]`);
    const presented = (toCustomer.get(d) ?? []).filter((m) => o.msgs.dst[m] === o.w.customerActor(o.w.p.owner[d]));
    v.expect(presented.length === 1, () => `device ${d}: the CSR/web presented ${presented.length} offers to the customer`);
  }
});

export const S1_04: Check = check((o, v) => {
  const world = o.w;
  const sel = ofKind(o, 'programSelection', CSS);
  for (const [d] of stepTimes(o, 'S1-04')) {
    const prog = expectedProgram(o, d);
    v.expect(world.css.program[d] === prog && world.cdcs.program[d] === prog, () => `device ${d}: customer chose program ${prog}; CSS recorded ${world.css.program[d]}, CDCS ${world.cdcs.program[d]}`);
    v.expect(world.cdcs.language[d] === customerLanguage(o, d), () => `device ${d}: CDCS recorded language ${o.w.p.languages[world.cdcs.language[d]]}, customer chose ${o.w.p.languages[customerLanguage(o, d)]}`);
    const toCdcs = (sel.get(d) ?? []).filter((m) => o.msgs.dst[m] === CDCS && reached(o, m));
    v.expect(toCdcs.length >= 1, () => `device ${d}: the selection never reached CDCS`);
  }
});

export const S1_05: Check = check((o, v) => {
  const offers = stepTimes(o, 'S1-03');
  const connects = stepTimes(o, 'S1-05');
  const limit = o.s.duration - 30 * 60_000;
  for (const [d, at] of offers) {
    if (at[0] > limit) continue;
    const c = connects.get(d) ?? [];
    v.expect(c.length === 1 && c[0] >= at[0], () => `device ${d}: offered at ${fmtT(at[0])}, connected at [${c.map(fmtT)}]`);
    v.expect(o.w.dev.joined[d] === 1, () => `device ${d}: connected but not joined to the HAN`);
  }
  for (const [d] of connects) v.expect(offers.has(d), () => `device ${d}: connected without a program offer`);
});

export const S1_06: Check = check((o, v) => {
  const f = regFacts(o);
  const sel = stepTimes(o, 'S1-04');
  const comm = stepTimes(o, 'S1-06');
  const reqs = ofKind(o, 'commissioningRequest', CSS);
  for (const [d, at] of comm) {
    const s = sel.get(d) ?? [];
    v.expect(s.length > 0 && s[0] <= at[0], () => `device ${d}: commissioning (S1-06) at ${fmtT(at[0])} before the selection (S1-04 at [${s.map(fmtT)}])`);
    for (const m of reqs.get(d) ?? []) {
      const c = o.env(m)?.commissioningRequest;
      const ident = identityOf(c?.appliance);
      v.expect(o.msgs.dst[m] === NMS, () => `device ${d}: commissioning request sent to ${o.roleOf(o.msgs.dst[m])}`);
      v.expect(c?.meterId === o.w.p.owner[d] + 1, () => `device ${d}: commissioning names meter ${c?.meterId}, premises meter is ${o.w.p.owner[d] + 1}`);
      v.expect(ident.id === f.claimedId.get(d) && ident.type === f.claimedType.get(d), () => `device ${d}: commissioning names ${ident.id}/${ident.type}, the customer gave ${f.claimedId.get(d)}/${f.claimedType.get(d)}`);
    }
  }
  const limit = o.s.duration - 10 * 60_000;
  for (const [d, at] of sel) if (at[0] < limit) v.expect((comm.get(d) ?? []).length === at.length, () => `device ${d}: ${at.length} selections, ${(comm.get(d) ?? []).length} commissioning requests`);
});

export const S1_07: Check = check((o, v) => {
  const f = regFacts(o);
  const binds = ofKind(o, 'bindRequest', NMS);
  const comm = ofKind(o, 'commissioningRequest', CSS);
  for (const [d, list] of comm) {
    for (const c of list) {
      if (!reached(o, c)) continue;
      const made = (binds.get(d) ?? []).filter((m) => o.causeOf[m] === c);
      v.expect(made.length === 1, () => `device ${d}: commissioning request ${headerId(o, c)} led to ${made.length} bind requests`);
      for (const m of made) {
        const b = o.env(m)?.bindRequest;
        v.expect(b?.meterId === o.w.p.owner[d] + 1 && hardwareIdOf(b?.expectedEui64) === f.claimedId.get(d), () => `device ${d}: bind names meter ${b?.meterId} / id ${hardwareIdOf(b?.expectedEui64)}`);
        if (passes(o, m, o.w.deviceActor(d))) v.expect(passes(o, m, meterActorOf(o, d)), () => `device ${d}: bind request reached the device without its premises meter`);
      }
    }
  }
});

export const S1_08: Check = check((o, v) => {
  const binds = new Map<number, number>();
  for (const a of o.accepted) if (o.kind(a.m) === 'bindRequest' && !binds.has(a.d)) binds.set(a.d, a.at);
  const connects = stepTimes(o, 'S1-05');
  const ids = ofKind(o, 'deviceIdentification');
  const p = o.w.p;
  for (const [d, list] of ids) {
    for (const m of list) {
      const at = o.msgs.created[m];
      v.expect(o.msgs.src[m] === o.w.deviceActor(d) && o.msgs.dst[m] === NMS, () => `identification ${headerId(o, m)} of device ${d} from ${o.roleOf(o.msgs.src[m])} to ${o.roleOf(o.msgs.dst[m])}`);
      const b = binds.get(d);
      const c = connects.get(d)?.[0];
      v.expect(b !== undefined && b <= at && c !== undefined && c <= at, () => `device ${d}: identified at ${fmtT(at)} (bind ${b === undefined ? 'never' : fmtT(b)}, connected ${c === undefined ? 'never' : fmtT(c)})`);
      const e = o.env(m)?.deviceIdentification;
      const ident = identityOf(e?.appliance);
      v.expect(ident.id === p.hardwareId[d] && ident.type === typeName(o, d) && e?.meterId === p.owner[d] + 1, () => `device ${d}: identified as ${ident.id}/${ident.type} at meter ${e?.meterId}; it is ${p.hardwareId[d]}/${typeName(o, d)} at meter ${p.owner[d] + 1}`);
      v.expect(e?.keyMaterial !== undefined, () => `device ${d}: identification without key material`);
      const first = o.hops[m]?.[0];
      if (!late(o, m)) v.expect(first?.actor === meterActorOf(o, d), () => `device ${d}: identification entered the network at ${first ? o.roleOf(first.actor) : 'nowhere'}, not its meter`);
    }
  }
});

/** S1-09 soundness: NMS authenticated only the device the customer named, at its meter, with a free id. */
export function authenticationSound(o: Observation, v: Verdict): void {
  const f = regFacts(o);
  const p = o.w.p;
  const holders = new Map<number, number>();
  const grants = o.steps.filter((r) => r.id === 'S1-09');
  const deleted = stepTimesOfDeletion(o);
  for (const g of grants) {
    const d = g.d;
    const env = g.m >= 0 ? o.env(g.m) : null;
    const ident = identityOf(env?.deviceIdentification?.appliance);
    v.expect(g.m >= 0 && o.msgs.src[g.m] === o.w.deviceActor(d), () => `device ${d}: authenticated on a frame from ${g.m >= 0 ? o.roleOf(o.msgs.src[g.m]) : 'nowhere'}`);
    v.expect(f.claimedId.get(d) === p.hardwareId[d] && ident.id === p.hardwareId[d], () => `device ${d}: authenticated although the customer named id ${f.claimedId.get(d)} and the device reported ${ident.id} (real ${p.hardwareId[d]})`);
    v.expect(f.claimedType.get(d) === typeName(o, d) && ident.type === typeName(o, d), () => `device ${d}: authenticated although the customer named type ${f.claimedType.get(d)} and the device reported ${ident.type} (real ${typeName(o, d)})`);
    v.expect(env?.deviceIdentification?.meterId === p.owner[d] + 1, () => `device ${d}: authenticated through meter ${env?.deviceIdentification?.meterId}, premises meter ${p.owner[d] + 1}`);
    for (const [id, holder] of holders) if (deleted.has(holder) && deleted.get(holder)! <= g.at) holders.delete(id);
    const holder = holders.get(p.hardwareId[d]);
    v.expect(holder === undefined || holder === d, () => `device ${d}: authenticated with id ${p.hardwareId[d]} already held by device ${holder}`);
    holders.set(p.hardwareId[d], d);
  }
}

function stepTimesOfDeletion(o: Observation): Map<number, number> {
  const out = new Map<number, number>();
  for (let d = 0; d < o.w.p.devices; d++) if (o.w.css.status[d] === Css.DELETED) out.set(d, 0);
  return out;
}

export const S1_09: Check = check((o, v) => {
  authenticationSound(o, v);
  const f = regFacts(o);
  for (const d of f.candidates) v.expect(f.granted.has(d), () => `device ${d}: a matching ${typeName(o, d)} named correctly by its customer was never authenticated`);
});

export const S1_10: Check = check((o, v) => {
  const params = ofKind(o, 'authenticationParameters');
  const grants = o.steps.filter((r) => r.id === 'S1-09');
  const s10 = stepTimes(o, 'S1-10');
  for (const [d, list] of params) {
    for (const m of list) {
      v.expect(o.msgs.src[m] === NMS, () => `device ${d}: authentication parameters from ${o.roleOf(o.msgs.src[m])}`);
      const g = grants.find((r) => r.d === d && r.m === o.causeOf[m]);
      v.expect(g !== undefined, () => `device ${d}: authentication parameters ${headerId(o, m)} not caused by a successful authentication`);
      if (passes(o, m, o.w.deviceActor(d))) v.expect(passes(o, m, meterActorOf(o, d)), () => `device ${d}: authentication parameters bypassed its meter`);
    }
  }
  for (const g of grants) v.expect((s10.get(g.d) ?? []).includes(g.at) && (params.get(g.d) ?? []).some((m) => o.causeOf[m] === g.m), () => `device ${g.d}: authenticated at ${fmtT(g.at)} but sent no parameters`);
});

/** S1-11, S1-12, FR-12: the device sets the parameters and acknowledges them, naming the message. */
export function authenticationApplied(o: Observation, v: Verdict, which: 'set' | 'ack' | 'both'): void {
  const acks = ofKind(o, 'authenticationAck');
  o.accepted.forEach((a, i) => {
    if (o.kind(a.m) !== 'authenticationParameters') return;
    if (which !== 'ack') v.expect(o.snapshots[i]?.post?.authenticated === true, () => `device ${a.d}: accepted authentication parameters at ${fmtT(a.at)} but did not set them`);
    if (which !== 'set') {
      const ack = (acks.get(a.d) ?? []).filter((m) => o.causeOf[m] === a.m);
      v.expect(ack.length === 1 && o.env(ack[0])?.header.correlationId === headerId(o, a.m) && o.msgs.dst[ack[0]] === NMS, () => `device ${a.d}: ${ack.length} acknowledgements of authentication parameters ${headerId(o, a.m)}`);
    }
  });
}

export const S1_11: Check = check((o, v) => authenticationApplied(o, v, 'set'));
export const S1_12: Check = check((o, v) => authenticationApplied(o, v, 'ack'));
export const FR_12: Check = check((o, v) => authenticationApplied(o, v, 'both'));

export const S1_13: Check = check((o, v) => {
  const s10 = stepTimes(o, 'S1-10');
  for (const m of o.messagesOf('connectionAuthenticated')) {
    const d = o.msgs.device[m];
    const e = o.env(m)?.connectionAuthenticated;
    v.expect(o.msgs.src[m] === NMS && o.msgs.dst[m] === CSS, () => `device ${d}: connection-authenticated from ${o.roleOf(o.msgs.src[m])} to ${o.roleOf(o.msgs.dst[m])}`);
    const cause = o.causeOf[m];
    if (e?.authenticated) {
      v.expect(cause >= 0 && o.kind(cause) === 'authenticationAck' && o.msgs.src[cause] === o.w.deviceActor(d), () => `device ${d}: NMS told CSS it is authenticated without the device's acknowledgement`);
      v.expect((s10.get(d) ?? []).some((t) => t <= o.msgs.created[m]), () => `device ${d}: authenticated to CSS before NMS sent parameters`);
    } else {
      const granted = o.steps.some((r) => r.id === 'S1-09' && r.m === cause);
      v.expect(cause >= 0 && o.kind(cause) === 'deviceIdentification' && !granted, () => `device ${d}: NMS reported a failed authentication not caused by a refused identification`);
    }
  }
});

export const S1_14: Check = check((o, v) => {
  for (const m of o.messagesOf('configurationRequest')) {
    const d = o.msgs.device[m];
    const cause = o.causeOf[m];
    v.expect(o.msgs.src[m] === CSS && o.msgs.dst[m] === CDCS, () => `device ${d}: configuration request from ${o.roleOf(o.msgs.src[m])} to ${o.roleOf(o.msgs.dst[m])}`);
    v.expect(cause >= 0 && o.kind(cause) === 'connectionAuthenticated' && o.env(cause)?.connectionAuthenticated?.authenticated === true, () => `device ${d}: CSS asked CDCS to configure it without an authenticated connection`);
    const e = o.env(m)?.configurationRequest;
    v.expect(e?.preferences?.language === o.w.p.languages[customerLanguage(o, d)], () => `device ${d}: configuration request in ${e?.preferences?.language}, customer chose ${o.w.p.languages[customerLanguage(o, d)]}`);
    v.expect(sameList(e?.messagingGroups ?? [], groupsOfCustomer(o, o.w.p.owner[d])), () => `device ${d}: configuration request groups [${e?.messagingGroups}], customer is in [${groupsOfCustomer(o, o.w.p.owner[d])}]`);
  }
});

export const S1_15: Check = check((o, v) => {
  for (const m of o.messagesOf('configurationMessage')) {
    const d = o.msgs.device[m];
    v.expect(o.msgs.src[m] === CDCS && o.msgs.dst[m] === o.w.deviceActor(d), () => `device ${d}: configuration from ${o.roleOf(o.msgs.src[m])}`);
    const cause = o.causeOf[m];
    v.expect(cause >= 0 && (o.kind(cause) === 'configurationRequest' || o.kind(cause) === 'deviceManagement'), () => `device ${d}: configuration sent without a request from CSS`);
    const e = o.env(m)?.configurationMessage;
    const prog = expectedProgram(o, d);
    v.expect((e?.utilityEnrollmentGroup ?? 0) === prog + 1, () => `device ${d}: configured for group ${e?.utilityEnrollmentGroup}, customer chose program ${prog}`);
    v.expect(e?.language === o.w.p.languages[customerLanguage(o, d)], () => `device ${d}: configured in ${e?.language}`);
    v.expect(sameList(e?.messagingGroups ?? [], groupsOfCustomer(o, o.w.p.owner[d])), () => `device ${d}: configured groups [${e?.messagingGroups}]`);
    if (passes(o, m, o.w.deviceActor(d))) v.expect(passes(o, m, NMS) && passes(o, m, meterActorOf(o, d)), () => `device ${d}: configuration did not pass NMS and its meter`);
  }
});

/** S1-16, FR-15, FR-16: the device applies each configuration it accepts and confirms it. */
export function configurationApplied(o: Observation, v: Verdict, which: 'apply' | 'confirm' | 'both'): void {
  const confs = ofKind(o, 'configurationConfirmation');
  o.accepted.forEach((a, i) => {
    if (o.kind(a.m) !== 'configurationMessage') return;
    const cfg = o.env(a.m)?.configurationMessage;
    if (which !== 'confirm') {
      const post = o.snapshots[i]?.post;
      v.expect(post?.configured === true && post.program === (cfg?.utilityEnrollmentGroup ?? 0) - 1 && post.language === o.w.p.languages.indexOf(cfg?.language ?? ''), () => `device ${a.d}: after configuration ${cfg?.configId}: configured ${post?.configured}, program ${post?.program} (sent ${(cfg?.utilityEnrollmentGroup ?? 0) - 1}), language ${post?.language}`);
    }
    if (which !== 'apply') {
      const c = (confs.get(a.d) ?? []).filter((m) => o.causeOf[m] === a.m);
      v.expect(c.length === 1 && o.env(c[0])?.configurationConfirmation?.configId === cfg?.configId && o.env(c[0])?.header.correlationId === headerId(o, a.m) && o.msgs.dst[c[0]] === CDCS, () => `device ${a.d}: ${c.length} confirmations of configuration ${cfg?.configId}`);
      for (const m of c) if (!o.dropped(m) && o.msgs.created[m] < o.settledBefore()) v.expect(reached(o, m), () => `device ${a.d}: configuration confirmation ${headerId(o, m)} neither reached CDCS nor was lost`);
    }
  });
}

export const S1_16: Check = check((o, v) => configurationApplied(o, v, 'both'));
export const FR_15: Check = check((o, v) => configurationApplied(o, v, 'apply'));
export const FR_16: Check = check((o, v) => configurationApplied(o, v, 'confirm'));

export const S1_17: Check = check((o, v) => {
  const fwd = ofKind(o, 'configurationForward', CDCS);
  const results = ofKind(o, 'registrationResult', CSS);
  const s17 = stepTimes(o, 'S1-17');
  for (const m of o.messagesOf('configurationConfirmation')) {
    if (!reached(o, m)) continue;
    const d = o.msgs.device[m];
    const f = (fwd.get(d) ?? []).filter((x) => o.causeOf[x] === m);
    v.expect(f.length === 1 && o.msgs.dst[f[0]] === CSS, () => `device ${d}: confirmation ${headerId(o, m)} forwarded to CSS ${f.length} times`);
    v.expect((s17.get(d) ?? []).includes(o.arrivedAt[m]), () => `device ${d}: no S1-17 when the confirmation reached CDCS`);
    for (const x of f) {
      const r = (results.get(d) ?? []).filter((y) => o.causeOf[y] === x);
      const to = o.w.p.viaCsr[d] ? CSR : WEB;
      v.expect(r.length === 1 && o.env(r[0])?.registrationResult?.status === 1 && o.msgs.dst[r[0]] === to, () => `device ${d}: CSS answered the forwarded confirmation with ${r.length} results`);
    }
  }
});

export const FR_01: Check = check((o, v) => {
  const ids = o.w.ids;
  const isCustomer = (a: number) => a >= ids.customer0 && a < ids.device0;
  for (let m = 0; m < o.msgs.count; m++) {
    const src = o.msgs.src[m], dst = o.msgs.dst[m];
    if (!isCustomer(src) && !isCustomer(dst)) continue;
    const other = isCustomer(src) ? dst : src;
    const d = o.msgs.device[m];
    const channel = o.w.p.viaCsr[d] ? CSR : WEB;
    v.expect(other === channel, () => `device ${d}: the customer exchanged ${o.kind(m)} with ${o.roleOf(other)}; the customer uses ${o.roleOf(channel)}`);
  }
});

/** Registration completeness: every device the reference model expects to register ends registered. */
function registrationCompletes(o: Observation, v: Verdict, filter: (d: number) => boolean): void {
  const f = regFacts(o);
  const s17 = stepTimes(o, 'S1-17');
  for (const d of f.candidates) {
    if (!filter(d)) continue;
    const prog = expectedProgram(o, d);
    v.expect(s17.has(d) && o.w.css.status[d] === Css.REGISTERED, () => `device ${d} (${typeName(o, d)}${o.w.p.viaEms[d] ? ', via EMS' : ''}): registration asked at ${fmtT(o.w.p.registerAt[d])} never completed (CSS status ${o.w.css.status[d]})`);
    if (s17.has(d)) v.expect(o.w.dev.program[d] === prog, () => `device ${d}: enrolled in program ${o.w.dev.program[d]}, customer chose ${prog}`);
  }
}

export const FR_02: Check = check((o, v) => registrationCompletes(o, v, () => true));
export const FR_04: Check = check((o, v) => registrationCompletes(o, v, (d) => o.w.p.viaEms[d] === 1));
export const BR_05: Check = check((o, v) => {
  registrationCompletes(o, v, (d) => !isDisplay(o, d));
  // The utility's list decides: what it does not list never registers, whoever made it.
  for (let d = 0; d < o.w.p.devices; d++) if (!approvedType(o, typeName(o, d))) v.expect(o.w.css.status[d] !== Css.REGISTERED, () => `device ${d}: unapproved ${typeName(o, d)} registered`);
});

export const BR_03: Check = check((o, v) => {
  const s17 = stepTimes(o, 'S1-17');
  const world = o.w;
  for (const [d] of s17) {
    if (expectedProgram(o, d) >= 0) continue;
    v.expect(world.css.status[d] === Css.REGISTERED && world.css.program[d] === -1 && world.cdcs.program[d] === -1 && o.w.dev.program[d] === -1, () => `device ${d}: registered without a program but CSS status ${world.css.status[d]}, CSS program ${world.css.program[d]}, CDCS ${world.cdcs.program[d]}, device ${o.w.dev.program[d]}`);
  }
});

export const FR_05: Check = check((o, v) => {
  const f = regFacts(o);
  const authOk = new Map<number, number>();
  for (const m of o.messagesOf('connectionAuthenticated')) if (o.env(m)?.connectionAuthenticated?.authenticated && reached(o, m)) authOk.set(o.msgs.device[m], o.arrivedAt[m]);
  for (const m of o.messagesOf('registrationResult')) {
    if (o.msgs.src[m] !== CSS) continue;
    const d = o.msgs.device[m];
    const r = o.env(m)?.registrationResult;
    if (r?.status === 1) {
      v.expect(f.offered.has(d), () => `device ${d}: registered without CSS verifying the customer and type`);
      const a = authOk.get(d);
      v.expect(a !== undefined && a <= o.msgs.created[m], () => `device ${d}: registered without NMS authenticating the device`);
    } else v.expect((r?.reason ?? 0) !== 0, () => `device ${d}: refused without a reason`);
  }
  for (let d = 0; d < o.w.p.devices; d++) if (o.w.css.status[d] === Css.REGISTERED) v.expect(authOk.has(d) && f.offered.has(d), () => `device ${d}: CSS holds it registered without verification and authentication`);
});

export const FR_06: Check = check((o, v) => {
  const f = regFacts(o);
  const touched = new Set<number>();
  for (const r of o.steps) if (r.d >= 0 && (r.id === 'S1-09' || r.id === 'S1-13' || r.id === 'S1-14' || r.id === 'S1-17')) touched.add(r.d);
  for (let d = 0; d < o.w.p.devices; d++) if (o.w.css.status[d] === Css.REGISTERED) touched.add(d);
  for (const d of touched) {
    const real = typeName(o, d);
    const claimed = f.claimedType.get(d) ?? '?';
    v.expect(approvedType(o, real) && approvedType(o, claimed), () => `device ${d}: a ${real} (claimed ${claimed}) got registered; approved types are [${o.s.population.approved_types.join(', ')}]`);
  }
  // Instances also count every unapproved device that was refused.
  for (const [d, t] of f.claimedType) if (!approvedType(o, t)) v.expect(!touched.has(d), () => `device ${d}: unapproved claimed type ${t} registered`);
});

export const FR_07: Check = check((o, v) => {
  const connects = stepTimes(o, 'S1-05');
  const s8 = stepTimes(o, 'S1-08');
  const binds = new Map<number, number>();
  for (const a of o.accepted) if (o.kind(a.m) === 'bindRequest' && !binds.has(a.d)) binds.set(a.d, a.at);
  for (const [d, at] of connects) {
    v.expect(o.w.dev.joined[d] === 1, () => `device ${d}: connected at ${fmtT(at[0])} but never joined the HAN`);
    const b = binds.get(d);
    if (b === undefined) continue;
    const when = Math.max(b, at[0]);
    v.expect((s8.get(d) ?? []).includes(when), () => `device ${d}: joined (${fmtT(at[0])}) and bound (${fmtT(b)}) but identified itself at [${(s8.get(d) ?? []).map(fmtT)}]`);
  }
});

export const FR_08: Check = check((o, v) => {
  const f = regFacts(o);
  const binds = ofKind(o, 'bindRequest', NMS);
  for (const [d, list] of ofKind(o, 'commissioningRequest', CSS)) {
    for (const c of list) {
      v.expect(o.createdIn[c]?.self === CSS && o.msgs.dst[c] === NMS, () => `device ${d}: commissioning not from CSS to NMS`);
      if (f.lossy.has(d) || o.msgs.created[c] > o.settledBefore()) continue;
      const b = (binds.get(d) ?? []).filter((m) => o.causeOf[m] === c);
      v.expect(b.length === 1 && passes(o, b[0], meterActorOf(o, d)) && passes(o, b[0], o.w.deviceActor(d)), () => `device ${d}: commissioning ${headerId(o, c)} did not bind the device through its premises meter`);
    }
  }
});

export const FR_09: Check = check((o, v) => {
  const granted = regFacts(o).granted;
  for (const m of o.messagesOf('authenticationParameters')) {
    const d = o.msgs.device[m];
    const e = o.env(m)?.authenticationParameters;
    v.expect(o.msgs.src[m] === NMS && granted.has(d), () => `device ${d}: key material from ${o.roleOf(o.msgs.src[m])} to a device ${granted.has(d) ? '' : 'never '}authenticated`);
    v.expect((e?.networkKey?.length ?? 0) === 16 && (e?.linkKey?.length ?? 0) === 16, () => `device ${d}: authentication parameters without 16-byte network and link keys`);
  }
  for (const m of o.messagesOf('connectionAuthenticated')) v.expect(o.msgs.src[m] === NMS, () => `connection-authenticated from ${o.roleOf(o.msgs.src[m])}`);
  for (const m of o.messagesOf('bindRequest')) v.expect(o.msgs.src[m] === NMS, () => `bind request from ${o.roleOf(o.msgs.src[m])}`);
});

export const FR_10: Check = check((o, v) => {
  authenticationSound(o, v);
  const p = o.w.p;
  for (const m of o.messagesOf('deviceIdentification')) {
    const d = o.deviceOf(o.msgs.src[m]);
    const ident = identityOf(o.env(m)?.deviceIdentification?.appliance);
    v.expect(d >= 0 && ident.id === p.hardwareId[d], () => `device ${d} transmitted id ${ident.id}, its own is ${p.hardwareId[d]}`);
  }
  const seen = new Map<number, number>();
  for (let d = 0; d < p.devices; d++) {
    if (o.w.css.status[d] !== Css.REGISTERED) continue;
    const other = seen.get(p.hardwareId[d]);
    v.expect(other === undefined, () => `devices ${other} and ${d} are both registered with id ${p.hardwareId[d]}`);
    seen.set(p.hardwareId[d], d);
  }
  for (const [id, d] of o.w.nms.registeredIds) v.expect(p.hardwareId[d] === id, () => `NMS maps id ${id} to device ${d} whose id is ${p.hardwareId[d]}`);
});

export const FR_11: Check = check((o, v) => {
  const f = regFacts(o);
  const params = ofKind(o, 'authenticationParameters', NMS);
  const conf = ofKind(o, 'connectionAuthenticated', NMS);
  for (const [d, times] of f.granted) {
    if (f.lossy.has(d) || times[0] > o.settledBefore()) continue;
    const ps = params.get(d) ?? [];
    v.expect(ps.some((m) => o.accepted.some((a) => a.m === m && a.d === d)), () => `device ${d}: authenticated at ${fmtT(times[0])} but never received parameters`);
    v.expect((conf.get(d) ?? []).some((m) => o.env(m)?.connectionAuthenticated?.authenticated === true), () => `device ${d}: NMS never confirmed the authenticated connection`);
  }
});

export const FR_13: Check = check((o, v) => {
  const results = ofKind(o, 'diagnosticResult');
  for (const m of o.messagesOf('diagnosticTest')) {
    const d = o.msgs.device[m];
    v.expect(o.msgs.src[m] === CSS, () => `diagnostic test ${headerId(o, m)} from ${o.roleOf(o.msgs.src[m])}, not CSS`);
    const got = o.accepted.some((a) => a.m === m && a.d === d);
    if (!got) {
      v.expect(o.dropped(m) || o.msgs.created[m] > o.settledBefore(), () => `device ${d}: diagnostic test ${headerId(o, m)} neither delivered nor lost`);
      continue;
    }
    const r = (results.get(d) ?? []).filter((x) => o.causeOf[x] === m);
    const t = o.env(m)?.diagnosticTest;
    const e = r.length === 1 ? o.env(r[0])?.diagnosticResult : undefined;
    v.expect(e !== undefined && e.testId === t?.testId && e.passed === true && o.msgs.dst[r[0]] === CSS && Buffer.compare(Buffer.from(e.payloadEcho ?? []), Buffer.from(t?.payload ?? [])) === 0, () => `device ${d}: diagnostic test ${t?.testId} answered by ${r.length} results`);
    for (const x of r) if (!o.dropped(x) && o.msgs.created[x] < o.settledBefore()) v.expect(reached(o, x), () => `device ${d}: diagnostic result ${headerId(o, x)} never reached CSS`);
  }
});

export const FR_14: Check = check((o, v) => {
  for (const m of o.messagesOf('configurationMessage')) {
    const d = o.msgs.device[m];
    v.expect(o.msgs.src[m] === CDCS, () => `configuration ${headerId(o, m)} from ${o.roleOf(o.msgs.src[m])}`);
    if (o.dropped(m) || o.msgs.created[m] > o.settledBefore()) continue;
    v.expect(passes(o, m, NMS) && passes(o, m, meterActorOf(o, d)) && passes(o, m, o.w.deviceActor(d)), () => `device ${d}: configuration ${headerId(o, m)} did not travel CDCS → NMS → meter → device`);
  }
});
