/**
 * The business rules about the network (BR-01, BR-02, BR-06, BR-07, BR-08) and the non-functional
 * requirements (NFR-01, NFR-02, NFR-04, NFR-05, FR-24): paths of every HAN message, what devices may
 * send, how long stores keep messages, link priority and delivery time.
 */
import type { BodyKind } from '../../models/wire/codec.ts';
import { Cls, Ev } from '../../models/world/events.ts';
import { NMS } from '../../models/world/ids.ts';
import { State } from '../../models/world/messages.ts';
import type { Observation } from '../observe.ts';
import { statedMinimumHours } from '../requirements.ts';
import { ANSWERS, check, late, DEVICE_UPSTREAM, fmtT, headerId, messageOfWire, meterActorOf, S2_KINDS, stepTimes, type Check, type Verdict } from './util.ts';

const isMeter = (o: Observation, actor: number) => actor >= o.w.ids.meter0 && actor < o.w.ids.customer0;

/** BR-01: the premises meter is the gateway both ways; nothing stalls there. */
export const BR_01: Check = check((o, v) => {
  for (let m = 0; m < o.msgs.count; m++) {
    if (!o.isHan(m)) continue;
    const d = o.msgs.device[m];
    const meter = meterActorOf(o, d);
    const hops = o.hops[m] ?? [];
    if (o.msgs.up[m]) {
      if (late(o, m)) continue;
      v.expect(hops[0]?.actor === meter && hops[0].type === Ev.HAN_ENQ, () => `device ${d}: ${o.kind(m)} ${headerId(o, m)} entered the network at ${hops[0] ? o.roleOf(hops[0].actor) : 'nowhere'}, not its meter`);
      continue;
    }
    const atMeter = hops.findIndex((h) => h.actor === meter && h.type === Ev.ARRIVE);
    const atDevice = hops.findIndex((h) => h.actor === o.w.deviceActor(d));
    // The meter's own usage feed (NFR-03) starts at the meter: created there is passing it.
    const fromMeter = o.msgs.src[m] === meter;
    if (atDevice >= 0) v.expect((atMeter >= 0 && atMeter < atDevice) || fromMeter, () => `device ${d}: ${o.kind(m)} ${headerId(o, m)} reached the device without passing its meter`);
    else if (atMeter >= 0 && o.msgs.created[m] <= o.settledBefore()) {
      v.expect(o.dropped(m), () => `device ${d}: ${o.kind(m)} ${headerId(o, m)} reached the premises meter at ${fmtT(hops[atMeter].at)} and never went on to the device`);
    }
  }
});

/** BR-07: every HAN device — appliance, IHD, EMS, appliance behind an EMS — talks through its own premises meter only. */
export const BR_07: Check = check((o, v) => {
  for (let m = 0; m < o.msgs.count; m++) {
    if (!o.isHan(m)) continue;
    const d = o.msgs.device[m];
    const meters = new Set((o.hops[m] ?? []).filter((h) => isMeter(o, h.actor)).map((h) => h.actor));
    if (isMeter(o, o.msgs.src[m])) meters.add(o.msgs.src[m]);
    const mine = meterActorOf(o, d);
    const reachedEnd = o.msgs.state[m] === State.DELIVERED;
    v.expect([...meters].every((x) => x === mine) && (!reachedEnd || meters.has(mine)), () => `device ${d}: ${o.kind(m)} ${headerId(o, m)} went through meters [${[...meters].map((x) => o.roleOf(x))}], its gateway is ${o.roleOf(mine)}`);
  }
});

/**
 * BR-08: every HAN message between a device and the utility passes the NMS (downstream before the meter, upstream
 * after it). The meter's own usage feed (NFR-03) is premises traffic: it must never leave the premises — no hop
 * beyond the meter's HAN, no back-office system — which is stricter than passing the NMS.
 */
export const BR_08: Check = check((o, v) => {
  for (let m = 0; m < o.msgs.count; m++) {
    if (!o.isHan(m)) continue;
    const d = o.msgs.device[m];
    const hops = o.hops[m] ?? [];
    if (isMeter(o, o.msgs.src[m])) {
      const away = hops.find((h) => h.actor !== o.msgs.src[m] && h.actor !== o.w.deviceActor(d));
      v.expect(away === undefined, () => `device ${d}: ${o.kind(m)} ${headerId(o, m)} from its meter went to ${o.roleOf(away!.actor)}, off the premises`);
      continue;
    }
    const nms = hops.findIndex((h) => h.actor === NMS && h.type === Ev.ARRIVE);
    const meter = hops.findIndex((h) => isMeter(o, h.actor));
    if (o.msgs.up[m]) {
      const end = hops.findIndex((h) => h.actor === o.msgs.dst[m] && h.type === Ev.ARRIVE);
      if (end >= 0) v.expect(nms >= 0 && nms > meter && nms <= end, () => `device ${d}: ${o.kind(m)} ${headerId(o, m)} reached ${o.roleOf(o.msgs.dst[m])} without passing the NMS`);
    } else if (meter >= 0) v.expect(nms >= 0 && nms < meter, () => `device ${d}: ${o.kind(m)} ${headerId(o, m)} reached the meter without passing the NMS`);
  }
});

/** BR-02: the HAN connects meter and devices: no HAN message is stranded; every connected, bound device identifies itself. */
export const BR_02: Check = check((o, v) => {
  for (let m = 0; m < o.msgs.count; m++) {
    if (!o.isHan(m) || o.msgs.created[m] > o.settledBefore()) continue;
    v.expect(o.msgs.state[m] !== State.IN_FLIGHT, () => `device ${o.msgs.device[m]}: ${o.kind(m)} ${headerId(o, m)} sent at ${fmtT(o.msgs.created[m])} is still in the network at the end`);
  }
  const lossy = o.lossyDevices();
  const connected = stepTimes(o, 'S1-05');
  const identified = stepTimes(o, 'S1-08');
  for (const [d, binds] of stepTimes(o, 'S1-07')) {
    if (lossy.has(d) || !connected.has(d) || Math.max(binds[0], connected.get(d)![0]) > o.settledBefore()) continue;
    v.expect(identified.has(d), () => `device ${d}: connected and bound but never reached NMS through the HAN`);
  }
});

