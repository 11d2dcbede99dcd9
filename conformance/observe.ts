/**
 * An instrumented run of the C5 world: everything the conformance properties need to judge a run, taken
 * from outside the models (the kernel's event observer and the world's trace sources, trace.ts), so the
 * models carry no test code. The world reuses the rows of finished messages as production runs do, so
 * messages are named by their serial in the MessageLog (`o.msgs`), copied when they are created:
 *
 * - every message as created (its frame decoded lazily) and the event that caused it (a message arrival, a
 *   timeline action, a customer action);
 * - every hop of every message (arrivals at NMS, meters, devices and back-office systems, link enqueues);
 * - every scenario step (S1-01…S2-08) with the device it concerns, in time order;
 * - every link transmission that started while a message of a higher class waited on the same link (NFR-02);
 * - hooks that run right after the event in which a device accepted a message (so a check can look at the
 *   device's state once it has acted on it);
 * - each device's price state (current and next price, alerts, alert limit) and power draw over time, as
 *   they change (read after every event of the device: FR-27, FR-30, FR-36).
 */
import type { Scenario } from '../scenarios/types.ts';
import type { Simulator } from '../sim/simulator.ts';
import { decodeEnvelope, type BodyKind, type EnvelopeObject } from '../models/wire/codec.ts';
import { Ev } from '../models/world/events.ts';
import { CDCS, CSR, CSS, MDMS, NMS, WEB } from '../models/world/ids.ts';
import type { Links } from '../models/transport/links.ts';
import { State } from '../models/world/messages.ts';
import { buildWorld } from '../models/world/run-scenario.ts';
import type { World } from '../models/world/world.ts';
import { MessageLog, type Acceptance } from './message-log.ts';
import { mutantHooks } from './mutants.ts';

/** A scheduled intervention from outside the model (a fault, a forged frame, a customer's change). */
export interface Intervention {
  at: number;
  label: string;
  apply(o: Observation): void;
}

export interface StepRecord {
  id: string;
  /** Device the step concerns, -1 when it concerns no single device (a public broadcast). */
  d: number;
  at: number;
  /** The message being handled or created when the step was counted, -1 when none. */
  m: number;
}

export interface Hop {
  actor: number;
  type: number;
  at: number;
}

export interface LinkViolation {
  link: string;
  index: number;
  at: number;
  /** The message that started transmitting and its class. */
  sent: number;
  sentCls: number;
  /** A message that waited on the same link with a higher class (lower number). */
  waiting: number;
  waitingCls: number;
}

/** What a device holds at one moment (FR-15, FR-27, FR-30, NFR-01). */
export interface DeviceSnapshot {
  at: number;
  price: number;
  nextPrice: number;
  priceKnown: boolean;
  alerts: number;
  alertLimit: number;
  program: number;
  language: number;
  configured: boolean;
  authenticated: boolean;
  joined: boolean;
  /** The device's store holds the message. */
  holds: boolean;
}

/** A device's price state from `at` on (FR-27, FR-30). */
export interface PriceState {
  at: number;
  known: boolean;
  price: number;
  next: number;
  alerts: number;
  alertLimit: number;
}

/** What a device holds of the meter's usage feed from `at` on (NFR-03): demand, W, measured at `readingAt`. */
export interface HeldStep {
  at: number;
  demandW: number;
  readingAt: number;
}

/** A device's power from `at` on, W (FR-36). */
export interface PowerStep {
  at: number;
  watts: number;
}

export interface ObserveOptions {
  mutants?: Iterable<string>;
  corruptProbability?: number;
  interventions?: Intervention[];
}

const MESSAGE_EVENTS = new Set<number>([Ev.ARRIVE, Ev.WAN_ENQ, Ev.HAN_ENQ, Ev.BCAST_ENQ]);
/** CDCS events whose payload is a timeline action index: the action itself, its reminders and its end. */
const ACTION_EVENTS = new Set<number>([Ev.ACTION, Ev.EVENT_IN_PROGRESS, Ev.EVENT_END]);

/** A customer's override reaching the device, with the device's state just before it (FR-33). */
export interface OverrideAttempt {
  d: number;
  at: number;
  issuer: number;
  activeEvent: number;
  overridden: boolean;
}

/** One look into a device's store (NFR-01, FR-24): was message m, received at `receivedAt`, readable at `at`? */
export interface StoreProbe {
  at: number;
  d: number;
  m: number;
  receivedAt: number;
  readable: boolean;
}

