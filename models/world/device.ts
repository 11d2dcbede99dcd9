/**
 * HAN devices — appliances, IHDs and EMSs: they join the HAN when connected (S1-05), identify
 * themselves (S1-08), take authentication parameters (S1-11, S1-12) and configuration (S1-16); then
 * store every message they receive (NFR-01) and the current and next price (FR-27), acknowledge
 * (S2-02), let the customer view (S2-03), execute programmed responses (S2-04), report overrides
 * (S2-05, S2-06) and report back periodically (S2-08). Appliances never ask for status (BR-06).
 */
import { BODY_KINDS } from '../wire/types.ts';
import type { ActorKind } from '../../sim/actor-kind.ts';
import { AlertParameter, ApplianceMode, bodyFieldNumber, ConfirmationAnswer, EndReason, HistoryEventKind, PowerCondition, ResponseStatus, type EnvelopeObject } from '../wire/codec.ts';
import type { Control } from '../appliances/types.ts';
import { EXAMPLES } from '../wire/examples.ts';
import * as B from './bodies.ts';
import { receive } from './back-office.ts';
import { Cls, Ev } from './events.ts';
import { CDCS, CSS, NMS } from './ids.ts';
import { deviceTypeName, EMS, IHD } from './population.ts';
import { noteSignal } from './response-reach.ts';
import { ResponseKind } from './device-state.ts';
import { PROGRAM_SLOTS } from './ems/demand-limiter.ts';
import { priceFromWire } from './timeline.ts';
import { curtailUntil } from './price-windows.ts';
import type { EventWindow } from './response-book.ts';
import type { PriceSignal } from '../wire/types.ts';
import type { DeviceWorld } from './actor-context.ts';

/** Customers look at a stored message within this mean delay. */
const VIEW_DELAY_MEAN_MS = 10 * 60_000;

export function deviceKind(w: DeviceWorld): ActorKind {
  const p = w.p, dev = w.dev, beh = w.s.behaviour;
  return {
    name: 'device',
    init(_sim, id, d) {
      dev.language[d] = p.language[p.owner[d]];
      w.load.start(d);
      // Customers who set alert limits (FR-30) pick a price limit between 0.20 and 0.60 per kWh, kept on the
      // device: drawn from the device's own stream (its customer's is the customer actor's alone).
      if (w.uniform(id) < beh.alert_limit_share) dev.alertLimit[d] = 0.2 + 0.4 * w.uniform(id);
    },
    event(sim, id, d, type, payload) {
      switch (type) {
        case Ev.CONNECT:
          dev.joined[d] = 1;
          w.step('S1-05');
          if (dev.heldBind[d] >= 0) {
            dev.heldBind[d] = -1;
            identify(w, d);
          }
          return;
        case Ev.ARRIVE:
          return arrive(w, d, payload);
        case Ev.VIEW:
          dev.views[d]++;
          w.step('S2-03');
          return;
        case Ev.RESPONSE_START:
          return startResponse(w, d, payload);
        case Ev.PHYSICS:
        case Ev.PHYSICS_SHADOW:
          return w.load.onPhysics(d, payload, type === Ev.PHYSICS_SHADOW);
        case Ev.RESPONSE_END:
          return endResponse(w, d, payload);
        case Ev.OVERRIDE_CHECK:
          return overrideCheck(w, d, payload);
        case Ev.OVERRIDE:
          // The customer overrides the response (payload: the event's issuer id); whether it is an opt-out is
          // the customer's to say, since the season's count is the customer's (OVERRIDE_ASK, then OVERRIDE_KIND).
          if (dev.activeEvent[d] !== payload || dev.overridden[d]) return;
          dev.overridden[d] = 1;
          // Kept with the response, so that it stays overridden if another takes over and it resumes after.
          // So does every response of the same event, booked now or later (response-book.ts): it holds for the event.
          dev.responses.markOverridden(d, dev.responses.bySeq(d, dev.responseSeq[d]));
          dev.overrideAt[d] = sim.now;
          w.load.control(d, { mode: 'normal' });
          dev.overrideAsked[d] = payload;
          sim.send(w.customerActor(p.owner[d]), 0, Ev.OVERRIDE_ASK, d);
          return;
        case Ev.OVERRIDE_KIND: {
          const settings = payload === 1;
          w.step('S2-05');
          w.rec.override(p.regions[p.region[p.owner[d]]], settings);
          w.step('S2-06');
          const notice = { ...EXAMPLES.overrideNotice.overrideNotice, issuerEventId: dev.overrideAsked[d], overrideAtS: w.nowS(), kind: settings ? 2 : 1, remainingEventMinutes: Math.max(0, Math.round((dev.eventEnd[d] - sim.now) / 60_000)) };
          dev.overrideAsked[d] = 0;
          w.up(d, CDCS, 'overrideNotice', notice, Cls.HIGH);
          return;
        }
        case Ev.PRICE_TICK:
          return w.prices.onTick(d, payload);
        case Ev.EMS_CONTROL:
          // The premise EMS's demand limiter (ems/) sheds or restores the appliance; a utility response in force goes first.
          if (!dev.activeEvent[d]) w.load.control(d, payload ? emsShedControl(w, d) : { mode: 'normal' });
          return;
        case Ev.REPORT_TIMER:
          if (!dev.configured[d]) return;
          report(w, d);
          sim.timer(beh.report_interval, Ev.REPORT_TIMER);
          return;
      }
    },
  };
}

