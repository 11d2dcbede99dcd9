/**
 * Every programmed response (S2-04) a device has been told about and not yet finished: scheduled ones, and live
 * ones (started, not ended) whether in force or held back by another. Scheduling a response never touches the
 * one in force; the device asks `best` which live response the rule puts in force (device.ts, `inForce`):
 *
 * - a program response (a DR event, a CPP/PTR price event) outranks a price response (HIGH_PRICE): a dear price
 *   never weakens an event the utility called;
 * - among responses of one rank, the one that started last is in force (the newer event supersedes while it
 *   runs), the later scheduled on a tie; when it ends, the one under it takes over again, so a device holds
 *   load down while any response it was told about is live, which is the span the load accounting
 *   counts (response-events.ts).
 *
 * Each scheduling has its own sequence number per device, carried by its RESPONSE_START, RESPONSE_END and
 * OVERRIDE_CHECK timers: a timer of an ended or handed-on scheduling finds nothing and does nothing, whatever
 * issuer it shares with a later one. Entries live in pages added as the book fills (as the message store's pool).
 *
 * One event reaches a device as several messages (FR-17: a day-ahead notice, its reminder, the DR event, its
 * CPP price), each booked as its own response. They name the same event by its window — the start and end its
 * messages state, whole seconds (response-events.ts counts them as one event the same way) — and a customer's
 * override (S2-05) holds for the rest of the event: it marks every live response of that window, and one booked
 * later for it is overridden from the start, so no message about an overridden event sheds load again.
 */
import { entryPageBits } from './entry-pages.ts';
import { ResponseKind } from './response-kind.ts';

/** Entry flags: its RESPONSE_START has come; it has been in force; the customer overrode it (S2-05). */
const STARTED = 1, SHOWN = 2, OVERRIDDEN = 4;
/** Per page: issuer, start, end (Float64 each), sequence, next, event start, event end (32 bits each), kind, flags (8 bits each). */
const ENTRY_BYTES = 3 * 8 + 4 * 4 + 2;

/** The window an event's messages state, whole seconds of simulated time; [0, 0] names no event. */
export type EventWindow = readonly [startS: number, endS: number];
export const NO_EVENT: EventWindow = [0, 0];

export class ResponseBook {
  /** First entry of each device's list, -1 none. */
  private readonly head: Int32Array;
  /** The last sequence number handed out per device (0: none yet, so 0 never names a scheduling). */
  private readonly lastSeq: Uint32Array;
  private readonly bits: number;
  private readonly mask: number;
  private readonly f64: Float64Array[] = [];
  private readonly u32: Uint32Array[] = [];
  private readonly i32: Int32Array[] = [];
  /** The event window of each entry: start and end seconds, at offsets o and o + page size. */
  private readonly ev: Uint32Array[] = [];
  private readonly u8: Uint8Array[] = [];
  private used = 0;
  private freeHead = -1;

  constructor(n: number, d0 = 0, d1 = n) {
    this.head = new Int32Array(n).fill(-1, d0, d1);
    this.lastSeq = new Uint32Array(n);
    this.bits = entryPageBits(d1 - d0);
    this.mask = (1 << this.bits) - 1;
  }

  /** Bytes the entry pages hold. */
  get bytes(): number {
    return this.f64.length * (ENTRY_BYTES << this.bits);
  }

  /**
   * Records a scheduled response of device d to event `event`; returns its sequence number. It is overridden
   * from the start when the customer overrode a live response of the same event.
   */
  add(d: number, issuer: number, kind: ResponseKind, start: number, end: number, event: EventWindow = NO_EVENT): number {
    const e = this.alloc();
    const seq = this.nextSeq(d);
    const [f, o, P] = this.f(e);
    f[o] = issuer;
    f[o + P] = start;
    f[o + 2 * P] = end;
    const page = e >>> this.bits;
    this.u32[page][o] = seq;
    this.u8[page][o] = kind;
    this.u8[page][o + P] = this.eventOverridden(d, event) ? OVERRIDDEN : 0;
    this.setEvent(e, event);
    this.i32[page][o] = this.head[d];
    this.head[d] = e;
    return seq;
  }

  /** The entry of device d's scheduling `seq`, -1 when it has ended or was handed on. */
  bySeq(d: number, seq: number): number {
    for (let e = this.head[d]; e >= 0; e = this.next(e)) if (this.seq(e) === seq) return e;
    return -1;
  }

  /** Device d's entry for issuer event `issuer`, -1 none. */
  byIssuer(d: number, issuer: number): number {
    for (let e = this.head[d]; e >= 0; e = this.next(e)) if (this.issuer(e) === issuer) return e;
    return -1;
  }

  /** Device d's price response (there is at most one: a newer signal hands it on), -1 none. */
  priceResponse(d: number): number {
    for (let e = this.head[d]; e >= 0; e = this.next(e)) if (this.kind(e) === ResponseKind.HIGH_PRICE) return e;
    return -1;
  }

  /** The live response of device d that the rule puts in force (see above), -1 none. */
  best(d: number): number {
    let best = -1;
    for (let e = this.head[d]; e >= 0; e = this.next(e)) if (this.started(e) && (best < 0 || outranks(this, e, best))) best = e;
    return best;
  }

  /**
   * Hands price response e on to a newer signal: a new sequence number (the old timers lapse), issuer, end and
   * event window; it keeps its override, and takes one the customer made of a live response of the new event.
   */
  handOn(d: number, e: number, issuer: number, end: number, event: EventWindow = NO_EVENT): number {
    const [f, o, P] = this.f(e);
    f[o] = issuer;
    f[o + 2 * P] = end;
    const seq = this.nextSeq(d);
    this.u32[e >>> this.bits][o] = seq;
    this.setEvent(e, event);
    if (this.eventOverridden(d, event)) this.setFlag(e, OVERRIDDEN);
    return seq;
  }