/**
 * The world as checks see it: without its message table, whose rows are reused once a message is finished;
 * checks read messages from `o.msgs`, by serial.
 */
export type ObservedWorld = Omit<World, 'msgs'>;

export class Observation {
  readonly s: Scenario;
  readonly sim: Simulator;
  readonly w: ObservedWorld;
  private readonly world: World;
  /** Every message of the run as created, by serial: what the properties judge (the world's rows are reused). */
  readonly msgs: MessageLog;
  private readonly decoded = new Map<number, EnvelopeObject | null>();
  /** The message whose arrival caused message m to be created (-1: none). */
  readonly causeOf: number[] = [];
  /** Timeline action index that created message m (-1: none). */
  readonly actionOf: number[] = [];
  /** Event type and actor in which message m was created. */
  readonly createdIn: { type: number; self: number; payload: number }[] = [];
  readonly hops: Hop[][] = [];
  /** First arrival of m at its destination actor (ms), for back-office and device destinations. */
  readonly arrivedAt: number[] = [];
  readonly steps: StepRecord[] = [];
  readonly linkViolations: LinkViolation[] = [];
  /** Link transmissions started from a queue, and how many of them had a message of another class waiting. */
  transmissions = 0;
  contended = 0;
  readonly overrideAttempts: OverrideAttempt[] = [];
  /** Every action CDCS was due to send (timeline index, or after the timeline the pricing actor's), and when. */
  readonly actionsAtCdcs: { index: number; at: number }[] = [];
  readonly probes: StoreProbe[] = [];
  /** Problems found while the run was going on (by checks registered with afterAccept). */
  readonly notes: string[] = [];
  /** Interventions applied, in order, with the time they were applied. */
  readonly applied: { at: number; label: string }[] = [];
  private ctx = { type: -1, payload: -1, self: -1 };
  private pendingS201: StepRecord | null = null;
  private after: (() => void)[] = [];
  private readonly acceptHooks: ((m: number, d: number, at: number) => (() => void) | void)[] = [];
  /** Each device's price state and power over time: a new entry whenever one changes. */
  readonly priceTrace: PriceState[][] = [];
  readonly powerTrace: PowerStep[][] = [];
  /** NFR-03: each subscribing device's held demand from `at` on (an arrival of the meter's usage feed). */
  readonly heldTrace: HeldStep[][] = [];
  /** DEMAND_LIMIT: every command an EMS sent, in order (ems/). */
  readonly emsCommands: { at: number; ems: number; d: number; shed: boolean }[] = [];
  /** The device whose event ran last (its state is traced before the next event), -1 none, and the event's time. */
  private lastDevice = -1;
  private lastAt = 0;

  constructor(s: Scenario, options: ObserveOptions = {}) {
    const built = buildWorld(s, { hooks: mutantHooks(options.mutants ?? []), corruptProbability: options.corruptProbability ?? 0 });
    // The study as CDCS runs it: its timeline with the CAP feeds' public alerts appended (OI-3).
    this.s = built.world.s;
    this.sim = built.sim;
    this.w = this.world = built.world;
    this.msgs = new MessageLog(this.world);
    this.world.trace.usageHeld.connect((d, demandW, readingAt) => void (this.heldTrace[d] ??= []).push({ at: this.sim.now, demandW, readingAt }));
    this.world.trace.emsCommand.connect((ems, d, shed) => void this.emsCommands.push({ at: this.sim.now, ems, d, shed }));
    for (let d = 0; d < this.w.p.devices; d++) this.trace(d, 0);
    this.instrument();
  }

  /** Device state just before (as the device decoded it) and right after the event in which it accepted accepted[i]. */
  readonly snapshots: { pre: DeviceSnapshot; post?: DeviceSnapshot }[] = [];

  /** Runs f right after the event in which a device accepts a message (state then reflects the message). */
  afterAccept(f: (m: number, d: number, at: number) => (() => void) | void): void {
    this.acceptHooks.push(f);
  }