function arrive(w: DeviceWorld, d: number, m: number): void {
  const msgs = w.msgs, dev = w.dev;
  let env: EnvelopeObject | null;
  if (msgs.pub[m]) {
    // A broadcast: every device in the region hears it and shows the variant in its own language (FR-19).
    env = w.decodedBroadcasts.get(m) ?? null;
    if (!env) return;
    const variants = (env.publicAlert ?? env.textMessage)?.variants;
    if (variants && !variants.some((v) => v.language === w.p.languages[dev.language[d]])) return void w.rec.decodeError('no-language-variant');
    w.arrived(m, true);
  } else {
    if (w.corruptProbability > 0 && w.uniform(w.deviceActor(d)) < w.corruptProbability) corrupt(msgs.wireBytes(m));
    env = receive(w, m);
    if (!env) return;
    // A private message is only for the device it names (FR-23); anything else is discarded.
    const dest = env.header.destination;
    if (dest?.id !== d + 1) return void w.rec.decodeError('misaddressed');
  }
  w.trace.accepted.fire?.(m, d);
  if (env.bindRequest) {
    if (dev.joined[d]) identify(w, d);
    else dev.heldBind[d] = m;
    return;
  }
  if (env.authenticationParameters) {
    dev.authenticated[d] = 1;
    w.step('S1-11');
    w.step('S1-12');
    w.up(d, NMS, 'authenticationAck', B.authenticationAck(), Cls.MEDIUM, m);
    return;
  }
  if (env.configurationMessage) {
    const cfg = env.configurationMessage;
    dev.program[d] = (cfg.utilityEnrollmentGroup ?? 0) - 1;
    w.load.enrol(d, dev.program[d]);
    const lang = w.p.languages.indexOf(cfg.language ?? '');
    if (lang >= 0) dev.language[d] = lang;
    const first = !dev.configured[d];
    dev.configured[d] = 1;
    const limit = cfg.alertLimits?.find((a) => a.parameter === AlertParameter.ALERT_PARAMETER_PRICE && a.enabled);
    if (limit) dev.alertLimit[d] = (limit.threshold ?? 0) / 1e5;
    if (first) w.step('S1-16');
    // FR-04: the EMS relayed this configuration, so it knows the appliance's program (a DEMAND_LIMIT one is its to run).
    const ems = w.ems.on && w.p.viaEms[d] ? w.p.ems[w.p.owner[d]] : -1;
    if (ems >= 0) w.sim.send(w.deviceActor(ems), 0, Ev.EMS_JOIN, d * PROGRAM_SLOTS + dev.program[d] + 1);
    w.up(d, CDCS, 'configurationConfirmation', B.configurationConfirmation(cfg.configId ?? 0, w.nowS()), Cls.MEDIUM, m);
    if (first) {
      // Reports cover the device's life in the program: the first period starts here, not at the study's start
      // (a device commissioned on day 3 would otherwise report a 3-day interval, beyond the wire's 1440 minutes).
      dev.lastReportAt[d] = w.sim.now;
      dev.reportedWh[d] = Math.round(w.load.energyWh(d));
      w.sim.timer(Math.floor(w.uniform(w.deviceActor(d)) * w.s.behaviour.report_interval), Ev.REPORT_TIMER);
    }
    return;
  }
  if (env.diagnosticTest) {
    const t = env.diagnosticTest;
    w.up(d, CSS, 'diagnosticResult', { testId: t.testId, kind: t.kind, passed: true, roundTripMs: Math.round(w.sim.now - msgs.created[m]), payloadEcho: t.payload }, Cls.MEDIUM, m);
    return;
  }
  // Scenario 3.2 messages: keep (NFR-01), acknowledge private ones (S2-02), act on them.
  dev.store(d, w.sim.now, msgs.wire[m], msgs.kind[m]);
  if (w.uniform(w.deviceActor(d)) < w.s.behaviour.view_probability) w.sim.timer(Math.round(w.exponential(w.deviceActor(d), VIEW_DELAY_MEAN_MS)), Ev.VIEW);
  if (!msgs.pub[m]) acknowledge(w, d, m, env);
  noteSignal(w, d, env);
  act(w, d, env);
}

