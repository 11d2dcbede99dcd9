/**
 * CDCS carries out the scenario's timeline (S2-01, FR-17…FR-28): it picks the targeted devices
 * (FR-20, FR-21), builds one message per device in the language its customer chose (FR-19) for
 * private messages, or one broadcast per region and language for public ones (FR-22, FR-23), with the
 * action's priority (FR-29).
 */
import type { Target, TimelineAction } from '../../scenarios/types.ts';
import { AlertKind, AlertSeverity, EndReason, MessageUrgency, PowerCondition, PriceEventKind, PriceKind, type BodyKind } from '../wire/codec.ts';
import { Ev } from './events.ts';
import { EXAMPLES } from '../wire/examples.ts';
import * as B from './bodies.ts';
import type { Own, Shared } from './actor-context.ts';
import { CLASS_OF } from './world.ts';
import { CDCS, CSS } from './ids.ts';
import { CONDITION_VALID_MINUTES, UNDER_FREQUENCY_HZ } from './response-events.ts';
import { DEVICE_TYPES } from './population.ts';
import { actionAt } from '../pricing/plan.ts';

const ALERT_KIND = {
  energy_shortage: AlertKind.ALERT_ENERGY_SHORTAGE,
  grid_reliability: AlertKind.ALERT_GRID_RELIABILITY,
  weather: AlertKind.ALERT_WEATHER,
  environmental: AlertKind.ALERT_ENVIRONMENTAL,
  end_of_alert: AlertKind.ALERT_END_OF_ALERT,
} as const;

const ALERT_SEVERITY = {
  advisory: AlertSeverity.ALERT_SEVERITY_ADVISORY,
  watch: AlertSeverity.ALERT_SEVERITY_WATCH,
  warning: AlertSeverity.ALERT_SEVERITY_WARNING,
  emergency: AlertSeverity.ALERT_SEVERITY_EMERGENCY,
} as const;

/** Prices travel as integers with a trailing-digit exponent (ZigBee SE): 5 digits after the point. */
const PRICE_DIGITS = 5;
const wirePrice = (x: number) => Math.round(x * 10 ** PRICE_DIGITS);
export const priceFromWire = (x: number) => x / 10 ** PRICE_DIGITS;

/** What the sender (CDCS, or CSS for diagnostic tests) knows of each device: configured, and in which program. */
interface AddressBook {
  readonly configured: Uint8Array;
  readonly program: Int16Array;
}

/** Registered, configured devices the sender may address privately that match the target (FR-20, FR-21). */
export function targetedDevices(w: Shared, o: AddressBook, target: Target): number[] {
  const p = w.p;
  const out: number[] = [];
  if ('device' in target) {
    const d = target.device;
    if (d >= 0 && d < p.devices && o.configured[d]) out.push(d);
    return out;
  }
  const regionIndex = 'region' in target ? p.regions.indexOf(target.region) : -1;
  const groupIndex = 'group' in target ? p.groups.indexOf(target.group) : -1;
  const programIndex = 'program' in target ? w.s.programs.findIndex((x) => x.id === target.program) : -1;
  const typeIndex = 'appliance_type' in target ? DEVICE_TYPES.indexOf(target.appliance_type) : -1;
  for (let d = 0; d < p.devices; d++) {
    if (!o.configured[d]) continue;
    const c = p.owner[d];
    if (regionIndex >= 0 && p.region[c] !== regionIndex) continue;
    if (groupIndex >= 0 && !(p.groupBits[c] & (1 << groupIndex))) continue;
    if (programIndex >= 0 && o.program[d] !== programIndex) continue;
    if (typeIndex >= 0 && p.type[d] !== typeIndex) continue;
    out.push(d);
  }
  return out;
}

/** Regions a public message goes to: the target's region, or all of them. */
function targetedRegions(w: Shared, target: Target): number[] {
  if ('region' in target) return [w.p.regions.indexOf(target.region)];
  return w.p.regions.map((_, i) => i);
}

