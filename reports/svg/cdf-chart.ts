/** Empirical CDF of delivery latency: log-x seconds, share delivered 0–100 %, a vertical SLA line. */
import { formatSig } from './format.ts';
import { lineChart, type LineSeries } from './line-chart.ts';
import type { Pt } from './path.ts';
import { logDomain } from './ticks.ts';

export interface CdfSeries {
  name: string;
  color: string;
  dash?: string;
  /** Share of deliveries at or below `s` seconds, `s` ascending. */
  points: readonly { s: number; frac: number }[];
}

export interface CdfChartSpec {
  id: string;
  title: string;
  series: readonly CdfSeries[];
  /** The delivery SLA in seconds (NFR-04: 120). */
  slaS: number;
  width?: number;
  height?: number;
}

/** The x domain: whole decades covering every positive latency and the SLA. */
export function cdfDomain(series: readonly CdfSeries[], slaS: number): [number, number] {
  let lo = Infinity;
  let hi = slaS > 0 ? slaS : -Infinity;
  for (const s of series)
    for (const p of s.points) {
      if (p.s > 0 && p.s < lo) lo = p.s;
      if (p.s > hi) hi = p.s;
    }
  if (!Number.isFinite(lo)) lo = slaS > 0 ? slaS / 100 : 0.1;
  return logDomain(lo, Math.max(hi, lo));
}

/**
 * Step points of one CDF over [xmin, xmax]: 0 until the first latency, each share held until the next
 * latency, the last share carried to xmax. Latencies ≤ 0 sit at xmin.
 */
export function cdfSteps(points: readonly { s: number; frac: number }[], xmin: number, xmax: number): Pt[] {
  if (points.length === 0) return [];
  const out: Pt[] = [[xmin, 0]];
  for (const p of points) out.push([Math.max(p.s, xmin), Math.min(1, Math.max(0, p.frac))]);
  out.push([xmax, out[out.length - 1]![1]]);
  return out;
}

export function cdfChart(spec: CdfChartSpec): string {
  const [xmin, xmax] = cdfDomain(spec.series, spec.slaS);
  const series: LineSeries[] = spec.series.map((s) => ({
    name: s.name,
    color: s.color,
    dash: s.dash,
    curve: 'step',
    width: 2.25,
    points: cdfSteps(s.points, xmin, xmax),
  }));
  return lineChart({
    id: spec.id,
    title: spec.title,
    width: spec.width,
    height: spec.height ?? 320,
    x: { kind: 'log', domain: [xmin, xmax], label: 'delivery latency (s, log scale)', format: (v) => formatSig(v, 3) },
    y: {
      label: 'share delivered within x (%)',
      domain: [0, 1],
      ticks: [0, 0.25, 0.5, 0.75, 0.9, 1].map((value) => ({ value, label: `${Math.round(value * 100)}` })),
    },
    series,
    refLines: spec.slaS > 0 ? [{ axis: 'x', value: spec.slaS, label: `SLA ${formatSig(spec.slaS, 3)} s`, color: '#000', labelAt: 'bottom' }] : [],
  });
}
