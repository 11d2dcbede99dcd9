/**
 * Scenario 3.2 (S2-01…S2-08) and the messaging requirements (FR-17…FR-36): what CDCS sends to whom, in
 * which language and with which marks, what the devices keep, show, answer and do, and where overrides go.
 */
import { HistoryEventKind } from '../../models/wire/codec.ts';
import { AlertKind, Priority, Visibility, type BodyKind } from '../../models/wire/codec.ts';
import { CDCS, CSS, MDMS } from '../../models/world/ids.ts';
import { Cls } from '../../models/world/events.ts';
import type { TimelineAction } from '../../scenarios/types.ts';
import type { Observation, PowerStep } from '../observe.ts';
import { expectedProgram } from './registration.ts';
import {
  ACTION_KIND,
  check,
  configuredAt,
  customerLanguage,
  devicesInRegion,
  expectedTargets,
  fmtT,
  groupsOfCustomer,
  headerId,
  messageOfWire,
  isDisplay,
  late,
  messagesOfAction,
  meterActorOf,
  NOT_STORED,
  S2_KINDS,
  sameList,
  stepTimes,
  type Check,
  type Verdict,
} from './util.ts';

const PRIORITY_WIRE = { low: Priority.PRIORITY_LOW, medium: Priority.PRIORITY_MEDIUM, high: Priority.PRIORITY_HIGH } as const;
const CLASS_OF = { high: Cls.HIGH, medium: Cls.MEDIUM, low: Cls.LOW } as const;
const ALERT_WIRE = { energy_shortage: AlertKind.ALERT_ENERGY_SHORTAGE, grid_reliability: AlertKind.ALERT_GRID_RELIABILITY, weather: AlertKind.ALERT_WEATHER, environmental: AlertKind.ALERT_ENVIRONMENTAL, end_of_alert: AlertKind.ALERT_END_OF_ALERT } as const;
const wirePrice = (x: number) => Math.round(x * 1e5);

/** One batch CDCS sends for a timeline action at one moment: the action, a reminder, or the end of an event. */
interface Batch {
  index: number;
  a: TimelineAction;
  at: number;
  kind: BodyKind;
  messages: number[];
}

/** Every batch the reference model expects, with the messages the run created for it. */
function batches(o: Observation): Batch[] {
  const byAction = messagesOfAction(o);
  const out: Batch[] = [];
  o.s.timeline.forEach((a, index) => {
    const ms = byAction.get(index) ?? [];
    const times: { at: number; kind: BodyKind }[] = [{ at: a.at, kind: ACTION_KIND[a.action] }];
    if (a.action === 'dr_event' && a.visibility === 'private') {
      const end = a.at + a.duration;
      if (a.in_progress_every > 0) for (let t = a.at + a.in_progress_every; t < end; t += a.in_progress_every) times.push({ at: t, kind: 'eventInProgress' });
      times.push({ at: end, kind: 'endOfEvent' });
    }
    for (const { at, kind } of times) {
      if (at > o.s.duration) continue;
      out.push({ index, a, at, kind, messages: ms.filter((m) => o.msgs.created[m] === at && o.kind(m) === kind) });
    }
    // Anything the action created that fits no expected batch is itself a finding.
    const stray = ms.filter((m) => !times.some((t) => t.at === o.msgs.created[m] && t.kind === o.kind(m)));
    if (stray.length) out.push({ index, a, at: -1, kind: o.kind(stray[0]), messages: stray });
  });
  return out;
}

const actionName = (b: Batch) => `timeline[${b.index}] ${b.a.action}${b.kind !== ACTION_KIND[b.a.action] ? ` (${b.kind})` : ''} at ${fmtT(b.at)}`;

/** FR-20 / FR-21 / S2-01: a private batch goes to exactly the devices the target names. */
function targetsExact(o: Observation, v: Verdict, filter: (b: Batch) => boolean): void {
  const configured = configuredAt(o);
  const configuredAtCss = configurationForwarded(o);
  for (const b of batches(o)) {
    if (!filter(b)) continue;
    if (b.at < 0) {
      v.fail(`timeline[${b.index}] ${b.a.action}: ${b.messages.length} ${b.kind} messages at unexpected times (${[...new Set(b.messages.map((m) => fmtT(o.msgs.created[m])))].join(', ')})`);
      continue;
    }
    if (b.a.visibility !== 'private') continue;
    // CSS sends diagnostic tests (FR-13) to the devices it knows configured: those whose S1-17 forward reached it.
    const known = b.a.action === 'diagnostic_test' ? configuredAtCss : configured;
    const { sure, unsure } = expectedTargets(o, b.a.target, b.at, known, (d) => expectedProgram(o, d));
    const sent = b.messages.map((m) => o.msgs.device[m]);
    const sentSet = new Set(sent);
    const missing = [...sure].filter((d) => !sentSet.has(d));
    const extra = [...sentSet].filter((d) => !sure.has(d) && !unsure.has(d));
    v.expect(missing.length === 0 && extra.length === 0 && sent.length === sentSet.size, () => `${actionName(b)} → target ${JSON.stringify(b.a.target)}: missing devices [${missing.slice(0, 8)}], extra [${extra.slice(0, 8)}], ${sent.length - sentSet.size} duplicates`);
  }
}