/** FR-17: while a DR event runs, CDCS reminds its targets ("event in progress") and then ends it. */
export function sendEventFollowUp(w: Own<'cdcs'>, index: number, type: number): void {
  const a = actionAt(w.s, index, w.hooks.pricingPlan(w.s));
  if (a.action !== 'dr_event') return;
  const end = a.at + a.duration;
  const cls = CLASS_OF[a.priority];
  const program = w.s.programs.findIndex((x) => x.id === a.program);
  const now = w.sim.now;
  const body =
    type === Ev.EVENT_END
      ? { kind: 'endOfEvent' as const, body: { issuerEventId: index + 1, deviceClass: 1, utilityEnrollmentGroup: program + 1, reason: EndReason.END_REASON_COMPLETED } }
      : { kind: 'eventInProgress' as const, body: { issuerEventId: index + 1, startedAtS: Math.floor(a.at / 1000), remainingMinutes: Math.max(1, Math.round((end - now) / 60_000)), criticalityLevel: B.criticality(a.criticality), program: B.WIRE_PROGRAM[w.s.programs[program]?.kind ?? 'DLC'], deviceClass: 1, utilityEnrollmentGroup: program + 1 } };
  for (const d of targetedDevices(w, w.cdcs, a.target)) {
    w.step('S2-01');
    w.down(CDCS, d, body.kind, body.body, cls);
  }
  if (type === Ev.EVENT_IN_PROGRESS && now + a.in_progress_every < end) w.sim.timer(a.in_progress_every, Ev.EVENT_IN_PROGRESS, index);
}

/** Action `index` of the study's timeline, or after it one the pricing actor handed over (OI-6). */
export function sendTimelineAction(w: Own<'cdcs'>, index: number): void {
  const a = actionAt(w.s, index, w.hooks.pricingPlan(w.s));
  const cls = CLASS_OF[a.priority];
  const program = 'program' in a ? w.s.programs.findIndex((x) => x.id === a.program) : -1;
  if (a.action === 'dr_event' && a.visibility === 'private') {
    if (a.in_progress_every > 0 && a.in_progress_every < a.duration) w.sim.timer(a.in_progress_every, Ev.EVENT_IN_PROGRESS, index);
    w.sim.timer(a.duration, Ev.EVENT_END, index);
  }
  const body = (lang: string): { kind: BodyKind; body: unknown; text: boolean } => bodyOf(w, a, index, program, lang);
  if (a.visibility === 'public') {
    // One broadcast per region carrying every language variant (FR-19, FR-22): each device shows its own,
    // so a customer who changes language mid-broadcast still gets the message exactly once.
    const b = body(w.p.languages[0]);
    const text = 'text' in a ? a.text : undefined;
    const all = b.text && text ? { ...(b.body as object), variants: w.p.languages.map((l) => ({ language: l, text: textOf(text, l) })) } : b.body;
    for (const r of targetedRegions(w, a.target)) {
      w.step('S2-01');
      w.broadcast(r, b.kind, all, cls);
    }
    return;
  }
  const devices = w.hooks.privateTargets(w, a.target);
  for (const d of devices) {
    const lang = w.p.languages[w.cdcs.language[d]];
    const b = body(lang);
    w.step('S2-01');
    w.down(CDCS, d, b.kind, b.body, cls, b.text ? lang : undefined);
  }
}

/** A diagnostic test (timeline action `diagnostic_test`) is CSS's: it addresses the devices it knows configured. */
export function sendDiagnosticTest(w: Own<'css'>, index: number): void {
  const a = w.s.timeline[index];
  const b = bodyOf(w, a, index, -1, w.p.languages[0]);
  for (const d of targetedDevices(w, w.css, a.target)) w.down(CSS, d, b.kind, b.body, CLASS_OF[a.priority]);
}

/** Which back-office system carries out timeline action `a`. */
export function actorOfAction(a: TimelineAction): typeof CSS | typeof CDCS {
  return a.action === 'diagnostic_test' && a.visibility === 'private' ? CSS : CDCS;
}

/** Hourly TOU intervals: the highest price is tier 3, the lowest tier 1, anything between tier 2. */
function touIntervals(prices: number[]): { tier: number; price: number }[] {
  const hi = Math.max(...prices), lo = Math.min(...prices);
  return prices.map((x) => ({ tier: x >= hi ? 3 : x > lo ? 2 : 1, price: wirePrice(x) }));
}

function textOf(text: Record<string, string>, lang: string): string {
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? '';
}

