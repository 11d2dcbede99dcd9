import type { EventQueue } from './event-queue.ts';
import { CHUNK_BITS, CHUNK_SLOTS, tickFrom, type EventStore } from './event-store.ts';

const SRC_SPAN = 2 ** 27; // source ids below this sort by radix; larger ones by comparison
const RADIX_BITS = 10;
const RADIX_MASK = (1 << RADIX_BITS) - 1;
/** Far buckets indexed directly (a day and a half at the default width); later ones wait in a map. */
const FAR_SLOTS = 4096;
const TWO_31 = 2 ** 31;

/**
 * A bucket's chunk list is named by its tail: the slot its next record goes to (-1: empty). The newest chunk is
 * (tail - 1) >> CHUNK_BITS, and a tail on a chunk boundary means that chunk is full. One word per bucket.
 */
const EMPTY = -1;

/**
 * A far chunk handed to the stream no longer needs its link (the stream lists its slots), so the link word holds
 * FAR_LIVE - k for its k records not yet popped (k ≥ 1): below -1, where a list link (a chunk, or -1) never is.
 */
const FAR_LIVE = -1;

/**
 * A calendar queue (Brown 1988) in three levels, all holding records in chunks of the event store:
 *
 * - the ring: one bucket per millisecond tick over a window of `bucketCount` ticks. An event there is
 *   written straight into its bucket's chunks, so when the tick comes its records are read sequentially;
 *   a bucket is ordered once, by a stable radix sort on (priority, source) and then by sequence; quiet
 *   stretches are skipped with a bitmap of non-empty buckets.
 * - far buckets: events beyond the ring go, unsorted, into coarse buckets of half a window each (about
 *   33 s at the default window). When the window's end reaches a far bucket, its events are sorted by
 *   tick once (a stable radix sort) and appended to
 * - the stream: far events in tick order, merged into each tick's batch. A far event is written once and
 *   never moves, so its handle stays valid. A handed-over chunk's link word counts its records not yet
 *   popped (FAR_LIVE), and the chunk goes back to the store as soon as its last record is popped: a dense
 *   far bucket whose events schedule their successors (timers) then needs no second copy of itself.
 *
 * Ticks below `farStart` go to the ring, the others to far buckets: every far event is later than every
 * event in the ring and the stream, so the next tick is the least of the ring's and the stream's, and only
 * when both are empty is the earliest far bucket scanned for its least tick.
 */
export class CalendarQueue implements EventQueue {
  private readonly buckets: number;
  private readonly mask: number;
  /** Ticks per far bucket: half the ring, so a far bucket is handed over before the ring could overlap it. */
  private readonly farWidth: number;
  private readonly radixPasses: number;
  /** Per ring bucket, the tail of its chunk list (chunks link, newest first, through store.next). */
  private readonly ringTail: Int32Array;
  private readonly bitmap: Uint32Array;
  private ringCount = 0;
  private ringNextCache = -1;
  /** Tick of the batch in `ready`; the ring holds ticks in (cur, farStart). */
  private cur = 0;
  /** Tail of the chunks taking events for the tick being delivered, and the slot just reserved there. */
  private nowTail = EMPTY;
  private reservedNow = -1;
  private ready = new Int32Array(1 << 10);
  private readyPos = 0;
  private readyLen = 0;
  /** Chunks of the batch being delivered, released when the next batch is loaded. */
  private spent = new Int32Array(1 << 6);
  private spentCount = 0;

  /** Far buckets below farLow have been handed to the stream; ticks below farStart = farLow·farWidth go to the ring. */
  private farLow: number;
  private farStart: number;
  private readonly farTail = new Int32Array(FAR_SLOTS).fill(EMPTY);
  private readonly farBitmap = new Uint32Array(FAR_SLOTS >>> 5);
  /** Far buckets at farLow + FAR_SLOTS and beyond: their tails by index, with a min-heap of their indices. */
  private readonly beyond = new Map<number, number>();
  private readonly beyondKeys: number[] = [];
  private farEvents = 0;
  private farMin = Infinity;
  private farMinKnown = false;