export const FR_20: Check = check((o, v) => targetsExact(o, v, () => true));
export const FR_21: Check = check((o, v) => {
  targetsExact(o, v, (b) => 'group' in b.a.target);
  for (const m of o.messagesOf('configurationMessage')) {
    const d = o.msgs.device[m];
    const groups = o.env(m)?.configurationMessage?.messagingGroups ?? [];
    v.expect(sameList(groups, groupsOfCustomer(o, o.w.p.owner[d])), () => `device ${d}: configured with groups [${groups}], its customer is in [${groupsOfCustomer(o, o.w.p.owner[d])}]`);
  }
});

/** When CSS learnt each device configured: the first S1-17 forward from CDCS to reach it. */
function configurationForwarded(o: Observation): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of o.messagesOf('configurationForward')) {
    const d = o.msgs.device[m], at = o.arrivedAt[m];
    if (at !== undefined && !(out.get(d)! <= at)) out.set(d, at);
  }
  return out;
}

/** Public batches: one broadcast per targeted region, carrying a variant in every population language. */
function publicBatches(o: Observation, v: Verdict): void {
  for (const b of batches(o)) {
    if (b.a.visibility !== 'public' || b.at < 0) continue;
    const regions = 'region' in b.a.target ? [o.w.p.regions.indexOf(b.a.target.region)] : o.w.p.regions.map((_, i) => i);
    const got = b.messages.map((m) => o.msgs.dst[m] - o.w.ids.broadcast0).sort((x, y) => x - y);
    const want = [...regions].sort((x, y) => x - y);
    v.expect(sameList(got as never, want as never) && b.messages.every((m) => o.msgs.pub[m] === 1), () => `${actionName(b)}: broadcasts by region [${got}], expected [${want}]`);
    for (const m of b.messages) {
      const e = o.env(m);
      const variants = e?.textMessage?.variants ?? e?.publicAlert?.variants;
      if (!variants) continue;
      const langs = variants.map((x) => x.language).sort();
      v.expect(sameList(langs as never, [...o.w.p.languages].sort() as never), () => `${actionName(b)}: broadcast ${headerId(o, m)} carries languages [${langs}], the population speaks [${o.w.p.languages}]`);
    }
  }
}

/** Private messages not lost by the network reach their device. */
function delivered(o: Observation, v: Verdict, filter: (m: number) => boolean): void {
  const got = new Set(o.accepted.map((a) => `${a.m}/${a.d}`));
  for (let m = 0; m < o.msgs.count; m++) {
    if (o.msgs.pub[m] || o.msgs.up[m] || o.msgs.device[m] < 0 || !filter(m)) continue;
    if (o.msgs.src[m] !== CDCS && o.msgs.src[m] !== CSS) continue;
    if (o.msgs.created[m] > o.settledBefore()) continue;
    const d = o.msgs.device[m];
    v.expect(got.has(`${m}/${d}`) || o.dropped(m), () => `device ${d}: ${o.kind(m)} ${headerId(o, m)} sent at ${fmtT(o.msgs.created[m])} was neither delivered nor lost by the network`);
  }
}

export const S2_01: Check = check((o, v) => {
  targetsExact(o, v, (b) => b.a.action !== 'diagnostic_test');
  publicBatches(o, v);
  delivered(o, v, (m) => S2_KINDS.has(o.kind(m)));
});

