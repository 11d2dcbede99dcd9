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
  private words: number[] = [];
  private cols: number[] = [];
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private events = 0;
  private payloads = 0;
  /** Earliest tick in the bag (Infinity when empty): part of the sender's lower bound. */
  minTick = Infinity;

  /** @param columns numbers per payload, besides its bytes. */
  constructor(readonly columns: number) {}

  /** Events in the bag. */
  get size(): number {
    return this.events;
  }

  /** Adds a payload (its columns, then its bytes); returns its index in this bag, for addEvent. */
  addPayload(columns: ArrayLike<number>, bytes: Uint8Array): number {
    if (columns.length !== this.columns) throw new Error(`a payload has ${this.columns} columns, got ${columns.length}`);
    for (let i = 0; i < columns.length; i++) this.cols.push(columns[i]);
    this.cols.push(this.bytes, bytes.length);
    this.chunks.push(bytes);
    this.bytes += bytes.length;
    return this.payloads++;
  }

  addEvent(tick: number, priority: number, src: number, seq: number, dst: number, type: number, payload: number): void {
    this.words.push(tick, seq, src, dst, type * 8 + priority, payload);
    this.events++;
    if (tick < this.minTick) this.minTick = tick;
  }

  /** Bytes the bag takes written out (a multiple of 8). */
  get byteLength(): number {
    return (HEAD_WORDS + this.words.length + this.cols.length) * 8 + ((this.bytes + 7) & ~7);
  }

  /** Writes the bag at byte `at` (8-aligned) of `buffer` and empties it for the next window. */
  writeTo(buffer: ArrayBufferLike, at: number): void {
    const nWords = HEAD_WORDS + this.words.length + this.cols.length;
    const f = new Float64Array(buffer, at, nWords);
    f[0] = this.events;
    f[1] = this.payloads;
    f[2] = this.bytes;
    f.set(this.words, HEAD_WORDS);
    f.set(this.cols, HEAD_WORDS + this.words.length);
    const u8 = new Uint8Array(buffer, at + nWords * 8, this.bytes);
    let o = 0;
    for (const c of this.chunks) {
      u8.set(c, o);
      o += c.length;
    }
    this.clear();
  }

  /** The bag as one buffer of its own (to transfer), emptying it. */
  take(): ArrayBuffer {
    const buf = new ArrayBuffer(this.byteLength);
    this.writeTo(buf, 0);
    return buf;
  }

  private clear(): void {
    this.words = [];
    this.cols = [];
    this.chunks = [];
    this.bytes = 0;
    this.events = 0;
    this.payloads = 0;
    this.minTick = Infinity;
  }
}

/** What a model does with a bag it receives. */
export interface MailReader {
  /** A payload: its columns are `cols[at]` … `cols[at + columns - 1]`; `bytes` is a view to copy from, not keep. Returns a local reference. */
  payload(cols: Float64Array, at: number, bytes: Uint8Array): number;
  /** An event, with the local reference of its payload. */
  event(tick: number, priority: number, src: number, seq: number, dst: number, type: number, payload: number): void;
}

/** Reads the bag written at byte `at` of `buffer`; returns the bytes it took. */
export function readMailbag(buffer: ArrayBufferLike, at: number, columns: number, reader: MailReader): number {
  const head = new Float64Array(buffer, at, HEAD_WORDS);
  const events = head[0], payloads = head[1], bytes = head[2];
  const stride = columns + 2;
  const nWords = HEAD_WORDS + events * EVENT_WORDS + payloads * stride;
  const f = new Float64Array(buffer, at, nWords);
  const u8 = new Uint8Array(buffer, at + nWords * 8, bytes);
  const local = new Float64Array(payloads);
  for (let i = 0, o = HEAD_WORDS + events * EVENT_WORDS; i < payloads; i++, o += stride) {
    local[i] = reader.payload(f, o, u8.subarray(f[o + columns], f[o + columns] + f[o + columns + 1]));
  }
  for (let i = 0, o = HEAD_WORDS; i < events; i++, o += EVENT_WORDS) {
    const tp = f[o + 4];
    reader.event(f[o], tp & 7, f[o + 2], f[o + 1], f[o + 3], Math.floor(tp / 8), local[f[o + 5]]);
  }
  return nWords * 8 + ((bytes + 7) & ~7);
}
