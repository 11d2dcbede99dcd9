/**
 * Mail between partitions: the events one partition scheduled for another's actors during a window,
 * batched into one transferable buffer per destination. Each event keeps its full ordering key (tick,
 * priority, source, source sequence), so where it lands in the receiver's queue does not depend on
 * arrival order; the message it carries travels as its protobuf frame plus the columns the simulation
 * keeps beside it. A broadcast heard by many devices of one partition travels once per batch.
 *
 * Layout (Float64 words, then frame bytes):
 *   [events, messages, frameBytes]
 *   events × [tick, seq, src, dst, type·8 + priority, message index in this bag]
 *   messages × MSG_WORDS columns, the last two the frame's offset and length in the byte section
 */
import { decodeEnvelope } from '../wire/codec.ts';
import { Ev } from './events.ts';
import type { World } from './world.ts';

const EVENT_WORDS = 6;
const MSG_WORDS = 17;
/** Event types whose payload is a message: the only ones that cross partitions in this model. */
const CARRIES_MESSAGE = new Set<number>([Ev.ARRIVE, Ev.WAN_ENQ]);

export class Mailbag {
  private words: number[] = [];
  private msgs: number[] = [];
  private frames: Uint8Array[] = [];
  private frameBytes = 0;
  private events = 0;
  private messages = 0;
  /** Broadcasts already in this bag: local message → index in the bag. */
  private shared = new Map<number, number>();
  /** Earliest tick in the bag (Infinity when empty): part of the sender's lower bound for the next window. */
  minTick = Infinity;

  get size(): number {
    return this.events;
  }

  add(w: World, tick: number, priority: number, src: number, seq: number, dst: number, type: number, m: number): void {
    if (!CARRIES_MESSAGE.has(type)) throw new Error(`event type ${type} to actor ${dst} crosses partitions but carries no message`);
    const msgs = w.msgs;
    let ref = msgs.pub[m] ? this.shared.get(m) : undefined;
    if (ref === undefined) {
      ref = this.messages++;
      if (msgs.pub[m]) this.shared.set(m, ref);
      const frame = msgs.frames[m];
      if (!frame) throw new Error(`message ${msgs.wire[m]} crosses partitions without its frame`);
      this.msgs.push(
        msgs.kind[m], msgs.cls[m], msgs.pub[m], msgs.up[m], msgs.hopsLeft[m], msgs.attempts[m], msgs.lang[m], msgs.sla[m],
        msgs.created[m], msgs.hopStart[m], msgs.wire[m], msgs.answers[m], msgs.src[m], msgs.dst[m], msgs.device[m],
        this.frameBytes, frame.length,
      );
      this.frames.push(frame);
      this.frameBytes += frame.length;
      // A unicast message now lives in the receiving partition; a broadcast stays open here until all have heard it.
      if (!msgs.pub[m]) msgs.release(m);
    }
    this.words.push(tick, seq, src, dst, type * 8 + priority, ref);
    this.events++;
    if (tick < this.minTick) this.minTick = tick;
  }

  /** The bag as one buffer (to transfer), and an empty bag for the next window. */
  take(): ArrayBuffer {
    const head = 3, nWords = head + this.words.length + this.msgs.length;
    const buf = new ArrayBuffer(nWords * 8 + this.frameBytes);
    const f = new Float64Array(buf, 0, nWords);
    f[0] = this.events;
    f[1] = this.messages;
    f[2] = this.frameBytes;
    f.set(this.words, head);
    f.set(this.msgs, head + this.words.length);
    const bytes = new Uint8Array(buf, nWords * 8);
    let at = 0;
    for (const fr of this.frames) {
      bytes.set(fr, at);
      at += fr.length;
    }
    this.words = [];
    this.msgs = [];
    this.frames = [];
    this.frameBytes = 0;
    this.events = 0;
    this.messages = 0;
    this.shared.clear();
    this.minTick = Infinity;
    return buf;
  }
}

/**
 * Opens a bag into world `w`: every message gets a local number, every event is injected under its key.
 * Returns the broadcasts it brought as [local message, tick heard] pairs, for the caller to forget once heard.
 */
export function openMailbag(w: World, buf: ArrayBuffer): [number, number][] {
  const head = new Float64Array(buf, 0, 3);
  const events = head[0], messages = head[1];
  const nWords = 3 + events * EVENT_WORDS + messages * MSG_WORDS;
  const f = new Float64Array(buf, 0, nWords);
  const bytes = new Uint8Array(buf, nWords * 8);
  const local = new Int32Array(messages);
  const broadcasts: [number, number][] = [];
  const heardAt = new Float64Array(messages);
  const msgs = w.msgs;
  for (let i = 0, o = 3 + events * EVENT_WORDS; i < messages; i++, o += MSG_WORDS) {
    const frame = bytes.slice(f[o + 15], f[o + 15] + f[o + 16]);
    const m = msgs.restore(f, o, frame);
    local[i] = m;
    if (msgs.pub[m]) {
      // Devices read a broadcast's decoded frame (decoded once per partition, as once per world).
      const decoded = decodeEnvelope(frame);
      if (decoded.ok) w.decodedBroadcasts.set(m, decoded.value);
    }
  }
  for (let i = 0, o = 3; i < events; i++, o += EVENT_WORDS) {
    const tp = f[o + 4];
    w.sim.inject(f[o], tp & 7, f[o + 2], f[o + 1], f[o + 3], tp >> 3, local[f[o + 5]]);
    heardAt[f[o + 5]] = f[o];
  }
  for (let i = 0; i < messages; i++) if (msgs.pub[local[i]]) broadcasts.push([local[i], heardAt[i]]);
  return broadcasts;
}
