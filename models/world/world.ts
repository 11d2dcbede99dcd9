/**
 * The C5 world shared by every actor kind: the scenario, the population, message columns, links,
 * per-device and back-office state, the recorder, and the transport helpers that move a message over
 * the AMI path (DESIGN principle 5):
 *
 *   back office ─LAN─▶ NMS ─▶ WAN backhaul ─▶ collector RF mesh (h hops, shared channel) ─▶ meter ─▶ HAN ─▶ device
 *   CDCS ─LAN─▶ regional broadcast channel ─▶ every device in the region, registered or not (FR-22)
 *
 * Upstream traffic takes the same links back. BR-08: all HAN traffic passes the NMS.
 */
import { type Scenario } from '../../scenarios/types.ts';
import { uniformAt } from '../../sim/random/stream.ts';
import type { Simulator } from '../../sim/simulator.ts';
import { ActorKind, encodedSize, encodeEnvelope, headerLength, makeEnvelope, Priority, provenFrameOf, provenSizeOf, provenValid, Visibility, type BodyKind, type EnvelopeObject } from '../wire/codec.ts';
import { Cls, Ev, PRIORITY_NAMES } from './events.ts';
import { CDCS, CSR, CSS, layoutOf, MDMS, NMS, WEB, type Layout } from './ids.ts';
import type { Links } from '../transport/links.ts';
import { CSR_CALL_MIN_MS, EMS_RELAY_MS, LAN_MS, WEB_MS } from '../transport/link-graph.ts';
import { Transport } from '../transport/transport.ts';
import { MessageTable, State, UNSIZED } from './messages.ts';
import { EMS, IHD, type Population } from './population.ts';
import { Recorder, slaSlot } from './recorder.ts';
import { DeviceState } from './device-state.ts';
import { CdcsRecords, CssRecords, NmsRecords } from './back-office-state.ts';
import { CustomerState } from './customer-state.ts';
import type { CustomerChange } from './management.ts';
import { LoadModel } from './load.ts';
import { LocalClock } from './clock.ts';
import { RateAdvisor } from '../advice/advisor.ts';
import { DevicePrices } from './device-prices.ts';
import { MinutePoints, type MinuteTotals } from './minute-totals.ts';
import { emptyReach, type ReachTotals } from './response-reach.ts';
import { WorldTrace } from './trace.ts';
import { MODEL_HOOKS, type ModelHooks } from './hooks.ts';
import { MeteringModel } from './metering/metering.ts';
import { EmsModel } from './ems/ems.ts';

/** Header priority by queue class (Cls): background and metering frames say LOW. */
const PRIORITY_OF_CLASS = [Priority.PRIORITY_HIGH, Priority.PRIORITY_MEDIUM, Priority.PRIORITY_LOW, Priority.PRIORITY_LOW, Priority.PRIORITY_LOW, Priority.PRIORITY_LOW];
export const CLASS_OF: Record<'high' | 'medium' | 'low', number> = { high: Cls.HIGH, medium: Cls.MEDIUM, low: Cls.LOW };

export interface WorldOptions {
  /** Probability a delivered frame is corrupted in a way the HAN's CRC misses (fault injection for tests). */
  corruptProbability?: number;
  /** Replacements for some of the model's decisions (hooks.ts): the conformance suite's deliberate faults. In-thread runs only (functions do not cross to worker threads). */
  hooks?: Partial<ModelHooks>;
  /**
   * Partitioned runs: the partition each back-office system runs in (default 0). CDCS takes the broadcast
   * channels and the pricing actor with it, NMS the firmware push; any placement gives the same results.
   */
  backOffice?: BackOfficePlacement;
  /**
   * `bytes`: every message travels as its protobuf frame and is decoded where it arrives. Default `objects`: the
   * envelope travels (its encoded size still sets the airtime) and frames are made only where the wire is real —
   * corruption on (then always bytes) or a partition boundary. Both give the same run (decode(encode(x)) = x).
   */
  wire?: 'bytes' | 'objects';
  /** false: every link arrival gets its event (Transport's `fold`); the run is the same with fewer events when true (default). */
  fold?: boolean;
}

