/**
 * The utility's systems: the web site and CSRs (FR-01) in front of CSS, which verifies customers and
 * approved types (S1-02, FR-05, FR-06) and drives commissioning (S1-06); NMS, which binds and
 * authenticates devices through the meter (S1-07…S1-13) and relays all HAN traffic (BR-08); CDCS,
 * which configures devices (S1-14…S1-17), sends the messages of the timeline (S2-01) and passes
 * overrides on to CSS and MDMS (S2-07); MDMS, which receives meter reads and overrides.
 */
import type { ActorKind } from '../../sim/actor-kind.ts';
import { AlertParameter, DeviceAction, RejectReason, type EnvelopeObject } from '../wire/codec.ts';
import type { CdcsWorld, Own, Shared } from './actor-context.ts';
import { applyAtCdcs, applyAtCss } from './management.ts';
import * as B from './bodies.ts';
import { Css, Nms } from './back-office-state.ts';
import { Cls, Ev } from './events.ts';
import { CDCS, CSR, CSS, MDMS, NMS, WEB } from './ids.ts';
import { deviceTypeName, DEVICE_TYPES } from './population.ts';
import { sendDiagnosticTest, sendEventFollowUp, sendTimelineAction } from './timeline.ts';
import { LAN_MS, nmsToCollectorMs } from '../transport/link-graph.ts';

/** CSS and NMS take a moment to process a request (database work, key generation). */
const CSS_PROCESSING_MS = 2_000;

/** Opens an arriving message; a bad frame is counted by error class and dropped, never thrown. */
export function receive(w: Shared, m: number): EnvelopeObject | null {
  const r = w.msgs.open(m);
  if (!r.ok) {
    w.rec.decodeError(r.error);
    w.drop(m);
    return null;
  }
  w.arrived(m);
  // An acknowledgement closes the round trip of the message it answers (whose creation time it carries along).
  const answered = w.msgs.answers[m];
  if (answered >= 0 && (r.value.eventResponse || r.value.messageConfirmation || r.value.authenticationAck || r.value.configurationConfirmation)) {
    w.rec.acknowledged(w.sim.now - answered);
  }
  return r.value;
}

export function webKind(w: Shared, self: typeof WEB | typeof CSR): ActorKind {
  return {
    name: self === WEB ? 'web' : 'csr',
    event(_sim, _id, _l, type, m) {
      if (type !== Ev.ARRIVE) return;
      const env = receive(w, m);
      if (!env) return;
      const d = w.msgs.device[m] >= 0 ? w.msgs.device[m] : registrationDevice(env);
      if (env.registrationRequest) w.lan(self, CSS, 'registrationRequest', env.registrationRequest, Cls.MEDIUM, -1, d);
      else if (env.programSelection) w.lan(self, CSS, 'programSelection', env.programSelection, Cls.MEDIUM, -1, d);
      else if (env.deviceManagement) w.lan(self, CSS, 'deviceManagement', env.deviceManagement, Cls.MEDIUM, -1, d);
      else if (env.programOffer || env.registrationResult) {
        const customer = w.customerActor(w.p.owner[d]);
        // S1-02: the CSR or web site has CSS's verification: an offer, or a refusal of the type.
        const verdict = env.programOffer !== undefined || env.registrationResult?.reason === RejectReason.REJECT_UNAPPROVED_TYPE;
        if (verdict) w.step('S1-02');
        if (env.programOffer) {
          w.step('S1-03');
          w.toCustomer(self, customer, 'programOffer', env.programOffer, d);
        } else w.toCustomer(self, customer, 'registrationResult', env.registrationResult, d);
      }
    },
  };
}

/** The registration id carried by registration messages is the device index + 1. */
function registrationDevice(env: EnvelopeObject): number {
  const id = env.programSelection?.registrationId ?? env.programOffer?.registrationId ?? env.registrationResult?.registrationId ?? 0;
  return id - 1;
}

