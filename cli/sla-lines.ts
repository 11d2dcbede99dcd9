/**
 * The NFR-04 lines of the end-of-run table: always printed, whether or not the study sets a threshold on
 * it, so "all thresholds met" can never hide a missed 2-minute SLA.
 */
import type { Priority } from '../scenarios/types.ts';
import type { SlaStats, Summary } from '../models/run-result.ts';
import { fixedOrNa, percentOrNa } from './figure-text.ts';

const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];
const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number | null) => percentOrNa(x);
/** Kinds named in the table when the SLA is missed. */
const WORST_KINDS = 4;

export function slaLines(s: Summary): string[] {
  const sla = s.sla;
  if (!sla) return [];
  if (sla.verdict === 'none') return [`NFR-04      no covered message was sent (nothing to judge against ${sla.sla_s} s)`];
  if (sla.verdict === 'met') {
    return [`NFR-04      met: all ${n(sla.count)} covered messages delivered within ${sla.sla_s} s (p99 ${fixedOrNa(sla.p99_s, 2)} s, max ${fixedOrNa(sla.max_s, 2)} s)`];
  }
  const perPriority = PRIORITIES.map((p) => `${p} ${n(sla.by_priority[p].missed)} (${pct(sla.by_priority[p].within_sla)} within)`).join(', ');
  const worst = Object.entries(sla.by_kind)
    .filter(([, k]) => k.missed > 0)
    .sort(([a, x], [b, y]) => y.missed - x.missed || (a < b ? -1 : 1))
    .slice(0, WORST_KINDS)
    .map(([kind, k]) => `${kind} ${n(k.missed)} (${pct(k.within_sla)} within${dropped(k)})`);
  return [
    `NFR-04      MISSED: ${n(sla.missed)} of ${n(sla.count)} covered messages not delivered within ${sla.sla_s} s (${lost(sla)}); p99 ${fixedOrNa(sla.p99_s, 2)} s, max ${fixedOrNa(sla.max_s, 2)} s`,
    `  missed    ${perPriority}`,
    `  worst     ${worst.join(', ')}`,
  ];
}

function dropped(k: SlaStats): string {
  return (k.dropped > 0 ? `, ${n(k.dropped)} dropped` : '') + (k.late_in_flight > 0 ? `, ${n(k.late_in_flight)} still in flight` : '');
}

/** Misses that never arrived: dropped after every retry, or still in flight at the end past the SLA. */
function lost(k: SlaStats): string {
  return `${n(k.dropped)} dropped${k.late_in_flight > 0 ? `, ${n(k.late_in_flight)} still in flight at the end` : ''}`;
}

/** The closing line: the thresholds' verdict, saying so when NFR-04 is missed with no threshold failing. */
export function closingLine(s: Summary): string {
  const failed = s.thresholds.filter((t) => !t.ok).length;
  const missed = s.sla?.verdict === 'missed';
  if (failed) return `${failed} threshold(s) breached${missed ? '; NFR-04 missed' : ''}`;
  const base = s.thresholds.length ? 'all thresholds met' : 'no thresholds';
  return missed ? `${base}, but NFR-04 is MISSED (no threshold catches it: add "sla.missed == 0")` : base;
}
