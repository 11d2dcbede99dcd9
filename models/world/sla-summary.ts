/**
 * The `sla` block of summary.json: NFR-04 (2 minutes or less) judged over every covered message, per priority
 * and per kind. Counts come from the sketches' exact threshold counters, never from sketched quantiles.
 */
import type { DDSketch } from '../../sim/metrics/ddsketch.ts';
import type { Priority } from '../../scenarios/types.ts';
import type { SlaStats, SlaSummary } from '../run-result.ts';
import { round, sketch, type Recorder } from './recorder.ts';

const PRIORITY_NAMES: readonly Priority[] = ['high', 'medium', 'low'];

/** One group: delivered latencies in `sk`, plus `dropped` messages that never arrived. */
export function slaStats(sk: DDSketch, dropped: number, slaS: number): SlaStats {
  const delivered = sk.count;
  const within = delivered > 0 ? sk.countAtMost(slaS) : 0;
  const count = delivered + dropped;
  const missed = count - within;
  return {
    count,
    delivered,
    dropped,
    within,
    missed,
    within_sla: count > 0 ? round(within / count) : 1,
    p99_s: delivered > 0 ? round(sk.quantile(0.99)) : 0,
    max_s: delivered > 0 ? round(sk.max) : 0,
    ok: missed === 0,
  };
}

export function slaSummary(rec: Recorder, slaS: number): SlaSummary {
  const by_priority = Object.fromEntries(PRIORITY_NAMES.map((n, i) => [n, slaStats(rec.byPriority[i], rec.slaDroppedByPriority[i], slaS)])) as Record<Priority, SlaStats>;
  const kinds = [...new Set([...rec.slaByKind.keys(), ...Object.keys(rec.slaDroppedByKind)])].sort();
  const by_kind: Record<string, SlaStats> = {};
  for (const k of kinds) by_kind[k] = slaStats(rec.slaByKind.get(k) ?? sketch(slaS), rec.slaDroppedByKind[k] ?? 0, slaS);
  const all = sketch(slaS);
  for (const sk of rec.byPriority) all.merge(sk);
  const total = slaStats(all, rec.slaDroppedByPriority.reduce((a, b) => a + b, 0), slaS);
  return { sla_s: slaS, verdict: total.count === 0 ? 'none' : total.ok ? 'met' : 'missed', ...total, by_priority, by_kind };
}