export function cssKind(w: Own<'css'>): ActorKind {
  const css = w.css;
  const p = w.p;
  const approved = new Set<string>(w.s.population.approved_types);
  return {
    name: 'css',
    event(sim, _id, _l, type, m) {
      if (type === Ev.PROCESSED) return startCommissioning(w, m);
      if (type === Ev.ACTION) return sendDiagnosticTest(w, m);
      if (type !== Ev.ARRIVE) return;
      const via = w.msgs.src[m];
      const env = receive(w, m);
      if (!env) return;
      const d = w.msgs.device[m];
      if (env.registrationRequest) {
        const claimedType = DEVICE_TYPES[B_TYPE_INDEX.get(env.registrationRequest.appliance?.type ?? 0) ?? 0];
        css.claimedId[d] = B.hardwareIdOf(env.registrationRequest.appliance?.eui64);
        css.claimedType[d] = DEVICE_TYPES.indexOf(claimedType);
        css.via[d] = via;
        const isHanDisplay = claimedType === 'ihd' || claimedType === 'ems';
        if (!isHanDisplay && !w.hooks.typeApproved(claimedType, approved)) {
          css.status[d] = Css.REJECTED;
          w.rec.reject('unapproved_type');
          w.lan(CSS, via, 'registrationResult', B.registrationResult(d + 1, false, RejectReason.REJECT_UNAPPROVED_TYPE, 'appliance type not on the approved list'), Cls.MEDIUM, m, d);
          return;
        }
        css.status[d] = Css.OFFERED;
        const programs = w.s.programs
          .map((prog, i) => ({ id: i, kind: prog.kind, name: prog.id, types: prog.appliance_types }))
          .filter((prog) => isHanDisplay || prog.types.includes(claimedType as never));
        w.lan(CSS, via, 'programOffer', B.programOffer(d + 1, programs), Cls.MEDIUM, m, d);
      } else if (env.programSelection) {
        // S1-04: CSS records the selection and passes it to CDCS; registration alone is fine (BR-03).
        const choice = env.programSelection.choice;
        css.program[d] = env.programSelection.enroll && choice ? (choice.programId ?? 0) - 1 : -1;
        css.language[d] = Math.max(0, p.languages.indexOf(env.programSelection.preferences?.language ?? ''));
        css.status[d] = Css.COMMISSIONING;
        w.step('S1-04');
        w.lan(CSS, CDCS, 'programSelection', env.programSelection, Cls.MEDIUM, m, d);
        sim.timer(CSS_PROCESSING_MS, Ev.PROCESSED, d);
      } else if (env.connectionAuthenticated) {
        const auth = env.connectionAuthenticated;
        if (auth.authenticated) {
          css.status[d] = Css.REGISTERED;
          w.step('S1-14');
          const groups = groupsOf(w, p.owner[d]);
          w.lan(CSS, CDCS, 'configurationRequest', B.configurationRequest(d + 1, w.deviceActor(d), css.claimedId[d], p.languages[css.language[d]], groups), Cls.MEDIUM, m, d);
        } else {
          css.status[d] = Css.REJECTED;
          // NMS says why it refused the device (S1-09); CSS passes it on to the customer.
          w.lan(CSS, css.via[d], 'registrationResult', B.registrationResult(d + 1, false, auth.reason ?? 0, 'device authentication failed'), Cls.MEDIUM, m, d);
        }
      } else if (env.configurationForward) {
        css.configured[d] = 1;
        w.lan(CSS, css.via[d], 'registrationResult', B.registrationResult(d + 1, true), Cls.MEDIUM, m, d);
      } else if (env.deviceManagement) {
        // FR-03: CSS changes its records, then CDCS's; a deleted device is decommissioned at NMS too (FR-10).
        const body = env.deviceManagement as never;
        if (!applyAtCss(css, p.languages, d, body)) return;
        w.lan(CSS, CDCS, 'deviceManagement', env.deviceManagement, Cls.MEDIUM, m, d);
        if (env.deviceManagement.action === DeviceAction.DEVICE_ACTION_UNREGISTER) w.lan(CSS, NMS, 'deviceManagement', env.deviceManagement, Cls.MEDIUM, m, d);
      } else if (env.overrideForward) {
        css.overrides[d]++;
        w.rec.overridesAtCss++;
      }
    },
  };
}

const B_TYPE_INDEX = new Map<number, number>(DEVICE_TYPES.map((t, i) => [B.WIRE_TYPE[t], i]));

/** S1-06: CSS asks NMS to commission the device at the customer's meter, with the id and type the customer named. */
function startCommissioning(w: Own<'css'>, d: number): void {
  const css = w.css;
  w.step('S1-06');
  const meterId = w.p.owner[d] + 1;
  w.lan(CSS, NMS, 'commissioningRequest', B.commissioningRequest(d + 1, meterId, css.claimedId[d], DEVICE_TYPES[css.claimedType[d]]), Cls.MEDIUM, -1, d);
}

export function groupsOf(w: Shared, c: number): number[] {
  const out: number[] = [];
  for (let g = 0; g < w.p.groups.length; g++) if (w.p.groupBits[c] & (1 << g)) out.push(g + 1);
  return out;
}