/** S1-08: the device's own id, type and key material, via the meter to NMS. */
function identify(w: DeviceWorld, d: number): void {
  w.step('S1-08');
  w.up(d, NMS, 'deviceIdentification', B.deviceIdentification(w.p.owner[d] + 1, w.p.hardwareId[d], deviceTypeName(w.p, d)), Cls.MEDIUM);
}

function acknowledge(w: DeviceWorld, d: number, m: number, env: EnvelopeObject): void {
  w.step('S2-02');
  const kind = w.msgs.kindName(m);
  if (env.textMessage?.control?.confirmationRequired) {
    w.up(d, CDCS, 'messageConfirmation', { messageId: env.textMessage.messageId, confirmationTimeS: w.nowS(), answer: ConfirmationAnswer.CONFIRMATION_ANSWER_YES }, Cls.MEDIUM, m);
    return;
  }
  const status = kind === 'loadControlEvent' ? ResponseStatus.RESPONSE_EVENT_RECEIVED : ResponseStatus.RESPONSE_EVENT_ACKNOWLEDGE;
  const cls = w.msgs.cls[m];
  w.up(d, CDCS, 'eventResponse', B.eventResponse(bodyFieldNumber(kind), subjectIdOf(env), status, w.nowS()), cls, m);
}

function subjectIdOf(env: EnvelopeObject): number {
  return (
    env.loadControlEvent?.issuerEventId ??
    env.priceEventNotice?.issuerEventId ??
    env.priceSignal?.current?.issuerEventId ??
    env.touSchedule?.issuerEventId ??
    env.textMessage?.messageId ??
    env.powerSystemCondition?.conditionId ??
    env.billingCycleStart?.issuerEventId ??
    env.rateAdvice?.adviceId ??
    env.loadControlSchedule?.scheduleId ??
    0
  );
}

