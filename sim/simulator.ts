import type { ActorKind, KindRange } from './actor-kind.ts';
import { CalendarQueue } from './calendar-queue.ts';
import type { EventQueue } from './event-queue.ts';
import { DEFAULT_HINT, EventStore, HAS_DATA, STATE_CANCELLED, TYPE_LIMIT, handleOf, typeOf } from './event-store.ts';
import { HeapQueue } from './heap-queue.ts';
import { RandomStream } from './random/stream.ts';

/** Actor ids up to this have a one-byte kind table (16 MB at most); sparser id spaces use a binary search of ranges. */
const KIND_TABLE_LIMIT = 1 << 24;

/** Priorities 0 (first) … 7 (last) order events that fall on the same tick. */
export const PRIORITY_FIRST = 0;
export const PRIORITY_DEFAULT = 4;
export const PRIORITY_LAST = 7;

export interface SimulatorOptions {
  /** Root of every random stream; any integer 0 … 2^53-1. */
  seed?: number;
  /** 'calendar' (default) or 'heap': the same order, different speed. */
  queue?: 'calendar' | 'heap';
  /** Calendar window in ticks (power of two). */
  buckets?: number;
  /**
   * About how many events will be pending at once at the peak (say, a few per actor): the event store grows
   * in pages of about a sixteenth of this, so a good hint keeps the memory held close to the peak.
   */
  pendingHint?: number;
  /** The models' event vocabulary (name → type), so errors can name an event. */
  eventNames?: Readonly<Record<string, number>>;
}

/** A model asked for a time the clock cannot hold: not a whole number of ms, negative, or not finite. */
export class ScheduleError extends Error {}

export interface RunLimits {
  /** Deliver every event with tick ≤ until, then set the clock to until. */
  until?: number;
  /** Checked after each event; the run stops when it returns true. */
  stopWhen?: (sim: Simulator) => boolean;
  maxEvents?: number;
}

export interface RunResult {
  events: number;
  stoppedBy: 'empty' | 'until' | 'condition' | 'maxEvents';
}

/** Receives an event addressed to an actor another partition owns, with its full ordering key. */
export type ExportEvent = (tick: number, priority: number, src: number, seq: number, dst: number, type: number, payload: number) => void;

/** Called before each delivery: the hook for traces and metric recorders. */
export type EventObserver = (sim: Simulator, type: number, payload: number) => void;

/**
 * The engine: a virtual clock in integer milliseconds, a pending-event set ordered by
 * (tick, priority, source actor id, source sequence) — never by insertion order, so the same model
 * gives the same run however its actors were created or its work partitioned — and actor kinds.
 */
export class Simulator {
  /** Current virtual time in ms. */
  now = 0;
  /** The actor whose event is being delivered (or being spawned); -1 outside. */
  self = -1;
  /** The actor that scheduled the event being delivered. */
  sender = -1;
  readonly seed: number;
  /** Events delivered so far, over all runs. */
  delivered = 0;
  observer: EventObserver | null = null;

  private readonly store: EventStore;
  private readonly queue: EventQueue;
  private readonly kinds: ActorKind[] = [];
  private readonly ranges: KindRange[] = [];
  private kindFirst: number[] = [];
  /** Id ranges sorted by first id, for finding an actor's kind by binary search (no per-actor table). */
  private rangeStart: number[] = [];
  private rangeEnd: number[] = [];
  private rangeKind: number[] = [];
  /** Kind index + 1 per actor id (0: none), so dispatch is one load; null when the ids span too far for a table. */
  private kindById: Uint8Array | null = new Uint8Array(0);
  /**
   * The source sequence: one counter for all sources. Sequence numbers are only ever compared between
   * events of the same source, and any counter that grows with each send orders a source's events as
   * its own counter would, so this needs no per-actor memory and stays partition-independent.
   */
  private sequence = 0;
  private actorLimit = 0;
  /** Partitioned runs: the partition owning each actor id, this partition's index, and where remote events go. */
  private owner: Uint8Array | null = null;
  private me = 0;
  private exportEvent: ExportEvent | null = null;
  private readonly eventNames: Map<number, string>;

