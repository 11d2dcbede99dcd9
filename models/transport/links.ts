/**
 * Links of one class (all WAN backhauls, all collectors' RF channels, all HANs, all broadcast
 * channels): each link sends one message at a time at its bandwidth, from per-class FIFO queues served
 * in priority order (NFR-02) — or from one FIFO when priority queuing is off. Queues are linked lists
 * in a shared node pool, so a million idle HAN links cost a few typed-array entries each.
 */
import type { LinkParams } from '../../scenarios/types.ts';
import { PendingArrivals } from './pending.ts';

export const LINK_CLASSES = ['wan', 'rf', 'han', 'broadcast'] as const;
export type LinkClass = (typeof LINK_CLASSES)[number];

/** Queue classes, served in this order (NFR-02): high, medium, low, then meter reads, then firmware, then the HAN usage feed (NFR-03). */
export const CLASS_COUNT = 6;

export class Links {
  readonly busy: Uint8Array;
  readonly depth: Int32Array;
  /** Outages in force on each link (fault injection; they may overlap): while > 0 every transmission is lost. */
  readonly down: Uint8Array;
  /**
   * First and last node of each (link, class) queue, + 1 (0: empty), so that a link nobody uses — another
   * partition's HAN — keeps its pages untouched (a fill of -1 would cost every link's bytes in every partition).
   */
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private nodeMsg = new Int32Array(256);
  private nodeNext = new Int32Array(256);
  private freeNode = -1;
  private usedNodes = 0;
  /**
   * Links that fold their own later arrivals (pending.ts): those arrivals, and when each link's known work ends
   * (its transmission, everything queued and pending, back to back). Null for classes that do not fold.
   */
  readonly pending: PendingArrivals | null;
  readonly workEnd: Float64Array | null;
  /** Messages queued over all links of the class, and the largest single-link depth this minute. */
  queued = 0;
  maxDepthThisMinute = 0;
  maxDepthEver = 0;

  constructor(
    readonly name: LinkClass,
    count: number,
    readonly params: LinkParams,
    readonly priorityQueuing: boolean,
    fold = false,
  ) {
    this.pending = fold ? new PendingArrivals(count) : null;
    this.workEnd = fold ? new Float64Array(count) : null;
    this.busy = new Uint8Array(count);
    this.depth = new Int32Array(count);
    this.down = new Uint8Array(count);
    this.head = new Int32Array(count * CLASS_COUNT);
    this.tail = new Int32Array(count * CLASS_COUNT);
  }

  /** Airtime of `bytes` on this link class, whole ms, at least 1. */
  airtime(bytes: number): number {
    // A message made for a fixed-delay path (World.create's Carry.CHECK) has no size: a link must not carry it at 1 ms.
    if (bytes < 0) throw new Error(`${this.name}: a message without a measured size (${bytes} bytes) joined a link`);
    return Math.max(1, Math.ceil((bytes * 1000) / this.params.bandwidth_Bps));
  }

  /** Queues a message behind others of its class (or of all classes when priority is off). */
  enqueue(link: number, msg: number, cls: number): void {
    const q = link * CLASS_COUNT + (this.priorityQueuing ? cls : 0);
    const node = this.allocNode();
    this.nodeMsg[node] = msg;
    this.nodeNext[node] = -1;
    if (this.tail[q] === 0) this.head[q] = node + 1;
    else this.nodeNext[this.tail[q] - 1] = node;
    this.tail[q] = node + 1;
    const d = ++this.depth[link];
    this.queued++;
    if (d > this.maxDepthThisMinute) this.maxDepthThisMinute = d;
    if (d > this.maxDepthEver) this.maxDepthEver = d;
  }

  /** The next message to send on `link` (highest class first), or -1. */
  dequeue(link: number): number {
    const base = link * CLASS_COUNT;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const node = this.head[base + c] - 1;
      if (node < 0) continue;
      const next = this.nodeNext[node];
      this.head[base + c] = next + 1;
      if (next < 0) this.tail[base + c] = 0;
      const msg = this.nodeMsg[node];
      this.nodeNext[node] = this.freeNode;
      this.freeNode = node;
      this.depth[link]--;
      this.queued--;
      return msg;
    }
    return -1;
  }

  private allocNode(): number {
    if (this.freeNode >= 0) {
      const n = this.freeNode;
      this.freeNode = this.nodeNext[n];
      return n;
    }
    if (this.usedNodes === this.nodeMsg.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.nodeMsg = grow(this.nodeMsg);
      this.nodeNext = grow(this.nodeNext);
    }
    return this.usedNodes++;
  }
}
