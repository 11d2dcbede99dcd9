/**
 * OI-3: CAP alerts → the utility's public messages. Each CAP message that is an actual public alert becomes
 * one `public_alert` per study region its areas reach, sent when the agency sent it, with a C5 priority from
 * its urgency, severity and certainty, and a text variant in every study language from its info blocks. The
 * tables here are the documented mapping (models/alerts/README.md).
 */
import type { AlertSeverityName, Priority, PublicAlertKind, TimelineAction } from '../../scenarios/types.ts';
import type { CapAlert, CapCategory, CapCertainty, CapInfo, CapProblem, CapSeverity, CapUrgency } from './cap-parse.ts';

export type PublicAlertAction = Extract<TimelineAction, { action: 'public_alert' }>;

/** C5 priority class (FR-29) by CAP severity (rows) and urgency (columns); an Unlikely certainty is low. */
export const CAP_PRIORITY: Record<CapSeverity, Record<CapUrgency, Priority>> = {
  Extreme: { Immediate: 'high', Expected: 'high', Future: 'medium', Past: 'low', Unknown: 'medium' },
  Severe: { Immediate: 'high', Expected: 'high', Future: 'medium', Past: 'low', Unknown: 'medium' },
  Moderate: { Immediate: 'medium', Expected: 'medium', Future: 'low', Past: 'low', Unknown: 'low' },
  Minor: { Immediate: 'low', Expected: 'low', Future: 'low', Past: 'low', Unknown: 'low' },
  Unknown: { Immediate: 'low', Expected: 'low', Future: 'low', Past: 'low', Unknown: 'low' },
};

/** The wire's alert severity (ADVISORY…EMERGENCY) by CAP severity. */
export const CAP_SEVERITY: Record<CapSeverity, AlertSeverityName> = { Extreme: 'emergency', Severe: 'warning', Moderate: 'watch', Minor: 'advisory', Unknown: 'advisory' };

/** The alert kind (FR-17(4), FR-28) by the info's first category; a Cancel is an end of alert. */
export const CAP_KIND: Record<CapCategory, PublicAlertKind> = {
  Met: 'weather',
  Infra: 'grid_reliability',
  Geo: 'environmental',
  Safety: 'environmental',
  Security: 'environmental',
  Rescue: 'environmental',
  Fire: 'environmental',
  Health: 'environmental',
  Env: 'environmental',
  Transport: 'environmental',
  CBRNE: 'environmental',
  Other: 'environmental',
};

const RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2 };
const SEVERITY_RANK: Record<AlertSeverityName, number> = { advisory: 0, watch: 1, warning: 2, emergency: 3 };

export function priorityOf(i: Pick<CapInfo, 'urgency' | 'severity' | 'certainty'>): Priority {
  return i.certainty === ('Unlikely' satisfies CapCertainty) ? 'low' : CAP_PRIORITY[i.severity][i.urgency];
}

export interface FeedContext {
  /** Epoch ms of the study's t = 0, and its length. */
  startMs: number;
  duration: number;
  regions: string[];
  languages: string[];
  /** Study `public_alerts.areas`: areaDesc or `valueName=value` → region names. */
  areas: Record<string, string[]>;
  /** Duration of an alert without `expires`. */
  defaultDuration: number;
  /** Longest duration a public alert may carry. */
  maxDuration: number;
  /** Replaces the regions an info block reaches (ModelHooks.alertRegions; the conformance suite's faults). */
  alertRegions?: (regions: number[], regionCount: number) => number[];
}

/** Either the actions of one CAP message (none when it is not an actual public alert, with the reason) or its problem. */
export type MappedAlert = { ok: true; actions: PublicAlertAction[]; skipped?: string } | { ok: false; problem: CapProblem };

/**
 * Maps every message of a study's feeds; `all` lets a Cancel without info blocks find the alerts it cancels
 * (by sender and identifier) and reach their regions and languages.
 */