/**
 * What World.create makes of a message besides checking it: its encoded size (it will cross links, which charge
 * airtime for it), its frame (it will cross a partition boundary: one encode, the size with it), or nothing more
 * (it goes by a fixed delay, the LAN or the web site: the size of a message no link carries is never read).
 */
export const Carry = { SIZE: 0, FRAME: 1, CHECK: 2 } as const;
export type Carry = (typeof Carry)[keyof typeof Carry];

/** Partition index per back-office system. */
export type BackOfficePlacement = Partial<Record<'css' | 'nms' | 'cdcs' | 'mdms' | 'web' | 'csr', number>>;

/**
 * The wire identities of the back-office systems (actor ids CSS … CSR), shared by every header that names them:
 * envelopes travel as objects between actors and nobody writes into a received one, so one object each will do.
 */
const BACK_OFFICE_REFS: readonly { kind: ActorKind; id: number }[] = [
  Object.freeze({ kind: ActorKind.ACTOR_CSS, id: 1 }),
  Object.freeze({ kind: ActorKind.ACTOR_NMS, id: 1 }),
  Object.freeze({ kind: ActorKind.ACTOR_CDCS, id: 1 }),
  Object.freeze({ kind: ActorKind.ACTOR_MDMS, id: 1 }),
  Object.freeze({ kind: ActorKind.ACTOR_WEB_SITE, id: 1 }),
  Object.freeze({ kind: ActorKind.ACTOR_CSR, id: 1 }),
];
if ([CSS, NMS, CDCS, MDMS, WEB, CSR].some((a, i) => a !== i)) throw new Error('back-office actor ids must be 0 … 5 in BACK_OFFICE_REFS order');

export class World {
  readonly ids: Layout;
  readonly msgs = new MessageTable();
  readonly rec: Recorder;
  /** Links, queues, loss and faults (models/transport); `wan` … `bcast` are its link classes. */
  readonly transport: Transport;
  readonly wan: Links;
  readonly rf: Links;
  readonly han: Links;
  readonly bcast: Links;
  readonly dev: DeviceState;
  /** Local wall-clock time of the study (its zone, DST): TOU prices and alerts on the devices follow it. */
  readonly clock: LocalClock;
  /** The prices each device holds and when they change (FR-27, FR-30). */
  readonly prices: DevicePrices;
  /** Each back-office system's own records (a handler sees only its own: actor-context.ts). */
  readonly css: CssRecords;
  readonly nms: NmsRecords;
  readonly cdcs: CdcsRecords;
  readonly customers: CustomerState;
  /** CDCS's rate advisor (OI-5), where CDCS runs and the study asks for advice. */
  readonly advisor: RateAdvisor | null;
  readonly load: LoadModel;
  /** NFR-03: the meters' usage feed and the values devices hold (metering/). */
  readonly metering: MeteringModel;
  /** DEMAND_LIMIT: the EMSs' demand limiter and the premises' demand with and without it (ems/). */
  readonly ems: EmsModel;
  /** One Philox draw counter per actor: every actor draws from its own stream. */
  private readonly draws: Float64Array;
  /** Messages each actor has created, for partition-independent header ids. */
  private readonly sentBy: Float64Array;
  /** Decoded frames shared by every device a broadcast reaches. */
  readonly decodedBroadcasts = new Map<number, EnvelopeObject>();
  readonly corruptProbability: number;
  /** Messages travel as protobuf frames (see WorldOptions.wire). */
  readonly realWire: boolean;
  /** What observers outside the model can subscribe to (trace.ts). */
  readonly trace: WorldTrace;
  /** The decisions some handlers delegate (hooks.ts). */
  readonly hooks: ModelHooks;
  /** Turns this world's minutes into `rec.points` (a single-partition run). */
  readonly minutePoints: MinutePoints;
  /** Where each minute's totals go: into `minutePoints`, or to the merger of a partitioned run. */
  minuteSink: (m: MinuteTotals) => void;
  /** Devices each response signal reached, per region (response-reach.ts). */
  readonly reach: ReachTotals = emptyReach();
  /** MINUTE events the director delivered (each partition runs its own director). */
  directorEvents = 0;
  /** Partitioned runs: the partition of every actor id, and this world's (`leaves`); null on one partition. */
  private owner: Uint8Array | null = null;
  private me = 0;

