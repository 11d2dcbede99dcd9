/**
 * Every message of a run as it was created, kept by subscribing to the world's trace sources (created,
 * delivered, dropped, accepted). The world reuses the rows of finished messages, so the log copies each
 * message when it is created and names it by its own serial number (0, 1, 2 … in creation order); the
 * columns have the names of MessageTable's, indexed by serial.
 */
import type { BodyKind } from '../models/wire/codec.ts';
import { BODY_KINDS } from '../models/wire/types.ts';
import { Cls } from '../models/world/events.ts';
import { State } from '../models/world/messages.ts';
import type { World } from '../models/world/world.ts';

export interface Acceptance {
  /** Serial of the message accepted. */
  m: number;
  d: number;
  at: number;
}

export class MessageLog {
  count = 0;
  readonly kind: number[] = [];
  readonly cls: number[] = [];
  readonly pub: number[] = [];
  readonly created: number[] = [];
  readonly src: number[] = [];
  readonly dst: number[] = [];
  readonly device: number[] = [];
  readonly up: number[] = [];
  readonly lang: number[] = [];
  readonly wire: number[] = [];
  /** IN_FLIGHT, DELIVERED or DROPPED (State). */
  readonly state: number[] = [];
  /** When a delivered message reached its destination. */
  readonly deliveredAt: number[] = [];
  /** A copy of each C5 frame (classes high…low) as created; background traffic's are not kept. */
  readonly frames: (Uint8Array | undefined)[] = [];
  /** Every acceptance of a message by a device, in order. */
  readonly accepted: Acceptance[] = [];
  /** The serial of the message each row of `w.msgs` holds now. */
  private readonly serialOfRow: number[] = [];

  constructor(readonly w: World) {
    const t = w.trace;
    t.created.connect((row) => void this.adopt(row));
    t.delivered.connect((row) => {
      const n = this.serialOf(row);
      this.state[n] = State.DELIVERED;
      this.deliveredAt[n] = w.sim.now;
    });
    t.dropped.connect((row) => void (this.state[this.serialOf(row)] = State.DROPPED));
    t.accepted.connect((row, d) => void this.accepted.push({ m: this.serialOf(row), d, at: w.sim.now }));
  }

  /** The serial of the message in row `row` of `w.msgs` (valid while it is in flight). */
  serialOf(row: number): number {
    return this.serialOfRow[row] ?? -1;
  }

  /**
   * Copies the message in `row` and gives it the next serial. The world's `created` trace does this for every
   * message; call it for one put into the table another way (a forged frame injected by a test).
   */
  adopt(row: number): number {
    const msgs = this.w.msgs;
    const n = this.count++;
    this.serialOfRow[row] = n;
    this.kind[n] = msgs.kind[row];
    this.cls[n] = msgs.cls[row];
    this.pub[n] = msgs.pub[row];
    this.created[n] = msgs.created[row];
    this.src[n] = msgs.src[row];
    this.dst[n] = msgs.dst[row];
    this.device[n] = msgs.device[row];
    this.up[n] = msgs.up[row];
    this.lang[n] = msgs.lang[row];
    this.wire[n] = msgs.wire[row];
    this.state[n] = msgs.state[row];
    this.frames[n] = msgs.cls[row] <= Cls.LOW ? msgs.frameOf(row)?.slice() : undefined;
    return n;
  }

  kindName(n: number): BodyKind {
    return BODY_KINDS[this.kind[n]];
  }
}
