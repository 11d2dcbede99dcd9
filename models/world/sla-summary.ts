/**
 * The `sla` block of summary.json: NFR-04 (2 minutes or less) judged over every covered message, per priority
 * and per kind. Counts come from the sketches' exact threshold counters, never from sketched quantiles.
 */
import type { DDSketch } from '../../sim/metrics/ddsketch.ts';
import type { Priority } from '../../scenarios/types.ts';
import { BODY_KINDS } from '../wire/types.ts';
import type { SlaStats, SlaSummary } from '../run-result.ts';
import { round, sketch, slaSlot, type Recorder } from './recorder.ts';

const PRIORITY_NAMES: readonly Priority[] = ['high', 'medium', 'low'];

/** One group: delivered latencies in `sk`, plus messages that never arrived (dropped, or late and still in flight). */
export function slaStats(sk: DDSketch, dropped: number, lateInFlight: number, slaS: number): SlaStats {
  const delivered = sk.count;
  const within = delivered > 0 ? sk.countAtMost(slaS) : 0;
  const count = delivered + dropped + lateInFlight;
  const missed = count - within;
  return {
    count,
    delivered,
    dropped,
    late_in_flight: lateInFlight,
    within,
    missed,
    // Over no message (no delivery) these are not applicable: null, never 100 % within or 0 s.
    within_sla: count > 0 ? round(within / count) : null,
    p99_s: delivered > 0 ? round(sk.quantile(0.99)) : null,
    max_s: delivered > 0 ? round(sk.max) : null,
    ok: missed === 0,
  };
}

export function slaSummary(rec: Recorder, slaS: number): SlaSummary {
  // Late in flight, by priority and by kind name (never below zero: each message is finished once).
  const lateByPriority = [0, 0, 0];
  const lateByKind: Record<string, number> = {};
  BODY_KINDS.forEach((kind, k) => {
    for (let p = 0; p < 3; p++) {
      const n = Math.max(0, rec.slaPending[slaSlot(k, p)]);
      if (n === 0) continue;
      lateByPriority[p] += n;
      lateByKind[kind] = (lateByKind[kind] ?? 0) + n;
    }
  });
  const by_priority = Object.fromEntries(PRIORITY_NAMES.map((n, i) => [n, slaStats(rec.byPriority[i], rec.slaDroppedByPriority[i], lateByPriority[i], slaS)])) as Record<Priority, SlaStats>;
  const kinds = [...new Set([...rec.slaByKind.keys(), ...Object.keys(rec.slaDroppedByKind), ...Object.keys(lateByKind)])].sort();
  const by_kind: Record<string, SlaStats> = {};
  for (const k of kinds) by_kind[k] = slaStats(rec.slaByKind.get(k) ?? sketch(slaS), rec.slaDroppedByKind[k] ?? 0, lateByKind[k] ?? 0, slaS);
  const all = sketch(slaS);
  for (const sk of rec.byPriority) all.merge(sk);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const total = slaStats(all, sum(rec.slaDroppedByPriority), sum(lateByPriority), slaS);
  return { sla_s: slaS, verdict: total.count === 0 ? 'none' : total.ok ? 'met' : 'missed', ...total, by_priority, by_kind };
}