  constructor(
    readonly sim: Simulator,
    readonly s: Scenario,
    readonly p: Population,
    options: WorldOptions = {},
    /** The devices whose physics this world runs (a partition's own; all by default). */
    devices: [number, number] = [0, p.devices],
    /** Whether this world runs back-office actor `id` (a partition may run some, all or none). */
    hosts: (id: number) => boolean = () => true,
  ) {
    this.ids = layoutOf(p);
    this.rec = new Recorder(s.sla_s);
    this.transport = new Transport(s.network, { collectors: p.collectors, customers: p.customers, regions: p.regions.length }, {
      sim,
      msgs: this.msgs,
      uniform: (actor) => this.uniform(actor),
      hopDone: (links, m, ms) => {
        this.rec.hop(links.name, ms);
        this.trace.hopDone.fire?.(links, m, ms);
      },
      drop: (m) => this.drop(m),
    }, { fold: options.fold });
    ({ wan: this.wan, rf: this.rf, han: this.han, broadcast: this.bcast } = this.transport);
    this.trace = new WorldTrace(this.transport.trace);
    this.hooks = { ...MODEL_HOOKS, ...options.hooks };
    this.dev = new DeviceState(p.devices, devices[0], devices[1], this.hooks.retentionMs);
    this.clock = new LocalClock(s.start, s.time_zone);
    this.prices = new DevicePrices(this, this.dev, p.devices, devices[0], devices[1]);
    this.css = new CssRecords(p.devices, hosts(CSS));
    this.nms = new NmsRecords(p.devices);
    this.cdcs = new CdcsRecords(p.devices, hosts(CDCS));
    this.customers = new CustomerState(p.customers, p.devices);
    this.advisor = s.rate_advice && hosts(CDCS) ? new RateAdvisor(s.rate_advice, p.customers) : null;
    this.draws = new Float64Array(this.ids.actors);
    this.sentBy = new Float64Array(this.ids.actors + 1);
    this.corruptProbability = options.corruptProbability ?? 0;
    this.realWire = options.wire === 'bytes' || this.corruptProbability > 0;
    this.msgs.headerOf = (m) => this.headerOf(m);
    this.trace.step.connect((id) => this.rec.step(id));
    this.load = new LoadModel(this, devices[0], devices[1]);
    this.metering = new MeteringModel(this, devices);
    this.ems = new EmsModel(this);
    this.minutePoints = new MinutePoints(p.regions, s.programs.map((x) => x.id), this.load.populatedGroups, s.sla_s, this.rec.points);
    this.minuteSink = (m) => void this.minutePoints.add(m);
  }

  /** A partitioned run: actor id → partition, and this world's partition (buildWorld, once the actors exist). */
  placeIn(owner: Uint8Array, me: number): void {
    this.owner = owner;
    this.me = me;
  }

  /** True when actor `to` runs in another partition: a message to it will cross a boundary. */
  leaves(to: number): boolean {
    return this.owner !== null && this.owner[to] !== this.me;
  }

  /** FR-03: the customer changes device d's program, language or alert limit, or deletes it. */
  customerChange(d: number, change: CustomerChange, at = this.sim.now): void {
    const id = this.customers.changes.push({ d, change }) - 1;
    this.sim.at(at, this.customerActor(this.p.owner[d]), Ev.CHANGE, id);
  }

