/**
 * The pipelined window protocol: no global barrier; a partition runs on as far as the others' published
 * records allow, as soon as it learns of them. One step of partition i:
 *
 *   1. read every other partition's record (board.ts), then take in all mail in its rings (ring.ts): every
 *      bag a partition wrote before publishing its record is then in i's queue;
 *   2. its horizon H: no event can yet reach i below H (see horizon());
 *   3. run every event up to min(H − 1, end of run), mail what it produced (written before the record that
 *      follows, so step 1 holds), publish its record: next queued tick, bound min(next, H), bags drained.
 *
 * Results cannot depend on when partitions step: each only runs events below a bound on everything that can
 * still reach it, and events are ordered by key, never by arrival (the kernel's rule).
 */
import type { Board, PartitionRecord } from './board.ts';
import type { PartitionModel, PartitionStats } from './partition.ts';
import type { MailRing } from './ring.ts';

export type StepOutcome = 'ran' | 'blocked' | 'finished';

/** Bags written to one partition and not yet known to be taken in: their numbers and earliest ticks. */
class SentLog {
  private bags: number[] = [];
  private ticks: number[] = [];
  private head = 0;

  add(bag: number, tick: number): void {
    this.bags.push(bag);
    this.ticks.push(tick);
  }

  /** The earliest tick of a bag numbered above `drained` (Infinity when none); forgets the others. */
  earliestAfter(drained: number): number {
    while (this.head < this.bags.length && this.bags[this.head] <= drained) this.head++;
    if (this.head > 1024 && this.head * 2 > this.bags.length) {
      this.bags = this.bags.slice(this.head);
      this.ticks = this.ticks.slice(this.head);
      this.head = 0;
    }
    let t = Infinity;
    for (let i = this.head; i < this.ticks.length; i++) if (this.ticks[i] < t) t = this.ticks[i];
    return t;
  }
}

export class PipelinedPartition {
  /** Every event with tick ≤ done has run (-1: none yet). */
  private done = -1;
  private horizonSeen = 0;
  private readonly records: PartitionRecord[];
  private readonly drained: Float64Array;
  private readonly sent: SentLog[];
  private readonly open: (buffer: ArrayBufferLike, at: number) => number;
  readonly stats: PartitionStats & { steps: number; blocked: number; overflowed: number } = { windows: 0, mailed: 0, steps: 0, blocked: 0, overflowed: 0 };

  constructor(
    readonly model: PartitionModel,
    readonly index: number,
    readonly count: number,
    private readonly board: Board,
    /** out[j]: the ring to partition j; in[j]: the ring from partition j (null for oneself). */
    private readonly out: (MailRing | null)[],
    private readonly inbox: (MailRing | null)[],
    readonly lookahead: number,
    readonly duration: number,
    /** Longest stretch of ticks one step runs (Infinity: to the horizon); see README, "Step length". */
    readonly stepTicks = Infinity,
  ) {
    if (!(stepTicks >= 1)) throw new Error(`a step runs at least 1 tick, got ${stepTicks}`);
    this.records = Array.from({ length: count }, () => board.newRecord());
    this.drained = new Float64Array(count);
    this.sent = Array.from({ length: count }, () => new SentLog());
    this.open = (buffer, at) => model.receive(buffer, at);
  }

  /** Publishes the first record (the first queued tick lets the others skip quiet time at the start). */
  start(): void {
    this.publish(false);
  }

  step(): StepOutcome {
    const { index, count } = this;
    this.stats.steps++;
    this.board.check();
    for (let k = 0; k < count; k++) if (k !== index) this.board.read(k, this.records[k]);
    let took = 0;
    for (let k = 0; k < count; k++) {
      const ring = this.inbox[k];
      if (ring) {
        took += ring.read(this.open);
        this.drained[k] = ring.drained;
      }
    }
    const h = this.horizon();
    // A shorter step publishes progress sooner: a partner that finished its own stretch early may go on
    // into the next one while this partition is still running, instead of waiting for the whole stretch.
    // Counted from the next queued event, so quiet time is still skipped in one step.
    const from = Math.max(this.done, this.model.nextTick() - 1);
    const end = Math.min(h - 1, this.duration, from + this.stepTicks);
    if (end <= this.done) {
      if (took > 0) this.publish(false);
      this.stats.blocked++;
      return 'blocked';
    }
    this.model.runTo(end);
    this.done = end;
    this.stats.windows++;
    this.mail();
    const finished = end >= this.duration;
    this.publish(finished);
    return finished ? 'finished' : 'ran';
  }

  /**
   * The least tick at which an event can still reach this partition (every event below it that will ever
   * be here is in its queue now). With two partitions i and j, from j's record (published at some moment τ):
   * whatever j runs after τ was queued there at τ (≥ next_j), or was mail from i not taken in at τ (≥ the
   * earliest such bag i has written), or is mail i has yet to send (≥ i's own next event + lookahead, as
   * anything that reaches i after now comes from j and arrives a lookahead after j runs it). So j runs
   * nothing below T = min(next_j, earliest unread mail, next_i + lookahead), and sends nothing below
   * T + lookahead: quiet time is skipped by both at once. With more partitions, each partition's bound
   * (which already accounts for what can reach it) plus the lookahead.
   */
  private horizon(): number {
    const { index, count, lookahead } = this;
    let h = Infinity;
    if (count === 2) {
      const j = 1 - index;
      const r = this.records[j];
      if (!r.finished) {
        const unread = this.sent[j].earliestAfter(r.drained[index]);
        h = Math.min(r.next, unread, this.model.nextTick() + lookahead) + lookahead;
        h = Math.max(h, r.bound + lookahead);
      }
    } else {
      for (let k = 0; k < count; k++) {
        const r = this.records[k];
        if (k !== index && !r.finished && r.bound + lookahead < h) h = r.bound + lookahead;
      }
    }
    // Every horizon computed is a valid bound, so the largest seen so far is too.
    if (h > this.horizonSeen) this.horizonSeen = h;
    return this.horizonSeen;
  }

  /** Sends what the window produced; mail for a partition that has finished can no longer matter, and is dropped. */
  private mail(): void {
    for (let j = 0; j < this.count; j++) {
      const ring = this.out[j];
      const bag = this.model.outboxes[j];
      if (!ring || bag.size === 0) continue;
      if (this.records[j].finished) {
        bag.take();
        continue;
      }
      this.stats.mailed += bag.size;
      const tick = bag.minTick;
      this.sent[j].add(ring.write(bag), tick);
      this.stats.overflowed = this.out.reduce((a, r) => a + (r?.overflowed ?? 0), 0);
    }
  }

  private publish(finished: boolean): void {
    const next = this.model.nextTick();
    this.board.publish(this.index, next, Math.min(next, this.horizonSeen), finished, this.drained);
  }
}