  private streamSlot = new Int32Array(1 << 10);
  private streamTick = new Float64Array(1 << 10);
  private streamHead = 0;
  private streamTail = 0;
  /** The slot popped last: its record stays valid until the next pop, which then lets its far chunk go. */
  private popped = -1;
  /** The batch being delivered has far events (a ring-only batch skips dropFar). */
  private farInBatch = false;

  /** The chunks of the list gather() read last, newest first, and how many. */
  private chunkOrder = new Int32Array(1 << 6);
  private gatheredChunks = 0;
  private scratch = new Int32Array(1 << 10);
  private keysA = new Uint32Array(1 << 10);
  private keysB = new Uint32Array(1 << 10);
  private slotsB = new Int32Array(1 << 10);
  private digitCount = new Int32Array(1 << RADIX_BITS);

  constructor(private readonly store: EventStore, bucketCount = 1 << 16) {
    if (bucketCount < 32 || (bucketCount & (bucketCount - 1)) !== 0 || bucketCount > 1 << 24) {
      throw new Error('bucketCount must be a power of two, 32 … 2^24');
    }
    this.buckets = bucketCount;
    this.mask = bucketCount - 1;
    this.farWidth = bucketCount / 2;
    this.radixPasses = Math.ceil(Math.log2(this.farWidth) / 8);
    this.ringTail = new Int32Array(bucketCount).fill(EMPTY);
    this.bitmap = new Uint32Array(bucketCount >>> 5);
    this.farLow = 2;
    this.farStart = this.farLow * this.farWidth;
  }

  get size(): number {
    return this.readyLen - this.readyPos + this.ringCount + (this.streamTail - this.streamHead) + this.farEvents;
  }

  get bytes(): number {
    const arrays = [this.ringTail, this.bitmap, this.ready, this.spent, this.farTail, this.farBitmap];
    const more = [this.streamSlot, this.streamTick, this.chunkOrder, this.scratch, this.keysA, this.keysB, this.slotsB, this.digitCount];
    let n = 0;
    for (const a of [...arrays, ...more]) n += a.byteLength;
    return n + this.beyondKeys.length * 16 + this.beyond.size * 32;
  }

  reserve(t: number): number {
    if (t > this.cur) return t < this.farStart ? this.reserveRing(t) : this.reserveFar(t);
    if (t === this.cur) return this.reserveNow();
    throw new Error(`event at tick ${t} is before the queue's current tick ${this.cur}`);
  }

  commit(slot: number): void {
    // Only an event for the tick being delivered needs work now: it joins the sorted batch.
    if (slot === this.reservedNow) {
      this.reservedNow = -1;
      this.insertReady(slot);
    }
  }

  pop(): number {
    if (this.farInBatch) this.dropFar(this.popped);
    if (this.readyPos < this.readyLen) return (this.popped = this.ready[this.readyPos++]);
    const t = this.nextPending();
    this.farInBatch = false;
    if (t === Infinity) return -1;
    this.advance(t);
    return (this.popped = this.ready[this.readyPos++]);
  }

  /** A popped record is done with; the last of a far chunk's records hands the chunk back to the store. */
  private dropFar(slot: number): void {
    const c = slot >> CHUNK_BITS;
    const live = this.store.next(c);
    if (live >= FAR_LIVE) return; // a ring chunk (released with its batch)
    if (live === FAR_LIVE - 1) this.store.releaseChunk(c);
    else this.store.setNext(c, live + 1);
  }

  peekTick(): number {
    return this.readyPos < this.readyLen ? this.cur : this.nextPending();
  }

  /** The least tick after the current batch. */
  private nextPending(): number {
    let t = Infinity;
    if (this.ringCount > 0) t = this.ringNext();
    if (this.streamHead < this.streamTail && this.streamTick[this.streamHead] < t) t = this.streamTick[this.streamHead];
    if (t === Infinity && this.farEvents > 0) t = this.earliestFar();
    return t;
  }

  private bucketOf(t: number): number {
    return t < TWO_31 ? t & this.mask : t % this.buckets;
  }

  /** Tick of the earliest event in the ring; cached because peek and pop both ask for it. */
  private ringNext(): number {
    if (this.ringNextCache < 0) this.ringNextCache = this.cur + this.distanceToNext();
    return this.ringNextCache;
  }

