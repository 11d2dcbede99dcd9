import type { EventQueue } from './event-queue.ts';
import { CHUNK_SLOTS, type EventStore } from './event-store.ts';

/**
 * A binary heap of (tick, slot) on typed arrays: the simple reference order the calendar queue is checked
 * against. Slots are recycled one by one through a free list; a popped slot goes back at the next pop,
 * since its record must stay readable until then.
 */
export class HeapQueue implements EventQueue {
  private heapTick = new Float64Array(1 << 10);
  private heapSlot = new Int32Array(1 << 10);
  private free = new Int32Array(1 << 6);
  private freeCount = 0;
  private lastPopped = -1;
  private reservedTick = 0;
  size = 0;

  constructor(private readonly store: EventStore) {}

  get bytes(): number {
    return this.heapTick.byteLength + this.heapSlot.byteLength + this.free.byteLength;
  }

  reserve(tick: number): number {
    this.reservedTick = tick;
    if (this.freeCount === 0) {
      const first = this.store.allocChunk() * CHUNK_SLOTS;
      if (this.free.length < CHUNK_SLOTS) this.free = new Int32Array(CHUNK_SLOTS);
      for (let s = first + CHUNK_SLOTS - 1; s >= first; s--) this.pushFree(s);
    }
    return this.free[--this.freeCount];
  }

  commit(slot: number): void {
    if (this.size === this.heapTick.length) {
      const tick = new Float64Array(this.size * 2);
      tick.set(this.heapTick);
      this.heapTick = tick;
      const slots = new Int32Array(this.size * 2);
      slots.set(this.heapSlot);
      this.heapSlot = slots;
    }
    const ht = this.heapTick, hs = this.heapSlot, t = this.reservedTick;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(t, slot, ht[parent], hs[parent])) break;
      ht[i] = ht[parent];
      hs[i] = hs[parent];
      i = parent;
    }
    ht[i] = t;
    hs[i] = slot;
  }

  pop(): number {
    if (this.lastPopped >= 0) this.pushFree(this.lastPopped);
    this.lastPopped = -1;
    if (this.size === 0) return -1;
    const ht = this.heapTick, hs = this.heapSlot;
    const top = hs[0];
    const n = --this.size;
    const lt = ht[n], ls = hs[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(ht[child + 1], hs[child + 1], ht[child], hs[child])) child++;
      if (!this.before(ht[child], hs[child], lt, ls)) break;
      ht[i] = ht[child];
      hs[i] = hs[child];
      i = child;
    }
    ht[i] = lt;
    hs[i] = ls;
    this.lastPopped = top;
    return top;
  }

  peekTick(): number {
    return this.size === 0 ? Infinity : this.heapTick[0];
  }

  private before(ta: number, a: number, tb: number, b: number): boolean {
    return ta !== tb ? ta < tb : this.store.sameTickBefore(a, b);
  }

  private pushFree(slot: number): void {
    if (this.freeCount === this.free.length) {
      const f = new Int32Array(this.free.length * 2);
      f.set(this.free);
      this.free = f;
    }
    this.free[this.freeCount++] = slot;
  }
}
