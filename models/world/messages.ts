/**
 * Messages in flight, as columns indexed by a local message number (not the header id, which is `wire`): what each one is,
 * where it goes, how far it got, its encoded size (what every link charges airtime for) and what travels: the
 * envelope object itself, or its protobuf frame where the wire is real (frame corruption on, a message from another
 * partition, or bytes a test injects). The destination opens it (`open`): a frame is decoded there, so malformed
 * bytes are caught where they would be; an object is what decoding its frame would give (decode(encode(x)) = x).
 *
 * The world's own messages travel as their body alone (`addBody`): every header field is a column already (id,
 * class, visibility, ends, time, language) but the correlation id, which gets one, and `open` builds the header
 * from the row. At the registration burst a partition holds about one message per device in flight, and a header
 * with its two actor references and the envelope around it was ~200 heap bytes apiece that lived through
 * scavenges (old-generation garbage once delivered).
 */
import { decodeEnvelope, decodeTrusted, encodeEnvelope, encodeProven, makeEnvelope, type DecodeResult, type EnvelopeObject, type Header } from '../wire/codec.ts';
import { BODY_KINDS, type BodyKind } from '../wire/types.ts';

export const KIND_INDEX: Record<string, number> = Object.fromEntries(BODY_KINDS.map((k, i) => [k, i]));

export const State = { IN_FLIGHT: 0, DELIVERED: 1, DROPPED: 2 } as const;

/** `size` of a message no link carries (World.create's Carry.CHECK): never measured, and Links.airtime refuses it. */
export const UNSIZED = -1;

const MIN_ROWS = 1024;
const GROWTH = 1.25;

/**
 * The columns of a message that travel with its frame between partitions, in record order: `columnsOf`
 * writes a record, `restore` reads one, both in this order, spelled out (message-columns.test.ts checks each
 * column; the frame's size and the state are not sent).
 */
export const MAIL_COLUMNS = ['kind', 'cls', 'pub', 'up', 'hopsLeft', 'attempts', 'lang', 'sla', 'created', 'hopStart', 'wire', 'answers', 'src', 'dst', 'device'] as const;

export class MessageTable {
  /** Rows in use or ever used (row numbers are < count). */
  count = 0;
  private cap = 0;
  /**
   * Rows of finished messages are reused (long runs keep only messages in flight; observers copy what they need
   * from the world's trace sources). A row is freed at the next `recycle()` (between slices of simulated time),
   * never inside the event that finished it, which may still read its columns.
   */
  private pendingFree: number[] = [];
  private free: number[] = [];
  kind = new Uint8Array(0);
  cls = new Uint8Array(0);
  /** Public (1) or private (0), FR-23. */
  pub = new Uint8Array(0);
  created = new Float64Array(0);
  /** Actor ids of the origin and the final destination (a broadcast's destination is its channel). */
  src = new Int32Array(0);
  dst = new Int32Array(0);
  /** Device the message is to (downstream) or from (upstream); -1 for none. */
  device = new Int32Array(0);
  /** 1 when travelling toward the back office. */
  up = new Uint8Array(0);
  hopsLeft = new Uint8Array(0);
  attempts = new Uint8Array(0);
  state = new Uint8Array(0);
  /** Encoded frame size in bytes (what links charge airtime for), or UNSIZED. */
  size = new Int32Array(0);
  /** Language index of the variant carried (FR-19), or 255. */
  lang = new Uint8Array(0);
  /** Counts toward the 2-minute SLA: to or from CDCS, NMS or a HAN device (NFR-04). */
  sla = new Uint8Array(0);
  /** When the message joined the link it is crossing now (first attempt), for per-hop times. */
  hopStart = new Float64Array(0);
  /** Header id on the wire (World.nextWireId). */
  wire = new Float64Array(0);
  /** For an acknowledgement: when the message it answers was created (ack round trip), else -1. */
  answers = new Float64Array(0);
  /** Protobuf frames of messages whose wire is real (read through `open` / `frameOf`, never directly: a message may have none). */
  private frames: (Uint8Array | undefined)[] = [];
  /** Envelopes of messages that travel as objects, or their bodies alone where `headerless` is 1. */
  private envelopes: unknown[] = [];
  /** 1 where `envelopes` holds the body only: the header is built from the row (`headerOf`) when the message is opened. */
  private headerless = new Uint8Array(0);
  /** Header correlation id of a headerless message (0: none). */
  corr = new Float64Array(0);
  /** Builds a headerless message's header from its row (the world sets it: actor references need its layout). */
  headerOf: ((m: number) => Header) | null = null;
  /**
   * 1 where the envelope was proven valid when made (codec.provenSizeOf): its frame is encoded without a re-check;
   * for a message from another partition, 1 where its frame was encoded there from an envelope (never real
   * wire bytes, which corruption may have changed): it is decoded without the value rules (codec.decodeTrusted).
   */
  private proven = new Uint8Array(0);