/** What the device does with a message: prices (FR-27, FR-30) and programmed responses (S2-04). */
function act(w: DeviceWorld, d: number, env: EnvelopeObject): void {
  const dev = w.dev;
  const now = w.sim.now;
  if (env.priceSignal) {
    w.prices.onSignal(d, env.priceSignal);
    priceResponse(w, d, env.priceSignal);
  } else if (env.touSchedule) {
    w.prices.onSchedule(d, env.touSchedule);
  } else if (env.loadControlEvent) {
    const e = env.loadControlEvent;
    if (dev.program[d] < 0 || (e.utilityEnrollmentGroup ?? 0) !== dev.program[d] + 1) return;
    const start = Math.max(now, (e.startTimeS ?? 0) * 1000);
    const random = e.randomizeStart ? Math.floor(w.uniform(w.deviceActor(d)) * (e.startRandomizationMinutes ?? 0) * 60_000) : 0;
    const randomEnd = e.randomizeEnd ? Math.floor(w.uniform(w.deviceActor(d)) * (e.endRandomizationMinutes ?? 0) * 60_000) : 0;
    scheduleResponse(w, d, e.issuerEventId ?? 0, start + random, start + (e.durationMinutes ?? 0) * 60_000 + randomEnd, ResponseKind.DR_EVENT, w.hooks.responseEvent(e.startTimeS ?? 0, e.durationMinutes ?? 0));
  } else if (env.powerSystemCondition) {
    // OI-1: appliances respond on their own to under-frequency or low voltage (grid-friendly appliances).
    const c = env.powerSystemCondition;
    const cond = { underFrequency: c.condition === PowerCondition.POWER_CONDITION_UNDER_FREQUENCY, lowVoltage: c.condition === PowerCondition.POWER_CONDITION_LOW_VOLTAGE };
    dev.conditionAt[d] = now;
    dev.conditionKind[d] = c.condition ?? 0;
    if (cond.underFrequency || cond.lowVoltage) {
      const ms = (c.validMinutes ?? 10) * 60_000;
      w.load.condition(d, cond, ms);
      w.trace.gridResponse.fire?.(d, cond, ms);
    }
  } else if (env.endOfEvent) {
    // The utility ends the event. A completed event ends at the device's own (randomized) end, already
    // scheduled; a cancelled one, or a device already past its end, stops now (a cancelled one not yet started never starts).
    const e = dev.responses.byIssuer(d, env.endOfEvent.issuerEventId ?? 0);
    const cancelled = env.endOfEvent.reason === EndReason.END_REASON_CANCELLED;
    if (e >= 0 && (cancelled || (dev.responses.started(e) && now >= dev.responses.end(e)))) w.sim.timer(0, Ev.RESPONSE_END, dev.responses.seq(e));
  } else if (env.priceEventNotice) {
    const e = env.priceEventNotice;
    const prog = w.s.programs[dev.program[d]];
    if (!prog || (prog.kind !== 'CPP' && prog.kind !== 'PTR')) return;
    const start = Math.max(now, (e.startTimeS ?? 0) * 1000);
    scheduleResponse(w, d, e.issuerEventId ?? 0, start, start + (e.durationMinutes ?? 0) * 60_000, ResponseKind.PRICE_EVENT, w.hooks.responseEvent(e.startTimeS ?? 0, e.durationMinutes ?? 0));
  }
}

/**
 * FR-27 with S2-04: an RTP/CPP device curtails while the price signal it holds is dear, over the span of
 * price-windows.ts (the load accounting uses the same rule). A newer signal hands the price response on without
 * restoring the load, so back-to-back dear hours are one response, or ends it when its price is not dear. A
 * program response outranks it (response-book.ts): the price response then waits under it, live, and takes
 * effect if it outlasts it.
 */
function priceResponse(w: DeviceWorld, d: number, sig: PriceSignal): void {
  const dev = w.dev, book = dev.responses, now = w.sim.now, cur = sig.current;
  const blockMs = (cur?.durationMinutes ?? 60) * 60_000;
  const end = (cur?.startTimeS ?? 0) * 1000 + blockMs;
  const until = curtailUntil(w.s.programs[dev.program[d]], priceFromWire(cur?.price ?? 0), priceFromWire(sig.next?.price ?? 0), end, blockMs);
  const issuer = cur?.issuerEventId ?? 0;
  // The price's own block names its event (a CPP price over an event's window is that event: response-events.ts).
  const event = w.hooks.responseEvent(cur?.startTimeS ?? 0, cur?.durationMinutes ?? 60);
  const e = book.priceResponse(d);
  if (until === null || until <= now) {
    if (e >= 0) w.sim.timer(0, Ev.RESPONSE_END, book.seq(e));
    return;
  }
  if (e < 0) return scheduleResponse(w, d, issuer, now, until, ResponseKind.HIGH_PRICE, event);
  // Hand on: the old scheduling's timers lapse with its sequence number; the response stays as it is.
  const old = book.seq(e);
  const seq = book.handOn(d, e, issuer, until, event);
  if (!book.started(e)) w.sim.timer(Math.max(0, book.start(e) - now), Ev.RESPONSE_START, seq);
  w.sim.timer(until - now, Ev.RESPONSE_END, seq);
  if (dev.responseSeq[d] !== old) return;
  dev.responseSeq[d] = seq;
  dev.activeEvent[d] = issuer;
  dev.eventEnd[d] = until;
  // The new hour may be an event the customer overrode under another message: the override holds.
  if (book.overridden(e) && !dev.overridden[d]) {
    dev.overridden[d] = 1;
    w.load.control(d, { mode: 'normal' });
  }
  if (!dev.overridden[d]) w.sim.timer(OVERRIDE_CHECK_MS, Ev.OVERRIDE_CHECK, seq);
}



