import type { EventQueue } from './event-queue.ts';
import { CHUNK_SLOTS, type EventStore } from './event-store.ts';

const SRC_SPAN = 2 ** 27; // source ids below this sort by radix; larger ones by comparison
const RADIX_BITS = 10;
const RADIX_MASK = (1 << RADIX_BITS) - 1;
const REF_CHUNK = 16;

/**
 * A calendar queue with one bucket per millisecond tick over a sliding window of `bucketCount` ticks,
 * and a tick-keyed binary heap for events beyond the window (Brown 1988, with the bucket width fixed at
 * the kernel's integer tick).
 *
 * Why it is fast at a million pending events: an event scheduled inside the window is written straight
 * into a chunk of records owned by its bucket, so when the tick comes its records are read
 * sequentially instead of one random cache miss each; a bucket is ordered once, by a stable radix
 * sort on (priority, source) and then by sequence; quiet stretches are skipped with a bitmap of
 * non-empty buckets, and an empty window jumps straight to the far heap's minimum. Far events keep
 * their own slots and join their bucket by reference when the window reaches them.
 */
export class CalendarQueue implements EventQueue {
  private readonly mask: number;
  private readonly buckets: number;
  /** Per bucket, its newest owned chunk of records (-1 none); chunks link through store.chunkNext. */
  private ownHead: Int32Array;
  /** Per bucket, its newest chunk of references to far events that entered the window. */
  private refHead: Int32Array;
  private refs = new RefPool();
  private bitmap: Uint32Array;
  private ringCount = 0;
  /** Tick of the batch in `ready`; the ring holds ticks in (cur, cur + buckets). */
  private cur = 0;
  private ready = new Int32Array(1 << 10);
  private readyPos = 0;
  private readyLen = 0;
  /** Chunks of the batch being delivered, released when the next batch is loaded. */
  private drained = new Int32Array(1 << 6);
  private drainedCount = 0;
  private ringNextCache = -1;
  private keysA = new Uint32Array(1 << 10);
  private keysB = new Uint32Array(1 << 10);
  private slotsB = new Int32Array(1 << 10);
  private digitCount = new Int32Array(1 << RADIX_BITS);
  private scratch = new Int32Array(1 << 10);
  private farTick = new Float64Array(1 << 8);
  private farSlot = new Int32Array(1 << 8);
  private farSize = 0;

  constructor(private readonly store: EventStore, bucketCount = 1 << 16) {
    if (bucketCount < 32 || (bucketCount & (bucketCount - 1)) !== 0) throw new Error('bucketCount must be a power of two ≥ 32');
    this.buckets = bucketCount;
    this.mask = bucketCount - 1;
    this.ownHead = new Int32Array(bucketCount).fill(-1);
    this.refHead = new Int32Array(bucketCount).fill(-1);
    this.bitmap = new Uint32Array(bucketCount >>> 5);
  }

  get size(): number {
    return this.readyLen - this.readyPos + this.ringCount + this.farSize;
  }

  reserve(t: number): number {
    const cur = this.cur;
    if (t > cur && t < cur + this.buckets) return this.reserveRing(t);
    if (t < cur) throw new Error(`event at tick ${t} is before the queue's current tick ${cur}`);
    const slot = this.store.allocLoose();
    if (t !== cur) this.pushFar(slot, t);
    return slot;
  }

  commit(slot: number): void {
    // Only an event for the tick being delivered needs work now: it joins the sorted batch.
    if (this.store.f64[slot * 6] === this.cur) this.insertReady(slot);
  }

  pop(): number {
    if (this.readyPos < this.readyLen) return this.ready[this.readyPos++];
    if (this.ringCount > 0) this.advance(this.ringNext());
    else if (this.farSize > 0) this.advance(this.farTick[0]);
    else return -1;
    return this.ready[this.readyPos++];
  }

  peekTick(): number {
    if (this.readyPos < this.readyLen) return this.cur;
    if (this.ringCount > 0) return this.ringNext();
    return this.farSize > 0 ? this.farTick[0] : Infinity;
  }

  private bucketOf(t: number): number {
    return t < 2147483648 ? t & this.mask : t % this.buckets;
  }

  /** Tick of the earliest event in the ring; cached because peek and pop both ask for it. */
  private ringNext(): number {
    if (this.ringNextCache < 0) this.ringNextCache = this.cur + this.distanceToNext();
    return this.ringNextCache;
  }

  private markRing(b: number, t: number): void {
    this.bitmap[b >>> 5] |= 1 << (b & 31);
    this.ringCount++;
    if (this.ringNextCache >= 0 && t < this.ringNextCache) this.ringNextCache = t;
  }

  private reserveRing(t: number): number {
    const b = this.bucketOf(t);
    const store = this.store;
    let c = this.ownHead[b];
    if (c < 0 || store.chunkFill[c] === CHUNK_SLOTS) {
      const fresh = store.allocChunk();
      store.chunkNext[fresh] = c;
      this.ownHead[b] = c = fresh;
    }
    this.markRing(b, t);
    return c * CHUNK_SLOTS + store.chunkFill[c]++;
  }