function bodyOf(w: Shared, a: TimelineAction, index: number, program: number, lang: string): { kind: BodyKind; body: unknown; text: boolean } {
  const startS = Math.floor(a.at / 1000);
  const issuer = index + 1;
  const prog = program >= 0 ? w.s.programs[program] : undefined;
  const group = program + 1;
  switch (a.action) {
    case 'tou_schedule':
      return {
        kind: 'touSchedule',
        text: false,
        body: { ...EXAMPLES.touSchedule.touSchedule, issuerEventId: issuer, startTimeS: startS, intervals: touIntervals(a.prices) },
      };
    case 'current_price': {
      const base = EXAMPLES.priceSignal.priceSignal;
      const kind = prog?.kind === 'CPP' ? PriceKind.PRICE_KIND_CPP : PriceKind.PRICE_KIND_RTP;
      const dur = Math.max(1, Math.round(a.duration / 60_000));
      return {
        kind: 'priceSignal',
        text: false,
        body: {
          current: { ...base.current, issuerEventId: issuer, priceTier: a.tier, startTimeS: startS, durationMinutes: dur, price: wirePrice(a.price), kind },
          next: { ...base.next, issuerEventId: issuer + 100_000, startTimeS: startS + dur * 60, price: wirePrice(a.next_price), kind },
        },
      };
    }
    case 'day_ahead_notice':
      return {
        kind: 'priceEventNotice',
        text: false,
        body: { ...EXAMPLES.priceEventNotice.priceEventNotice, issuerEventId: issuer, kind: prog?.kind === 'PTR' ? PriceEventKind.PRICE_EVENT_PTR : PriceEventKind.PRICE_EVENT_CPP, startTimeS: Math.floor(a.event_start / 1000), durationMinutes: Math.max(1, Math.round(a.duration / 60_000)) },
      };
    case 'dr_event': {
      const r = prog?.response;
      const randomMin = Math.round((r?.randomize_start ?? 0) / 60_000);
      return {
        kind: 'loadControlEvent',
        text: false,
        body: {
          ...EXAMPLES.loadControlEvent.loadControlEvent,
          issuerEventId: issuer,
          utilityEnrollmentGroup: group,
          startTimeS: startS,
          durationMinutes: Math.max(1, Math.round(a.duration / 60_000)),
          criticalityLevel: B.criticality(a.criticality),
          dutyCyclePercent: prog?.kind === 'DLC' ? 100 - (r?.cycling_percent ?? 50) : 100,
          randomizeStart: randomMin > 0,
          startRandomizationMinutes: Math.min(60, randomMin),
          // The same window staggers the end, so appliances do not all recover at once (ZigBee DRLC randomize end).
          randomizeEnd: randomMin > 0,
          endRandomizationMinutes: Math.min(60, randomMin),
          program: B.WIRE_PROGRAM[prog?.kind ?? 'DLC'],
        },
      };
    }
    case 'load_control_schedule':
      // The schedule holds for the action's duration (before, `duration` was accepted and never sent).
      return { kind: 'loadControlSchedule', text: false, body: { ...EXAMPLES.loadControlSchedule.loadControlSchedule, scheduleId: issuer, utilityEnrollmentGroup: group, effectiveFromS: startS, effectiveUntilS: Math.floor((a.at + a.duration) / 1000) } };
    case 'text_message':
      return {
        kind: 'textMessage',
        text: true,
        body: { messageId: issuer, control: { confirmationRequired: a.confirm, urgency: MessageUrgency.URGENCY_MEDIUM }, startTimeS: startS, durationMinutes: 1440, variants: [{ language: lang, text: textOf(a.text, lang) }], originator: 'SCE' },
      };
    case 'public_alert':
      return {
        kind: 'publicAlert',
        text: true,
        body: { alertId: issuer, kind: ALERT_KIND[a.alert], severity: ALERT_SEVERITY[a.severity], startTimeS: startS, durationMinutes: Math.max(1, Math.round(a.duration / 60_000)), regionId: 0, variants: [{ language: lang, text: textOf(a.text, lang) }] },
      };
    case 'power_system_condition':
      return {
        kind: 'powerSystemCondition',
        text: false,
        body: {
          ...EXAMPLES.powerSystemCondition.powerSystemCondition,
          conditionId: issuer,
          condition: a.low_voltage ? PowerCondition.POWER_CONDITION_LOW_VOLTAGE : a.frequency_hz < UNDER_FREQUENCY_HZ ? PowerCondition.POWER_CONDITION_UNDER_FREQUENCY : PowerCondition.POWER_CONDITION_NORMAL,
          frequencyHz: a.frequency_hz,
          voltagePu: a.low_voltage ? 0.9 : 1,
          frequencyOutOfBand: a.frequency_hz < 59.95 || a.frequency_hz > 60.05,
          measuredAtS: startS,
          // How long appliances hold their OI-1 response; the response window of load-summary.ts is the same.
          validMinutes: CONDITION_VALID_MINUTES,
        },
      };
    case 'billing_cycle_start':
      return { kind: 'billingCycleStart', text: false, body: { ...EXAMPLES.billingCycleStart.billingCycleStart, issuerEventId: issuer, billingPeriodStartS: startS } };
    case 'diagnostic_test':
      return { kind: 'diagnosticTest', text: false, body: { ...EXAMPLES.diagnosticTest.diagnosticTest, testId: issuer, requestedAtS: startS } };
  }
}
