/**
 * Per-device state as struct-of-arrays: commissioning progress, program, language, the current and
 * next price (FR-27, kept up to date by device-prices.ts), alert limit (FR-30), the DR response in force,
 * and the message store that keeps every received message readable for at least 24 hours (NFR-01,
 * superseding FR-24's 12 hours).
 */
import { entryPageBits } from './entry-pages.ts';
import { ResponseBook } from './response-book.ts';

export const RETENTION_MS = 24 * 3600 * 1000;

export { ResponseKind } from './response-kind.ts';

export class DeviceState {
  /** Connected by the customer and joined to the HAN (S1-05, FR-07). */
  readonly joined: Uint8Array;
  readonly authenticated: Uint8Array;
  readonly configured: Uint8Array;
  readonly program: Int16Array;
  readonly language: Uint8Array;
  readonly price: Float64Array;
  readonly nextPrice: Float64Array;
  readonly priceKnown: Uint8Array;
  readonly alertLimit: Float64Array;
  /**
   * The response in force (S2-04), set only when one takes effect, ends or is handed on (device.ts, `inForce`),
   * never when one is scheduled: its issuer id (0 when none), its end, whether the customer overrode it, what it
   * is for (ResponseKind) and its scheduling's sequence number in `responses` (0 when none).
   */
  readonly activeEvent: Float64Array;
  readonly eventEnd: Float64Array;
  readonly overridden: Uint8Array;
  readonly responseKind: Uint8Array;
  readonly responseSeq: Uint32Array;
  /** Every response scheduled or live, in force or held back by another. */
  readonly responses: ResponseBook;
  /** A bind request waiting at the meter for the device to join. */
  readonly heldBind: Int32Array;
  readonly alerts: Uint32Array;
  /** For S2-08 reports: when the last report went out, and the latest history events (NaN: none). */
  readonly lastReportAt: Float64Array;
  readonly shedStartAt: Float64Array;
  readonly shedEndAt: Float64Array;
  readonly overrideAt: Float64Array;
  readonly conditionAt: Float64Array;
  readonly conditionKind: Uint8Array;
  readonly views: Uint32Array;
  /** Energy each device had reported by its last S2-08 report, Wh. */
  readonly reportedWh: Float64Array;
  /** An override the device has asked its customer about (S2-05): the event's issuer id, 0 when none. */
  readonly overrideAsked: Float64Array;
  // Message store: per-device singly linked list over a shared pool, oldest first.
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly pool: MessagePool;
  private freeHead = -1;

  /**
   * State of devices 0 … n-1, initialised for d0 … d1-1 only: a partition touches only its own devices, and
   * the untouched pages of a large typed array cost no memory.
   */
  constructor(
    n: number,
    d0 = 0,
    d1 = n,
    /** How long a message stays readable (World.hooks.retentionMs). */
    private readonly retentionMs = RETENTION_MS,
  ) {
    this.joined = new Uint8Array(n);
    this.authenticated = new Uint8Array(n);
    this.configured = new Uint8Array(n);
    this.program = new Int16Array(n).fill(-1, d0, d1);
    this.language = new Uint8Array(n);
    this.price = new Float64Array(n).fill(NaN, d0, d1);
    this.nextPrice = new Float64Array(n).fill(NaN, d0, d1);
    this.priceKnown = new Uint8Array(n);
    this.alertLimit = new Float64Array(n).fill(NaN, d0, d1);
    this.activeEvent = new Float64Array(n);
    this.eventEnd = new Float64Array(n);
    this.overridden = new Uint8Array(n);
    this.responseKind = new Uint8Array(n);
    this.responseSeq = new Uint32Array(n);
    this.responses = new ResponseBook(n, d0, d1);
    this.heldBind = new Int32Array(n).fill(-1, d0, d1);
    this.alerts = new Uint32Array(n);
    this.lastReportAt = new Float64Array(n);
    this.shedStartAt = new Float64Array(n).fill(NaN, d0, d1);
    this.shedEndAt = new Float64Array(n).fill(NaN, d0, d1);
    this.overrideAt = new Float64Array(n).fill(NaN, d0, d1);
    this.conditionAt = new Float64Array(n).fill(NaN, d0, d1);
    this.conditionKind = new Uint8Array(n);
    this.views = new Uint32Array(n);
    this.reportedWh = new Float64Array(n);
    this.overrideAsked = new Float64Array(n);
    this.head = new Int32Array(n).fill(-1, d0, d1);
    this.tail = new Int32Array(n).fill(-1, d0, d1);
    this.pool = new MessagePool(d1 - d0);
  }

