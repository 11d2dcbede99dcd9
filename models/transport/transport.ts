/**
 * The transport: every link of the AMI network (WAN backhauls, collectors' RF channels, HANs, regional
 * broadcast channels), their priority queues, airtime, loss with retransmissions, and faults. A link is owned
 * by one actor (the collector, the meter, the broadcast channel); that actor's handler calls `offer` when a
 * message joins the link and `complete` when the transmission it scheduled ends, and the transport schedules
 * the link's next transmission as a timer of that same actor. Loss draws come from the owner's own stream.
 *
 * What a message is, where it goes next and what arriving means stay with the caller: the transport only
 * needs a message's frame size, its queue class, its attempts on the current link and when it joined it.
 */
import type { Network } from '../../scenarios/types.ts';
import type { Simulator } from '../../sim/simulator.ts';
import { TraceSource } from '../../sim/trace-source.ts';
import { Links, type LinkClass } from './links.ts';

/** The columns of a message table the transport reads and writes (read through the table on every call: it may grow). */
export interface FrameColumns {
  /** Encoded frame bytes: what a link charges airtime for. */
  readonly size: Int32Array;
  /** Queue class (0 = highest); see `CLASS_COUNT`. */
  readonly cls: Uint8Array;
  /** Failed attempts on the link the message is crossing now. */
  readonly attempts: Uint8Array;
  /** When the message joined the link it is crossing now (its first attempt). */
  readonly hopStart: Float64Array;
}

/** What the transport needs from the model around it. */
export interface TransportHost {
  readonly sim: Simulator;
  readonly msgs: FrameColumns;
  /** A uniform draw in [0, 1) from actor `actor`'s own stream (loss). */
  uniform(actor: number): number;
  /** Message `m` got across `links` after `ms` (queueing, airtime and retransmissions). */
  hopDone(links: Links, m: number, ms: number): void;
  /** Message `m` is lost for good (out of retries, or queued at a meter that restarted). */
  drop(m: number): void;
}

/** What the transport lets an observer see of every transmission (a source nobody connected to: one branch). */
export class TransportTrace {
  /** `m` waits on `link` behind the link's current transmission. */
  readonly queued = new TraceSource<[links: Links, link: number, m: number]>();
  /** `m` starts its airtime on `link` now (first attempt, from the queue, or a retry). */
  readonly started = new TraceSource<[links: Links, link: number, m: number]>();
  /** `m`'s airtime on `link` ended: `ok` it got through, else lost (`dropped` when out of retries). */
  readonly departed = new TraceSource<[links: Links, link: number, m: number, ok: boolean, dropped: boolean]>();
}

/** How many links of each class: one WAN and one RF channel per collector, one HAN per customer, one broadcast channel per region. */
export interface LinkCounts {
  collectors: number;
  customers: number;
  regions: number;
}

export class Transport {
  readonly wan: Links;
  readonly rf: Links;
  readonly han: Links;
  readonly broadcast: Links;
  readonly trace = new TransportTrace();
  /** Scheduling order of the link events this transport schedules and of pending arrivals (one counter, like the kernel's). */
  private order = 1;
  /** Per message: the order of its pending link event. */
  private evOrder = new Float64Array(1024);

  constructor(
    readonly network: Network,
    counts: LinkCounts,
    private readonly host: TransportHost,
    /** `fold: false` gives every arrival its event (the reference the folded links are tested against). */
    options: { fold?: boolean } = {},
  ) {
    const n = network, fold = options.fold ?? true;
    // The collector's links fold its own later arrivals (next hop, WAN after the mesh, retries). A HAN never
    // does: a meter restart empties its queue, so its link's work is not certain to run back to back.
    this.wan = new Links('wan', counts.collectors, n.wan, n.priority_queuing, fold);
    this.rf = new Links('rf', counts.collectors, n.rf_mesh, n.priority_queuing, fold);
    this.han = new Links('han', counts.customers, n.han, n.priority_queuing);
    // The broadcast channel is one-way: no acknowledgement, so no loss and no retries.
    const oneWay = { latency_ms: n.broadcast.latency_ms, bandwidth_Bps: n.broadcast.bandwidth_Bps, loss: 0, max_retries: 0, retry_timeout_ms: 0 };
    this.broadcast = new Links('broadcast', counts.regions, oneWay, n.priority_queuing);
  }

  /** The links of a class, by name. */
  links(kind: LinkClass): Links {
    return kind === 'wan' ? this.wan : kind === 'rf' ? this.rf : kind === 'han' ? this.han : this.broadcast;
  }

  /**
   * Message `m` joins `link` now (the current actor owns it): it starts sending at once when the link is
   * idle, else waits in its class's queue. `doneEvent` is the owner's event type for "transmission ended".
   */
  offer(links: Links, link: number, m: number, doneEvent: number): void {
    const h = this.host, msgs = h.msgs;
    if (links.pending !== null && links.pending.has(link)) this.admit(links, link, this.orderOfEvent(m));
    if (msgs.attempts[m] === 0) msgs.hopStart[m] = h.sim.now;
    const air = links.airtime(msgs.size[m]);
    if (links.busy[link]) {
      if (links.workEnd !== null) links.workEnd[link] += air;
      links.enqueue(link, m, msgs.cls[m]);
      this.trace.queued.fire?.(links, link, m);
    } else {
      links.busy[link] = 1;
      if (links.workEnd !== null) links.workEnd[link] = h.sim.now + air;
      this.schedule(air, doneEvent, m);
      this.trace.started.fire?.(links, link, m);
    }
  }

