/**
 * Pending events as 32-byte records in typed-array pages, so a million pending events need no JS object
 * apiece and delivering one touches one cache line. Records are handed out in chunks of CHUNK_SLOTS: a
 * queue keeps a bucket's events in its own chunks, so a bucket is read sequentially when its tick comes.
 *
 * The store grows a page at a time and never copies: a page is a fixed block of records, sized from the
 * caller's hint (about a sixteenth of the expected peak of pending events, 256 … 65,536 records), so the
 * memory held exceeds what the peak needs by at most one page, instead of up to half under doubling.
 *
 * Record layout, in Float64 words F = 4·o and Uint32 words U = 8·o of the record's page (o = slot's offset):
 *   f64[F]   source sequence        f64[F+1] payload
 *   u32[U+4] tick mod 2^32          u32[U+5] source actor   u32[U+6] destination actor
 *   u32[U+7] meta: event type (bits 0–23), priority (24–26), state (27–28), "has a data object" (29)
 * The tick's high bits are not stored: the queue knows them from where the record sits (ring bucket, far
 * bucket, batch), and tickFrom() restores a tick from its low bits and any tick at most 2^32 below it.
 */
export const SLOT_BITS = 25;
const SLOT_LIMIT = 2 ** SLOT_BITS;
/** Handles carry the sequence number modulo 2^28 beside the slot (25 + 28 bits ≤ 2^53). */
const SEQ_LIMIT = 2 ** 28;
const TWO_32 = 2 ** 32;

export const TYPE_LIMIT = 1 << 24;
const TYPE_MASK = TYPE_LIMIT - 1;
const PRIO_SHIFT = 24;
export const STATE_PENDING = 1 << 27;
export const STATE_CANCELLED = 2 << 27;
const STATE_MASK = 3 << 27;
export const HAS_DATA = 1 << 29;

/** Records per chunk: small, so a bucket with one event wastes at most three records. */
export const CHUNK_SLOTS = 4;
export const CHUNK_BITS = 2;

const RECORD_BYTES = 32;
const MIN_PAGE_BITS = 8;
const MAX_PAGE_BITS = 16;
export const DEFAULT_HINT = 4096;

export class EventStore {
  /** Records per page is 2^pageBits; slot s lives in page s >>> pageBits at offset s & pageMask. */
  readonly pageBits: number;
  readonly pageMask: number;
  /** Per page, its Float64 and Uint32 views (one buffer). */
  readonly f64: Float64Array[] = [];
  readonly u32: Uint32Array[] = [];
  /** Per page, per chunk: the next chunk in its list (a bucket's, or the free list). */
  private readonly links: Int32Array[] = [];
  /** Objects carried by events that have one; model events carry only `payload`. */
  data: unknown[] = [];
  private freeHead = -1;
  /** Slots handed out from pages so far, in whole chunks. */
  private carved = 0;

  constructor(hint = DEFAULT_HINT) {
    if (!(hint >= 1) || !Number.isSafeInteger(hint)) throw new Error(`event store hint must be a whole number ≥ 1, got ${hint}`);
    const bits = Math.ceil(Math.log2(Math.max(1, hint / 16)));
    this.pageBits = Math.min(MAX_PAGE_BITS, Math.max(MIN_PAGE_BITS, bits));
    this.pageMask = (1 << this.pageBits) - 1;
  }

  /** Bytes held by the records and their chunk links. */
  get bytes(): number {
    return this.f64.length * ((RECORD_BYTES + 4 / CHUNK_SLOTS) << this.pageBits);
  }

  /** A chunk of CHUNK_SLOTS free records: slots chunk·CHUNK_SLOTS … +CHUNK_SLOTS-1. */
  allocChunk(): number {
    const c = this.freeHead;
    if (c >= 0) {
      this.freeHead = this.next(c);
      return c;
    }
    if (this.carved === this.f64.length << this.pageBits) this.addPage();
    const fresh = this.carved >>> CHUNK_BITS;
    this.carved += CHUNK_SLOTS;
    return fresh;
  }

  releaseChunk(c: number): void {
    this.setNext(c, this.freeHead);
    this.freeHead = c;
  }

  next(c: number): number {
    const b = this.pageBits - CHUNK_BITS;
    return this.links[c >>> b][c & ((1 << b) - 1)];
  }

  setNext(c: number, to: number): void {
    const b = this.pageBits - CHUNK_BITS;
    this.links[c >>> b][c & ((1 << b) - 1)] = to;
  }

