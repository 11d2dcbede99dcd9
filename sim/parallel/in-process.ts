/**
 * All partitions of a run in this thread, window by window (for tests and profiling): the same windows and
 * mail as on threads, so the same result.
 */
import { Board, BoardLayout } from './board.ts';
import { lowerBound, type PartitionModel, type PartitionStats } from './partition.ts';
import { PipelinedPartition } from './pipeline.ts';
import { DEFAULT_RING_WORDS, LocalOverflow, MailRing } from './ring.ts';
import { checkLookahead, windowEnd } from './window.ts';

/** Runs the partitions to `duration` (inclusive); returns what each did. */
export function runInProcess(parts: readonly PartitionModel[], lookahead: number, duration: number): PartitionStats[] {
  checkLookahead(lookahead);
  const count = parts.length;
  const stats = parts.map((): PartitionStats => ({ windows: 0, mailed: 0 }));
  const bounds = new Float64Array(count);
  for (;;) {
    parts.forEach((p, i) => (bounds[i] = lowerBound(p, i)));
    parts.forEach((from, i) => {
      for (let j = 0; j < count; j++) {
        const bag = from.outboxes[j];
        if (j === i || bag.size === 0) continue;
        stats[i].mailed += bag.size;
        parts[j].receive(bag.take(), 0);
      }
    });
    const end = windowEnd(bounds, lookahead, duration);
    if (end === null) break;
    parts.forEach((p, i) => {
      p.runTo(end);
      stats[i].windows++;
    });
  }
  for (const p of parts) p.runTo(duration);
  return stats;
}

/**
 * All partitions in this thread under the pipelined protocol (pipeline.ts), stepped in the order `pick`
 * chooses (by default round-robin): a test of the protocol under any interleaving of whole steps, each at most
 * `stepTicks` long (as on threads, stepTicksFor; Infinity: to the horizon).
 */
export function runPipelinedInProcess(parts: readonly PartitionModel[], lookahead: number, duration: number, pick?: (unfinished: number) => number, ringWords = DEFAULT_RING_WORDS, stepTicks = Infinity): PartitionStats[] {
  checkLookahead(lookahead);
  const count = parts.length;
  const layout = new BoardLayout(count, ringWords);
  const buffer = Board.create(layout);
  const board = new Board(buffer, layout);
  const rings = parts.map((_, i) => parts.map((__, j) => (i === j ? null : new MailRing(buffer, layout.ring(i, j), ringWords, new LocalOverflow()))));
  // The ring from i to j, as j reads it, is the same object here (one thread).
  const pipes = parts.map((p, i) => new PipelinedPartition(p, i, count, board, rings[i], parts.map((__, j) => rings[j][i]), lookahead, duration, stepTicks));
  for (const p of pipes) p.start();
  let live = pipes.slice();
  // Blocked steps of each partition since anyone last ran: two each, and nothing anyone publishes can change.
  let blocked = new Map<PipelinedPartition, number>();
  let turn = 0;
  while (live.length > 0) {
    const k = pick ? pick(live.length) % live.length : turn++ % live.length;
    const p = live[k];
    const outcome = p.step();
    if (outcome === 'finished') live = live.filter((_, i) => i !== k);
    if (outcome !== 'blocked') blocked = new Map();
    else {
      blocked.set(p, (blocked.get(p) ?? 0) + 1);
      if (live.every((q) => (blocked.get(q) ?? 0) >= 2)) throw new Error('the pipelined protocol is stuck: every partition waits for another');
    }
  }
  return pipes.map((p) => ({ windows: p.stats.windows, mailed: p.stats.mailed }));
}