const REJECT_REASON = { id_mismatch: RejectReason.REJECT_ID_MISMATCH, type_mismatch: RejectReason.REJECT_TYPE_MISMATCH, duplicate_id: RejectReason.REJECT_DUPLICATE_ID } as const;

export function nmsKind(w: Own<'nms'>): ActorKind {
  const nms = w.nms;
  const p = w.p;
  const n = w.s.network;
  return {
    name: 'nms',
    event(sim, _id, _l, type, m) {
      if (type !== Ev.ARRIVE) return;
      const msgs = w.msgs;
      // BR-08: every HAN message passes here; downstream ones go on to the collector's WAN link.
      if (msgs.dst[m] !== NMS) {
        if (msgs.up[m]) sim.send(msgs.dst[m], LAN_MS, Ev.ARRIVE, m);
        // The WAN's delay is taken before its queue (link-graph.ts): NMS → collector carries the lookahead.
        else sim.send(w.collectorActor(p.collector[w.customerOfMessage(m)]), nmsToCollectorMs(n), Ev.WAN_ENQ, m);
        return;
      }
      const env = receive(w, m);
      if (!env) return;
      const d = msgs.device[m];
      if (env.commissioningRequest) {
        // NMS keeps what it was asked to commission: the device must later show exactly this (S1-09).
        const req = env.commissioningRequest;
        nms.meterId[d] = req.meterId ?? 0;
        nms.expectedId[d] = B.hardwareIdOf(req.appliance?.eui64);
        nms.expectedType[d] = B_TYPE_INDEX.get(req.appliance?.type ?? 0) ?? 0;
        nms.state[d] = Nms.BIND_SENT;
        w.step('S1-07');
        w.down(NMS, d, 'bindRequest', B.bindRequest(nms.meterId[d], nms.expectedId[d]), Cls.MEDIUM);
      } else if (env.deviceIdentification) {
        if (nms.state[d] !== Nms.BIND_SENT) return; // never commissioned: ignore (S1-09)
        const reason = w.hooks.authenticate(w, d, env);
        if (reason) {
          nms.state[d] = Nms.NONE;
          w.rec.reject(reason);
          const refusal = { ...B.connectionAuthenticated(d + 1, nms.meterId[d], nms.expectedId[d], w.deviceActor(d), w.nowS()), authenticated: false, reason: REJECT_REASON[reason] };
          w.lan(NMS, CSS, 'connectionAuthenticated', refusal, Cls.MEDIUM, m, d);
          return;
        }
        w.step('S1-09');
        nms.registeredIds.set(B.hardwareIdOf(env.deviceIdentification.appliance?.eui64), d);
        nms.state[d] = Nms.AUTH_SENT;
        w.step('S1-10');
        w.down(NMS, d, 'authenticationParameters', B.authenticationParameters(), Cls.MEDIUM, undefined, m);
      } else if (env.authenticationAck) {
        if (nms.state[d] !== Nms.AUTH_SENT) return;
        nms.state[d] = Nms.AUTHENTICATED;
        w.step('S1-13');
        w.lan(NMS, CSS, 'connectionAuthenticated', B.connectionAuthenticated(d + 1, nms.meterId[d], nms.expectedId[d], w.deviceActor(d), w.nowS()), Cls.MEDIUM, m, d);
      } else if (env.deviceManagement?.action === DeviceAction.DEVICE_ACTION_UNREGISTER) {
        // FR-03: a deleted device gives up its id (so a device holding it may register later).
        const id = B.hardwareIdOf(env.deviceManagement.eui64);
        if (nms.registeredIds.get(id) === d) nms.registeredIds.delete(id);
        nms.state[d] = Nms.NONE;
      }
    },
  };
}

/**
 * S1-09: the device must be the one in the commissioning request — at that meter, with that id and type — and
 * hold an id nobody else holds (FR-10).
 */
export function authenticate(w: Own<'nms'>, d: number, env: EnvelopeObject): 'id_mismatch' | 'type_mismatch' | 'duplicate_id' | null {
  const nms = w.nms;
  const ident = env.deviceIdentification!;
  const reportedId = B.hardwareIdOf(ident.appliance?.eui64);
  const reportedType = B_TYPE_INDEX.get(ident.appliance?.type ?? 0) ?? -1;
  if (ident.meterId !== nms.meterId[d]) return 'id_mismatch';
  if (reportedId !== nms.expectedId[d]) return 'id_mismatch';
  if (reportedType !== nms.expectedType[d]) return 'type_mismatch';
  const holder = nms.registeredIds.get(reportedId);
  if (holder !== undefined && holder !== d) return 'duplicate_id';
  return null;
}

