/**
 * Mail between partitions: the events one partition scheduled for another's actors, batched per destination.
 * Each event keeps its full ordering key (tick, priority, source, source sequence), so where it lands in the
 * receiver's queue does not depend on arrival order. What an event carries is the model's business: a payload
 * of `columns` numbers and a byte string (the model's codec writes and reads them; several events may share one).
 *
 * Layout (Float64 words, then the payloads' bytes), 8-byte aligned so a bag can be read where it lies:
 *   [events, payloads, bytes]
 *   events × [tick, seq, src, dst, type·8 + priority, payload index in this bag]
 *   payloads × (columns + 2): the model's columns, then the offset and length of its bytes in the byte section
 */
export const EVENT_WORDS = 6;
const HEAD_WORDS = 3;

export class Mailbag {
  // Kept from bag to bag and grown by doubling (a bag is copied into the ring, so its arrays can be reused):
  // no arrays made per bag, no number[] growth per event.
  private words = new Float64Array(64 * EVENT_WORDS);
  private cols: Float64Array;
  private octets = new Uint8Array(4096);
  private bytes = 0;
  private events = 0;
  private payloads = 0;
  private readonly stride: number;
  /** Earliest tick in the bag (Infinity when empty): part of the sender's lower bound. */
  minTick = Infinity;

  /** @param columns numbers per payload, besides its bytes. */
  constructor(readonly columns: number) {
    this.stride = columns + 2;
    this.cols = new Float64Array(64 * this.stride);
  }

  /** Bytes of the arrays the bag holds (what it keeps between windows). */
  get heldBytes(): number {
    return this.words.byteLength + this.cols.byteLength + this.octets.byteLength;
  }

  /** Events in the bag. */
  get size(): number {
    return this.events;
  }

  /** Adds a payload (its columns, then its bytes, copied); returns its index in this bag, for addEvent. */
  addPayload(columns: ArrayLike<number>, bytes: Uint8Array): number {
    if (columns.length !== this.columns) throw new Error(`a payload has ${this.columns} columns, got ${columns.length}`);
    let o = this.payloads * this.stride;
    if (o + this.stride > this.cols.length) this.cols = grown(this.cols, o + this.stride);
    const c = this.cols;
    for (let i = 0; i < columns.length; i++) c[o++] = columns[i];
    c[o] = this.bytes;
    c[o + 1] = bytes.length;
    const end = this.bytes + bytes.length;
    if (end > this.octets.length) this.octets = grown(this.octets, end);
    this.octets.set(bytes, this.bytes);
    this.bytes = end;
    return this.payloads++;
  }

  addEvent(tick: number, priority: number, src: number, seq: number, dst: number, type: number, payload: number): void {
    const o = this.events * EVENT_WORDS;
    if (o + EVENT_WORDS > this.words.length) this.words = grown(this.words, o + EVENT_WORDS);
    const w = this.words;
    w[o] = tick;
    w[o + 1] = seq;
    w[o + 2] = src;
    w[o + 3] = dst;
    w[o + 4] = type * 8 + priority;
    w[o + 5] = payload;
    this.events++;
    if (tick < this.minTick) this.minTick = tick;
  }

  /** Bytes the bag takes written out (a multiple of 8). */
  get byteLength(): number {
    return (HEAD_WORDS + this.events * EVENT_WORDS + this.payloads * this.stride) * 8 + ((this.bytes + 7) & ~7);
  }

  /** Writes the bag at byte `at` (8-aligned) of `buffer` and empties it for the next window. */
  writeTo(buffer: ArrayBufferLike, at: number): void {
    if (at % 8 !== 0) throw new Error(`a bag starts on an 8-byte boundary, got byte ${at}`);
    const nEvents = this.events * EVENT_WORDS, nCols = this.payloads * this.stride;
    // Views of the whole buffer, kept while the buffer is the same (a ring's): no typed arrays made per bag.
    if (buffer !== writing) {
      writing = buffer;
      writeWords = new Float64Array(buffer, 0, buffer.byteLength >>> 3);
      writeOctets = new Uint8Array(buffer);
    }
    const f = writeWords, w = this.words, c = this.cols, b = this.octets;
    let o = at / 8;
    f[o++] = this.events;
    f[o++] = this.payloads;
    f[o++] = this.bytes;
    // Element by element for a small bag (most are); a view and one copy for a big one.
    if (nEvents + nCols <= SMALL) {
      for (let i = 0; i < nEvents; i++) f[o++] = w[i];
      for (let i = 0; i < nCols; i++) f[o++] = c[i];
    } else {
      f.set(w.subarray(0, nEvents), o);
      f.set(c.subarray(0, nCols), o + nEvents);
      o += nEvents + nCols;
    }
    const u8 = writeOctets, n = this.bytes;
    if (n <= SMALL) for (let i = 0, p = o * 8; i < n; i++, p++) u8[p] = b[i];
    else u8.set(b.subarray(0, n), o * 8);
    this.fit(nEvents, nCols, n);
    this.clear();
  }