export const FR_17: Check = check((o, v) => {
  for (const b of batches(o)) {
    if (b.at < 0) {
      v.fail(`timeline[${b.index}] ${b.a.action}: stray ${b.kind} messages`);
      continue;
    }
    const a = b.a;
    if (b.messages.length === 0) {
      // Nobody to send to is fine for a private batch; a public one always has its broadcast channels.
      const { sure } = expectedTargets(o, a.target, b.at, configuredAt(o), (d) => expectedProgram(o, d));
      v.expect(a.visibility === 'private' && sure.size === 0, () => `${actionName(b)}: CDCS sent no ${b.kind} (to ${sure.size} targets)`);
      continue;
    }
    for (const m of b.messages) {
      const e = o.env(m);
      const issuer = b.index + 1;
      let ok = o.kind(m) === b.kind;
      let why = `kind ${o.kind(m)}`;
      if (ok && a.action === 'dr_event' && b.kind === 'loadControlEvent') {
        const x = e?.loadControlEvent;
        const group = o.s.programs.findIndex((p) => p.id === a.program) + 1;
        ok = x?.issuerEventId === issuer && x.utilityEnrollmentGroup === group && x.startTimeS === Math.floor(a.at / 1000) && x.durationMinutes === Math.max(1, Math.round(a.duration / 60_000));
        why = `event ${JSON.stringify({ id: x?.issuerEventId, group: x?.utilityEnrollmentGroup, start: x?.startTimeS, minutes: x?.durationMinutes })}`;
      } else if (ok && b.kind === 'eventInProgress') {
        const x = e?.eventInProgress;
        ok = x?.issuerEventId === issuer && (x.remainingMinutes ?? 0) === Math.max(1, Math.round((a.at + (a as { duration: number }).duration - b.at) / 60_000));
        why = `reminder ${JSON.stringify({ id: x?.issuerEventId, remaining: x?.remainingMinutes })}`;
      } else if (ok && b.kind === 'endOfEvent') {
        ok = e?.endOfEvent?.issuerEventId === issuer;
        why = `end of event ${e?.endOfEvent?.issuerEventId}`;
      } else if (ok && a.action === 'power_system_condition') {
        const x = e?.powerSystemCondition;
        ok = Math.abs((x?.frequencyHz ?? 0) - a.frequency_hz) < 1e-9 && x?.conditionId === issuer;
        why = `condition ${JSON.stringify({ hz: x?.frequencyHz, id: x?.conditionId })}`;
      } else if (ok && a.action === 'load_control_schedule') {
        // It holds for the action's duration: effective from its time until time + duration (whole seconds).
        const x = e?.loadControlSchedule;
        ok = x?.scheduleId === issuer && x.effectiveFromS === Math.floor(a.at / 1000) && x.effectiveUntilS === Math.floor((a.at + a.duration) / 1000);
        why = `schedule ${JSON.stringify({ id: x?.scheduleId, from: x?.effectiveFromS, until: x?.effectiveUntilS })}`;
      } else if (ok && a.action === 'current_price') {
        ok = e?.priceSignal?.current?.price === wirePrice(a.price) && e.priceSignal.next?.price === wirePrice(a.next_price);
        why = `prices ${e?.priceSignal?.current?.price}/${e?.priceSignal?.next?.price}`;
      } else if (ok && a.action === 'public_alert') {
        ok = e?.publicAlert?.kind === ALERT_WIRE[a.alert];
        why = `alert kind ${e?.publicAlert?.kind}`;
      }
      v.expect(ok, () => `${actionName(b)}: message ${headerId(o, m)} has ${why}`);
    }
  }
});

export const FR_18: Check = check((o, v) => {
  const confirmations = new Map<number, number[]>();
  for (const m of o.messagesOf('messageConfirmation')) {
    const c = o.causeOf[m];
    confirmations.set(c, [...(confirmations.get(c) ?? []), m]);
  }
  for (const b of batches(o)) {
    if (b.a.action !== 'text_message' || b.at < 0) continue;
    const a = b.a;
    for (const m of b.messages) {
      const t = o.env(m)?.textMessage;
      const confirmOk = (t?.control?.confirmationRequired ?? false) === a.confirm;
      if (o.msgs.pub[m]) {
        // A public text carries every language variant, each with the action's text in that language.
        const ok = (t?.variants ?? []).every((x) => x.text === a.text[x.language ?? '']) && (t?.variants?.length ?? 0) === o.w.p.languages.length;
        v.expect(ok && confirmOk, () => `${actionName(b)}: public text ${headerId(o, m)} carries ${JSON.stringify(t?.variants)} confirm=${t?.control?.confirmationRequired}`);
        continue;
      }
      const lang = o.w.p.languages[o.msgs.lang[m]];
      v.expect(t?.variants?.length === 1 && t.variants[0].language === lang && t.variants[0].text === a.text[lang ?? ''] && confirmOk, () => `${actionName(b)}: text ${headerId(o, m)} carries ${JSON.stringify(t?.variants)} confirm=${t?.control?.confirmationRequired}`);
    }
  }
  for (const acc of o.accepted) {
    if (o.kind(acc.m) !== 'textMessage' || o.msgs.pub[acc.m]) continue;
    const wants = o.env(acc.m)?.textMessage?.control?.confirmationRequired === true;
    const got = confirmations.get(acc.m) ?? [];
    v.expect(wants ? got.length === 1 && o.msgs.dst[got[0]] === CDCS : got.length === 0, () => `device ${acc.d}: text ${headerId(o, acc.m)} ${wants ? 'asks for' : 'does not ask for'} confirmation; ${got.length} sent`);
  }
});

/**
 * FR-19: each device shows the variant in the language its customer chose: a private message carries exactly
 * that one (and says so in its header); a public broadcast carries every variant and the device picks its own.
 */
export const FR_19: Check = check((o, v) => {
  for (const a of o.accepted) {
    const k = o.kind(a.m);
    if (k !== 'textMessage' && k !== 'publicAlert') continue;
    const e = o.env(a.m);
    const variants = e?.textMessage?.variants ?? e?.publicAlert?.variants ?? [];
    const want = o.w.p.languages[customerLanguage(o, a.d)];
    const shown = o.msgs.pub[a.m] ? variants.find((x) => x.language === want) : variants[0];
    const shape = o.msgs.pub[a.m] ? shown !== undefined : variants.length === 1 && variants[0].language === want && e?.header.language === want;
    v.expect(shape, () => `device ${a.d}: ${k} ${headerId(o, a.m)} offers ${variants.map((x) => x.language)} (header ${e?.header.language}); its customer chose ${want}`);
    const i = o.actionOf[a.m];
    const text = i >= 0 ? (o.s.timeline[i] as { text?: Record<string, string> }).text?.[want] : undefined;
    if (text !== undefined) v.expect(shown?.text === text, () => `device ${a.d}: ${k} text "${shown?.text}" is not the ${want} variant "${text}"`);
  }
  for (const m of o.messagesOf('configurationMessage')) {
    const d = o.msgs.device[m];
    v.expect(o.env(m)?.configurationMessage?.language === o.w.p.languages[customerLanguage(o, d)], () => `device ${d}: configured for language ${o.env(m)?.configurationMessage?.language}`);
  }
});