  /** Stores a message received at `at` (its header id and body kind), first dropping entries older than the retention. */
  store(d: number, at: number, wire: number, kind: number): void {
    this.expire(d, at);
    const e = this.alloc();
    const pool = this.pool;
    pool.set(e, at, wire, kind, -1);
    if (this.tail[d] < 0) this.head[d] = e;
    else pool.setNext(this.tail[d], e);
    this.tail[d] = e;
  }

  /** Header ids of the messages the device can show at time `now` (received within the retention). */
  readable(d: number, now: number): number[] {
    const out: number[] = [];
    const pool = this.pool;
    for (let e = this.head[d]; e >= 0; e = pool.next(e)) if (now - pool.at(e) <= this.retentionMs) out.push(pool.wire(e));
    return out;
  }

  /** Messages stored after `from` (exclusive), oldest first: header id, body kind index, when they arrived. */
  storedSince(d: number, from: number): { wire: number; kind: number; at: number }[] {
    const out: { wire: number; kind: number; at: number }[] = [];
    const pool = this.pool;
    for (let e = this.head[d]; e >= 0; e = pool.next(e)) if (pool.at(e) > from) out.push({ wire: pool.wire(e), kind: pool.kind(e), at: pool.at(e) });
    return out;
  }

  /** Bytes the message store's pool holds. */
  get storeBytes(): number {
    return this.pool.bytes;
  }

  private expire(d: number, now: number): void {
    const pool = this.pool;
    let e = this.head[d];
    while (e >= 0 && now - pool.at(e) > this.retentionMs) {
      const next = pool.next(e);
      pool.setNext(e, this.freeHead);
      this.freeHead = e;
      e = next;
    }
    this.head[d] = e;
    if (e < 0) this.tail[d] = -1;
  }

  private alloc(): number {
    if (this.freeHead < 0) return this.pool.add();
    const e = this.freeHead;
    this.freeHead = this.pool.next(e);
    return e;
  }
}

/** Bytes of one pool entry: arrival time and header id (Float64), next entry (Int32), body kind (Uint8). */
const ENTRY_BYTES = 8 + 8 + 4 + 1;

/**
 * The stored messages of a partition's devices, in pages that are added as the store fills and never copied: the
 * memory held exceeds the peak by at most one page (doubling would hold up to twice the peak, and three times it
 * while copying). A page is about a quarter of an entry per device: a device keeps a few messages a day.
 */
class MessagePool {
  private readonly bits: number;
  private readonly mask: number;
  /** Per page: arrival times at [0, P) and header ids at [P, 2P) (P entries a page); next entries; body kinds. */
  private readonly f64: Float64Array[] = [];
  private readonly nextOf: Int32Array[] = [];
  private readonly kindOf: Uint8Array[] = [];
  private used = 0;

  constructor(devices: number) {
    this.bits = entryPageBits(devices);
    this.mask = (1 << this.bits) - 1;
  }

  get bytes(): number {
    return this.f64.length * (ENTRY_BYTES << this.bits);
  }

  /** A fresh entry (after every entry handed out so far). */
  add(): number {
    if (this.used === this.f64.length << this.bits) {
      const p = 1 << this.bits;
      const buffer = new ArrayBuffer(ENTRY_BYTES * p);
      this.f64.push(new Float64Array(buffer, 0, 2 * p));
      this.nextOf.push(new Int32Array(buffer, 16 * p, p));
      this.kindOf.push(new Uint8Array(buffer, 20 * p, p));
    }
    return this.used++;
  }

  set(e: number, at: number, wire: number, kind: number, next: number): void {
    const page = e >>> this.bits, o = e & this.mask;
    const f = this.f64[page];
    f[o] = at;
    f[o + (1 << this.bits)] = wire;
    this.kindOf[page][o] = kind;
    this.nextOf[page][o] = next;
  }

  at(e: number): number {
    return this.f64[e >>> this.bits][e & this.mask];
  }

  wire(e: number): number {
    return this.f64[e >>> this.bits][(e & this.mask) + (1 << this.bits)];
  }

  kind(e: number): number {
    return this.kindOf[e >>> this.bits][e & this.mask];
  }

  next(e: number): number {
    return this.nextOf[e >>> this.bits][e & this.mask];
  }

  setNext(e: number, to: number): void {
    this.nextOf[e >>> this.bits][e & this.mask] = to;
  }
}
