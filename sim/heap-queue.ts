import type { EventQueue } from './event-queue.ts';
import type { EventStore } from './event-store.ts';

/** A binary heap of slots on a typed array: the reference order for the calendar queue. */
export class HeapQueue implements EventQueue {
  private heap = new Int32Array(1 << 10);
  size = 0;

  constructor(private readonly store: EventStore) {}

  reserve(_tick: number): number {
    return this.store.allocLoose();
  }

  commit(slot: number): void {
    if (this.size === this.heap.length) {
      const next = new Int32Array(this.heap.length * 2);
      next.set(this.heap);
      this.heap = next;
    }
    const h = this.heap, s = this.store;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!s.before(slot, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = slot;
  }

  pop(): number {
    if (this.size === 0) return -1;
    const h = this.heap, s = this.store;
    const top = h[0];
    const last = h[--this.size];
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && s.before(h[child + 1], h[child])) child++;
      if (!s.before(h[child], last)) break;
      h[i] = h[child];
      i = child;
    }
    h[i] = last;
    return top;
  }

  peekTick(): number {
    return this.size === 0 ? Infinity : this.store.tickOf(this.heap[0]);
  }
}