/** FR-22 (and FR-28 for alerts): every device in range hears each public message once, registered or not. */
function publicReach(o: Observation, v: Verdict, filter: (a: TimelineAction) => boolean): void {
  publicBatches(o, v);
  const heard = new Map<string, number>();
  for (const a of o.accepted) {
    if (!o.msgs.pub[a.m]) continue;
    const key = `${o.actionOf[a.m]}/${a.d}`;
    heard.set(key, (heard.get(key) ?? 0) + 1);
  }
  const registered = new Set(stepTimes(o, 'S1-17').keys());
  o.s.timeline.forEach((a, i) => {
    if (a.visibility !== 'public' || !filter(a) || a.at > o.settledBefore()) return;
    const regions = 'region' in a.target ? [o.w.p.regions.indexOf(a.target.region)] : o.w.p.regions.map((_, r) => r);
    for (const r of regions) {
      for (const d of devicesInRegion(o, r)) {
        const n = heard.get(`${i}/${d}`) ?? 0;
        v.expect(n === 1, () => `device ${d} (${registered.has(d) ? 'registered' : 'not registered'}) in region ${o.w.p.regions[r]} heard public timeline[${i}] ${a.action} ${n} times`);
      }
    }
    const inRange = new Set(regions.flatMap((r) => devicesInRegion(o, r)));
    for (const [key] of heard) {
      const [ai, d] = key.split('/').map(Number);
      if (ai === i) v.expect(inRange.has(d), () => `device ${d} outside the targeted regions heard public timeline[${i}]`);
    }
  });
}

export const FR_22: Check = check((o, v) => publicReach(o, v, () => true));

export const FR_28: Check = check((o, v) => {
  publicReach(o, v, (a) => a.action === 'public_alert');
  for (const b of batches(o)) {
    if (b.a.action !== 'public_alert' || b.at < 0) continue;
    const want = ALERT_WIRE[b.a.alert];
    for (const m of b.messages) v.expect(o.env(m)?.publicAlert?.kind === want && o.kind(m) === 'publicAlert', () => `${actionName(b)}: alert kind ${o.env(m)?.publicAlert?.kind}, expected ${want}`);
  }
});

export const FR_23: Check = check((o, v) => {
  const configured = configuredAt(o);
  for (let m = 0; m < o.msgs.count; m++) {
    if (o.msgs.cls[m] > Cls.LOW) continue;
    const e = o.env(m);
    const vis = e?.header.visibility;
    v.expect(vis === (o.msgs.pub[m] ? Visibility.VISIBILITY_PUBLIC : Visibility.VISIBILITY_PRIVATE), () => `${o.kind(m)} ${headerId(o, m)}: marked ${vis}, carried as ${o.msgs.pub[m] ? 'public' : 'private'}`);
    const i = o.actionOf[m];
    if (i >= 0) v.expect((o.s.timeline[i].visibility === 'public') === (o.msgs.pub[m] === 1), () => `timeline[${i}] is ${o.s.timeline[i].visibility} but message ${headerId(o, m)} is ${o.msgs.pub[m] ? 'public' : 'private'}`);
  }
  // A private message is accepted only by the device it is addressed to, and a timeline one only by a target.
  for (const a of o.accepted) {
    if (o.msgs.pub[a.m]) continue;
    const e = o.env(a.m);
    v.expect(o.msgs.device[a.m] === a.d && e?.header.destination?.id === a.d + 1, () => `device ${a.d} accepted private ${o.kind(a.m)} ${headerId(o, a.m)} addressed to device ${o.msgs.device[a.m]}`);
    const i = o.actionOf[a.m];
    if (i < 0) continue;
    const t = expectedTargets(o, o.s.timeline[i].target, o.msgs.created[a.m], configured, (d) => expectedProgram(o, d));
    v.expect(t.sure.has(a.d) || t.unsure.has(a.d), () => `device ${a.d} (${configured.has(a.d) ? 'registered' : 'never registered'}) accepted private timeline[${i}] ${o.kind(a.m)} it was not targeted by`);
  }
});

export const FR_25: Check = check((o, v) => {
  for (const b of batches(o)) {
    if (b.a.action !== 'billing_cycle_start' || b.at < 0) continue;
    for (const m of b.messages) {
      const x = o.env(m)?.billingCycleStart;
      v.expect(o.kind(m) === 'billingCycleStart' && x?.billingPeriodStartS === Math.floor(b.a.at / 1000) && x.issuerEventId === b.index + 1, () => `${actionName(b)}: billing cycle message ${JSON.stringify(x)}`);
    }
  }
  delivered(o, v, (m) => o.kind(m) === 'billingCycleStart');
});