  /** Fills a reserved record; the event is pending from here on. */
  write(slot: number, tick: number, seq: number, src: number, dst: number, type: number, payload: number, priority: number, data: unknown): void {
    const p = slot >>> this.pageBits, o = slot & this.pageMask;
    const f64 = this.f64[p], u32 = this.u32[p];
    f64[o * 4] = seq;
    f64[o * 4 + 1] = payload;
    u32[o * 8 + 4] = tick >>> 0;
    u32[o * 8 + 5] = src;
    u32[o * 8 + 6] = dst;
    let meta = type | (priority << PRIO_SHIFT) | STATE_PENDING;
    if (data !== undefined) {
      this.data[slot] = data;
      meta |= HAS_DATA;
    }
    u32[o * 8 + 7] = meta;
  }

  seq(slot: number): number {
    return this.f64[slot >>> this.pageBits][(slot & this.pageMask) * 4];
  }

  payload(slot: number): number {
    return this.f64[slot >>> this.pageBits][(slot & this.pageMask) * 4 + 1];
  }

  /** The tick modulo 2^32; see tickFrom(). */
  tickLow(slot: number): number {
    return this.u32[slot >>> this.pageBits][(slot & this.pageMask) * 8 + 4];
  }

  src(slot: number): number {
    return this.u32[slot >>> this.pageBits][(slot & this.pageMask) * 8 + 5];
  }

  dst(slot: number): number {
    return this.u32[slot >>> this.pageBits][(slot & this.pageMask) * 8 + 6];
  }

  meta(slot: number): number {
    return this.u32[slot >>> this.pageBits][(slot & this.pageMask) * 8 + 7];
  }

  priority(slot: number): number {
    return (this.meta(slot) >>> PRIO_SHIFT) & 7;
  }

  /** Ends an event's life: its handle goes stale and its data object is let go. */
  free(slot: number): void {
    const p = slot >>> this.pageBits, u = (slot & this.pageMask) * 8 + 7;
    const meta = this.u32[p][u];
    if ((meta & HAS_DATA) !== 0) this.data[slot] = undefined;
    this.u32[p][u] = meta & ~(STATE_MASK | HAS_DATA);
  }

  /** Marks a pending event cancelled; it is skipped when its tick comes. */
  cancel(slot: number): void {
    const p = slot >>> this.pageBits, u = (slot & this.pageMask) * 8 + 7;
    this.u32[p][u] = (this.u32[p][u] & ~STATE_MASK) | STATE_CANCELLED;
  }

  /** A handle names one event even after its slot is reused: its sequence number (mod 2^28) and slot. */
  handle(slot: number): number {
    return handleOf(slot, this.seq(slot));
  }

  /** The slot of a handle whose event is still pending (not cancelled, not delivered), else -1. */
  slotOf(handle: number): number {
    const high = Math.floor(handle / SLOT_LIMIT);
    const slot = handle - high * SLOT_LIMIT;
    if (!(slot >= 0 && slot < this.carved)) return -1;
    if ((this.meta(slot) & STATE_MASK) !== STATE_PENDING) return -1;
    return high === seqBits(this.seq(slot)) ? slot : -1;
  }

  /** Strict order of two events of the same tick: (priority, source actor, source sequence). */
  sameTickBefore(a: number, b: number): boolean {
    const pa = this.meta(a) >>> PRIO_SHIFT & 7, pb = this.meta(b) >>> PRIO_SHIFT & 7;
    if (pa !== pb) return pa < pb;
    const sa = this.src(a), sb = this.src(b);
    if (sa !== sb) return sa < sb;
    return this.seq(a) < this.seq(b);
  }

  private addPage(): void {
    if ((this.f64.length + 1) << this.pageBits > SLOT_LIMIT) throw new Error(`event store full: more than ${SLOT_LIMIT} pending events`);
    const buffer = new ArrayBuffer(RECORD_BYTES << this.pageBits);
    this.f64.push(new Float64Array(buffer));
    this.u32.push(new Uint32Array(buffer));
    this.links.push(new Int32Array(1 << (this.pageBits - CHUNK_BITS)));
  }
}

/** The handle of the event with sequence number `seq` in `slot`. */
export function handleOf(slot: number, seq: number): number {
  return seqBits(seq) * SLOT_LIMIT + slot;
}

/** seq mod 2^28, without a floating-point remainder for the usual sequence numbers below 2^31. */
function seqBits(seq: number): number {
  return seq < 2147483648 ? seq & (SEQ_LIMIT - 1) : seq % SEQ_LIMIT;
}

/** The type field of a record's meta word. */
export function typeOf(meta: number): number {
  return meta & TYPE_MASK;
}

/** The whole tick of a record whose tick is at least `base` and less than base + 2^32, from its low 32 bits. */
export function tickFrom(low: number, base: number): number {
  return base + ((low - (base % TWO_32)) >>> 0);
}
