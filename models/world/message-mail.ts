/**
 * What C5 events carry between partitions (the model's side of sim/parallel's mailbags): a message travels as
 * its protobuf frame plus the columns the simulation keeps beside it. A broadcast heard by many devices of one
 * partition travels once per bag, and is decoded once where it lands.
 */
import type { Mailbag, MailReader } from '../../sim/parallel/mailbag.ts';
import { Ev } from './events.ts';
import { MAIL_COLUMNS } from './messages.ts';
import type { World } from './world.ts';

/**
 * Columns of a message in a bag: MessageTable.columnsOf writes them, restore reads them; then 1 when the frame is
 * trusted (MessageTable.frameTrusted: the receiver decodes it without the value rules), else 0.
 */
export const MESSAGE_COLUMNS = MAIL_COLUMNS.length + 1;
const TRUSTED = MAIL_COLUMNS.length;
/** Event types whose payload is a message: the only ones that cross partitions in this model. */
const carriesMessage = (type: number) => type === Ev.ARRIVE || type === Ev.WAN_ENQ;

/** Writes events and their messages into one destination's bag. */
export class MessageMail {
  /** Broadcasts already in the bag: local message → payload index in the bag. */
  private shared = new Map<number, number>();
  private readonly cols = new Float64Array(MESSAGE_COLUMNS);

  constructor(readonly bag: Mailbag) {}

  add(w: World, tick: number, priority: number, src: number, seq: number, dst: number, type: number, m: number): void {
    if (!carriesMessage(type)) throw new Error(`event type ${type} to actor ${dst} crosses partitions but carries no message`);
    const msgs = w.msgs;
    if (this.bag.size === 0) this.shared.clear(); // the bag was sent since
    let ref = msgs.pub[m] ? this.shared.get(m) : undefined;
    if (ref === undefined) {
      const trusted = msgs.frameTrusted(m);
      const frame = msgs.frameOf(m); // encoded here when the message travelled as an object
      if (!frame) throw new Error(`message ${msgs.wire[m]} crosses partitions without its frame`);
      msgs.columnsOf(m, this.cols);
      this.cols[TRUSTED] = trusted ? 1 : 0;
      ref = this.bag.addPayload(this.cols, frame);
      if (msgs.pub[m]) this.shared.set(m, ref);
      // A unicast message now lives in the receiving partition; a broadcast stays open here until all have heard it.
      else msgs.release(m);
    }
    this.bag.addEvent(tick, priority, src, seq, dst, type, ref);
  }
}

/**
 * Opens bags into world `w`: every message gets a local row, every event is injected under its key. Broadcasts
 * received are kept as [local message, last tick heard] in `broadcasts`, for the partition to forget once heard.
 */
export class MessageMailReader implements MailReader {
  constructor(
    private readonly w: World,
    private readonly broadcasts: Map<number, number>,
  ) {}

  payload(cols: Float64Array, at: number, bytes: Uint8Array): number {
    const w = this.w;
    // `bytes` is readMailbag's copy: ours to keep.
    const m = w.msgs.restore(cols, at, bytes, cols[at + TRUSTED] === 1);
    if (w.msgs.pub[m]) {
      // Devices read a broadcast's decoded frame (decoded once per partition, as once per world).
      // MessageTable.open picks the decoder restore recorded (trusted frame or full rules).
      const decoded = w.msgs.open(m);
      if (decoded.ok) w.decodedBroadcasts.set(m, decoded.value);
      this.broadcasts.set(m, -1);
    }
    return m;
  }

  event(tick: number, priority: number, src: number, seq: number, dst: number, type: number, m: number): void {
    this.w.sim.inject(tick, priority, src, seq, dst, type, m);
    const heard = this.broadcasts.get(m);
    if (heard !== undefined && tick > heard) this.broadcasts.set(m, tick);
  }
}