export const FR_26: Check = check((o, v) => {
  for (const b of batches(o)) {
    if (b.at < 0) continue;
    const a = b.a;
    if (a.action === 'tou_schedule') {
      for (const m of b.messages) {
        const iv = o.env(m)?.touSchedule?.intervals ?? [];
        v.expect(iv.length === 24 && iv.every((x, h) => x.price === wirePrice(a.prices[h])), () => `${actionName(b)}: schedule of ${iv.length} intervals [${iv.slice(0, 4).map((x) => x.price)}…], expected 24 [${a.prices.slice(0, 4).map(wirePrice)}…]`);
      }
    } else if (a.action === 'day_ahead_notice') {
      for (const m of b.messages) {
        const x = o.env(m)?.priceEventNotice;
        v.expect(x?.startTimeS === Math.floor(a.event_start / 1000) && x.durationMinutes === Math.max(1, Math.round(a.duration / 60_000)), () => `${actionName(b)}: notice for ${x?.startTimeS}s/${x?.durationMinutes}min, event at ${Math.floor(a.event_start / 1000)}s for ${Math.round(a.duration / 60_000)}min`);
      }
    }
  }
  delivered(o, v, (m) => o.kind(m) === 'touSchedule' || o.kind(m) === 'priceEventNotice');
});

export const FR_29: Check = check((o, v) => {
  for (const b of batches(o)) {
    if (b.at < 0) continue;
    for (const m of b.messages) {
      const want = b.a.priority;
      v.expect(o.env(m)?.header.priority === PRIORITY_WIRE[want] && o.msgs.cls[m] === CLASS_OF[want], () => `${actionName(b)}: message ${headerId(o, m)} marked ${o.env(m)?.header.priority} (class ${o.msgs.cls[m]}), action priority ${want}`);
    }
  }
  for (const x of o.linkViolations) {
    if (x.sentCls <= Cls.LOW && x.waitingCls <= Cls.LOW) v.fail(`${x.link} link ${x.index} at ${fmtT(x.at)}: ${o.kind(x.sent)} (class ${x.sentCls}) sent while ${o.kind(x.waiting)} (class ${x.waitingCls}) waited`);
  }
});

export const FR_31: Check = check((o, v) => {
  o.accepted.forEach((a, i) => {
    if (NOT_STORED.has(o.kind(a.m))) return;
    v.expect(o.snapshots[i]?.post?.holds === true, () => `device ${a.d}: accepted ${o.kind(a.m)} ${headerId(o, a.m)} at ${fmtT(a.at)} but cannot show it`);
  });
  viewsOfStored(o, v);
});

function viewsOfStored(o: Observation, v: Verdict): void {
  const received = new Map<number, number[]>();
  for (const a of o.accepted) if (!NOT_STORED.has(o.kind(a.m))) received.set(a.d, [...(received.get(a.d) ?? []), a.at]);
  for (const [d, views] of stepTimes(o, 'S2-03')) {
    for (const t of views) v.expect((received.get(d) ?? []).some((r) => r <= t && t - r <= 24 * 3_600_000), () => `device ${d}: customer viewed a message at ${fmtT(t)} with nothing received in the 24 h before`);
  }
}

export const S2_03: Check = check((o, v) => viewsOfStored(o, v));

export const S2_02: Check = check((o, v) => {
  const answers = new Map<number, number[]>();
  for (const k of ['eventResponse', 'messageConfirmation'] as const) for (const m of o.messagesOf(k)) answers.set(o.causeOf[m], [...(answers.get(o.causeOf[m]) ?? []), m]);
  for (const a of o.accepted) {
    const k = o.kind(a.m);
    if (!S2_KINDS.has(k)) continue;
    const got = answers.get(a.m) ?? [];
    if (o.msgs.pub[a.m]) {
      v.expect(got.length === 0, () => `device ${a.d}: answered public ${k} ${headerId(o, a.m)} on a one-way channel`);
      continue;
    }
    const ok = got.length === 1 && o.msgs.src[got[0]] === o.w.deviceActor(a.d) && o.msgs.dst[got[0]] === CDCS && o.env(got[0])?.header.correlationId === headerId(o, a.m);
    v.expect(ok, () => `device ${a.d}: ${got.length} acknowledgements of ${k} ${headerId(o, a.m)}`);
  }
});

/**
 * The programmed-response reference (S2-04, FR-32): which accepted messages start a response, and when. An event
 * (DR, CPP/PTR) starts at its start; a dear price on arrival, or, when an event the device runs holds it back, when
 * that event ends while the price is still dear (models/world/README.md, overlapping responses). A response to
 * an event the customer already overrode (S2-05, under another message of the same event) does not execute.
 */