/**
 * Books a response from `start` to `end`; the response in force is left alone until this one's RESPONSE_START
 * (inForce). The same issuer's event again (a duplicate) changes nothing.
 */
function scheduleResponse(w: DeviceWorld, d: number, issuer: number, start: number, end: number, kind: ResponseKind, event: EventWindow): void {
  if (w.p.type[d] === IHD || w.p.type[d] === EMS || end <= start) return;
  const book = w.dev.responses;
  if (book.byIssuer(d, issuer) >= 0) return;
  const seq = book.add(d, issuer, kind, start, end, event);
  w.sim.timer(start - w.sim.now, Ev.RESPONSE_START, seq);
  w.sim.timer(end - w.sim.now, Ev.RESPONSE_END, seq);
}

function startResponse(w: DeviceWorld, d: number, seq: number): void {
  const book = w.dev.responses, e = book.bySeq(d, seq);
  if (e < 0 || book.started(e)) return;
  book.markStarted(e);
  inForce(w, d);
}

/** RESPONSE_END of scheduling `seq`: only that response ends (a later one of the same issuer is another scheduling). */
function endResponse(w: DeviceWorld, d: number, seq: number): void {
  const book = w.dev.responses, e = book.bySeq(d, seq);
  if (e < 0) return;
  book.remove(d, e);
  if (w.dev.responseSeq[d] === seq) inForce(w, d);
}

/**
 * Puts in force the live response the rule picks (response-book.ts), when it is not the one in force already:
 * a response taking effect for the first time starts (S2-04); one that was in force before and was held back
 * by another resumes (its own end, kind and override); with none left the device returns to normal and reports.
 */
function inForce(w: DeviceWorld, d: number): void {
  const dev = w.dev, book = dev.responses, now = w.sim.now;
  const e = book.best(d);
  const seq = e < 0 ? 0 : book.seq(e);
  if (seq === dev.responseSeq[d]) return;
  const wasNormal = dev.activeEvent[d] === 0 || dev.overridden[d] === 1;
  dev.responseSeq[d] = seq;
  if (e < 0) {
    dev.activeEvent[d] = 0;
    dev.shedEndAt[d] = now;
    if (!wasNormal) w.load.control(d, { mode: 'normal' });
    return report(w, d);
  }
  dev.activeEvent[d] = book.issuer(e);
  dev.eventEnd[d] = book.end(e);
  dev.responseKind[d] = book.kind(e);
  dev.overridden[d] = book.overridden(e) ? 1 : 0;
  if (!book.shown(e)) {
    book.markShown(e);
    // One overridden before it took effect (the customer overrode its event under another message) never executes.
    if (!dev.overridden[d]) {
      dev.shedStartAt[d] = now;
      w.step('S2-04');
    }
  }
  if (dev.overridden[d]) {
    if (!wasNormal) w.load.control(d, { mode: 'normal' });
    return;
  }
  w.load.control(d, controlFor(w, d));
  w.sim.timer(OVERRIDE_CHECK_MS, Ev.OVERRIDE_CHECK, seq);
}

/** How often, during a response, the customer weighs overriding it. */
const OVERRIDE_CHECK_MS = 10 * 60_000;

