/**
 * Mail from one partition to another in shared memory: a single-producer, single-consumer ring of bags
 * (mailbag.ts), each bag written in place and read where it lies, so mail costs no message-passing per window.
 * Bags are numbered 1, 2, … in the order written; a bag that does not fit in the free space goes through an
 * overflow channel instead (a MessagePort on threads), carrying its number. The reader takes in every bag it
 * can see and reports `drained`: the count of the longest run 1 … k it has taken in (bags may come out of the
 * overflow channel ahead of earlier ones in the ring; those count once the gap is filled).
 *
 * Entries are an even number of words: [bag number (or -1: wrap to the start), words] then the bag's words,
 * so a 2-word header always fits before the end of the data. Positions are word counters modulo 2^32. The
 * writer also counts the bags it posted to the overflow channel in shared memory, so the reader polls the
 * channel (a MessagePort read costs microseconds, more than a small window's mail) only when one is waiting.
 */
import type { Mailbag } from './mailbag.ts';

/** Where a bag that does not fit goes, and where its reader finds it. */
export interface Overflow {
  post(bag: number, buffer: ArrayBuffer): void;
  /** The next posted bag, or undefined when none is waiting. */
  receive(): { bag: number; buffer: ArrayBuffer } | undefined;
}

/** Words of a ring (4 MB): a window's mail at a million appliances is tens of KB. */
export const DEFAULT_RING_WORDS = 1 << 19;

const WRITE = 0, READ = 1, POSTED = 2;
/** Control words (Int32): write position, read position, bags posted to the overflow channel, padding. */
const CONTROL_BYTES = 16;
const HEADER = 2;
const WRAP = -1;

export class MailRing {
  private readonly ctl: Int32Array;
  private readonly data: Float64Array;
  private readonly mask: number;
  private readonly dataOffset: number;
  /** Writer: bags written so far. */
  private written = 0;
  /** Reader: the longest run of bags taken in, and bags taken in ahead of a gap. */
  drained = 0;
  private ahead = new Set<number>();
  /** Writer: bags that went through the overflow channel (statistics). */
  overflowed = 0;
  /** Reader: bags taken out of the overflow channel. */
  private received = 0;

  /** The bytes a ring of `words` (a power of two ≥ 16) takes in a shared buffer. */
  static bytes(words: number): number {
    return CONTROL_BYTES + words * 8;
  }

  constructor(
    readonly buffer: SharedArrayBuffer,
    byteOffset: number,
    readonly words: number,
    private readonly overflow: Overflow,
  ) {
    if (!(words >= 16 && (words & (words - 1)) === 0)) throw new Error(`a ring holds a power of two ≥ 16 words, got ${words}`);
    this.ctl = new Int32Array(buffer, byteOffset, CONTROL_BYTES / 4);
    this.dataOffset = byteOffset + CONTROL_BYTES;
    this.data = new Float64Array(buffer, this.dataOffset, words);
    this.mask = words - 1;
  }

  /** Writer: sends the bag (emptying it); returns its number. */
  write(bag: Mailbag): number {
    const n = ++this.written;
    const body = bag.byteLength / 8;
    const need = HEADER + body + (body & 1);
    const w = Atomics.load(this.ctl, WRITE);
    const free = this.words - ((w - Atomics.load(this.ctl, READ)) | 0);
    const at = w & this.mask;
    const toEnd = this.words - at;
    const skip = toEnd < need ? toEnd : 0;
    if (need + skip > free || need > this.words / 2) {
      this.overflowed++;
      this.overflow.post(n, bag.take());
      // After the post: a reader that sees the count finds the bag in the channel.
      Atomics.store(this.ctl, POSTED, this.overflowed);
      return n;
    }
    let i = at;
    if (skip > 0) {
      this.data[i] = WRAP;
      i = 0;
    }
    this.data[i] = n;
    this.data[i + 1] = body;
    bag.writeTo(this.buffer, this.dataOffset + (i + HEADER) * 8);
    Atomics.store(this.ctl, WRITE, (w + skip + need) | 0);
    return n;
  }

  /** Reader: takes in every bag it can see through `open` (buffer, byte offset → bytes read); returns how many. */
  read(open: (buffer: ArrayBufferLike, at: number) => unknown): number {
    let taken = 0;
    const w = Atomics.load(this.ctl, WRITE);
    let r = Atomics.load(this.ctl, READ);
    while (r !== w) {
      let i = r & this.mask;
      if (this.data[i] === WRAP) {
        r = (r + this.words - i) | 0;
        continue;
      }
      const n = this.data[i], body = this.data[i + 1];
      open(this.buffer, this.dataOffset + (i + HEADER) * 8);
      this.took(n);
      taken++;
      i = HEADER + body + (body & 1);
      r = (r + i) | 0;
    }
    Atomics.store(this.ctl, READ, r);
    // After the ring: a bag posted before any bag seen in the ring is in the channel by now, and counted.
    const posted = Atomics.load(this.ctl, POSTED);
    while (this.received < posted) {
      const o = this.overflow.receive();
      if (!o) break; // counted before it reached the channel's reader: taken in next time
      open(o.buffer, 0);
      this.took(o.bag);
      this.received++;
      taken++;
    }
    return taken;
  }

  private took(n: number): void {
    if (n !== this.drained + 1) return void this.ahead.add(n);
    this.drained = n;
    while (this.ahead.delete(this.drained + 1)) this.drained++;
  }
}

/** An overflow channel within one thread (in-process runs and tests). */
export class LocalOverflow implements Overflow {
  private queue: { bag: number; buffer: ArrayBuffer }[] = [];
  post(bag: number, buffer: ArrayBuffer): void {
    this.queue.push({ bag, buffer });
  }
  receive() {
    return this.queue.shift();
  }
}