export function responses(o: Observation, v: Verdict): void {
  const starts = stepTimes(o, 'S2-04');
  const overrides = overridesByEvent(o);
  const windows = new Map<number, [number, number][]>();
  /** Per device: spans of dear prices, and when events it ran may have ended. */
  const dear = new Map<number, [number, number][]>();
  const ends = new Map<number, [number, number][]>();
  const add = (m: Map<number, [number, number][]>, d: number, w: [number, number]) => {
    const ws = m.get(d);
    if (ws) ws.push(w);
    else m.set(d, [w]);
  };
  o.accepted.forEach((acc, i) => {
    const post = o.snapshots[i]?.post;
    if (!post || isDisplay(o, acc.d) || o.msgs.pub[acc.m]) return;
    const e = o.env(acc.m);
    const prog = o.s.programs[post.program];
    if (e?.loadControlEvent) {
      const x = e.loadControlEvent;
      if (post.program < 0 || x.utilityEnrollmentGroup !== post.program + 1) return;
      const start = Math.max(acc.at, (x.startTimeS ?? 0) * 1000);
      const spread = x.randomizeStart ? (x.startRandomizationMinutes ?? 0) * 60_000 : 0;
      add(windows, acc.d, [start, start + spread]);
      const endSpread = x.randomizeEnd ? (x.endRandomizationMinutes ?? 0) * 60_000 : 0;
      const dur = (x.durationMinutes ?? 0) * 60_000;
      add(ends, acc.d, [start + dur, start + dur + endSpread]);
      // Unless the customer overrode this event (its stated window) under another message before it took effect.
      const window = `${x.startTimeS ?? 0}-${(x.startTimeS ?? 0) + (x.durationMinutes ?? 0) * 60}`;
      const overriddenBefore = overrides.some((y) => y.d === acc.d && y.event === window && y.at <= start + spread);
      if (start + spread <= o.s.duration - 60_000 && !overriddenBefore) {
        v.expect((starts.get(acc.d) ?? []).some((t) => t >= start && t <= start + spread), () => `device ${acc.d} (enrolled, group ${x.utilityEnrollmentGroup}): load-control event ${headerId(o, acc.m)} for ${fmtT(start)} never started a response`);
      }
    } else if (e?.priceEventNotice && prog && (prog.kind === 'CPP' || prog.kind === 'PTR')) {
      const start = Math.max(acc.at, (e.priceEventNotice.startTimeS ?? 0) * 1000);
      add(windows, acc.d, [start, start]);
      const end = start + (e.priceEventNotice.durationMinutes ?? 0) * 60_000;
      add(ends, acc.d, [end, end]);
    } else if (e?.priceSignal && prog && (prog.kind === 'RTP' || prog.kind === 'CPP') && post.price > prog.response.price_threshold) {
      add(windows, acc.d, [acc.at, acc.at]);
      // Dear for its block, and one more when the next price is dear too (the wire's price is in 1e-5 $/kWh).
      const cur = e.priceSignal.current;
      const block = (cur?.durationMinutes ?? 60) * 60_000;
      const nextDear = (e.priceSignal.next?.price ?? 0) / 1e5 > prog.response.price_threshold;
      add(dear, acc.d, [acc.at, (cur?.startTimeS ?? 0) * 1000 + block * (nextDear ? 2 : 1)]);
    }
  });
  const within = (t: number, ws: [number, number][] | undefined) => (ws ?? []).some(([a, b]) => t >= a && t <= b);
  for (const [d, ts] of starts) {
    for (const t of ts) {
      const called = within(t, windows.get(d)) || (within(t, dear.get(d)) && within(t, ends.get(d)));
      v.expect(!isDisplay(o, d) && called, () => `device ${d} (${isDisplay(o, d) ? 'a display' : 'appliance'}) executed a response at ${fmtT(t)} that nothing it received called for`);
    }
  }
}

export const S2_04: Check = check((o, v) => responses(o, v));
export const FR_32: Check = check((o, v) => responses(o, v));

/**
 * The event each message a device accepted names, by the window it states (FR-17: a day-ahead notice, its
 * reminder, the DR event and a CPP price over the same span are one event), keyed `device|issuer`.
 */
function eventWindows(o: Observation, wanted: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  if (wanted.size === 0) return out;
  const devices = new Set([...wanted].map((k) => Number(k.split('|')[0])));
  for (const a of o.accepted) {
    if (!devices.has(a.d) || !EVENT_KINDS.has(o.kind(a.m))) continue;
    const e = o.env(a.m);
    const x = e?.loadControlEvent ?? e?.priceEventNotice ?? e?.priceSignal?.current;
    if (!x || x.issuerEventId === undefined) continue;
    const start = x.startTimeS ?? 0;
    out.set(`${a.d}|${x.issuerEventId}`, `${start}-${start + (x.durationMinutes ?? (e?.priceSignal ? 60 : 0)) * 60}`);
  }
  return out;
}

/** Device d's overrides (S2-05 accepted), each with the window of the event overridden. */
function overridesByEvent(o: Observation): { d: number; at: number; event: string }[] {
  const s5 = stepTimes(o, 'S2-05');
  const valid = o.overrideAttempts.filter((x) => (s5.get(x.d) ?? []).includes(x.at) && x.activeEvent === x.issuer && !x.overridden);
  const windows = eventWindows(o, new Set(valid.map((x) => `${x.d}|${x.issuer}`)));
  return valid.map((x) => ({ d: x.d, at: x.at, event: windows.get(`${x.d}|${x.issuer}`) ?? `issuer ${x.issuer}` }));
}
const EVENT_KINDS: ReadonlySet<string> = new Set(['loadControlEvent', 'priceEventNotice', 'priceSignal']);

