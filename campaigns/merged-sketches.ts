/**
 * Latency across replications: the DDSketches of a point's runs merged exactly (bin-wise sums of counts,
 * exact min, max, sum and SLA counts), so the merged p50/p99 are those of one sketch fed every run's
 * latencies — not a mean of per-run percentiles, which has no such meaning.
 */
import type { Priority } from '../scenarios/types.ts';
import { DDSketch } from '../sim/metrics/ddsketch.ts';
import { PRIORITIES } from './run-curves.ts';

/** The bin-wise sum of the sketches (undefined for none). Throws if they were built with different settings. */
export function mergeSketches(sketches: readonly DDSketch[]): DDSketch | undefined {
  if (sketches.length === 0) return undefined;
  const out = sketches[0]!.clone();
  for (const s of sketches.slice(1)) out.merge(s);
  return out;
}

export interface MergedLatency {
  /** Deliveries in the merged sketch. */
  count: number;
  p50_s: number | null;
  p99_s: number | null;
  max_s: number | null;
  /** Share within the SLA the sketches count exactly (their threshold), null when they have none. */
  within_sla: number | null;
}

export interface PointLatency {
  /** Runs whose sketches were merged (runs from before sketches.json are left out). */
  runs: number;
  by_priority: Record<Priority, MergedLatency | null>;
  /** The merged sketches, for drawing CDFs. */
  sketches: Record<Priority, DDSketch | undefined>;
}

export function pointLatency(runs: readonly Record<Priority, DDSketch>[]): PointLatency {
  const sketches = Object.fromEntries(PRIORITIES.map((p) => [p, mergeSketches(runs.map((r) => r[p]))])) as Record<Priority, DDSketch | undefined>;
  const by = Object.fromEntries(PRIORITIES.map((p) => [p, figures(sketches[p])])) as Record<Priority, MergedLatency | null>;
  return { runs: runs.length, by_priority: by, sketches };
}

function figures(s: DDSketch | undefined): MergedLatency | null {
  if (!s) return null;
  if (s.count === 0) return { count: 0, p50_s: null, p99_s: null, max_s: null, within_sla: null };
  const sla = s.thresholds[0];
  return { count: s.count, p50_s: s.quantile(0.5), p99_s: s.quantile(0.99), max_s: s.max, within_sla: sla === undefined ? null : s.countAtMost(sla) / s.count };
}

/** 101 points of the empirical CDF (as the run report draws it). */
export function sketchCdf(s: DDSketch | undefined): { s: number; frac: number }[] {
  if (!s || s.count === 0) return [];
  const out: { s: number; frac: number }[] = [];
  for (let i = 0; i <= 100; i++) out.push({ s: s.quantile(i / 100), frac: i / 100 });
  return out;
}