  private reserveRing(t: number): number {
    const b = this.bucketOf(t);
    let s = this.ringTail[b];
    if ((s & (CHUNK_SLOTS - 1)) === 0 || s < 0) s = this.extend(s);
    this.ringTail[b] = s + 1;
    this.bitmap[b >>> 5] |= 1 << (b & 31);
    this.ringCount++;
    if (this.ringNextCache >= 0 && t < this.ringNextCache) this.ringNextCache = t;
    return s;
  }

  /** A list whose newest chunk is full (or that is empty) gets a fresh chunk in front; returns its first slot. */
  private extend(tail: number): number {
    const fresh = this.store.allocChunk();
    this.store.setNext(fresh, tail < 0 ? -1 : (tail - 1) >> CHUNK_BITS);
    return fresh * CHUNK_SLOTS;
  }

  private reserveNow(): number {
    let s = this.nowTail;
    if ((s & (CHUNK_SLOTS - 1)) === 0 || s < 0) {
      s = this.extend(EMPTY);
      this.markSpent(s >> CHUNK_BITS);
    }
    this.nowTail = s + 1;
    return (this.reservedNow = s);
  }

  private reserveFar(t: number): number {
    this.farEvents++;
    if (this.farMinKnown && t < this.farMin) this.farMin = t;
    const k = Math.floor(t / this.farWidth);
    if (k >= this.farLow + FAR_SLOTS) return this.reserveBeyond(k);
    const f = farSlot(k);
    let s = this.farTail[f];
    if ((s & (CHUNK_SLOTS - 1)) === 0 || s < 0) {
      if (s < 0) this.farBitmap[f >>> 5] |= 1 << (f & 31);
      s = this.extend(s);
    }
    this.farTail[f] = s + 1;
    return s;
  }

  private reserveBeyond(k: number): number {
    let s = this.beyond.get(k);
    if (s === undefined) {
      s = EMPTY;
      heapPush(this.beyondKeys, k);
    }
    if ((s & (CHUNK_SLOTS - 1)) === 0 || s < 0) s = this.extend(s);
    this.beyond.set(k, s + 1);
    return s;
  }

  /** Ticks from `cur` to the next non-empty ring bucket (1 … buckets-1); the ring must not be empty. */
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

  /** Moves to tick `t` (the least pending), hands far buckets the window now reaches to the stream, sorts tick t's batch. */
  private advance(t: number): void {
    const store = this.store;
    for (let i = 0; i < this.spentCount; i++) store.releaseChunk(this.spent[i]);
    this.spentCount = 0;
    this.nowTail = EMPTY;
    this.cur = t;
    this.ringNextCache = -1;
    const w = this.farWidth;
    const low = Math.floor((t + this.buckets) / w);
    if (low > this.farLow) this.handOver(low);

    let n = 0;
    const st = this.streamTick, ss = this.streamSlot;
    while (this.streamHead < this.streamTail && st[this.streamHead] === t) {
      if (n === this.scratch.length) this.scratch = grow(this.scratch);
      this.scratch[n++] = ss[this.streamHead++];
    }
    this.farInBatch = n > 0;
    const b = this.bucketOf(t);
    if ((this.bitmap[b >>> 5] & (1 << (b & 31))) !== 0) {
      const before = n;
      n = this.gather(this.ringTail[b], n, true);
      this.ringTail[b] = EMPTY;
      this.bitmap[b >>> 5] &= ~(1 << (b & 31));
      this.ringCount -= n - before;
    }
    if (this.ready.length < n) this.ready = new Int32Array(Math.max(n, this.ready.length * 2));
    else if (oversized(this.ready, n)) this.ready = new Int32Array(2 * n);
    this.sortBatch(n);
    this.readyPos = 0;
    this.readyLen = n;
    this.trimScratch(n);
  }