  /** Network faults: a link that is down loses every transmission (so retries, then drops) until it is up. */
  setLinkUp(kind: 'wan' | 'rf' | 'han', index: number, up: boolean): void {
    this.transport.setLinkUp(kind, index, up);
  }

  /** A meter restarts: its HAN link is down for `downMs` and everything queued on it is lost. */
  restartMeter(c: number, downMs = 60_000): void {
    this.transport.restartMeter(c);
    this.sim.at(this.sim.now + downMs, this.meterActor(c), Ev.METER_UP, c);
  }

  /**
   * The header id of the next message actor `src` sends: its own counter mixed with its id, so ids are
   * unique and do not depend on what other actors (or other partitions) sent before.
   */
  nextWireId(src: number): number {
    return this.sentBy[src] * this.ids.actors + src + 1;
  }

  /** A uniform draw from actor `id`'s own stream. */
  uniform(id: number): number {
    return uniformAt(this.s.seed, id, 0, this.draws[id]++);
  }

  exponential(id: number, mean: number): number {
    return -mean * Math.log1p(-this.uniform(id));
  }

  deviceActor(d: number): number {
    return this.ids.device0 + d;
  }
  meterActor(c: number): number {
    return this.ids.meter0 + c;
  }
  customerActor(c: number): number {
    return this.ids.customer0 + c;
  }
  collectorActor(k: number): number {
    return this.ids.collector0 + k;
  }
  broadcastActor(r: number): number {
    return this.ids.broadcast0 + r;
  }

  /** The customer (and meter) a message concerns: its device's owner, or the meter it comes from or goes to. */
  customerOfMessage(m: number): number {
    const d = this.msgs.device[m];
    if (d >= 0) return this.p.owner[d];
    return (this.msgs.up[m] ? this.msgs.src[m] : this.msgs.dst[m]) - this.ids.meter0;
  }

  /** The header create() gave message m, from its row (MessageTable.addBody). */
  headerOf(m: number): EnvelopeObject['header'] {
    const msgs = this.msgs;
    const header: EnvelopeObject['header'] = {
      id: msgs.wire[m],
      visibility: msgs.pub[m] ? Visibility.VISIBILITY_PUBLIC : Visibility.VISIBILITY_PRIVATE,
      priority: PRIORITY_OF_CLASS[msgs.cls[m]],
      source: this.refOf(msgs.src[m]),
      destination: this.refOf(msgs.dst[m]),
      sentAtMs: msgs.created[m],
    };
    const correlationId = msgs.corr[m];
    if (correlationId) header.correlationId = correlationId;
    if (msgs.lang[m] !== 255) header.language = this.p.languages[msgs.lang[m]];
    return header;
  }

  /** The wire identity of an actor id (ActorRef kind + id). */
  refOf(actor: number): { kind: ActorKind; id: number } {
    if (actor < BACK_OFFICE_REFS.length) return BACK_OFFICE_REFS[actor];
    return { kind: this.refKind(actor), id: this.refId(actor) };
  }

  /** refOf(actor).kind, without making the object. */
  private refKind(actor: number): ActorKind {
    const ids = this.ids;
    if (actor < BACK_OFFICE_REFS.length) return BACK_OFFICE_REFS[actor].kind;
    if (actor >= ids.device0) {
      const t = this.p.type[actor - ids.device0];
      return t === IHD ? ActorKind.ACTOR_IHD : t === EMS ? ActorKind.ACTOR_EMS : ActorKind.ACTOR_APPLIANCE;
    }
    if (actor >= ids.customer0) return ActorKind.ACTOR_CUSTOMER;
    if (actor >= ids.meter0) return ActorKind.ACTOR_METER;
    if (actor >= ids.broadcast0) return ActorKind.ACTOR_BROADCAST;
    return ActorKind.ACTOR_KIND_UNSPECIFIED;
  }