export const S2_05: Check = check((o, v) => {
  const starts = stepTimes(o, 'S2-04');
  const s5 = stepTimes(o, 'S2-05');
  for (const [d, ts] of s5) {
    const st = starts.get(d) ?? [];
    for (const t of ts) v.expect(st.some((s) => s <= t), () => `device ${d}: override at ${fmtT(t)} with no programmed response running`);
  }
  // One override per event: one overridden stays so, also when another takes over and it resumes after that,
  // and when another message of the same event (same stated window) books a response after the override.
  // (Counted per event, not per S2-04: a resumed response does not start again.)
  const overridden = new Map<string, number>();
  for (const x of overridesByEvent(o)) {
    const key = `${x.d}|${x.event}`;
    const first = overridden.get(key);
    v.expect(first === undefined, () => `device ${x.d}: event ${x.event} s overridden at ${fmtT(first ?? 0)} and again at ${fmtT(x.at)}`);
    overridden.set(key, x.at);
  }
});

export const FR_33: Check = check((o, v) => {
  const s5 = stepTimes(o, 'S2-05');
  for (const x of o.overrideAttempts) {
    const valid = x.activeEvent === x.issuer && !x.overridden;
    const got = (s5.get(x.d) ?? []).includes(x.at);
    v.expect(valid === got, () => `device ${x.d}: override of event ${x.issuer} at ${fmtT(x.at)} while running ${x.activeEvent} (overridden ${x.overridden}) was ${got ? 'accepted' : 'ignored'}`);
  }
});

/** S2-06 / FR-34: each override is told to CDCS via the meter, at high priority, and gets there unless lost. */
function overridesReported(o: Observation, v: Verdict, arrival: boolean): void {
  const notices = new Map<number, number[]>();
  for (const m of o.messagesOf('overrideNotice')) {
    const d = o.deviceOf(o.msgs.src[m]);
    notices.set(d, [...(notices.get(d) ?? []), m]);
  }
  for (const [d, ts] of stepTimes(o, 'S2-05')) {
    for (const t of ts) {
      const n = (notices.get(d) ?? []).filter((m) => o.msgs.created[m] === t);
      v.expect(n.length === 1 && o.msgs.dst[n[0]] === CDCS && o.msgs.cls[n[0]] === Cls.HIGH && (late(o, n[0]) || o.hops[n[0]]?.[0]?.actor === meterActorOf(o, d)), () => `device ${d}: override at ${fmtT(t)} reported by ${n.length} notices`);
    }
  }
  if (!arrival) return;
  for (const [d, list] of notices) {
    const arrived = list.filter((m) => o.arrivedAt[m] !== undefined).length;
    for (const m of list) if (o.msgs.created[m] <= o.settledBefore()) v.expect(o.arrivedAt[m] !== undefined || o.dropped(m), () => `device ${d}: override notice ${headerId(o, m)} neither reached CDCS nor was lost`);
    v.expect(o.w.cdcs.overrides[d] === arrived, () => `device ${d}: CDCS holds ${o.w.cdcs.overrides[d]} overrides, ${arrived} notices reached it`);
  }
}

export const S2_06: Check = check((o, v) => overridesReported(o, v, false));
export const FR_34: Check = check((o, v) => overridesReported(o, v, true));

/** S2-07 / FR-35: every override CDCS receives goes on to CSS (and MDMS, seed §5.1). */
function overridesForwarded(o: Observation, v: Verdict, mdms: boolean): void {
  const fwd = new Map<number, number[]>();
  for (const k of ['overrideForward', 'overrideToMdms'] as const) for (const m of o.messagesOf(k)) fwd.set(o.causeOf[m], [...(fwd.get(o.causeOf[m]) ?? []), m]);
  const reachedCss = new Map<number, number>();
  const limit = o.s.duration - 5_000;
  for (const m of o.messagesOf('overrideNotice')) {
    const at = o.arrivedAt[m];
    if (at === undefined || at > limit) continue;
    const d = o.deviceOf(o.msgs.src[m]);
    const out = fwd.get(m) ?? [];
    const css = out.filter((x) => o.kind(x) === 'overrideForward' && o.msgs.dst[x] === CSS && o.arrivedAt[x] !== undefined);
    const md = out.filter((x) => o.kind(x) === 'overrideToMdms' && o.msgs.dst[x] === MDMS && o.arrivedAt[x] !== undefined);
    reachedCss.set(d, (reachedCss.get(d) ?? 0) + 1);
    v.expect(css.length === 1, () => `device ${d}: override notice ${headerId(o, m)} reached CDCS at ${fmtT(at)}; ${css.length} forwards reached CSS`);
    if (mdms) v.expect(md.length === 1, () => `device ${d}: override notice ${headerId(o, m)}: ${md.length} reports reached MDMS`);
  }
  for (const [d, n] of reachedCss) v.expect(o.w.css.overrides[d] >= n, () => `device ${d}: CSS holds ${o.w.css.overrides[d]} overrides, CDCS received ${n}`);
}

export const S2_07: Check = check((o, v) => overridesForwarded(o, v, true));
export const FR_35: Check = check((o, v) => overridesForwarded(o, v, false));

