/**
 * Arrivals a link has not been woken for: a message its own actor hands back to the same link later (the next
 * RF hop, the WAN after the last hop upstream, a retry) while the link is certainly still busy then. Instead of
 * an event at the arrival, the arrival waits here and joins the queue at the next moment anything looks at or
 * changes that link — its transmission's end at the latest — in the order the events would have had.
 *
 * Per link, a list sorted by (arrival tick, scheduling order), in one node pool for the whole link class.
 */
export class PendingArrivals {
  private head: Int32Array;
  private nodeMsg = new Int32Array(64);
  private nodeTick = new Float64Array(64);
  private nodeOrder = new Float64Array(64);
  private nodeNext = new Int32Array(64);
  private freeNode = -1;
  private usedNodes = 0;
  /** Links with a non-empty list (each once), for settling every link at a minute's end. */
  private dirty: number[] = [];
  private isDirty: Uint8Array;

  constructor(count: number) {
    this.head = new Int32Array(count).fill(-1);
    this.isDirty = new Uint8Array(count);
  }

  has(link: number): boolean {
    return this.head[link] >= 0;
  }

  add(link: number, m: number, tick: number, order: number): void {
    const n = this.alloc();
    this.nodeMsg[n] = m;
    this.nodeTick[n] = tick;
    this.nodeOrder[n] = order;
    // Insert after every node with a smaller key (arrivals come in tick order almost always: short scans).
    let prev = -1, cur = this.head[link];
    while (cur >= 0 && (this.nodeTick[cur] < tick || (this.nodeTick[cur] === tick && this.nodeOrder[cur] < order))) {
      prev = cur;
      cur = this.nodeNext[cur];
    }
    this.nodeNext[n] = cur;
    if (prev < 0) this.head[link] = n;
    else this.nodeNext[prev] = n;
    if (!this.isDirty[link]) {
      this.isDirty[link] = 1;
      this.dirty.push(link);
    }
  }

  /** Tick and order of the first arrival of `link` (its list must not be empty). */
  firstTick(link: number): number {
    return this.nodeTick[this.head[link]];
  }
  firstOrder(link: number): number {
    return this.nodeOrder[this.head[link]];
  }

  /** Takes the first arrival of `link` off its list and returns its message. */
  shift(link: number): number {
    const n = this.head[link];
    this.head[link] = this.nodeNext[n];
    const m = this.nodeMsg[n];
    this.nodeNext[n] = this.freeNode;
    this.freeNode = n;
    return m;
  }

  /** The links that may have pending arrivals; the list is cleared (callers re-add what stays). */
  takeDirty(): number[] {
    const d = this.dirty;
    this.dirty = [];
    for (const link of d) this.isDirty[link] = 0;
    return d;
  }

  /** Marks a link as having pending arrivals again (after `takeDirty`). */
  keepDirty(link: number): void {
    if (this.head[link] >= 0 && !this.isDirty[link]) {
      this.isDirty[link] = 1;
      this.dirty.push(link);
    }
  }

  private alloc(): number {
    if (this.freeNode >= 0) {
      const n = this.freeNode;
      this.freeNode = this.nodeNext[n];
      return n;
    }
    if (this.usedNodes === this.nodeMsg.length) {
      const size = this.nodeMsg.length * 2;
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(size);
        b.set(a as never);
        return b;
      };
      this.nodeMsg = grow(this.nodeMsg);
      this.nodeTick = grow(this.nodeTick);
      this.nodeOrder = grow(this.nodeOrder);
      this.nodeNext = grow(this.nodeNext);
    }
    return this.usedNodes++;
  }
}
