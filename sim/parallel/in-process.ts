/**
 * All partitions of a run in this thread, window by window (for tests and profiling): the same windows and
 * mail as on threads, so the same result.
 */
import { lowerBound, type PartitionModel, type PartitionStats } from './partition.ts';
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
