/**
 * Response windows of different programs (or causes) that overlap in one region. The shed and recovery
 * figures are computed on each region's whole load (models/world/response-figures.ts), so where two
 * programs' windows overlap, one program's load — its rebound, say — shows in the other's figures, and
 * `by_cause` can even turn negative (summer-auto-events: RTP price hours over CPP event days). Until the
 * figures are kept per program, readers are told where that happens instead of being shown a clean split.
 */
import type { LoadEvent } from './run-result.ts';

export interface ResponseOverlap {
  region: string;
  /** `cause/name` of the two responses, in order of first start. */
  first: string;
  second: string;
  /** How many pairs of their windows overlap (a window's recovery counts as part of it). */
  pairs: number;
}

const label = (e: LoadEvent) => `${e.cause}/${e.name}`;

/** Every pair of distinct responses whose windows (with recovery) overlap in a region, with how often. */
export function responseOverlaps(events: readonly LoadEvent[]): ResponseOverlap[] {
  const byRegion = new Map<string, LoadEvent[]>();
  for (const e of events) {
    const list = byRegion.get(e.region);
    if (list) list.push(e);
    else byRegion.set(e.region, [e]);
  }
  const found = new Map<string, ResponseOverlap>();
  for (const [region, list] of [...byRegion].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...list].sort((a, b) => a.start_s - b.start_s);
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i];
      const aEnd = Math.max(a.end_s, a.recovery_end_s);
      for (let j = i + 1; j < sorted.length && sorted[j].start_s < aEnd; j++) {
        const b = sorted[j];
        if (label(a) === label(b)) continue;
        const [first, second] = [label(a), label(b)];
        const key = `${region}\u0000${first}\u0000${second}`;
        const o = found.get(key);
        if (o) o.pairs++;
        else found.set(key, { region, first, second, pairs: 1 });
      }
    }
  }
  return [...found.values()];
}

/** One sentence for the CLI and the report, or null when no responses overlap. */
export function overlapWarning(events: readonly LoadEvent[]): string | null {
  const overlaps = responseOverlaps(events);
  if (overlaps.length === 0) return null;
  const pairs = overlaps.reduce((n, o) => n + o.pairs, 0);
  const names = [...new Set(overlaps.flatMap((o) => [o.first, o.second]))].sort();
  return (
    `windows of different responses overlap ${pairs} time${pairs === 1 ? '' : 's'} (${names.join(', ')}): shed is measured on each region's ` +
    `whole load, so these figures include each other's load and rebound, and the split by cause is not attributable there`
  );
}
