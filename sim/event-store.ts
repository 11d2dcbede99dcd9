/**
 * Pending events in one typed-array record per slot (48 bytes: the key, the addressee, the payload and
 * the calendar's bucket link), so delivering an event touches one or two cache lines instead of one
 * line per field, and a million pending events need no JS object apiece. A slot is reused after its
 * event is delivered or cancelled; its generation number makes stale handles harmless.
 *
 * Record layout, in Float64 words F = 6·slot and Uint32 words U = 12·slot:
 *   f64[F]   tick            f64[F+1] source sequence    f64[F+2] payload
 *   u32[U+6] source actor    u32[U+7] destination actor  i32[U+8] event type
 *   u32[U+9] generation      u32[U+10] flags             i32[U+11] unused
 */
export const SLOT_BITS = 25;
const SLOT_LIMIT = 2 ** SLOT_BITS;
const WORDS64 = 6;
const BYTES = WORDS64 * 8;

/** flags: bits 0–2 priority, bits 8–9 state, bit 16 "has a data object". */
export const PRIO_MASK = 7;
export const STATE_PENDING = 1 << 8;
export const STATE_CANCELLED = 2 << 8;
const STATE_MASK = 3 << 8;
export const HAS_DATA = 1 << 16;

/** Slots come in chunks of 16 records; a calendar bucket owns whole chunks so its events sit together. */
export const CHUNK_SLOTS = 16;

export class EventStore {
  f64: Float64Array;
  u32: Uint32Array;
  i32: Int32Array;
  /** Objects carried by events that have one; most model events carry only `payload`. */
  data: unknown[] = [];
  /** Per chunk: the next chunk in a bucket's list, and how many of its slots are filled. */
  chunkNext: Int32Array;
  chunkFill: Uint8Array;
  /** Per chunk: 1 when its slots are handed out one by one through the free list. */
  private loose: Uint8Array;
  capacity: number;
  private freeList: Int32Array;
  private freeCount = 0;
  private freeChunks: Int32Array;
  private freeChunkCount = 0;
  private used = 0;

  constructor(initialCapacity = 1 << 12) {
    this.capacity = Math.max(CHUNK_SLOTS, initialCapacity);
    const buffer = new ArrayBuffer(this.capacity * BYTES);
    this.f64 = new Float64Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.freeList = new Int32Array(this.capacity);
    const chunks = this.capacity / CHUNK_SLOTS;
    this.chunkNext = new Int32Array(chunks);
    this.chunkFill = new Uint8Array(chunks);
    this.loose = new Uint8Array(chunks);
    this.freeChunks = new Int32Array(chunks);
  }

  /** One slot, recycled individually; the caller writes the record (flags with STATE_PENDING). */
  allocLoose(): number {
    if (this.freeCount > 0) return this.freeList[--this.freeCount];
    const c = this.carve();
    this.loose[c] = 1;
    const first = c * CHUNK_SLOTS;
    for (let s = first + CHUNK_SLOTS - 1; s > first; s--) this.freeList[this.freeCount++] = s;
    return first;
  }

  /** A whole chunk for a calendar bucket, recycled as a whole by releaseChunk(). */
  allocChunk(): number {
    const c = this.freeChunkCount > 0 ? this.freeChunks[--this.freeChunkCount] : this.carve();
    this.chunkFill[c] = 0;
    return c;
  }

  releaseChunk(c: number): void {
    this.freeChunks[this.freeChunkCount++] = c;
  }

  /** Ends an event's life: its handle goes stale; a loose slot goes back to the free list. */
  free(slot: number): void {
    const u = slot * 12;
    if ((this.u32[u + 10] & HAS_DATA) !== 0) this.data[slot] = undefined;
    this.u32[u + 10] = 0;
    this.u32[u + 9] = (this.u32[u + 9] + 1) & 0x3fffff;
    if (this.loose[slot >>> 4] === 1) this.freeList[this.freeCount++] = slot;
  }

  tickOf(slot: number): number {
    return this.f64[slot * WORDS64];
  }

  /** Marks a pending event cancelled; it is skipped when its tick comes. */
  cancel(slot: number): void {
    const u = slot * 12 + 10;
    this.u32[u] = (this.u32[u] & ~STATE_MASK) | STATE_CANCELLED;
  }

  /** A handle names one event even after its slot is reused: generation (22 bits) and slot. */
  handle(slot: number): number {
    return this.u32[slot * 12 + 9] * SLOT_LIMIT + slot;
  }

  /** The slot of a handle whose event is still pending (not cancelled), else -1. */
  slotOf(handle: number): number {
    const slot = handle % SLOT_LIMIT;
    if (!(slot >= 0 && slot < this.used)) return -1;
    const u = slot * 12;
    if ((this.u32[u + 10] & STATE_MASK) !== STATE_PENDING) return -1;
    return Math.floor(handle / SLOT_LIMIT) === this.u32[u + 9] ? slot : -1;
  }

  /** Strict order of two pending events: (tick, priority, source actor, source sequence). */
  before(a: number, b: number): boolean {
    const f = this.f64, u = this.u32;
    const ta = f[a * 6], tb = f[b * 6];
    if (ta !== tb) return ta < tb;
    const pa = u[a * 12 + 10] & PRIO_MASK, pb = u[b * 12 + 10] & PRIO_MASK;
    if (pa !== pb) return pa < pb;
    const sa = u[a * 12 + 6], sb = u[b * 12 + 6];
    if (sa !== sb) return sa < sb;
    return f[a * 6 + 1] < f[b * 6 + 1];
  }

  /** A never-used chunk; grows the store by doubling. */
  private carve(): number {
    if (this.used === this.capacity) this.grow();
    const c = this.used / CHUNK_SLOTS;
    this.used += CHUNK_SLOTS;
    this.loose[c] = 0;
    return c;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    if (cap > SLOT_LIMIT) throw new Error(`event store full: more than ${SLOT_LIMIT} pending events`);
    const buffer = new ArrayBuffer(cap * BYTES);
    new Uint8Array(buffer).set(new Uint8Array(this.f64.buffer));
    this.f64 = new Float64Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.freeList = widen(this.freeList, cap);
    const chunks = cap / CHUNK_SLOTS;
    this.chunkNext = widen(this.chunkNext, chunks);
    this.freeChunks = widen(this.freeChunks, chunks);
    const fill = new Uint8Array(chunks);
    fill.set(this.chunkFill);
    this.chunkFill = fill;
    const loose = new Uint8Array(chunks);
    loose.set(this.loose);
    this.loose = loose;
    this.capacity = cap;
  }
}

function widen(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