  /** refOf(actor).id, without making the object. */
  private refId(actor: number): number {
    const ids = this.ids;
    if (actor < BACK_OFFICE_REFS.length) return BACK_OFFICE_REFS[actor].id;
    if (actor >= ids.device0) return actor - ids.device0 + 1;
    if (actor >= ids.customer0) return actor - ids.customer0 + 1;
    if (actor >= ids.meter0) return actor - ids.meter0 + 1;
    if (actor >= ids.broadcast0) return actor - ids.broadcast0 + 1;
    return actor + 1;
  }

  /** The header of a message create() makes (the same as headerOf gives once its row is filled). */
  private headerFor(id: number, visibility: Visibility, priority: Priority, src: number, dst: number, sentAtMs: number, correlationId: number, lang: string | undefined): EnvelopeObject['header'] {
    // Built field by field (no spreads): this runs for every message that needs one. Field order does not change the bytes.
    const header: EnvelopeObject['header'] = { id, visibility, priority, source: this.refOf(src), destination: this.refOf(dst), sentAtMs };
    if (correlationId) header.correlationId = correlationId;
    if (lang) header.language = lang;
    return header;
  }

  /**
   * Encodes a message and records it; the caller routes it. `device` is the HAN device it goes to or comes
   * from; `concerns` the device a back-office message is about (kept in `msgs.device`, not counted for the SLA).
   * `carry`: what its way needs besides the validity check (Carry; a wrong guess changes nothing but the cost).
   */
  create(kind: BodyKind, body: unknown, cls: number, pub: boolean, src: number, dst: number, device: number, up: boolean, lang?: string, answering = -1, concerns = device, carry: Carry = this.leaves(dst) ? Carry.FRAME : Carry.SIZE): number {
    const id = this.nextWireId(src);
    this.sentBy[src]++;
    const correlationId = answering >= 0 ? this.msgs.wire[answering] : 0;
    const visibility = pub ? Visibility.VISIBILITY_PUBLIC : Visibility.VISIBILITY_PRIVATE, priority = PRIORITY_OF_CLASS[cls];
    const sentAtMs = this.sim.now;
    const langIndex = lang ? this.p.languages.indexOf(lang) : -1;
    const sla = device >= 0 || pub || src === CDCS || dst === CDCS || src === NMS || dst === NMS;
    const lang8 = langIndex < 0 ? 255 : langIndex;
    let m: number;
    if (this.realWire) {
      const frame = encodeEnvelope(makeEnvelope(this.headerFor(id, visibility, priority, src, dst, sentAtMs, correlationId, lang), kind, body));
      m = this.msgs.add(kind, cls, pub, sentAtMs, src, dst, concerns, up, frame, lang8, sla);
    } else {
      // The size is the encoded frame's (it validates the envelope too); the header's length comes from its values
      // (codec.headerLength): no walk of a header object, and none is made unless something reads it — a frame,
      // text messages' and alerts' whole-envelope rules (FR-19), a header its values did not prove, an envelope kept
      // whole (a language outside the study's list has no index). An envelope proven valid here is encoded without a
      // re-check if it crosses a partition after all (msgs.frameOf).
      const hl = headerLength(id, correlationId || undefined, visibility, priority, lang || undefined, this.refKind(src), this.refId(src), this.refKind(dst), this.refId(dst), sentAtMs);
      const whole = !!lang && langIndex < 0;
      const needed = carry === Carry.FRAME || hl < 0 || whole || kind === 'textMessage' || kind === 'publicAlert';
      let header = needed ? this.headerFor(id, visibility, priority, src, dst, sentAtMs, correlationId, lang) : undefined;
      // A unicast message bound for another partition travels as the frame made here (its size with it), proven
      // valid as provenSizeOf would and decoded by the receiver without the value rules (MessageTable.frameTrusted).
      const frame = carry === Carry.FRAME && !pub ? provenFrameOf(header, kind, body, hl) : undefined;
      if (frame) m = this.msgs.add(kind, cls, pub, sentAtMs, src, dst, concerns, up, frame, lang8, sla, frame.length, true);
      else {
        // No link charges airtime for a Carry.CHECK message: checked as provenSizeOf would, not sized (UNSIZED; Links.airtime refuses it).
        const checked = carry === Carry.CHECK && provenValid(header, kind, body, hl);
        const proven = checked ? UNSIZED : provenSizeOf(header, kind, body, hl);
        const size = checked || proven >= 0 ? proven : encodedSize(makeEnvelope((header ??= this.headerFor(id, visibility, priority, src, dst, sentAtMs, correlationId, lang)), kind, body));
        // Only the body is kept: headerOf() rebuilds this header from the row.
        m = !whole ? this.msgs.addBody(kind, cls, pub, sentAtMs, src, dst, concerns, up, body, lang8, sla, size, checked || proven >= 0, correlationId) : this.msgs.add(kind, cls, pub, sentAtMs, src, dst, concerns, up, makeEnvelope(header!, kind, body), lang8, sla, size, checked || proven >= 0);
      }
    }
    this.msgs.wire[m] = id;
    this.msgs.answers[m] = answering >= 0 ? this.msgs.created[answering] : -1;
    if (cls <= Cls.LOW) this.rec.sentMessage(kind, PRIORITY_NAMES[cls], pub ? 'public' : 'private');
    if (this.judgedAtEnd(m)) this.rec.slaPending[slaSlot(this.msgs.kind[m], cls)]++;
    this.trace.created.fire?.(m);
    return m;
  }