  /**
   * After a burst (a tick or a far bucket of hundreds of thousands of events), lets the sort's scratch and the
   * stream go back to twice what is in use, rather than holding their high-water mark to the end of the run.
   */
  private trimScratch(n: number): void {
    if (oversized(this.keysA, n)) {
      const size = Math.max(1 << 10, 2 * n);
      this.keysA = new Uint32Array(size);
      this.keysB = new Uint32Array(size);
      this.slotsB = new Int32Array(size);
      this.scratch = new Int32Array(size);
    }
    const live = this.streamTail - this.streamHead;
    if (oversized(this.streamSlot, live)) {
      const size = Math.max(1 << 10, 2 * live);
      const slot = new Int32Array(size), tick = new Float64Array(size);
      slot.set(this.streamSlot.subarray(this.streamHead, this.streamTail));
      tick.set(this.streamTick.subarray(this.streamHead, this.streamTail));
      this.streamSlot = slot;
      this.streamTick = tick;
      this.streamHead = 0;
      this.streamTail = live;
    }
  }

  /**
   * Appends the slots of a non-empty chunk list to scratch from `n` on, oldest chunk first, so events of one
   * source come out in sending order and the later sequence sort has (almost) nothing to do. With `spend`, the
   * chunks are released at the next batch. Returns the new length.
   */
  private gather(tail: number, n: number, spend: boolean): number {
    const store = this.store;
    const fill = ((tail - 1) & (CHUNK_SLOTS - 1)) + 1;
    let m = 0;
    for (let c = (tail - 1) >> CHUNK_BITS; c !== -1; c = store.next(c)) {
      if (m === this.chunkOrder.length) this.chunkOrder = grow(this.chunkOrder);
      this.chunkOrder[m++] = c;
      if (spend) this.markSpent(c);
    }
    this.gatheredChunks = m;
    const need = n + (m - 1) * CHUNK_SLOTS + fill;
    while (need > this.scratch.length) this.scratch = grow(this.scratch);
    const scratch = this.scratch;
    for (let k = m - 1; k >= 0; k--) {
      const first = this.chunkOrder[k] * CHUNK_SLOTS;
      const f = k === 0 ? fill : CHUNK_SLOTS;
      for (let i = 0; i < f; i++) scratch[n++] = first + i;
    }
    return n;
  }

  private markSpent(c: number): void {
    if (this.spentCount === this.spent.length) this.spent = grow(this.spent);
    this.spent[this.spentCount++] = c;
  }

  /** Hands far buckets farLow … low-1 to the stream, in order, and pulls buckets from the map into the direct slots. */
  private handOver(low: number): void {
    const end = Math.min(low, this.farLow + FAR_SLOTS);
    for (let k = this.nextFarBucket(this.farLow, end); k >= 0; k = this.nextFarBucket(k + 1, end)) {
      const f = farSlot(k);
      const tail = this.farTail[f];
      this.farTail[f] = EMPTY;
      this.farBitmap[f >>> 5] &= ~(1 << (f & 31));
      this.toStream(k, tail);
    }
    const keys = this.beyondKeys;
    while (keys.length > 0 && keys[0] < low) {
      const k = heapPop(keys);
      const tail = this.beyond.get(k)!;
      this.beyond.delete(k);
      this.toStream(k, tail);
    }
    this.farLow = low;
    this.farStart = low * this.farWidth;
    while (keys.length > 0 && keys[0] < low + FAR_SLOTS) {
      const k = heapPop(keys);
      const f = farSlot(k);
      this.farTail[f] = this.beyond.get(k)!;
      this.beyond.delete(k);
      this.farBitmap[f >>> 5] |= 1 << (f & 31);
    }
    this.farMinKnown = false;
  }

  /** The least non-empty far bucket index in [from, end), end ≤ farLow + FAR_SLOTS; -1 when none. */
  private nextFarBucket(from: number, end: number): number {
    let k = from;
    while (k < end) {
      const f = farSlot(k);
      const bits = this.farBitmap[f >>> 5] >>> (f & 31);
      if (bits !== 0) {
        const found = k + 31 - Math.clz32(bits & -bits);
        return found < end ? found : -1;
      }
      k += 32 - (f & 31);
    }
    return -1;
  }

