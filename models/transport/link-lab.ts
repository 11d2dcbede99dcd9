/**
 * The transport on its own: links built from a study's `network` section, frames of chosen sizes and queue
 * classes fed at chosen times, every departure observed. For queueing validation (models/transport/
 * queueing.test.ts), capacity what-ifs and benchmarks without the rest of the C5 world.
 *
 *   const lab = new LinkLab(study.network, 'rf', { links: 1, seed: 7 });
 *   lab.feed({ at: 0, bytes: 120, cls: 0 });
 *   for (const d of lab.run()) console.log(d.frame, d.start, d.end, d.ok);
 */
import type { Network } from '../../scenarios/types.ts';
import type { ActorKind } from '../../sim/actor-kind.ts';
import { Simulator } from '../../sim/simulator.ts';
import { uniformAt } from '../../sim/random/stream.ts';
import type { LinkClass, Links } from './links.ts';
import { Transport, type FrameColumns } from './transport.ts';

/** One frame to send: when it joins the link, its encoded size, its queue class (0 first), which link. */
export interface FrameInput {
  at: number;
  bytes: number;
  cls: number;
  link?: number;
  /** Times the frame crosses its link, `latency_ms` apart (an RF mesh path of h hops); default 1. */
  hops?: number;
}

/** One transmission that ended: a frame may depart several times (lost attempts, then through or dropped). */
export interface Departure {
  frame: number;
  link: number;
  cls: number;
  /** When the frame joined the link (first attempt). */
  arrived: number;
  /** When this attempt's airtime began and ended. */
  start: number;
  end: number;
  /** Attempts before this one. */
  attempt: number;
  /** Got through; else lost (and `dropped` when no retry is left). */
  ok: boolean;
  dropped: boolean;
}

const OFFER = 1, DONE = 2;

/** A growable frame table with just the columns the transport uses. */
class FrameTable implements FrameColumns {
  size = new Int32Array(16);
  cls = new Uint8Array(16);
  attempts = new Uint8Array(16);
  hopStart = new Float64Array(16);
  started = new Float64Array(16);
  hopsLeft = new Int32Array(16);
  count = 0;

  add(bytes: number, cls: number, hops: number): number {
    if (this.count === this.size.length) {
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a as never);
        return b;
      };
      this.size = grow(this.size);
      this.cls = grow(this.cls);
      this.attempts = grow(this.attempts);
      this.hopStart = grow(this.hopStart);
      this.started = grow(this.started);
      this.hopsLeft = grow(this.hopsLeft);
    }
    const f = this.count++;
    this.size[f] = bytes;
    this.cls[f] = cls;
    this.hopsLeft[f] = hops;
    return f;
  }
}

export interface LinkLabOptions {
  /** Links of the class (default 1). */
  links?: number;
  /** Root of the loss draws (each link draws from its own stream). */
  seed?: number;
  /** false: every arrival gets its event (no folding on busy links); the departures are the same. */
  fold?: boolean;
}

export class LinkLab {
  readonly transport: Transport;
  readonly links: Links;
  private readonly sim: Simulator;
  private readonly frames = new FrameTable();
  private readonly draws: Float64Array;
  private readonly out: Departure[] = [];
  /** Frames lost for good, in order: out of retries, or queued at a meter that restarted. */
  readonly dropped: number[] = [];
  /** Called for each departure as it happens (besides collecting them for `run`). */
  onDeparture: ((d: Departure) => void) | null = null;

  constructor(network: Network, kind: LinkClass, options: LinkLabOptions = {}) {
    const count = options.links ?? 1;
    const sim = (this.sim = new Simulator({ seed: options.seed ?? 1 }));
    this.draws = new Float64Array(count);
    const frames = this.frames;
    const counts = { collectors: kind === 'wan' || kind === 'rf' ? count : 0, customers: kind === 'han' ? count : 0, regions: kind === 'broadcast' ? count : 0 };
    this.transport = new Transport(network, counts, {
      sim,
      msgs: frames,
      uniform: (actor) => uniformAt(sim.seed, actor, 0, this.draws[actor]++),
      hopDone: () => {},
      drop: (f) => void this.dropped.push(f),
    }, { fold: options.fold });
    this.links = this.transport.links(kind);
    this.transport.trace.started.connect((_l, _link, f) => void (frames.started[f] = sim.now));
    this.transport.trace.departed.connect((_l, link, f, ok, dropped) => {
      const d: Departure = { frame: f, link, cls: frames.cls[f], arrived: frames.hopStart[f], start: frames.started[f], end: sim.now, attempt: frames.attempts[f], ok, dropped };
      this.out.push(d);
      this.onDeparture?.(d);
    });
    const links = this.links, transport = this.transport, latency = links.params.latency_ms;
    // One actor per link owns it: its offers and transmission ends are that actor's events; a frame with hops
    // left comes back to the same link after its latency (as on a collector's RF mesh).
    const owner: ActorKind = {
      name: `${kind}-link`,
      event(_sim, id, _l, type, f) {
        if (type === OFFER) return transport.offer(links, id, f, DONE);
        if (transport.complete(links, id, f, DONE, OFFER, id) && --frames.hopsLeft[f] > 0) transport.later(links, id, f, latency, OFFER);
      },
    };
    sim.addKind(owner, count, 0);
  }

  /** Queues a frame to join its link at `at` (≥ the lab's clock); returns its number. */
  feed(frame: FrameInput): number {
    const f = this.frames.add(frame.bytes, frame.cls, frame.hops ?? 1);
    this.transport.seed(frame.at, frame.link ?? 0, OFFER, f);
    return f;
  }

  /** Runs until every fed frame has left (or `until`), and returns the departures since the last run, in order. */
  run(until?: number): Departure[] {
    this.sim.run(until === undefined ? {} : { until });
    return this.out.splice(0);
  }

  /** Events the lab's simulator has delivered. */
  get events(): number {
    return this.sim.delivered;
  }

  /** Simulated time now. */
  get now(): number {
    return this.sim.now;
  }
}
