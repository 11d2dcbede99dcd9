/**
 * A resolved study (`Scenario`: defaults filled in, `--set` applied, durations in ms) written back as a study
 * file: `resolved.yaml` in a run folder. Loading it gives exactly the same `Scenario`, so it re-runs to the
 * same digest with no `--set` at all. Which fields are durations comes from `limits.ts` (every duration field
 * has a limit there), so a new duration field is written as a duration without a change here.
 */
import { stringify } from 'yaml';
import { formatDuration } from './durations.ts';
import { LIMITS, type Limit } from './limits.ts';
import type { Scenario } from './types.ts';

const DURATION_KEYS: ReadonlySet<string> = new Set(Object.entries(LIMITS as Record<string, Limit>).filter(([, l]) => l.kind === 'duration').map(([k]) => k));

/** The YAML text of a resolved study, with a comment header (lines starting `#`) when given. */
export function resolvedYaml(s: Scenario, header: string[] = []): string {
  const comments = header.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}\n`).join('');
  return comments + stringify(resolvedDocument(s), { lineWidth: 0 });
}

/**
 * The study-file form of a resolved study: durations as "1h30m" text, thresholds as their written text, input
 * files inline with their SHA-256 (the price series as `{file, sha256, csv}`, each CAP message as
 * `{file, xml, sha256}`), so the text alone replays — from a moved run folder, on another machine, as a campaign
 * job — and a replay refuses an edited input.
 */
export function resolvedDocument(s: Scenario): Record<string, unknown> {
  const { thresholds, timeline, ...rest } = s;
  const doc = durations(rest, '') as Record<string, unknown>;
  doc.timeline = timeline.map((a) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a)) {
      const own = `timeline[${a.action}].${k}`;
      out[k] = typeof v === 'number' && (DURATION_KEYS.has(own) || DURATION_KEYS.has(`timeline[].${k}`)) ? formatDuration(v) : structuredClone(v);
    }
    return out;
  });
  doc.thresholds = thresholds.map((t) => t.name);
  // The series inline as its text (not its parsed columns): loading it checks it as it checked the file.
  if (s.pricing) doc.pricing = { ...(doc.pricing as object), series: { file: s.pricing.series.file, sha256: s.pricing.series.sha256, csv: s.pricing.series.csv } };
  // Field order of the study format: the top-level order of the Scenario, whatever was split off above.
  return Object.fromEntries(Object.keys(s).filter((k) => k !== 'pricing' || s.pricing !== null).map((k) => [k, doc[k]]));
}

/** The comment at the top of a run's resolved.yaml: where the study came from (summary.json `provenance` says the same). */
export function resolvedHeader(o: { source: string; sets: readonly string[]; version: string; commit: string }): string[] {
  return [
    `The study as it ran: ${o.source || '(not from a file)'}${o.sets.map((x) => ` --set ${x}`).join('')},`,
    'with every default filled in: `scsim run` on this file computes the same digest.',
    `smartconnect-sim ${o.version}, commit ${o.commit}`,
  ];
}

/** A copy of `v` with every number at a duration path (`limits.ts` key syntax: `[]` for list items) as text. */
function durations(v: unknown, path: string): unknown {
  if (typeof v === 'number') return DURATION_KEYS.has(path) ? formatDuration(v) : v;
  if (Array.isArray(v)) return v.map((x) => durations(x, `${path}[]`));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, durations(x, path === '' ? k : `${path}.${k}`)]));
  }
  return v;
}