/** BR-06: devices answer, acknowledge and report; they never send requests. */
export const BR_06: Check = check((o, v) => {
  const acceptedBy = new Map<number, Set<number>>();
  for (const a of o.accepted) {
    let s = acceptedBy.get(a.d);
    if (!s) acceptedBy.set(a.d, (s = new Set()));
    s.add(a.m);
  }
  for (let m = 0; m < o.msgs.count; m++) {
    const d = o.deviceOf(o.msgs.src[m]);
    if (d < 0) continue;
    const k = o.kind(m);
    v.expect(DEVICE_UPSTREAM.has(k), () => `device ${d} sent ${k}: not an answer, acknowledgement or report`);
    v.expect(o.deviceOf(o.msgs.dst[m]) < 0, () => `device ${d} sent ${k} to another device`);
    if (ANSWERS.has(k)) {
      const corr = o.env(m)?.header.correlationId ?? 0;
      v.expect(corr > 0 && acceptedBy.get(d)?.has(messageOfWire(o, corr)) === true, () => `device ${d}: ${k} ${headerId(o, m)} answers message ${corr}, which it never received`);
    }
  }
});

/** NFR-05: a private message is accepted only by the device it is addressed to, and (beyond commissioning) only once authenticated. */
export const NFR_05_ADDRESSING: Check = check((o, v) => {
  const granted = stepTimes(o, 'S1-09');
  const COMMISSIONING = new Set<BodyKind>(['bindRequest', 'authenticationParameters', 'configurationMessage']);
  for (const a of o.accepted) {
    if (o.msgs.pub[a.m]) continue;
    const e = o.env(a.m);
    v.expect(o.msgs.device[a.m] === a.d && e?.header.destination?.id === a.d + 1, () => `device ${a.d} accepted ${o.kind(a.m)} ${headerId(o, a.m)} addressed to device ${e?.header.destination?.id === undefined ? '?' : e.header.destination.id - 1}`);
    if (!COMMISSIONING.has(o.kind(a.m))) v.expect((granted.get(a.d) ?? []).some((t) => t <= a.at), () => `device ${a.d}, never authenticated, accepted private ${o.kind(a.m)} ${headerId(o, a.m)}`);
  }
});

/**
 * NFR-01 / FR-24: every message a device keeps is readable for as long as the requirement says (its "at least N
 * hours" in the catalog) after it arrived, probed along the run.
 */
export function retention(id: string): Check {
  return check((o, v) => {
    const hours = statedMinimumHours(id);
    const horizon = hours * 3_600_000;
    for (const p of o.probes) {
      if (p.at - p.receivedAt > horizon) continue;
      v.expect(p.readable, () => `device ${p.d}: ${o.kind(p.m)} ${headerId(o, p.m)} received at ${fmtT(p.receivedAt)} unreadable at ${fmtT(p.at)} (${((p.at - p.receivedAt) / 3_600_000).toFixed(1)} h later; ${id} asks ${hours} h)`);
    }
  });
}

/** NFR-02: no meter-read or firmware transmission starts while a C5 message waits on the same link. */
export const NFR_02: Check = (o) => {
  const violations: string[] = [];
  for (const x of o.linkViolations) {
    if (x.sentCls < Cls.METER_READ || x.waitingCls > Cls.LOW) continue;
    if (violations.length < 20) violations.push(`${x.link} link ${x.index} at ${fmtT(x.at)}: ${o.kind(x.sent)} (background class ${x.sentCls}) sent while ${o.kind(x.waiting)} ${headerId(o, x.waiting)} (class ${x.waitingCls}) waited`);
  }
  return { violations, instances: o.contended };
};

/** Message kinds NFR-04 names (scenario 3.1 steps 7, 8, 10, 12, 15, 16; scenario 3.2 steps 1, 5, 7). */
export const NFR04_KINDS = new Set<BodyKind>([
  'bindRequest',
  'deviceIdentification',
  'authenticationParameters',
  'authenticationAck',
  'configurationMessage',
  'configurationConfirmation',
  ...S2_KINDS,
  'overrideNotice',
  'overrideForward',
]);

/** NFR-04: each delivery of a covered message takes at most the SLA (2 minutes). */
export const NFR_04: Check = check((o, v) => latencies(o, v));

export function latencies(o: Observation, v: Verdict): void {
  const sla = o.s.sla_s * 1000;
  const seen = new Set<number>();
  const judge = (m: number, d: number, at: number) => {
    const lat = at - o.msgs.created[m];
    v.expect(lat <= sla, () => `${o.kind(m)} ${headerId(o, m)}${d >= 0 ? ` to device ${d}` : ` to ${o.roleOf(o.msgs.dst[m])}`}: ${(lat / 1000).toFixed(1)} s (sent ${fmtT(o.msgs.created[m])})`);
  };
  for (const a of o.accepted) {
    if (!NFR04_KINDS.has(o.kind(a.m))) continue;
    seen.add(a.m);
    judge(a.m, a.d, a.at);
  }
  for (let m = 0; m < o.msgs.count; m++) {
    if (seen.has(m) || !NFR04_KINDS.has(o.kind(m)) || o.msgs.pub[m]) continue;
    const at = o.arrivedAt[m];
    if (at !== undefined) judge(m, -1, at);
  }
}