  private instrument(): void {
    const { world: w, sim, msgs } = this;
    sim.observer = (_sim, type, payload) => {
      this.flushAfter();
      const self = sim.self;
      this.traceLast(self >= w.ids.device0 ? self - w.ids.device0 : -1);
      // A message event's payload is a row of w.msgs: the context names the message by its serial.
      const m = MESSAGE_EVENTS.has(type) && payload >= 0 && payload < w.msgs.count ? msgs.serialOf(payload) : -1;
      this.ctx = { type, payload: m >= 0 ? m : payload, self };
      if (m >= 0) {
        (this.hops[m] ??= []).push({ actor: self, type, at: sim.now });
        if (type === Ev.ARRIVE && msgs.dst[m] === self && this.arrivedAt[m] === undefined) this.arrivedAt[m] = sim.now;
      } else if (type === Ev.ACTION && self === CDCS) {
        this.actionsAtCdcs.push({ index: payload, at: sim.now });
      } else if (type === Ev.OVERRIDE && self >= w.ids.device0) {
        const d = self - w.ids.device0;
        this.overrideAttempts.push({ d, at: sim.now, issuer: payload, activeEvent: w.dev.activeEvent[d], overridden: w.dev.overridden[d] === 1 });
      }
    };
    // The log connected first, so a message has its serial when these run.
    const t = w.trace;
    t.step.connect((id) => this.recordStep(id));
    t.created.connect((row) => this.onCreate(msgs.serialOf(row)));
    t.accepted.connect((row, d) => {
      const m = msgs.serialOf(row);
      const at = sim.now;
      const snap: { pre: DeviceSnapshot; post?: DeviceSnapshot } = { pre: this.snapshot(d, m) };
      this.snapshots.push(snap);
      this.after.push(() => (snap.post = this.snapshot(d, m, at)));
      for (const hook of this.acceptHooks) {
        const later = hook(m, d, at);
        if (later) this.after.push(later);
      }
    });
    this.watchLinks();
  }

  /** Device d's state now; `holds`: its store has message m (by header id) from time `since` on. */
  snapshot(d: number, m: number, since = this.sim.now): DeviceSnapshot {
    const dev = this.w.dev;
    const wire = m >= 0 ? this.msgs.wire[m] : NaN;
    return {
      at: this.sim.now,
      price: dev.price[d],
      nextPrice: dev.nextPrice[d],
      priceKnown: dev.priceKnown[d] === 1,
      alerts: dev.alerts[d],
      alertLimit: dev.alertLimit[d],
      program: dev.program[d],
      language: dev.language[d],
      configured: dev.configured[d] === 1,
      authenticated: dev.authenticated[d] === 1,
      joined: dev.joined[d] === 1,
      holds: m >= 0 && dev.storedSince(d, since - 1).some((e) => e.wire === wire),
    };
  }

  /** Appends device d's price state and power to its traces, as of time `now`, when they changed. */
  private trace(d: number, now: number): void {
    const dev = this.w.dev;
    const prices = (this.priceTrace[d] ??= []);
    const p = prices[prices.length - 1];
    const known = dev.priceKnown[d] === 1;
    if (!p || p.known !== known || !same(p.price, dev.price[d]) || !same(p.next, dev.nextPrice[d]) || p.alerts !== dev.alerts[d] || !same(p.alertLimit, dev.alertLimit[d])) {
      const e = { at: now, known, price: dev.price[d], next: dev.nextPrice[d], alerts: dev.alerts[d], alertLimit: dev.alertLimit[d] };
      if (p && p.at === now) prices[prices.length - 1] = e;
      else prices.push(e);
    }
    const power = (this.powerTrace[d] ??= []);
    const q = power[power.length - 1];
    const watts = this.w.load.powerW(d);
    if (!q || q.watts !== watts) {
      if (q && q.at === now) q.watts = watts;
      else power.push({ at: now, watts });
    }
  }

  /** Traces the device of the event that just ran, and notes the device of the next one (its event runs now). */
  private traceLast(next: number): void {
    if (this.lastDevice >= 0) this.trace(this.lastDevice, this.lastAt);
    this.lastDevice = next;
    this.lastAt = this.sim.now;
  }

  private flushAfter(): void {
    if (this.after.length === 0) return;
    const fs = this.after;
    this.after = [];
    for (const f of fs) f();
  }

  private onCreate(m: number): void {
    const { ctx } = this;
    this.causeOf[m] = ctx.type === Ev.ARRIVE ? ctx.payload : -1;
    // CDCS carries out the timeline; CSS its diagnostic tests (FR-13).
    this.actionOf[m] = ACTION_EVENTS.has(ctx.type) && (ctx.self === CDCS || ctx.self === CSS) ? ctx.payload : -1;
    this.createdIn[m] = { ...ctx };
    if (this.pendingS201) {
      this.pendingS201.m = m;
      this.pendingS201.d = this.msgs.device[m];
      this.pendingS201 = null;
    }
  }