  /** The bag as one buffer of its own (to transfer), emptying it. */
  take(): ArrayBuffer {
    const buf = new ArrayBuffer(this.byteLength);
    this.writeTo(buf, 0);
    return buf;
  }

  /**
   * Lets go of arrays a burst grew (the registration hour, a broadcast to every device: tens of MB at 300k
   * appliances) once a bag needs under a quarter of them, so they are not held to the end of the run; arrays of
   * up to KEPT elements stay, so ordinary windows allocate nothing.
   */
  private fit(words: number, cols: number, bytes: number): void {
    if (this.words.length > KEPT && this.words.length > 4 * words) this.words = new Float64Array(Math.max(64 * EVENT_WORDS, 2 * words));
    if (this.cols.length > KEPT && this.cols.length > 4 * cols) this.cols = new Float64Array(Math.max(64 * this.stride, 2 * cols));
    if (this.octets.length > KEPT && this.octets.length > 4 * bytes) this.octets = new Uint8Array(Math.max(4096, 2 * bytes));
  }

  private clear(): void {
    this.bytes = 0;
    this.events = 0;
    this.payloads = 0;
    this.minTick = Infinity;
  }
}

/** Elements of a bag's array kept however little the bags use (fit). */
const KEPT = 1 << 16;
/** Elements up to which a loop copies faster than making a view for set(). */
const SMALL = 256;
/** Views of the buffer last written (rings reuse one buffer). */
let writing: ArrayBufferLike | undefined;
let writeWords: Float64Array<ArrayBufferLike> = new Float64Array(0);
let writeOctets: Uint8Array<ArrayBufferLike> = new Uint8Array(0);

/** A copy of `a` with room for at least `need` elements (double the length, or more). */
function grown<T extends Float64Array | Uint8Array>(a: T, need: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** What a model does with a bag it receives. */
export interface MailReader {
  /** A payload: its columns are `cols[at]` … `cols[at + columns - 1]`; `bytes` is the reader's to keep (a view into one copy of the bag's bytes, taken off the ring). Returns a local reference. */
  payload(cols: Float64Array, at: number, bytes: Uint8Array): number;
  /** An event, with the local reference of its payload. */
  event(tick: number, priority: number, src: number, seq: number, dst: number, type: number, payload: number): void;
}

/** Views of the buffer last read (rings reuse one buffer: a bag costs no view of its own). */
let viewed: ArrayBufferLike | undefined;
let words: Float64Array<ArrayBufferLike> = new Float64Array(0);
let octets: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
/** Payloads' local references, reused from bag to bag (readers do not read bags from inside a reader). */
let local = new Float64Array(64);

/** Reads the bag written at byte `at` (8-aligned) of `buffer`; returns the bytes it took. */
export function readMailbag(buffer: ArrayBufferLike, at: number, columns: number, reader: MailReader): number {
  if (at % 8 !== 0) throw new Error(`a bag starts on an 8-byte boundary, got byte ${at}`);
  if (buffer !== viewed) {
    viewed = buffer;
    words = new Float64Array(buffer, 0, buffer.byteLength >>> 3);
    octets = new Uint8Array(buffer);
  }
  const f = words;
  const w0 = at / 8;
  const events = f[w0], payloads = f[w0 + 1], bytes = f[w0 + 2];
  const stride = columns + 2;
  const nWords = HEAD_WORDS + events * EVENT_WORDS + payloads * stride;
  // One copy per bag, not per payload: payloads' bytes outlive the ring's, and each small copy is an allocation.
  const u8 = octets.slice(at + nWords * 8, at + nWords * 8 + bytes);
  if (local.length < payloads) local = new Float64Array(Math.max(payloads, local.length * 2));
  const refs = local;
  for (let i = 0, o = w0 + HEAD_WORDS + events * EVENT_WORDS; i < payloads; i++, o += stride) {
    refs[i] = reader.payload(f, o, u8.subarray(f[o + columns], f[o + columns] + f[o + columns + 1]));
  }
  for (let i = 0, o = w0 + HEAD_WORDS; i < events; i++, o += EVENT_WORDS) {
    const tp = f[o + 4];
    reader.event(f[o], tp & 7, f[o + 2], f[o + 1], f[o + 3], Math.floor(tp / 8), refs[f[o + 5]]);
  }
  return nWords * 8 + ((bytes + 7) & ~7);
}