  /** A far event whose tick entered the window joins its bucket by reference. */
  private addRef(slot: number, t: number): void {
    const b = this.bucketOf(t);
    const refs = this.refs;
    let c = this.refHead[b];
    if (c < 0 || refs.fill[c] === REF_CHUNK) this.refHead[b] = c = refs.alloc(c);
    refs.slots[c * REF_CHUNK + refs.fill[c]++] = slot;
    this.markRing(b, t);
  }

  /** Ticks from `cur` to the next non-empty bucket (1 … buckets-1); the ring must not be empty. */
  private distanceToNext(): number {
    const start = (this.bucketOf(this.cur) + 1) & this.mask;
    const words = this.bitmap.length;
    let w = start >>> 5;
    let bits = this.bitmap[w] & (~0 << (start & 31));
    for (let i = 0; i <= words; i++) {
      if (bits !== 0) {
        const b = (w << 5) + (31 - Math.clz32(bits & -bits));
        return ((b - start + this.buckets) & this.mask) + 1;
      }
      w = w + 1 === words ? 0 : w + 1;
      bits = this.bitmap[w];
    }
    throw new Error('calendar queue: ring count and bitmap disagree');
  }

  /** Moves the window to tick `t`, pulls in far events that now fall inside it, and sorts bucket t. */
  private advance(t: number): void {
    const store = this.store;
    for (let i = 0; i < this.drainedCount; i++) store.releaseChunk(this.drained[i]);
    this.drainedCount = 0;
    this.cur = t;
    this.ringNextCache = -1;
    const limit = t + this.buckets;
    while (this.farSize > 0 && this.farTick[0] < limit) {
      const s = this.popFar();
      this.addRef(s, store.f64[s * 6]);
    }
    const b = this.bucketOf(t);
    let n = 0;
    // The bucket's chunks are linked newest first; gather them oldest first, so events of one source come
    // out in sending order and the sequence sort of each run has (almost) nothing to do.
    for (let c = this.ownHead[b]; c !== -1; c = store.chunkNext[c]) {
      if (this.drainedCount === this.drained.length) this.drained = grow(this.drained);
      this.drained[this.drainedCount++] = c;
    }
    for (let k = this.drainedCount - 1; k >= 0; k--) {
      const c = this.drained[k];
      const f = store.chunkFill[c];
      while (n + f > this.scratch.length) this.scratch = grow(this.scratch);
      for (let i = 0, s = c * CHUNK_SLOTS; i < f; i++) this.scratch[n++] = s + i;
    }
    this.ownHead[b] = -1;
    const refs = this.refs;
    for (let c = this.refHead[b]; c !== -1; ) {
      const f = refs.fill[c];
      while (n + f > this.scratch.length) this.scratch = grow(this.scratch);
      this.scratch.set(refs.slots.subarray(c * REF_CHUNK, c * REF_CHUNK + f), n);
      n += f;
      c = refs.release(c);
    }
    this.refHead[b] = -1;
    this.bitmap[b >>> 5] &= ~(1 << (b & 31));
    this.ringCount -= n;
    if (this.ready.length < n) this.ready = new Int32Array(Math.max(n, this.ready.length * 2));
    this.sortBatch(n);
    this.readyPos = 0;
    this.readyLen = n;
  }