  private recordStep(id: string): void {
    const { w, ctx, msgs } = this;
    const at = this.sim.now;
    const self = ctx.self;
    let d = -1;
    let m = -1;
    const msgDevice = () => {
      if (ctx.type === Ev.ARRIVE && ctx.payload >= 0) {
        m = ctx.payload;
        d = msgs.device[m];
      }
    };
    if (self >= w.ids.device0) {
      d = self - w.ids.device0;
      if (ctx.type === Ev.ARRIVE) m = ctx.payload;
    } else if (self >= w.ids.customer0) {
      if (ctx.type === Ev.REGISTER) d = ctx.payload;
      else if (ctx.type === Ev.CHANGE) d = w.customers.changes?.[ctx.payload]?.d ?? -1;
      else msgDevice();
    } else if (self === CSS && ctx.type === Ev.PROCESSED) d = ctx.payload;
    else if (self === CDCS && ACTION_EVENTS.has(ctx.type)) {
      const r: StepRecord = { id, d: -1, at, m: -1 };
      this.steps.push(r);
      this.pendingS201 = r;
      return;
    } else msgDevice();
    this.steps.push({ id, d, at, m });
  }

  /**
   * NFR-02 on every link: each transmission that starts from a link's queue is compared with the messages
   * still waiting there (a message leaves a queue by starting, or by being dropped when its link goes away).
   */
  private watchLinks(): void {
    const { msgs } = this;
    const waiting = new Map<Links, Map<number, number[]>>();
    const queueOf = (links: Links, link: number): number[] => {
      let byLink = waiting.get(links);
      if (!byLink) waiting.set(links, (byLink = new Map()));
      let q = byLink.get(link);
      if (!q) byLink.set(link, (q = []));
      return q;
    };
    /** The queue each waiting message is in, to take a dropped one out. */
    const queueOfMessage = new Map<number, number[]>();
    const t = this.w.trace;
    t.hopQueued.connect((links, link, row) => {
      const m = msgs.serialOf(row);
      const q = queueOf(links, link);
      q.push(m);
      queueOfMessage.set(m, q);
    });
    t.dropped.connect((row) => {
      const m = msgs.serialOf(row);
      const q = queueOfMessage.get(m);
      if (!q) return;
      q.splice(q.indexOf(m), 1);
      queueOfMessage.delete(m);
    });
    t.hopStarted.connect((links, link, row) => {
      const m = msgs.serialOf(row);
      const q = queueOfMessage.get(m);
      if (!q) return; // started on an idle link: nothing waited
      q.splice(q.indexOf(m), 1);
      queueOfMessage.delete(m);
      this.transmissions++;
      if (q.some((other) => msgs.cls[other] !== msgs.cls[m])) this.contended++;
      let best = -1;
      for (const other of q) if (best < 0 || msgs.cls[other] < msgs.cls[best]) best = other;
      if (best >= 0 && msgs.cls[best] < msgs.cls[m]) {
        this.linkViolations.push({ link: links.name, index: link, at: this.sim.now, sent: m, sentCls: msgs.cls[m], waiting: best, waitingCls: msgs.cls[best] });
      }
    });
  }

  /**
   * Puts a frame straight into the world's message table, as no actor would send it (a forged or corrupt
   * frame): `row` for the event that delivers it, `m` its serial in the log.
   */
  inject(kind: BodyKind, cls: number, pub: boolean, src: number, dst: number, device: number, frame: Uint8Array, lang = 255): { row: number; m: number } {
    const row = this.world.msgs.add(kind, cls, pub, this.sim.now, src, dst, device, false, frame, lang, true);
    return { row, m: this.msgs.adopt(row) };
  }

  /** Runs the scenario to its end, applying the interventions at their times. */
  runAll(interventions: Intervention[] = []): this {
    const list = [...interventions].sort((a, b) => a.at - b.at);
    for (const iv of list) this.runTo(iv.at).apply(iv);
    return this.runTo(this.s.duration);
  }

  /** Advances the simulation to time t (ms), then flushes pending after-event checks. */
  runTo(t: number): this {
    this.sim.run({ until: Math.max(t, this.sim.now) });
    this.flushAfter();
    this.traceLast(-1);
    return this;
  }