export function mapCapAlert(a: CapAlert, all: readonly CapAlert[], ctx: FeedContext): MappedAlert {
  if (a.status !== 'Actual') return { ok: true, actions: [], skipped: `status ${a.status} (only Actual alerts reach the public)` };
  if (a.scope !== 'Public') return { ok: true, actions: [], skipped: `scope ${a.scope} (only Public alerts are broadcast)` };
  if (a.msgType === 'Ack' || a.msgType === 'Error') return { ok: true, actions: [], skipped: `msgType ${a.msgType} (an exchange between agencies)` };
  const at = a.sent - ctx.startMs;
  if (at < 0 || at > ctx.duration) {
    return { ok: false, problem: { element: 'alert/sent', expected: `a time within the run (${iso(ctx.startMs)} to ${iso(ctx.startMs + ctx.duration)})`, found: JSON.stringify(a.sentText) } };
  }
  let infos = a.infos;
  if (infos.length === 0 && a.msgType === 'Cancel') {
    infos = all.filter((x) => x !== a && a.references.some((r) => r.sender === x.sender && r.identifier === x.identifier)).flatMap((x) => x.infos);
    if (infos.length === 0) return { ok: false, problem: { element: 'alert/references', expected: "a Cancel without <info> to reference an alert among the study's feeds (sender,identifier,sent)", found: a.references.length === 0 ? 'none' : JSON.stringify(a.references.map((r) => `${r.sender},${r.identifier}`).join(' ')) } };
  }
  if (infos.length === 0) return { ok: false, problem: { element: 'alert/info', expected: `at least one <info> block for a public ${a.msgType}`, found: 'none' } };

  // Regions each info block reaches.
  const reach: number[][] = [];
  for (let i = 0; i < infos.length; i++) {
    const regions = new Set<number>();
    const info = infos[i];
    if (info.areas.length === 0) ctx.regions.forEach((_, r) => regions.add(r));
    for (let j = 0; j < info.areas.length; j++) {
      const found = regionsOfArea(info.areas[j], ctx);
      if (found.length === 0) {
        const where = a.infos.length === 0 ? 'alert/references' : `alert/info[${i + 1}]/area[${j + 1}]/areaDesc`;
        const names = ctx.regions.join(', ');
        return { ok: false, problem: { element: where, expected: `an area public_alerts.areas maps to a region, or a region's name (${names})`, found: JSON.stringify(info.areas[j].areaDesc) } };
      }
      for (const r of found) regions.add(r);
    }
    const sorted = [...regions].sort((x, y) => x - y);
    reach.push(ctx.alertRegions ? ctx.alertRegions(sorted, ctx.regions.length) : sorted);
  }

  const actions: PublicAlertAction[] = [];
  for (let r = 0; r < ctx.regions.length; r++) {
    const here = infos.filter((_, i) => reach[i].includes(r));
    if (here.length === 0) continue;
    const priority = here.map(priorityOf).reduce((x, y) => (RANK[y] > RANK[x] ? y : x));
    const severity = here.map((i) => CAP_SEVERITY[i.severity]).reduce((x, y) => (SEVERITY_RANK[y] > SEVERITY_RANK[x] ? y : x));
    const expires = here.map((i) => i.expires).filter((x): x is number => x !== undefined);
    const duration = expires.length === 0 ? ctx.defaultDuration : Math.max(...expires) - a.sent;
    if (duration <= 0 || duration > ctx.maxDuration) {
      const expected = duration <= 0 ? `expires after sent (${a.sentText})` : `expires at most ${Math.floor(ctx.maxDuration / 60_000)} minutes after sent (a ZigBee message duration)`;
      return { ok: false, problem: { element: `alert/info[${infos.indexOf(here[0]) + 1}]/expires`, expected, found: iso(Math.max(...expires)) } };
    }
    actions.push({
      at,
      action: 'public_alert',
      priority,
      visibility: 'public',
      target: { region: ctx.regions[r] },
      alert: a.msgType === 'Cancel' ? 'end_of_alert' : CAP_KIND[here[0].categories[0]],
      text: Object.fromEntries(ctx.languages.map((lang) => [lang, textOf(infoIn(here, lang) ?? here[0])])),
      severity,
      duration: Math.max(60_000, Math.round(duration / 60_000) * 60_000),
    });
  }
  return { ok: true, actions };
}

/** A region named in `areas` for the area's description or any geocode; else a region of that very name. */
function regionsOfArea(area: { areaDesc: string; geocodes: string[] }, ctx: FeedContext): number[] {
  const out = new Set<number>();
  for (const key of [area.areaDesc, ...area.geocodes]) for (const name of ctx.areas[key] ?? []) out.add(ctx.regions.indexOf(name));
  if (out.size === 0) {
    const r = ctx.regions.findIndex((n) => n.toLowerCase() === area.areaDesc.trim().toLowerCase());
    if (r >= 0) out.add(r);
  }
  out.delete(-1);
  return [...out];
}

/** The info block in a study language: the same tag, else the same primary language (en-US for en). */
function infoIn(infos: CapInfo[], lang: string): CapInfo | undefined {
  const l = lang.toLowerCase();
  return infos.find((i) => i.language.toLowerCase() === l) ?? infos.find((i) => i.language.toLowerCase().split('-')[0] === l.split('-')[0]);
}

/** What a display shows: the headline, else the event's name. */
const textOf = (i: CapInfo) => i.headline ?? i.event;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