  /**
   * Orders scratch[0..n) into ready[0..n) by (priority, source, sequence); all share one tick.
   * A stable LSD radix sort on the 30-bit key priority·2^27 + source, skipping digits that do not vary,
   * then runs of one source by sequence: about half the cost of the engine's native numeric sort.
   */
  private sortBatch(n: number): void {
    const u32 = this.store.u32, f64 = this.store.f64;
    if (n <= 32) {
      const ready = this.ready, scratch = this.scratch, store = this.store;
      for (let i = 0; i < n; i++) {
        const s = scratch[i];
        let j = i - 1;
        while (j >= 0 && store.before(s, ready[j])) {
          ready[j + 1] = ready[j];
          j--;
        }
        ready[j + 1] = s;
      }
      return;
    }
    if (this.keysA.length < n) {
      const size = Math.max(n, this.keysA.length * 2);
      this.keysA = new Uint32Array(size);
      this.keysB = new Uint32Array(size);
      this.slotsB = new Int32Array(size);
    }
    let ka = this.keysA, sa: Int32Array = this.scratch, kb = this.keysB, sb: Int32Array = this.slotsB;
    let and = 0xffffffff, or = 0;
    for (let i = 0; i < n; i++) {
      const u = sa[i] * 12;
      const src = u32[u + 6];
      if (src >= SRC_SPAN) return this.sortByComparator(n);
      const k = (((u32[u + 10] & 7) << 27) | src) >>> 0;
      ka[i] = k;
      and &= k;
      or |= k;
    }
    const varying = (and ^ or) >>> 0;
    const count = this.digitCount;
    for (let shift = 0; shift < 30; shift += RADIX_BITS) {
      if (((varying >>> shift) & RADIX_MASK) === 0) continue;
      count.fill(0);
      for (let i = 0; i < n; i++) count[(ka[i] >>> shift) & RADIX_MASK]++;
      let sum = 0;
      for (let d = 0; d <= RADIX_MASK; d++) {
        const c = count[d];
        count[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const k = ka[i];
        const p = count[(k >>> shift) & RADIX_MASK]++;
        kb[p] = k;
        sb[p] = sa[i];
      }
      const tk = ka; ka = kb; kb = tk;
      const ts = sa; sa = sb; sb = ts;
    }
    const ready = this.ready;
    ready.set(sa.subarray(0, n));
    let runStart = 0;
    for (let j = 1; j <= n; j++) {
      if (j === n || ka[j] !== ka[runStart]) {
        if (j - runStart > 1) sortRunBySeq(ready, runStart, j, f64);
        runStart = j;
      }
    }
  }

  /** Fallback for actor ids beyond 2^27: a comparison sort on the full key. */
  private sortByComparator(n: number): void {
    const store = this.store;
    const order = Array.from(this.scratch.subarray(0, n));
    order.sort((a, b) => (store.before(a, b) ? -1 : store.before(b, a) ? 1 : 0));
    this.ready.set(order);
  }

  /** An event for the tick being delivered goes into the sorted remainder of the batch. */
  private insertReady(slot: number): void {
    if (this.readyLen === this.ready.length) this.ready = grow(this.ready);
    const ready = this.ready, s = this.store;
    let lo = this.readyPos, hi = this.readyLen;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s.before(ready[mid], slot)) lo = mid + 1;
      else hi = mid;
    }
    ready.copyWithin(lo + 1, lo, this.readyLen);
    ready[lo] = slot;
    this.readyLen++;
  }

  private pushFar(slot: number, t: number): void {
    if (this.farSize === this.farTick.length) {
      const tk = new Float64Array(this.farSize * 2);
      tk.set(this.farTick);
      this.farTick = tk;
      this.farSlot = grow(this.farSlot);
    }
    const ft = this.farTick, fs = this.farSlot;
    let i = this.farSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ft[p] <= t) break;
      ft[i] = ft[p];
      fs[i] = fs[p];
      i = p;
    }
    ft[i] = t;
    fs[i] = slot;
  }

  private popFar(): number {
    const ft = this.farTick, fs = this.farSlot;
    const top = fs[0];
    const n = --this.farSize;
    const t = ft[n], s = fs[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && ft[c + 1] < ft[c]) c++;
      if (ft[c] >= t) break;
      ft[i] = ft[c];
      fs[i] = fs[c];
      i = c;
    }
    ft[i] = t;
    fs[i] = s;
    return top;
  }
}

/** Fixed-size chunks of slot numbers, linked per bucket, recycled through a free list. */
class RefPool {
  slots = new Int32Array(REF_CHUNK << 8);
  next = new Int32Array(1 << 8);
  fill = new Uint8Array(1 << 8);
  private freeHead = -1;
  private used = 0;

  /** A fresh empty chunk linked in front of `after`. */
  alloc(after: number): number {
    let c = this.freeHead;
    if (c >= 0) this.freeHead = this.next[c];
    else {
      if (this.used === this.next.length) this.grow();
      c = this.used++;
    }
    this.next[c] = after;
    this.fill[c] = 0;
    return c;
  }

  /** Frees chunk c and returns the chunk it linked to. */
  release(c: number): number {
    const after = this.next[c];
    this.next[c] = this.freeHead;
    this.freeHead = c;
    return after;
  }

  private grow(): void {
    const n = this.next.length * 2;
    const slots = new Int32Array(n * REF_CHUNK);
    slots.set(this.slots);
    this.slots = slots;
    this.next = grow(this.next);
    const fill = new Uint8Array(n);
    fill.set(this.fill);
    this.fill = fill;
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const n = new Int32Array(a.length * 2);
  n.set(a);
  return n;
}

/** Insertion sort of ready[from..to) by source sequence: runs are events of one source in one tick, tiny. */
function sortRunBySeq(ready: Int32Array, from: number, to: number, f64: Float64Array): void {
  if (to - from > 64 && !sortedBySeq(ready, from, to, f64)) {
    const run = Array.from(ready.subarray(from, to)).sort((a, b) => f64[a * 6 + 1] - f64[b * 6 + 1]);
    ready.set(run, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const s = ready[i];
    const q = f64[s * 6 + 1];
    let j = i - 1;
    while (j >= from && f64[ready[j] * 6 + 1] > q) {
      ready[j + 1] = ready[j];
      j--;
    }
    ready[j + 1] = s;
  }
}

function sortedBySeq(ready: Int32Array, from: number, to: number, f64: Float64Array): boolean {
  for (let i = from + 1; i < to; i++) if (f64[ready[i - 1] * 6 + 1] > f64[ready[i] * 6 + 1]) return false;
  return true;
}