  apply(iv: Intervention): this {
    this.ctx = { type: -1, payload: -1, self: -1 };
    iv.apply(this);
    this.applied.push({ at: this.sim.now, label: iv.label });
    return this;
  }

  /** Looks into every device's store now: each message it accepted (and keeps), readable or not (NFR-01). */
  probeStores(keep: (m: number) => boolean): void {
    const now = this.sim.now;
    const readable = new Map<number, Set<number>>();
    for (const a of this.accepted) {
      if (!keep(a.m) || a.at > now) continue;
      let r = readable.get(a.d);
      if (!r) readable.set(a.d, (r = new Set(this.w.dev.readable(a.d, now))));
      this.probes.push({ at: now, d: a.d, m: a.m, receivedAt: a.at, readable: r.has(this.msgs.wire[a.m]) });
    }
  }

  // ---- queries ----------------------------------------------------------------------------------

  kind(m: number): BodyKind {
    return this.msgs.kindName(m);
  }

  /** The message as created (null for background traffic or a frame that does not decode). */
  env(m: number): EnvelopeObject | null {
    if (this.decoded.has(m)) return this.decoded.get(m)!;
    const f = this.msgs.frames[m];
    const r = f ? decodeEnvelope(f) : null;
    const v = r && r.ok ? r.value : null;
    this.decoded.set(m, v);
    return v;
  }

  /** Device index of a device actor id, or -1. */
  deviceOf(actor: number): number {
    return actor >= this.w.ids.device0 ? actor - this.w.ids.device0 : -1;
  }

  /** Message m travels over the HAN: from or to a device (not a LAN message about a device). */
  isHan(m: number): boolean {
    const msgs = this.msgs;
    return !msgs.pub[m] && (msgs.src[m] >= this.w.ids.device0 || msgs.dst[m] >= this.w.ids.device0);
  }

  dropped(m: number): boolean {
    return this.msgs.state[m] === State.DROPPED;
  }

  /** Devices one of whose messages the network provably lost (dropped after every retry) before `until`. */
  lossyDevices(): Set<number> {
    const out = new Set<number>();
    const msgs = this.msgs;
    for (let m = 0; m < msgs.count; m++) if (msgs.state[m] === State.DROPPED && msgs.device[m] >= 0) out.add(msgs.device[m]);
    return out;
  }

  /** Messages by kind (ids), in creation order. */
  messagesOf(kind: BodyKind): number[] {
    const out: number[] = [];
    const msgs = this.msgs;
    for (let m = 0; m < msgs.count; m++) if (msgs.kindName(m) === kind) out.push(m);
    return out;
  }

  /** Steps of one device in time order. */
  stepsOf(d: number): StepRecord[] {
    return this.steps.filter((r) => r.d === d);
  }

  /** (message, device, time) of every acceptance by a device. */
  get accepted(): Acceptance[] {
    return this.msgs.accepted;
  }

  /** An actor's role name for reports. */
  roleOf(actor: number): string {
    const ids = this.w.ids;
    if (actor === CSS) return 'CSS';
    if (actor === NMS) return 'NMS';
    if (actor === CDCS) return 'CDCS';
    if (actor === MDMS) return 'MDMS';
    if (actor === WEB) return 'Web';
    if (actor === CSR) return 'CSR';
    if (actor >= ids.device0) return `device ${actor - ids.device0}`;
    if (actor >= ids.customer0) return `customer ${actor - ids.customer0}`;
    if (actor >= ids.meter0) return `meter ${actor - ids.meter0}`;
    if (actor >= ids.broadcast0) return `broadcast ${actor - ids.broadcast0}`;
    if (actor >= ids.collector0) return `collector ${actor - ids.collector0}`;
    return `actor ${actor}`;
  }

  /** Quiet time before the end: checks of "eventually" exempt what was created in the last `ms`. */
  settledBefore(ms = 20 * 60_000): number {
    return this.s.duration - ms;
  }
}

/** Equal numbers, NaN equal to NaN. */
const same = (a: number, b: number) => a === b || (a !== a && b !== b);

/** Builds and runs an observation with interventions. */
export function observe(s: Scenario, options: ObserveOptions = {}): Observation {
  const o = new Observation(s, options);
  return o.runAll(options.interventions ?? []);
}