/**
 * S2-05: the customer's urge to override grows with discomfort (a warm house, delayed chores, an EV behind
 * schedule) on top of a base propensity, and with the heat outside: customers endure remote control less the
 * hotter it is (Simpson, Lopez Garcia & Schein 2024: override-free survival of thermostat set-ups falls with
 * outdoor temperature and with time into the event). The hazard is calibrated so that a customer at mean
 * discomfort (0.5) on a 35 °C afternoon overrides a response lasting `override_delay_mean × 4` with about
 * `override_probability`; it applies at every check, so longer responses see more overrides.
 */
function overrideCheck(w: DeviceWorld, d: number, seq: number): void {
  const dev = w.dev;
  if (dev.responseSeq[d] !== seq || dev.overridden[d]) return;
  const beh = w.s.behaviour;
  const p = Math.min(0.999, beh.override_probability);
  const checks = Math.max(1, (4 * beh.override_delay_mean) / OVERRIDE_CHECK_MS);
  const base = -Math.log(1 - p) / checks;
  const hazard = base * (0.25 + 1.5 * w.load.discomfort(d)) * heatFactor(w.load.weather.outdoorC(w.sim.now));
  if (w.uniform(w.deviceActor(d)) < 1 - Math.exp(-hazard)) w.sim.timer(0, Ev.OVERRIDE, dev.activeEvent[d]);
  else if (w.sim.now + OVERRIDE_CHECK_MS < dev.eventEnd[d]) w.sim.timer(OVERRIDE_CHECK_MS, Ev.OVERRIDE_CHECK, seq);
}

/** The override hazard relative to a 35 °C afternoon: ×e per 10 °C of outdoor heat (×1.35 at 38 °C, ×0.6 at 30 °C). */
export function heatFactor(outdoorC: number): number {
  return Math.exp((outdoorC - HEAT_REFERENCE_C) / HEAT_SCALE_C);
}
const HEAT_REFERENCE_C = 35;
const HEAT_SCALE_C = 10;

/** S2-04, FR-32: the programmed response by program and appliance type. */
function controlFor(w: DeviceWorld, d: number): Control {
  const prog = w.s.programs[w.dev.program[d]];
  const type = deviceTypeName(w.p, d);
  const r = prog?.response;
  const kind = w.dev.responseKind[d];
  const deferrable = type === 'clothes_washer' || type === 'clothes_dryer' || type === 'dishwasher' || type === 'ev_charger';
  if (kind === ResponseKind.HIGH_PRICE || !r) return { mode: 'curtail', loadFraction: 1 - (r?.load_adjustment_percent ?? 30) / 100 };
  if (prog.kind === 'DLC') {
    if (type === 'thermostat' || type === 'pool_pump') {
      return { mode: 'cycle', offFraction: r.cycling_percent / 100, periodMs: 30 * 60_000, phaseMs: Math.floor(w.uniform(w.deviceActor(d)) * 30 * 60_000) };
    }
    return type === 'water_heater' ? { mode: 'shed' } : { mode: 'curtail', loadFraction: 1 - r.load_adjustment_percent / 100 };
  }
  // CPP / PTR / price events: set back thermostats, shift deferrable loads past the event, curtail the rest.
  if (type === 'thermostat') return { mode: 'offset', coolingOffsetC: r.cooling_offset_c };
  if (deferrable) return { mode: 'delay', untilMs: w.dev.eventEnd[d] };
  if (type === 'water_heater' || type === 'pool_pump' || type === 'smart_plug') return { mode: 'shed' };
  return { mode: 'curtail', loadFraction: 1 - r.load_adjustment_percent / 100 };
}

/**
 * DEMAND_LIMIT: what "shed" means to each type when the EMS asks. The AC is cycled at the program's
 * `cycling_percent` (off first, for that share of every 30 minutes: the house does not heat up for hours and
 * the compressor is never short-cycled); every other type is off, its starts deferred, under its own safety rules.
 */
function emsShedControl(w: DeviceWorld, d: number): Control {
  if (deviceTypeName(w.p, d) !== 'thermostat') return { mode: 'shed' };
  const r = w.s.programs[w.dev.program[d]]?.response;
  return { mode: 'cycle', offFraction: (r?.cycling_percent ?? 50) / 100, periodMs: 30 * 60_000, phaseMs: w.sim.now };
}