  /**
   * The current actor hands `m` back to its own `link` after `delay` (the next RF hop, the WAN after the mesh
   * upstream, a retry): an `enqEvent` then — or, on a link that folds and is certain to be busy then, no event:
   * the arrival waits in the link's pending list and joins the queue, in its place, when the link is next touched.
   */
  later(links: Links, link: number, m: number, delay: number, enqEvent: number): void {
    const sim = this.host.sim, t = sim.now + delay;
    if (links.pending !== null && links.busy[link] && t < links.workEnd![link]) {
      links.pending.add(link, m, t, this.order++);
      links.workEnd![link] += links.airtime(this.host.msgs.size[m]);
      return;
    }
    this.schedule(delay, enqEvent, m);
  }

  /**
   * Pending arrivals due before now join their queues (a minute's figures read every queue): `inclusive` also
   * those due at this tick (the run's end, after every event of it; a minute's tick comes before the links').
   */
  settle(inclusive: boolean): void {
    const now = this.host.sim.now;
    for (const links of [this.wan, this.rf]) {
      const p = links.pending;
      if (p === null) continue;
      for (const link of p.takeDirty()) {
        if (p.has(link)) this.admit(links, link, inclusive ? Infinity : -Infinity, now);
        p.keepDirty(link);
      }
    }
  }

  /**
   * The place of the event being handled among same-tick events, for pending arrivals (all scheduled by the
   * link's owner): an event the owner scheduled through the transport has its scheduling order; another actor's
   * comes after the owner's own at the same tick when its id is larger (the kernel orders ties by source).
   */
  private orderOfEvent(m: number): number {
    const sim = this.host.sim;
    if (sim.sender === sim.self) return m < this.evOrder.length ? this.evOrder[m] : 0;
    return sim.sender > sim.self ? Infinity : -Infinity;
  }

  /** Moves `link`'s pending arrivals that come before the current event (tick, then `order`) into its queue. */
  private admit(links: Links, link: number, order: number, now = this.host.sim.now): void {
    const p = links.pending!, msgs = this.host.msgs;
    while (p.has(link)) {
      const t = p.firstTick(link);
      if (t > now || (t === now && !(p.firstOrder(link) < order))) return;
      const m = p.shift(link);
      if (!links.busy[link]) throw new Error(`transport: an arrival on ${links.name} link ${link} at ${t} found it idle`);
      if (msgs.attempts[m] === 0) msgs.hopStart[m] = t;
      links.enqueue(link, m, msgs.cls[m]);
      this.trace.queued.fire?.(links, link, m);
    }
  }

  /** Seeds, from outside the model, message `m`'s arrival at actor `dst` (which owns the link) at `tick`. */
  seed(tick: number, dst: number, type: number, m: number): void {
    this.growOrders(m);
    this.evOrder[m] = this.order++;
    this.host.sim.at(tick, dst, type, m);
  }

  private growOrders(m: number): void {
    if (m < this.evOrder.length) return;
    const b = new Float64Array(Math.max(m + 1, this.evOrder.length * 2));
    b.set(this.evOrder);
    this.evOrder = b;
  }

  /** A timer of the current actor for message `m`, remembering its scheduling order. */
  private schedule(delay: number, type: number, m: number): void {
    this.growOrders(m);
    this.evOrder[m] = this.order++;
    this.host.sim.timer(delay, type, m);
  }

  /**
   * The transmission of `m` on `link` ended: the next queued message starts, then `m` is lost (link down, or
   * a loss draw from `actor`'s stream) or through. Returns true when it got through; a lost message is offered
   * again after the link's retry timeout (`retryEvent` to the same actor) or, out of retries, dropped.
   */
  complete(links: Links, link: number, m: number, doneEvent: number, retryEvent: number, actor: number): boolean {
    const h = this.host, msgs = h.msgs, sim = h.sim;
    if (links.pending !== null && links.pending.has(link)) this.admit(links, link, this.orderOfEvent(m));
    const next = links.dequeue(link);
    if (next >= 0) {
      this.schedule(links.airtime(msgs.size[next]), doneEvent, next);
      this.trace.started.fire?.(links, link, next);
    } else links.busy[link] = 0;
    const prm = links.params;
    if (links.down[link] !== 0 || (prm.loss > 0 && h.uniform(actor) < prm.loss)) {
      const retry = msgs.attempts[m] < prm.max_retries;
      this.trace.departed.fire?.(links, link, m, false, !retry);
      if (retry) {
        msgs.attempts[m]++;
        this.later(links, link, m, prm.retry_timeout_ms, retryEvent);
      } else h.drop(m);
      return false;
    }
    msgs.attempts[m] = 0;
    this.trace.departed.fire?.(links, link, m, true, false);
    h.hopDone(links, m, sim.now - msgs.hopStart[m]);
    return true;
  }

  /** A fault: link `index` of `kind` goes down (every transmission is lost until it is up) or comes back; outages may overlap. */
  linkDown(kind: LinkClass, index: number, down: boolean): void {
    const links = this.links(kind);
    if (down) links.down[index]++;
    else links.down[index] = Math.max(0, links.down[index] - 1);
  }

  /** Sets a link up or down outright, whatever outages are in force (tests). */
  setLinkUp(kind: LinkClass, index: number, up: boolean): void {
    this.links(kind).down[index] = up ? 0 : 1;
  }

  /** A meter restarts: its HAN goes down (until `linkDown('han', c, false)`) and everything queued on it is lost. */
  restartMeter(c: number): void {
    this.han.down[c]++;
    for (let m = this.han.dequeue(c); m >= 0; m = this.han.dequeue(c)) this.host.drop(m);
  }
}