  constructor(options: SimulatorOptions = {}) {
    this.eventNames = new Map(Object.entries(options.eventNames ?? {}).map(([name, type]) => [type, name]));
    const seed = options.seed ?? 1;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be an integer 0 … 2^53-1, got ${seed}`);
    this.seed = seed;
    this.store = new EventStore(options.pendingHint ?? DEFAULT_HINT);
    this.queue = options.queue === 'heap' ? new HeapQueue(this.store) : new CalendarQueue(this.store, options.buckets);
  }

  /** Declares `count` actors of one kind on ids first … first+count-1 (default: after the last range). */
  addKind(kind: ActorKind, count: number, first = this.actorLimit): KindRange {
    if (this.kinds.length === 255) throw new Error('at most 255 actor kinds');
    if (!Number.isInteger(count) || count < 0) throw new Error(`${kind.name}: count must be a whole number`);
    for (const r of this.ranges) {
      if (first < r.first + r.count && r.first < first + count) throw new Error(`${kind.name}: ids ${first}…${first + count - 1} overlap ${r.name}`);
    }
    const k = this.kinds.length;
    this.kinds.push(kind);
    this.kindFirst.push(first);
    const range: KindRange = { kind: k, name: kind.name, first, count };
    this.ranges.push(range);
    const sorted = [...this.ranges].sort((a, b) => a.first - b.first).filter((r) => r.count > 0);
    this.rangeStart = sorted.map((r) => r.first);
    this.rangeEnd = sorted.map((r) => r.first + r.count);
    this.rangeKind = sorted.map((r) => r.kind);
    this.actorLimit = Math.max(this.actorLimit, first + count);
    this.tableKind(k, first, count);
    return range;
  }

  get kindRanges(): readonly KindRange[] {
    return this.ranges;
  }

  /** Runs the actor's init handler; spawn order does not change the run (keys carry the source id). */
  spawn(id: number): void {
    const k = this.kindAt(id);
    const kind = this.kinds[k];
    if (!kind.init) return;
    const self = this.self;
    this.self = id;
    kind.init(this, id, id - this.kindFirst[k]);
    this.self = self;
  }

  spawnAll(): void {
    for (const r of this.ranges) for (let id = r.first; id < r.first + r.count; id++) if (this.owns(id)) this.spawn(id);
  }

  /**
   * Makes this simulator one partition of a model: it runs the actors `owner` maps to `me`; an event for
   * any other actor leaves through `exportEvent` with its ordering key, to be `inject`ed where that actor
   * lives. `at()` for another partition's actor is ignored, since every partition runs the same seeding code.
   */
  partition(owner: Uint8Array, me: number, exportEvent: ExportEvent): void {
    if (owner.length < this.actorLimit) throw new Error(`owner map covers ${owner.length} of ${this.actorLimit} actors`);
    this.owner = owner;
    this.me = me;
    this.exportEvent = exportEvent;
  }

  /** True when this simulator runs actor `id` (always, unless partitioned). */
  owns(id: number): boolean {
    return this.owner === null || this.owner[id] === this.me;
  }

  /**
   * Queues an event that another partition scheduled, under the key it was given there: the key, not the
   * arrival order, places it, so the run is the same however the model is partitioned.
   */
  inject(tick: number, priority: number, src: number, seq: number, dst: number, type: number, payload: number): void {
    if (!Number.isSafeInteger(tick)) this.refuse('tick', tick, src, dst, type);
    if (!(tick >= this.now)) throw new Error(`injected event at ${tick} is behind the clock (${this.now}): lookahead violated`);
    this.store0(tick, seq, src, dst, type, payload, undefined, priority);
  }

  /** Schedules an event from the current actor to `dst` after `delay` ms; returns a handle for cancel(). */
  send(dst: number, delay: number, type: number, payload = 0, data?: unknown, priority = PRIORITY_DEFAULT): number {
    if (this.self < 0) throw new Error('send() outside an actor: use at() to seed events from outside');
    const tick = this.now + delay;
    // The clock is a whole number of ms: Infinity, NaN, fractions or ticks past 2^53 would corrupt the order.
    if (!(delay >= 0) || !Number.isSafeInteger(delay) || !Number.isSafeInteger(tick)) this.refuse('delay', delay, this.self, dst, type);
    return this.enqueue(tick, this.self, dst, type, payload, data, priority);
  }

  /** A timer is a message to oneself. */
  timer(delay: number, type: number, payload = 0, data?: unknown, priority = PRIORITY_DEFAULT): number {
    return this.send(this.self, delay, type, payload, data, priority);
  }

  /** Seeds an event from outside the model; it counts as scheduled by `dst` itself. */
  at(tick: number, dst: number, type: number, payload = 0, data?: unknown, priority = PRIORITY_DEFAULT): number {
    if (!(tick >= this.now) || !Number.isSafeInteger(tick)) this.refuse('tick', tick, dst, dst, type, ` ≥ now (${this.now})`);
    if (this.owner !== null && this.owner[dst] !== this.me) return -1;
    return this.enqueue(tick, dst, dst, type, payload, data, priority);
  }

  /** The random stream `stream` of actor `actorId` under this run's seed (Philox4x32-10, counter-based). */
  random(actorId: number, stream = 0): RandomStream {
    return new RandomStream(this.seed, actorId, stream);
  }

  /** Cancels a pending event; false when it was already delivered or cancelled. */
  cancel(handle: number): boolean {
    const slot = this.store.slotOf(handle);
    if (slot < 0) return false;
    this.store.cancel(slot);
    return true;
  }

  /** Events pending, cancelled ones included until their tick. */
  get pending(): number {
    return this.queue.size;
  }

  /** Bytes held by the pending-event set: the store's record pages and the queue's index. */
  get eventSetBytes(): number {
    return this.store.bytes + this.queue.bytes;
  }

  /** Tick of the next pending event (Infinity when none). */
  nextTick(): number {
    return this.queue.peekTick();
  }

  run(limits: RunLimits = {}): RunResult {
    const until = limits.until ?? Infinity;
    const stopWhen = limits.stopWhen;
    const maxEvents = limits.maxEvents ?? Infinity;
    const queue = this.queue, store = this.store, kinds = this.kinds, kindFirst = this.kindFirst;
    let events = 0;
    let stoppedBy: RunResult['stoppedBy'] = 'empty';
    for (;;) {
      if (events >= maxEvents) {
        stoppedBy = 'maxEvents';
        break;
      }
      const tick = queue.peekTick();
      if (tick > until) {
        stoppedBy = tick === Infinity ? 'empty' : 'until';
        break;
      }
      if (tick === Infinity) break;
      const slot = queue.pop();
      // One page lookup for the whole record (layout in event-store.ts).
      const page = slot >>> store.pageBits, o = slot & store.pageMask;
      const u32 = store.u32[page];
      const meta = u32[o * 8 + 7];
      if ((meta & STATE_CANCELLED) !== 0) {
        store.free(slot);
        continue;
      }
      const dst = u32[o * 8 + 6];
      const type = typeOf(meta);
      const payload = store.f64[page][o * 4 + 1];
      const data = (meta & HAS_DATA) !== 0 ? store.data[slot] : undefined;
      this.now = tick;
      this.self = dst;
      this.sender = u32[o * 8 + 5];
      store.free(slot);
      if (this.observer !== null) this.observer(this, type, payload);
      const k = this.kindOf(dst);
      kinds[k].event(this, dst, dst - kindFirst[k], type, payload, data);
      events++;
      if (stopWhen !== undefined && stopWhen(this)) {
        stoppedBy = 'condition';
        break;
      }
    }
    this.self = -1;
    this.sender = -1;
    if (stoppedBy === 'until' || (stoppedBy === 'empty' && until !== Infinity)) this.now = Math.max(this.now, until);
    this.delivered += events;
    return { events, stoppedBy };
  }

  /** Calls every kind's final handler in id order. */
  finish(): void {
    for (const r of this.ranges) {
      const kind = this.kinds[r.kind];
      if (!kind.final) continue;
      for (let id = r.first; id < r.first + r.count; id++) {
        if (!this.owns(id)) continue;
        this.self = id;
        kind.final(this, id, id - r.first);
      }
    }
    this.self = -1;
  }

  /** Names the actors (by kind) and the event of a refused time, so the model at fault can be found. */
  private refuse(what: 'delay' | 'tick', value: number, src: number, dst: number, type: number, bound = ' ≥ 0'): never {
    const actor = (id: number) => {
      const k = Number.isInteger(id) ? this.kindOf(id) : -1;
      return k < 0 ? `actor ${id}` : `${this.kinds[k].name} ${id - this.kindFirst[k]} (actor ${id})`;
    };
    const name = this.eventNames.get(type);
    const event = name === undefined ? `event type ${type}` : `event ${name} (type ${type})`;
    throw new ScheduleError(`${actor(src)} scheduled ${event} for ${actor(dst)} with ${what} ${value}: a ${what} must be a finite whole number of ms${bound}`);
  }

  private kindAt(id: number): number {
    const k = Number.isInteger(id) ? this.kindOf(id) : -1;
    if (k < 0) throw new Error(`no actor with id ${id}`);
    return k;
  }

  private tableKind(k: number, first: number, count: number): void {
    let table = this.kindById;
    if (table === null) return;
    if (this.actorLimit > KIND_TABLE_LIMIT) {
      this.kindById = null;
      return;
    }
    if (table.length < this.actorLimit) {
      const wider = new Uint8Array(this.actorLimit);
      wider.set(table);
      this.kindById = table = wider;
    }
    table.fill(k + 1, first, first + count);
  }

  /** The kind of actor `id`, or -1 when no kind covers it (or `id` is not a whole number). */
  private kindOf(id: number): number {
    const table = this.kindById;
    if (table !== null) return (table[id] | 0) - 1;
    if (!Number.isInteger(id)) return -1;
    const start = this.rangeStart;
    let lo = 0, hi = start.length - 1;
    if (hi < 0 || id < start[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (start[mid] <= id) lo = mid;
      else hi = mid - 1;
    }
    return id < this.rangeEnd[lo] ? this.rangeKind[lo] : -1;
  }

  private enqueue(tick: number, src: number, dst: number, type: number, payload: number, data: unknown, priority: number): number {
    if ((priority & 7) !== priority) throw new Error(`priority must be 0 … 7, got ${priority}`);
    if ((type & (TYPE_LIMIT - 1)) !== type) throw new Error(`event type must be a whole number 0 … ${TYPE_LIMIT - 1}, got ${type}`);
    if (this.kindOf(dst) < 0) throw new Error(`no actor with id ${dst}`);
    const seq = this.sequence++;
    if (this.owner !== null && this.owner[dst] !== this.me) {
      if (data !== undefined) throw new Error('an event carrying a data object cannot cross partitions');
      this.exportEvent!(tick, priority, src, seq, dst, type, payload);
      return -1; // a handle no slot matches: remote events cannot be cancelled
    }
    return this.store0(tick, seq, src, dst, type, payload, data, priority);
  }

  private store0(tick: number, seq: number, src: number, dst: number, type: number, payload: number, data: unknown, priority: number): number {
    const slot = this.queue.reserve(tick);
    this.store.write(slot, tick, seq, src, dst, type, payload, priority, data);
    this.queue.commit(slot);
    return handleOf(slot, seq);
  }
}