  /** Back office to back office (or web/CSR) over the utility LAN; `device` is the device concerned. */
  lan(src: number, dst: number, kind: BodyKind, body: unknown, cls: number = Cls.MEDIUM, answering = -1, device = -1): number {
    const m = this.create(kind, body, cls, false, src, dst, -1, false, undefined, answering, device, this.leaves(dst) ? Carry.FRAME : Carry.CHECK);
    this.sim.send(dst, LAN_MS, Ev.ARRIVE, m);
    return m;
  }

  /** Between a customer and the web site (seconds) or a CSR (a phone call, minutes): FR-01. */
  toCustomer(src: number, dst: number, kind: BodyKind, body: unknown, device: number): number {
    const m = this.create(kind, body, Cls.MEDIUM, false, src, dst, -1, false, undefined, -1, device, this.leaves(dst) ? Carry.FRAME : Carry.CHECK);
    const viaCsr = src === CSR || dst === CSR;
    // The caller's own stream times the call, so each stream is drawn in one place (partitions: one owner).
    const delay = viaCsr ? Math.round(CSR_CALL_MIN_MS + this.exponential(src, 180_000)) : WEB_MS;
    this.sim.send(dst, delay, Ev.ARRIVE, m);
    return m;
  }

  /** A back-office system to a HAN device: through the NMS, the WAN, the RF mesh, the meter and the HAN. */
  down(src: number, d: number, kind: BodyKind, body: unknown, cls: number, lang?: string, answering = -1): number {
    const to = this.deviceActor(d);
    const m = this.create(kind, body, cls, false, src, to, d, false, lang, answering, d, this.leaves(NMS) || this.leaves(to) ? Carry.FRAME : Carry.SIZE);
    this.sim.send(NMS, src === NMS ? 0 : LAN_MS, Ev.ARRIVE, m);
    return m;
  }

