/**
 * Response windows that overlap on the same devices. Each window is measured on the load of the devices that
 * respond in it (`measured_on`: its programs' participants, or every appliance for an autonomous response;
 * models/world/response-figures.ts), so windows of different programs may overlap freely. Where two
 * different responses act on the same devices at once — two causes of one program (a DR event in its price
 * hours), or an autonomous response over a program's window — one's load, its rebound say, shows in the
 * other's figures, and readers are told so instead of being shown a clean split.
 */
import type { LoadEvent } from './run-result.ts';

/** `measured_on` of an autonomous response (models/world/response-figures.ts ALL_APPLIANCES). */
const ALL = '*';

/** Do two events' figures come from some of the same devices? (A summary without `measured_on` is taken to.) */
function shareDevices(a: LoadEvent, b: LoadEvent): boolean {
  const x = a.measured_on, y = b.measured_on;
  if (!Array.isArray(x) || !Array.isArray(y) || x.includes(ALL) || y.includes(ALL)) return true;
  return x.some((p) => y.includes(p));
}

export interface ResponseOverlap {
  region: string;
  /** `cause/name` of the two responses, in order of first start. */
  first: string;
  second: string;
  /** How many pairs of their windows overlap on the same devices (a window's recovery counts as part of it). */
  pairs: number;
}

const label = (e: LoadEvent) => `${e.cause}/${e.name}`;

/** Every pair of distinct responses whose windows (with recovery) overlap on the same devices in a region, with how often. */
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
        if (label(a) === label(b) || !shareDevices(a, b)) continue;
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
    `windows of different responses on the same devices overlap ${pairs} time${pairs === 1 ? '' : 's'} (${names.join(', ')}): ` +
    `there these figures include each other's shed and rebound, and the split by cause is not attributable`
  );
}