  /** Sorts far bucket k's events by tick (stable) and appends them to the stream; its chunks count their records (FAR_LIVE). */
  private toStream(k: number, tail: number): void {
    const n = this.gather(tail, 0, false);
    this.countFarRecords(tail);
    this.farEvents -= n;
    const base = k * this.farWidth;
    if (this.keysA.length < n) this.growKeys(n);
    const store = this.store;
    let keys = this.keysA, slots: Int32Array = this.scratch, keys2 = this.keysB, slots2: Int32Array = this.slotsB;
    for (let i = 0; i < n; i++) keys[i] = tickFrom(store.tickLow(slots[i]), base) - base;
    if (n <= 32) insertionSortByKey(keys, slots, n);
    else {
      const count8 = this.digitCount;
      for (let pass = 0, shift = 0; pass < this.radixPasses; pass++, shift += 8) {
        count8.fill(0, 0, 256);
        for (let i = 0; i < n; i++) count8[(keys[i] >>> shift) & 255]++;
        let sum = 0;
        for (let d = 0; d < 256; d++) {
          const c = count8[d];
          count8[d] = sum;
          sum += c;
        }
        for (let i = 0; i < n; i++) {
          const p = count8[(keys[i] >>> shift) & 255]++;
          keys2[p] = keys[i];
          slots2[p] = slots[i];
        }
        const tk = keys; keys = keys2; keys2 = tk;
        const ts = slots; slots = slots2; slots2 = ts;
      }
    }
    if (this.streamHead > 0 && this.streamTail + n > this.streamSlot.length) {
      this.streamSlot.copyWithin(0, this.streamHead, this.streamTail);
      this.streamTick.copyWithin(0, this.streamHead, this.streamTail);
      this.streamTail -= this.streamHead;
      this.streamHead = 0;
    }
    while (this.streamTail + n > this.streamSlot.length) {
      this.streamSlot = grow(this.streamSlot);
      const tick = new Float64Array(this.streamTick.length * 2);
      tick.set(this.streamTick);
      this.streamTick = tick;
    }
    const at = this.streamTail;
    for (let i = 0; i < n; i++) {
      this.streamSlot[at + i] = slots[i];
      this.streamTick[at + i] = base + keys[i];
    }
    this.streamTail += n;
  }

  /** Turns the links of a far bucket's chunks (just gathered, newest first in chunkOrder) into counts of their records. */
  private countFarRecords(tail: number): void {
    const store = this.store, order = this.chunkOrder;
    store.setNext(order[0], FAR_LIVE - (((tail - 1) & (CHUNK_SLOTS - 1)) + 1));
    for (let i = 1; i < this.gatheredChunks; i++) store.setNext(order[i], FAR_LIVE - CHUNK_SLOTS);
  }

  /** The least tick in the far buckets (ring and stream empty): a scan of the earliest bucket, cached. */
  private earliestFar(): number {
    if (this.farMinKnown) return this.farMin;
    let k = this.nextFarBucket(this.farLow, this.farLow + FAR_SLOTS);
    if (k < 0) k = this.beyondKeys[0];
    const tail = k >= this.farLow + FAR_SLOTS ? this.beyond.get(k)! : this.farTail[farSlot(k)];
    const base = k * this.farWidth;
    let min = Infinity;
    for (let c = (tail - 1) >> CHUNK_BITS, f = ((tail - 1) & (CHUNK_SLOTS - 1)) + 1; c !== -1; c = this.store.next(c), f = CHUNK_SLOTS) {
      for (let i = 0; i < f; i++) min = Math.min(min, tickFrom(this.store.tickLow(c * CHUNK_SLOTS + i), base));
    }
    this.farMin = min;
    this.farMinKnown = true;
    return min;
  }

  private growKeys(n: number): void {
    const size = Math.max(n, this.keysA.length * 2);
    this.keysA = new Uint32Array(size);
    this.keysB = new Uint32Array(size);
    this.slotsB = new Int32Array(size);
  }