export function cdcsKind(w: CdcsWorld): ActorKind {
  const cdcs = w.cdcs;
  const p = w.p;
  return {
    name: 'cdcs',
    event(_sim, _id, _l, type, m) {
      if (type === Ev.ACTION) return sendTimelineAction(w, m);
      if (type === Ev.EVENT_IN_PROGRESS || type === Ev.EVENT_END) return sendEventFollowUp(w, m, type);
      if (type === Ev.RATE_ADVICE) return w.advisor?.send(w);
      if (type !== Ev.ARRIVE) return;
      const env = receive(w, m);
      if (!env) return;
      const d = w.msgs.device[m];
      if (env.programSelection) {
        const choice = env.programSelection.choice;
        cdcs.program[d] = env.programSelection.enroll && choice ? (choice.programId ?? 0) - 1 : -1;
        cdcs.language[d] = Math.max(0, p.languages.indexOf(env.programSelection.preferences?.language ?? ''));
      } else if (env.configurationRequest) {
        w.step('S1-15');
        configure(w, d, m);
      } else if (env.deviceManagement) {
        if (applyAtCdcs(cdcs, p.languages, d, env.deviceManagement as never) && cdcs.configured[d]) configure(w, d, m);
      } else if (env.configurationConfirmation) {
        if (cdcs.configured[d]) return; // a reconfiguration after FR-03 changes: nothing to forward
        cdcs.configured[d] = 1;
        w.step('S1-17');
        w.lan(CDCS, CSS, 'configurationForward', B.configurationForward(d + 1, w.deviceActor(d), env.configurationConfirmation.configId ?? 0, w.nowS()), Cls.MEDIUM, m, d);
      } else if (env.applianceReport) {
        // S2-08 / section 5.1: CDCS passes the appliance's report on to CSS (and keeps its usage for OI-5's advice).
        w.advisor?.record(w, p.owner[d], env.applianceReport.energy);
        w.lan(CDCS, CSS, 'applianceReportForward', { accountNumber: `${p.owner[d] + 1}`, applianceActorId: w.deviceActor(d), report: env.applianceReport }, Cls.LOW, m, d);
      } else if (env.overrideNotice) {
        cdcs.overrides[d]++;
        w.rec.overridesAtCdcs++;
        w.hooks.forwardOverride(w, d, m, env.overrideNotice);
      }
    },
  };
}

/**
 * S1-15 (and reconfigurations after FR-03 changes): program, language, groups, alert limit. A function of the
 * module, not a closure made in CDCS's handler: that handler runs for every message CDCS receives.
 */
function configure(w: CdcsWorld, d: number, answering: number): void {
  const cdcs = w.cdcs, p = w.p;
  const prog = cdcs.program[d];
  const lang = p.languages[cdcs.language[d]];
  const body = B.configurationMessage(++cdcs.configId, prog, w.s.programs[prog]?.kind, lang, groupsOf(w, p.owner[d]));
  const limit = cdcs.alertLimit[d];
  const withLimit = limit === limit ? { ...body, alertLimits: [{ parameter: AlertParameter.ALERT_PARAMETER_PRICE, threshold: Math.round(limit * 1e5), enabled: true }] } : body;
  w.down(CDCS, d, 'configurationMessage', withLimit, Cls.MEDIUM, lang, answering);
}

/** S2-07: CDCS tells CSS (and MDMS) that the customer of device d overrode, passing on notice m. */
export function forwardOverride(w: Shared, d: number, m: number, notice: NonNullable<EnvelopeObject['overrideNotice']>): void {
  const c = w.p.owner[d];
  w.step('S2-07');
  const fwd = { accountNumber: `${c + 1}`, premiseId: `P-${c + 1}`, applianceActorId: w.deviceActor(d), notice, receivedAtS: w.nowS() };
  w.lan(CDCS, CSS, 'overrideForward', fwd, Cls.HIGH, m, d);
  w.lan(CDCS, MDMS, 'overrideToMdms', { accountNumber: fwd.accountNumber, premiseId: fwd.premiseId, applianceActorId: fwd.applianceActorId, notice }, Cls.MEDIUM, m, d);
}

export function mdmsKind(w: Shared): ActorKind {
  return {
    name: 'mdms',
    event(_sim, _id, _l, type, m) {
      if (type !== Ev.ARRIVE) return;
      const env = receive(w, m);
      if (env?.overrideToMdms) w.rec.overridesAtMdms++;
    },
  };
}

export { deviceTypeName };
