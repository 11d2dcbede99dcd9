/**
 * Per-device state as struct-of-arrays: commissioning progress, program, language, the current and
 * next price (FR-27, kept up to date by device-prices.ts), alert limit (FR-30), the DR response in force,
 * and the message store that keeps every received message readable for at least 24 hours (NFR-01,
 * superseding FR-24's 12 hours).
 */
export const RETENTION_MS = 24 * 3600 * 1000;

/** What a programmed response (S2-04) answers: a DR event, a CPP/PTR price event, or a price above the program's threshold. */
export const ResponseKind = { NONE: 0, DR_EVENT: 1, PRICE_EVENT: 2, HIGH_PRICE: 3 } as const;
export type ResponseKind = (typeof ResponseKind)[keyof typeof ResponseKind];

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
  /** Issuer id of the DR event being executed (S2-04), 0 when none. */
  readonly activeEvent: Float64Array;
  readonly eventEnd: Float64Array;
  readonly overridden: Uint8Array;
  /** What the response in force is for (ResponseKind). */
  readonly responseKind: Uint8Array;
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
  private poolMsg = new Int32Array(1024);
  /** Header id and body kind of each stored message: what reports list, valid after its row is reused. */
  private poolWire = new Float64Array(1024);
  private poolKind = new Uint8Array(1024);
  private poolAt = new Float64Array(1024);
  private poolNext = new Int32Array(1024);
  private freeHead = -1;
  private used = 0;

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
  }

  /** Stores message m received at `at`, first dropping entries older than the retention. */
  store(d: number, m: number, at: number, wire: number, kind: number): void {
    this.expire(d, at);
    const e = this.alloc();
    this.poolMsg[e] = m;
    this.poolWire[e] = wire;
    this.poolKind[e] = kind;
    this.poolAt[e] = at;
    this.poolNext[e] = -1;
    if (this.tail[d] < 0) this.head[d] = e;
    else this.poolNext[this.tail[d]] = e;
    this.tail[d] = e;
  }

  /** Header ids of the messages the device can show at time `now` (received within the retention). */
  readable(d: number, now: number): number[] {
    const out: number[] = [];
    for (let e = this.head[d]; e >= 0; e = this.poolNext[e]) if (now - this.poolAt[e] <= this.retentionMs) out.push(this.poolWire[e]);
    return out;
  }

  /** Messages stored after `from` (exclusive), oldest first: header id, body kind index, when they arrived. */
  storedSince(d: number, from: number): { wire: number; kind: number; at: number }[] {
    const out: { wire: number; kind: number; at: number }[] = [];
    for (let e = this.head[d]; e >= 0; e = this.poolNext[e]) if (this.poolAt[e] > from) out.push({ wire: this.poolWire[e], kind: this.poolKind[e], at: this.poolAt[e] });
    return out;
  }

  /** When the device received message m, or NaN if it does not hold it. */
  receivedAt(d: number, m: number): number {
    for (let e = this.head[d]; e >= 0; e = this.poolNext[e]) if (this.poolMsg[e] === m) return this.poolAt[e];
    return NaN;
  }

  private expire(d: number, now: number): void {
    let e = this.head[d];
    while (e >= 0 && now - this.poolAt[e] > this.retentionMs) {
      const next = this.poolNext[e];
      this.poolNext[e] = this.freeHead;
      this.freeHead = e;
      e = next;
    }
    this.head[d] = e;
    if (e < 0) this.tail[d] = -1;
  }

  private alloc(): number {
    if (this.freeHead >= 0) {
      const e = this.freeHead;
      this.freeHead = this.poolNext[e];
      return e;
    }
    if (this.used === this.poolMsg.length) {
      const n = this.used * 2;
      const i32 = (a: Int32Array) => {
        const b = new Int32Array(n);
        b.set(a);
        return b;
      };
      const f64 = (a: Float64Array) => {
        const b = new Float64Array(n);
        b.set(a);
        return b;
      };
      this.poolAt = f64(this.poolAt);
      this.poolWire = f64(this.poolWire);
      const k = new Uint8Array(n);
      k.set(this.poolKind);
      this.poolKind = k;
      this.poolMsg = i32(this.poolMsg);
      this.poolNext = i32(this.poolNext);
    }
    return this.used++;
  }
}