  /**
   * Orders scratch[0..n) into ready[0..n) by (priority, source, sequence); all share one tick.
   * A stable LSD radix sort on the 30-bit key priority·2^27 + source, skipping digits that do not vary,
   * then runs of one source by sequence: about half the cost of the engine's native numeric sort.
   */
  private sortBatch(n: number): void {
    const store = this.store;
    if (n <= 32) {
      const ready = this.ready, scratch = this.scratch;
      for (let i = 0; i < n; i++) {
        const s = scratch[i];
        let j = i - 1;
        while (j >= 0 && store.sameTickBefore(s, ready[j])) {
          ready[j + 1] = ready[j];
          j--;
        }
        ready[j + 1] = s;
      }
      return;
    }
    if (this.keysA.length < n) this.growKeys(n);
    let ka = this.keysA, sa: Int32Array = this.scratch, kb = this.keysB, sb: Int32Array = this.slotsB;
    let and = 0xffffffff, or = 0;
    const pages = store.u32, pb = store.pageBits, pm = store.pageMask;
    for (let i = 0; i < n; i++) {
      const s = sa[i];
      const u32 = pages[s >>> pb], o = (s & pm) * 8;
      const src = u32[o + 5];
      if (src >= SRC_SPAN) return this.sortByComparator(n);
      const k = ((((u32[o + 7] >>> 24) & 7) << 27) | src) >>> 0;
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
        if (j - runStart > 1) sortRunBySeq(ready, runStart, j, store);
        runStart = j;
      }
    }
  }

  /** Fallback for actor ids beyond 2^27: a comparison sort on the full key. */
  private sortByComparator(n: number): void {
    const store = this.store;
    const order = Array.from(this.scratch.subarray(0, n));
    order.sort((a, b) => (store.sameTickBefore(a, b) ? -1 : store.sameTickBefore(b, a) ? 1 : 0));
    this.ready.set(order);
  }

  /** An event for the tick being delivered goes into the sorted remainder of the batch. */
  private insertReady(slot: number): void {
    if (this.readyLen === this.ready.length) this.ready = grow(this.ready);
    const ready = this.ready, s = this.store;
    let lo = this.readyPos, hi = this.readyLen;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s.sameTickBefore(ready[mid], slot)) lo = mid + 1;
      else hi = mid;
    }
    ready.copyWithin(lo + 1, lo, this.readyLen);
    ready[lo] = slot;
    this.readyLen++;
  }
}

/** Scratch of up to KEPT entries is kept whatever is in use, so ordinary batches allocate nothing. */
const KEPT = 1 << 16;

/** More than KEPT entries of which under a quarter are needed. */
function oversized(a: Int32Array | Uint32Array, need: number): boolean {
  return a.length > KEPT && a.length > 4 * need;
}

function farSlot(k: number): number {
  return k < TWO_31 ? k & (FAR_SLOTS - 1) : k % FAR_SLOTS;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const n = new Int32Array(a.length * 2);
  n.set(a);
  return n;
}

function insertionSortByKey(keys: Uint32Array, slots: Int32Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const k = keys[i], s = slots[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      slots[j + 1] = slots[j];
      j--;
    }
    keys[j + 1] = k;
    slots[j + 1] = s;
  }
}

/** Insertion sort of ready[from..to) by source sequence: runs are events of one source in one tick, tiny. */
function sortRunBySeq(ready: Int32Array, from: number, to: number, store: EventStore): void {
  if (to - from > 64 && !sortedBySeq(ready, from, to, store)) {
    const run = Array.from(ready.subarray(from, to)).sort((a, b) => store.seq(a) - store.seq(b));
    ready.set(run, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const s = ready[i];
    const q = store.seq(s);
    let j = i - 1;
    while (j >= from && store.seq(ready[j]) > q) {
      ready[j + 1] = ready[j];
      j--;
    }
    ready[j + 1] = s;
  }
}

function sortedBySeq(ready: Int32Array, from: number, to: number, store: EventStore): boolean {
  for (let i = from + 1; i < to; i++) if (store.seq(ready[i - 1]) > store.seq(ready[i])) return false;
  return true;
}

function heapPush(h: number[], k: number): void {
  let i = h.length;
  h.push(k);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p] <= k) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = k;
}

function heapPop(h: number[]): number {
  const top = h[0];
  const last = h.pop()!;
  const n = h.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && h[c + 1] < h[c]) c++;
    if (h[c] >= last) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = last;
  return top;
}