  /** Takes entry e out of device d's list. */
  remove(d: number, e: number): void {
    let prev = -1;
    for (let x = this.head[d]; x >= 0; prev = x, x = this.next(x)) {
      if (x !== e) continue;
      if (prev < 0) this.head[d] = this.next(x);
      else this.i32[prev >>> this.bits][prev & this.mask] = this.next(x);
      this.i32[e >>> this.bits][e & this.mask] = this.freeHead;
      this.freeHead = e;
      return;
    }
  }

  issuer(e: number): number {
    return this.f64[e >>> this.bits][e & this.mask];
  }
  start(e: number): number {
    return this.f64[e >>> this.bits][(e & this.mask) + (1 << this.bits)];
  }
  end(e: number): number {
    return this.f64[e >>> this.bits][(e & this.mask) + 2 * (1 << this.bits)];
  }
  seq(e: number): number {
    return this.u32[e >>> this.bits][e & this.mask];
  }
  kind(e: number): ResponseKind {
    return this.u8[e >>> this.bits][e & this.mask] as ResponseKind;
  }
  started(e: number): boolean {
    return (this.flags(e) & STARTED) !== 0;
  }
  /** Has it been in force before (so taking over again resumes it rather than starting it)? */
  shown(e: number): boolean {
    return (this.flags(e) & SHOWN) !== 0;
  }
  overridden(e: number): boolean {
    return (this.flags(e) & OVERRIDDEN) !== 0;
  }
  markStarted(e: number): void {
    this.setFlag(e, STARTED);
  }
  markShown(e: number): void {
    this.setFlag(e, SHOWN);
  }
  /** The customer overrode device d's entry e: it, and every live response of the same event, stay overridden. */
  markOverridden(d: number, e: number): void {
    if (e < 0) return;
    this.setFlag(e, OVERRIDDEN);
    const page = this.ev[e >>> this.bits], o = e & this.mask, P = 1 << this.bits;
    const s0 = page[o], s1 = page[o + P];
    if (s0 === 0 && s1 === 0) return;
    for (let x = this.head[d]; x >= 0; x = this.next(x)) if (this.sameEvent(x, s0, s1)) this.setFlag(x, OVERRIDDEN);
  }

  /** Device d's event window of entry e (whole seconds), for tests and traces. */
  eventOf(e: number): EventWindow {
    const page = this.ev[e >>> this.bits], o = e & this.mask;
    return [page[o], page[o + (1 << this.bits)]];
  }

  /** Has the customer overridden a live response of device d to `event`? */
  private eventOverridden(d: number, event: EventWindow): boolean {
    if (event[0] === 0 && event[1] === 0) return false;
    for (let x = this.head[d]; x >= 0; x = this.next(x)) if (this.overridden(x) && this.sameEvent(x, event[0], event[1])) return true;
    return false;
  }

  private sameEvent(e: number, s0: number, s1: number): boolean {
    const page = this.ev[e >>> this.bits], o = e & this.mask;
    return page[o] === s0 && page[o + (1 << this.bits)] === s1;
  }

  private setEvent(e: number, event: EventWindow): void {
    const page = this.ev[e >>> this.bits], o = e & this.mask;
    page[o] = event[0];
    page[o + (1 << this.bits)] = event[1];
  }

  private nextSeq(d: number): number {
    // Wraps after 2^32 - 1 schedulings of one device, skipping 0.
    this.lastSeq[d] = this.lastSeq[d] === 0xffffffff ? 1 : this.lastSeq[d] + 1;
    return this.lastSeq[d];
  }

  private next(e: number): number {
    return this.i32[e >>> this.bits][e & this.mask];
  }

  private flags(e: number): number {
    return this.u8[e >>> this.bits][(e & this.mask) + (1 << this.bits)];
  }

  private setFlag(e: number, flag: number): void {
    this.u8[e >>> this.bits][(e & this.mask) + (1 << this.bits)] |= flag;
  }

  /** The Float64 page of entry e, its offset and the page size. */
  private f(e: number): [Float64Array, number, number] {
    return [this.f64[e >>> this.bits], e & this.mask, 1 << this.bits];
  }

  private alloc(): number {
    if (this.freeHead >= 0) {
      const e = this.freeHead;
      this.freeHead = this.next(e);
      return e;
    }
    if (this.used === this.f64.length << this.bits) {
      const P = 1 << this.bits;
      const buffer = new ArrayBuffer(ENTRY_BYTES * P);
      this.f64.push(new Float64Array(buffer, 0, 3 * P));
      this.u32.push(new Uint32Array(buffer, 24 * P, P));
      this.i32.push(new Int32Array(buffer, 28 * P, P));
      this.ev.push(new Uint32Array(buffer, 32 * P, 2 * P));
      this.u8.push(new Uint8Array(buffer, 40 * P, 2 * P));
    }
    return this.used++;
  }
}

/** Does entry a outrank entry b: program over price, then the later start, then the later scheduling? */
function outranks(book: ResponseBook, a: number, b: number): boolean {
  const ra = book.kind(a) === ResponseKind.HIGH_PRICE ? 0 : 1, rb = book.kind(b) === ResponseKind.HIGH_PRICE ? 0 : 1;
  if (ra !== rb) return ra > rb;
  if (book.start(a) !== book.start(b)) return book.start(a) > book.start(b);
  return seqAfter(book.seq(a), book.seq(b));
}

/** Is sequence number a later than b (modulo wrap-around: schedulings in a book are never 2^31 apart)? */
function seqAfter(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}