/**
 * S2-08, FR-36: what happened since the last report — messages received (and whether the customer looked),
 * current settings, energy used, power-system conditions seen and operational history — to CDCS.
 */
function report(w: DeviceWorld, d: number): void {
  w.step('S2-08');
  // No closures here (every report would make them, and under tsx name them): module helpers instead.
  const dev = w.dev, now = w.sim.now, from = dev.lastReportAt[d];
  const stored = dev.storedSince(d, from);
  const messages = new Array<{ subjectBody: number; subjectId: number; receivedAtS: number; lastStatus: ResponseStatus }>(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const { wire, kind, at } = stored[i];
    messages[i] = { subjectBody: bodyFieldNumber(BODY_KINDS[kind]), subjectId: wire, receivedAtS: seconds(at), lastStatus: ResponseStatus.RESPONSE_EVENT_ACKNOWLEDGE };
  }
  const history: { atS: number; kind: number; issuerEventId?: number }[] = [];
  if (inPeriod(dev.shedStartAt[d], from, now)) history.push({ atS: seconds(dev.shedStartAt[d]), kind: HistoryEventKind.HISTORY_LOAD_SHED_START, issuerEventId: dev.activeEvent[d] || undefined });
  if (inPeriod(dev.overrideAt[d], from, now)) history.push({ atS: seconds(dev.overrideAt[d]), kind: HistoryEventKind.HISTORY_OVERRIDE });
  if (inPeriod(dev.shedEndAt[d], from, now)) history.push({ atS: seconds(dev.shedEndAt[d]), kind: HistoryEventKind.HISTORY_LOAD_SHED_END });
  const conditions = inPeriod(dev.conditionAt[d], from, now) ? [{ condition: dev.conditionKind[d], observedAtS: seconds(dev.conditionAt[d]), responded: true }] : [];
  const wh = Math.round(w.load.energyWh(d));
  const energyWh = w.hooks.reportEnergyWh(wh, dev.reportedWh[d]);
  dev.reportedWh[d] = wh;
  const body = {
    reportId: w.nextWireId(w.deviceActor(d)),
    periodStartS: seconds(from),
    periodEndS: seconds(now),
    messages,
    settings: {
      mode: dev.activeEvent[d] ? (dev.overridden[d] ? ApplianceMode.APPLIANCE_MODE_OVERRIDE : ApplianceMode.APPLIANCE_MODE_LOAD_SHED) : ApplianceMode.APPLIANCE_MODE_NORMAL,
      drOptIn: dev.program[d] >= 0,
      language: w.p.languages[dev.language[d]],
    },
    energy: [{ startS: seconds(from), intervalMinutes: Math.max(1, Math.round((now - from) / 60_000)), energyWh, peakDemandW: Math.round(w.load.powerW(d)) }],
    conditions,
    history: withoutEmptyIssuer(history),
  };
  dev.lastReportAt[d] = now;
  w.up(d, CDCS, 'applianceReport', body, Cls.LOW);
}

/** A report's period holds t: after its start, up to now. */
function inPeriod(t: number, from: number, now: number): boolean {
  return t > from && t <= now;
}

/** Whole seconds of a simulated time, as reports carry them. */
function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** History entries without an issuer leave the field out. */
function withoutEmptyIssuer(history: { atS: number; kind: number; issuerEventId?: number }[]): { atS: number; kind: number; issuerEventId?: number }[] {
  for (let i = 0; i < history.length; i++) {
    const h = history[i];
    if (!h.issuerEventId) history[i] = { atS: h.atS, kind: h.kind };
  }
  return history;
}

/** Flips bits of a frame the HAN's CRC failed to catch: the decoder must reject or survive it. */
function corrupt(frame: Uint8Array | undefined): void {
  if (!frame || frame.length === 0) return;
  const i = (frame.length * 7) >>> 3;
  frame[i] ^= 0xa5;
  if (frame.length > 3) frame[1] ^= 0xff;
}
