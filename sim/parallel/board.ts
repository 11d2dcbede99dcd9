/**
 * What partitions publish to each other in shared memory, besides mail: each partition's record (written by
 * it alone, read by all under a sequence lock), a doorbell per partition to wake it when something it waits
 * for changed, and an abort word so that a failing partition stops the others instead of leaving them waiting.
 *
 * A record: [next, bound, finished, published at, drained from partition 0 … count-1]
 *   next      the tick of its next queued event when it published (after taking in the mail counted in drained)
 *   bound     a lower bound on the tick of every event it will yet run
 *   finished  1 once it has run to the end (mail for it is dropped from then on)
 *   published at  when it published (ms on a clock all threads share; timing statistics only, 0 unless asked)
 *   drained   per sender, the bags (ring.ts) it had taken in when it published
 */
import { MailRing } from './ring.ts';

const ABORT = 0;
/** What a partition stopped by another's failure throws (the run reports the failure itself instead). */
export const ABORTED = 'another partition failed';
const FIELDS = 4;
const NEXT = 0, BOUND = 1, FINISHED = 2, STAMP = 3;

/** Milliseconds on a clock every thread of the process reads alike (performance.now() starts per thread). */
export const sharedClock = (): number => performance.timeOrigin + performance.now();

export interface PartitionRecord {
  next: number;
  bound: number;
  finished: boolean;
  /** sharedClock() when it was published (0 unless the board stamps records). */
  stamp: number;
  drained: Float64Array;
}

/** Byte offsets of everything in the run's shared buffer. */
export class BoardLayout {
  readonly controlBytes: number;
  readonly recordsOffset: number;
  readonly ringsOffset: number;
  readonly bytes: number;

  constructor(
    readonly count: number,
    readonly ringWords: number,
  ) {
    // abort, doorbells, record versions, sleeping flags; padded to 8 bytes.
    this.controlBytes = Math.ceil(((1 + 3 * count) * 4) / 8) * 8;
    this.recordsOffset = this.controlBytes;
    this.ringsOffset = this.recordsOffset + count * (FIELDS + count) * 8;
    this.bytes = this.ringsOffset + count * (count - 1) * MailRing.bytes(ringWords);
  }

  /** Byte offset of the ring from partition i to partition j (i ≠ j). */
  ring(i: number, j: number): number {
    return this.ringsOffset + (i * (this.count - 1) + (j < i ? j : j - 1)) * MailRing.bytes(this.ringWords);
  }
}

export class Board {
  private readonly ctl: Int32Array;
  private readonly records: Float64Array;
  private readonly stride: number;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly layout: BoardLayout,
    /** Stamp each published record with the time (for wake-up latency statistics). */
    readonly stamps = false,
  ) {
    this.ctl = new Int32Array(buffer, 0, 1 + 3 * layout.count);
    this.stride = FIELDS + layout.count;
    this.records = new Float64Array(buffer, layout.recordsOffset, layout.count * this.stride);
  }

  static create(layout: BoardLayout): SharedArrayBuffer {
    return new SharedArrayBuffer(layout.bytes);
  }

  /** Partition k's record as last published (all zero before it first publishes: a bound of 0 holds for anyone). */
  read(k: number, into: PartitionRecord): PartitionRecord {
    const ver = 1 + this.layout.count + k;
    const o = k * this.stride;
    for (;;) {
      const v = Atomics.load(this.ctl, ver);
      if (v & 1) continue;
      into.next = this.records[o + NEXT];
      into.bound = this.records[o + BOUND];
      into.finished = this.records[o + FINISHED] === 1;
      into.stamp = this.records[o + STAMP];
      for (let j = 0; j < this.layout.count; j++) into.drained[j] = this.records[o + FIELDS + j];
      if (Atomics.load(this.ctl, ver) === v) return into;
    }
  }

  /** Publishes partition k's record (only partition k calls this), then rings every other partition's doorbell. */
  publish(k: number, next: number, bound: number, finished: boolean, drained: ArrayLike<number>): void {
    const ver = 1 + this.layout.count + k;
    const o = k * this.stride;
    const v = Atomics.load(this.ctl, ver);
    Atomics.store(this.ctl, ver, v + 1);
    this.records[o + NEXT] = next;
    this.records[o + BOUND] = bound;
    this.records[o + FINISHED] = finished ? 1 : 0;
    if (this.stamps) this.records[o + STAMP] = sharedClock();
    for (let j = 0; j < this.layout.count; j++) this.records[o + FIELDS + j] = drained[j];
    Atomics.store(this.ctl, ver, v + 2);
    for (let j = 0; j < this.layout.count; j++) if (j !== k) this.ring(j);
  }

  /** True once partition k has published its first record (it has built its model). */
  published(k: number): boolean {
    return Atomics.load(this.ctl, 1 + this.layout.count + k) > 0;
  }

  /**
   * Wakes partition k if it sleeps on its doorbell. Atomics.notify (a lock in the engine) is skipped unless k
   * said it sleeps: k raises its flag before it waits, and waits only while the doorbell is unchanged, so
   * either it sees this ring or this sees its flag (sequentially consistent atomics).
   */
  ring(k: number): void {
    Atomics.add(this.ctl, 1 + k, 1);
    if (Atomics.load(this.ctl, this.sleeping(k)) !== 0) Atomics.notify(this.ctl, 1 + k);
  }

  private sleeping(k: number): number {
    return 1 + 2 * this.layout.count + k;
  }

  /** The current value of k's doorbell, to wait on. */
  doorbell(k: number): number {
    return Atomics.load(this.ctl, 1 + k);
  }

  /** Spins up to `us` µs of wall time while k's doorbell reads `seen`; true if it rang meanwhile. */
  spin(k: number, seen: number, us: number): boolean {
    const end = performance.now() + us / 1000;
    for (;;) {
      for (let i = 0; i < 64; i++) if (Atomics.load(this.ctl, 1 + k) !== seen) return true;
      if (performance.now() >= end) return false;
    }
  }

  /** Sleeps while k's doorbell reads `seen` (waking now and then to notice an abort). */
  sleep(k: number, seen: number): void {
    Atomics.store(this.ctl, this.sleeping(k), 1);
    Atomics.wait(this.ctl, 1 + k, seen, 200);
    Atomics.store(this.ctl, this.sleeping(k), 0);
    this.check();
  }

  abort(): void {
    Atomics.store(this.ctl, ABORT, 1);
    for (let k = 0; k < this.layout.count; k++) {
      Atomics.add(this.ctl, 1 + k, 1);
      Atomics.notify(this.ctl, 1 + k);
    }
  }

  check(): void {
    if (Atomics.load(this.ctl, ABORT) !== 0) throw new Error(ABORTED);
  }

  newRecord(): PartitionRecord {
    return { next: 0, bound: 0, finished: false, stamp: 0, drained: new Float64Array(this.layout.count) };
  }
}