/** S2-08: every configured device reports at least once per report interval. */
export const S2_08: Check = check((o, v) => {
  const every = o.s.behaviour.report_interval;
  const reports = new Map<number, number[]>();
  for (const m of o.messagesOf('applianceReport')) {
    const d = o.deviceOf(o.msgs.src[m]);
    reports.set(d, [...(reports.get(d) ?? []), o.msgs.created[m]]);
  }
  const steps = stepTimes(o, 'S2-08');
  for (const [d, ts] of stepTimes(o, 'S1-16')) {
    const r = reports.get(d) ?? [];
    const marks = [ts[0], ...r, o.s.duration];
    for (let i = 1; i < marks.length; i++) {
      v.expect(marks[i] - marks[i - 1] <= every, () => `device ${d}: no report between ${fmtT(marks[i - 1])} and ${fmtT(marks[i])} (interval ${fmtT(every)})`);
    }
    v.expect(sameList(r, steps.get(d) ?? []), () => `device ${d}: ${r.length} reports, ${(steps.get(d) ?? []).length} S2-08 steps`);
    for (const m of o.messagesOf('applianceReport')) if (o.deviceOf(o.msgs.src[m]) === d && !late(o, m)) v.expect(o.msgs.dst[m] === CDCS && o.hops[m]?.[0]?.actor === meterActorOf(o, d), () => `device ${d}: report ${headerId(o, m)} not sent to CDCS via its meter`);
  }
  for (const [d] of reports) v.expect(steps.has(d) && stepTimes(o, 'S1-16').has(d), () => `device ${d}: reports without being configured`);
});

/**
 * FR-36: each report carries the device's own data for its period — settings always; the energy the device
 * used then (its power trace integrated over the period, within 1 Wh of rounding); exactly the messages it
 * received since its previous report; a load-shed entry for every response it started then — and reaches
 * CDCS, which passes it on to CSS.
 */
/** Energy of a power trace over [from, to], Wh. */
export function energyWh(trace: PowerStep[], from: number, to: number): number {
  let wms = 0;
  for (let i = 0; i < trace.length; i++) {
    const a = Math.max(from, trace[i].at), b = Math.min(to, i + 1 < trace.length ? trace[i + 1].at : Infinity);
    if (b > a) wms += trace[i].watts * (b - a);
  }
  return wms / 3_600_000;
}

export const FR_36: Check = check((o, v) => {
  const received = new Map<number, { m: number; at: number }[]>();
  for (const a of o.accepted) if (!NOT_STORED.has(o.kind(a.m))) received.set(a.d, [...(received.get(a.d) ?? []), { m: a.m, at: a.at }]);
  const sheds = stepTimes(o, 'S2-04');
  const last = new Map<number, number>();
  const forwarded = new Set(o.messagesOf('applianceReportForward').map((m) => o.causeOf[m]));
  // A device's first period starts when it confirmed its first configuration (S1-16): it reports its life in the program.
  for (const m of o.messagesOf('configurationConfirmation')) {
    const d = o.deviceOf(o.msgs.src[m]);
    if (!last.has(d)) last.set(d, o.msgs.created[m]);
  }
  for (const m of o.messagesOf('applianceReport')) {
    const d = o.deviceOf(o.msgs.src[m]);
    const r = o.env(m)?.applianceReport;
    const from = last.get(d) ?? 0, to = o.msgs.created[m];
    last.set(d, to);
    v.expect(r?.settings !== undefined && (r?.energy?.length ?? 0) === 1, () => `device ${d}: report ${headerId(o, m)} lacks settings or energy`);
    const used = energyWh(o.powerTrace[d], from, to);
    const wh = r?.energy?.[0]?.energyWh ?? NaN;
    v.expect(Math.abs(wh - used) <= 1, () => `device ${d}: report ${headerId(o, m)} for ${fmtT(from)}–${fmtT(to)} says ${wh} Wh; its power over the period integrates to ${used.toFixed(1)} Wh`);
    const listed = (r?.messages ?? []).map((x) => messageOfWire(o, x.subjectId ?? 0)).sort((a, b) => a - b);
    const want = (received.get(d) ?? []).filter((x) => x.at > from && x.at <= to).map((x) => x.m).sort((a, b) => a - b);
    v.expect(sameList(listed as never, want as never), () => `device ${d}: report ${headerId(o, m)} lists messages [${listed.slice(0, 8)}], it received [${want.slice(0, 8)}] in its period`);
    const started = (sheds.get(d) ?? []).some((t) => t > from && t <= to);
    const shedEntries = (r?.history ?? []).filter((h) => h.kind === HistoryEventKind.HISTORY_LOAD_SHED_START).length;
    v.expect(!started || shedEntries > 0, () => `device ${d}: report ${headerId(o, m)} omits the load shed it started in its period`);
    if (o.msgs.created[m] <= o.settledBefore()) {
      v.expect(o.arrivedAt[m] !== undefined || o.dropped(m), () => `device ${d}: report ${headerId(o, m)} neither reached CDCS nor was lost`);
      if (o.arrivedAt[m] !== undefined && o.arrivedAt[m]! <= o.settledBefore()) v.expect(forwarded.has(m), () => `device ${d}: report ${headerId(o, m)} reached CDCS but was not passed on to CSS`);
    }
  }
});
