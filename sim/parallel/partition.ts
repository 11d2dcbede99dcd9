/**
 * A partition as the parallel runtime sees it: a simulator that runs its own actors up to a tick, with an
 * outbox (a Mailbag) per other partition for the events its actors scheduled there, and a way to take in
 * mail from the others. The runtime knows nothing of the model behind it.
 */
import type { Mailbag } from './mailbag.ts';

export interface PartitionModel {
  /** outboxes[j]: mail for partition j (this partition's own entry is never used). */
  readonly outboxes: readonly Mailbag[];
  /** Tick of the next queued event (Infinity when none). */
  nextTick(): number;
  /** Runs every event with tick ≤ end. */
  runTo(end: number): void;
  /** Takes in the bag another partition wrote at byte `at` of `buffer` (injecting its events); returns the bytes it took. */
  receive(buffer: ArrayBufferLike, at: number): number;
}

/** What a partition did, for the runtime's statistics. */
export interface PartitionStats {
  /** Windows this partition ran (each a call to runTo). */
  windows: number;
  /** Events it mailed to other partitions. */
  mailed: number;
}

/** The least tick a partition may yet produce, here or in another partition: its queue and its unsent mail. */
export function lowerBound(p: PartitionModel, index: number): number {
  let t = p.nextTick();
  p.outboxes.forEach((b, j) => {
    if (j !== index && b.minTick < t) t = b.minTick;
  });
  return t;
}