  /**
   * A new message: `frame` is its protobuf bytes, or the envelope object when the wire is not real (then `size`
   * is its encoded size, and `proven` says codec.provenSizeOf proved the envelope valid).
   */
  add(kind: BodyKind, cls: number, pub: boolean, created: number, src: number, dst: number, device: number, up: boolean, frame: Uint8Array | EnvelopeObject, lang: number, sla: boolean, size = (frame as Uint8Array).length, proven = false): number {
    const m = this.fill(kind, cls, pub, created, src, dst, device, up, lang, sla, size, proven);
    if (frame instanceof Uint8Array) this.frames[m] = frame;
    else this.envelopes[m] = frame;
    return m;
  }

  /**
   * A message that travels as its body: its header is the one `headerOf(m)` builds from the row (wire id, class,
   * visibility, ends, creation time, language index, `corr`), so the caller sets `wire` and `corr` before anyone
   * opens it. `size` is the encoded envelope's.
   */
  addBody(kind: BodyKind, cls: number, pub: boolean, created: number, src: number, dst: number, device: number, up: boolean, body: unknown, lang: number, sla: boolean, size: number, proven: boolean, corr: number): number {
    const m = this.fill(kind, cls, pub, created, src, dst, device, up, lang, sla, size, proven);
    this.envelopes[m] = body;
    this.headerless[m] = 1;
    this.corr[m] = corr;
    return m;
  }

  private fill(kind: BodyKind, cls: number, pub: boolean, created: number, src: number, dst: number, device: number, up: boolean, lang: number, sla: boolean, size: number, proven: boolean): number {
    const m = this.row();
    this.kind[m] = KIND_INDEX[kind];
    this.cls[m] = cls;
    this.pub[m] = pub ? 1 : 0;
    this.created[m] = created;
    this.src[m] = src;
    this.dst[m] = dst;
    this.device[m] = device;
    this.up[m] = up ? 1 : 0;
    this.state[m] = State.IN_FLIGHT;
    // A reused row must not keep its last message's progress.
    this.hopsLeft[m] = 0;
    this.attempts[m] = 0;
    this.hopStart[m] = 0;
    this.wire[m] = 0;
    this.answers[m] = -1;
    this.size[m] = size;
    this.lang[m] = lang;
    this.sla[m] = sla ? 1 : 0;
    this.proven[m] = proven ? 1 : 0;
    this.headerless[m] = 0;
    this.corr[m] = 0;
    return m;
  }

  /** Writes message m's MAIL_COLUMNS into `out`, in order. */
  columnsOf(m: number, out: Float64Array): void {
    // Spelled out rather than a loop over the column arrays: a loop's store mixes Uint8, Int32 and Float64
    // arrays at one site (megamorphic), and this runs for every message that crosses a partition boundary.
    out[0] = this.kind[m];
    out[1] = this.cls[m];
    out[2] = this.pub[m];
    out[3] = this.up[m];
    out[4] = this.hopsLeft[m];
    out[5] = this.attempts[m];
    out[6] = this.lang[m];
    out[7] = this.sla[m];
    out[8] = this.created[m];
    out[9] = this.hopStart[m];
    out[10] = this.wire[m];
    out[11] = this.answers[m];
    out[12] = this.src[m];
    out[13] = this.dst[m];
    out[14] = this.device[m];
  }

  /** A message from another partition: its MAIL_COLUMNS at f[o …], and its frame (`trusted`: see frameTrusted). */
  restore(f: Float64Array, o: number, frame: Uint8Array, trusted = false): number {
    const m = this.row();
    this.kind[m] = f[o];
    this.cls[m] = f[o + 1];
    this.pub[m] = f[o + 2];
    this.up[m] = f[o + 3];
    this.hopsLeft[m] = f[o + 4];
    this.attempts[m] = f[o + 5];
    this.lang[m] = f[o + 6];
    this.sla[m] = f[o + 7];
    this.created[m] = f[o + 8];
    this.hopStart[m] = f[o + 9];
    this.wire[m] = f[o + 10];
    this.answers[m] = f[o + 11];
    this.src[m] = f[o + 12];
    this.dst[m] = f[o + 13];
    this.device[m] = f[o + 14];
    this.state[m] = State.IN_FLIGHT;
    this.size[m] = frame.length;
    this.proven[m] = trusted ? 1 : 0;
    this.headerless[m] = 0;
    this.frames[m] = frame;
    return m;
  }