  /** A HAN device to a back-office system: HAN, meter, RF mesh, WAN, NMS, then the LAN. */
  up(d: number, dst: number, kind: BodyKind, body: unknown, cls: number, answering = -1): number {
    const m = this.create(kind, body, cls, false, this.deviceActor(d), dst, d, true, undefined, answering, d, this.leaves(NMS) || this.leaves(dst) ? Carry.FRAME : Carry.SIZE);
    const c = this.p.owner[d];
    this.sim.send(this.meterActor(c), this.p.viaEms[d] ? EMS_RELAY_MS : 0, Ev.HAN_ENQ, m);
    return m;
  }

  /** A public message on the broadcast channel of region r (FR-22), with every language variant it has. */
  broadcast(r: number, kind: BodyKind, body: unknown, cls: number): number {
    const m = this.create(kind, body, cls, true, CDCS, this.broadcastActor(r), -1, false);
    this.sim.send(this.broadcastActor(r), LAN_MS, Ev.BCAST_ENQ, m);
    return m;
  }

  /** Starts sending `m` on `link` now, or queues it behind the link's current transmission (Transport.offer). */
  offer(links: Links, link: number, m: number, doneEvent: number): void {
    this.transport.offer(links, link, m, doneEvent);
  }

  /** A transmission of `m` on `link` ended; true when it got through (Transport.complete). */
  complete(links: Links, link: number, m: number, doneEvent: number, retryEvent: number, actor: number): boolean {
    return this.transport.complete(links, link, m, doneEvent, retryEvent, actor);
  }

  /**
   * A covered private message of a C5 class sent more than sla_s before the end: if it is still in flight when
   * the run ends it has missed NFR-04 (Recorder.slaPending). Broadcasts finish within seconds and are left out.
   */
  private judgedAtEnd(m: number): boolean {
    const msgs = this.msgs;
    return msgs.sla[m] === 1 && msgs.pub[m] === 0 && msgs.cls[m] <= Cls.LOW && msgs.created[m] < this.s.duration - this.s.sla_s * 1000;
  }

  drop(m: number): void {
    const cls = this.msgs.cls[m];
    if (this.judgedAtEnd(m)) this.rec.slaPending[slaSlot(this.msgs.kind[m], cls)]--;
    if (cls <= Cls.LOW) this.rec.droppedMessage(this.msgs.kindName(m), cls, PRIORITY_NAMES[cls], this.msgs.pub[m] ? 'public' : 'private', this.msgs.sla[m] === 1);
    else if (cls === Cls.METERING) this.metering.dropped++, this.rec.metering(0, 0, 1, 0);
    this.msgs.finish(m, State.DROPPED);
    if (cls <= Cls.LOW) this.rec.finished++;
    this.trace.dropped.fire?.(m);
  }

  /** A message reached its final destination: measure it. `shared` messages (broadcasts) stay open. */
  arrived(m: number, shared = false): void {
    const msgs = this.msgs;
    const cls = msgs.cls[m];
    if (cls <= Cls.LOW) {
      this.rec.delivered(msgs.kindName(m), cls, PRIORITY_NAMES[cls], msgs.pub[m] ? 'public' : 'private', this.sim.now - msgs.created[m], msgs.sla[m] === 1);
    }
    if (!shared && this.judgedAtEnd(m)) this.rec.slaPending[slaSlot(msgs.kind[m], cls)]--;
    if (!shared) {
      msgs.finish(m, State.DELIVERED);
      if (cls <= Cls.LOW) this.rec.finished++;
      this.trace.delivered.fire?.(m);
    }
  }

  /** The last device has heard broadcast m. */
  arrivedBroadcast(m: number): void {
    this.msgs.finish(m, State.DELIVERED);
    if (this.msgs.cls[m] <= Cls.LOW) this.rec.finished++;
    this.trace.delivered.fire?.(m);
  }

  /** Step `id` of the use case happened in the event being handled (the recorder counts it; observers may follow). */
  step(id: string): void {
    this.trace.step.fire!(id);
  }

  /** Seconds of simulated time, as bodies carry them (uint32). */
  nowS(): number {
    return Math.floor(this.sim.now / 1000);
  }
}