  kindName(m: number): BodyKind {
    return BODY_KINDS[this.kind[m]];
  }

  /** What the destination reads: the frame decoded (never throws), or the envelope that travelled as an object. */
  open(m: number): DecodeResult {
    const frame = this.frames[m];
    if (frame) return this.proven[m] ? decodeTrusted(frame) : decodeEnvelope(frame);
    const env = this.envelope(m);
    return env ? { ok: true, value: env } : { ok: false, error: 'not-bytes', detail: 'no frame' };
  }

  /** The envelope of a message that travels as an object (built around its body when headerless), else undefined. */
  private envelope(m: number): EnvelopeObject | undefined {
    const x = this.envelopes[m];
    if (x === undefined) return undefined;
    return this.headerless[m] ? makeEnvelope(this.headerOf!(m), this.kindName(m), x) : (x as EnvelopeObject);
  }

  /** The message's protobuf frame: its bytes, or its envelope encoded now (for a partition boundary or an observer). */
  frameOf(m: number): Uint8Array | undefined {
    const frame = this.frames[m];
    if (frame) return frame;
    const env = this.envelope(m);
    if (!env) return undefined;
    return this.proven[m] ? encodeProven(env, this.kindName(m)) : encodeEnvelope(env);
  }

  /**
   * True when frameOf(m) is, or will be, this codec's encoding of a valid envelope, untouched since: it is
   * encoded from the envelope (validated when made, or by encodeEnvelope), or is such a frame from another
   * partition. False for bytes that were real wire (corruption may have changed them) or that a test injected.
   */
  frameTrusted(m: number): boolean {
    return this.frames[m] === undefined || this.proven[m] === 1;
  }

  /** The frame bytes of a message whose wire is real (corruption writes into them), else undefined. */
  wireBytes(m: number): Uint8Array | undefined {
    return this.frames[m];
  }

  /** Frees the frame of a finished message, and its row at the next `recycle()`. */
  finish(m: number, state: number): void {
    if (this.state[m] === State.IN_FLIGHT) this.release(m);
    this.state[m] = state;
    this.frames[m] = undefined;
    this.envelopes[m] = undefined;
  }

  /** The message has left this table's world (delivered, dropped, or mailed to another partition). */
  release(m: number): void {
    this.frames[m] = undefined;
    this.envelopes[m] = undefined;
    this.pendingFree.push(m);
  }

  /** Makes the rows released so far reusable. */
  recycle(): void {
    for (const m of this.pendingFree) this.free.push(m);
    this.pendingFree.length = 0;
  }

  private row(): number {
    if (this.free.length > 0) return this.free.pop()!;
    if (this.count === this.cap) this.grow();
    return this.count++;
  }

  /**
   * Grows by a quarter, not by doubling: at a million appliances the busiest partition has about a million messages
   * in flight at the registration burst, and doubling would hold up to twice that (three times while copying).
   */
  private grow(): void {
    const cap = Math.max(MIN_ROWS, Math.ceil(this.cap * GROWTH));
    const g = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a as never);
      return b;
    };
    this.kind = g(this.kind, Uint8Array);
    this.cls = g(this.cls, Uint8Array);
    this.pub = g(this.pub, Uint8Array);
    this.created = g(this.created, Float64Array);
    this.src = g(this.src, Int32Array);
    this.dst = g(this.dst, Int32Array);
    this.device = g(this.device, Int32Array);
    this.up = g(this.up, Uint8Array);
    this.hopsLeft = g(this.hopsLeft, Uint8Array);
    this.attempts = g(this.attempts, Uint8Array);
    this.state = g(this.state, Uint8Array);
    this.size = g(this.size, Int32Array);
    this.lang = g(this.lang, Uint8Array);
    this.sla = g(this.sla, Uint8Array);
    this.hopStart = g(this.hopStart, Float64Array);
    this.wire = g(this.wire, Float64Array);
    this.answers = g(this.answers, Float64Array);
    this.proven = g(this.proven, Uint8Array);
    this.headerless = g(this.headerless, Uint8Array);
    this.corr = g(this.corr, Float64Array);
    this.cap = cap;
  }
}
