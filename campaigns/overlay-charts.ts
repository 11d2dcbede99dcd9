/**
 * Curves of several runs or campaign points on one chart: total load with DR and shed per minute (the mean
 * over a point's replications), and delivery-latency CDFs per priority from merged sketches. Series keep
 * the order, colour and dash of their column everywhere on a page.
 */
import type { Priority } from '../scenarios/types.ts';
import type { DDSketch } from '../sim/metrics/ddsketch.ts';
import { cdfChart } from '../reports/svg/cdf-chart.ts';
import { chartFigure } from '../reports/svg/figure.ts';
import { legend } from '../reports/svg/legend.ts';
import { countPoints, lineChart, type LineSeries } from '../reports/svg/line-chart.ts';
import { seriesColor, seriesDash } from '../reports/svg/palette.ts';
import { downsample } from '../reports/series.ts';
import { sketchCdf } from './merged-sketches.ts';
import { readLoadCurve, type LoadCurve } from './run-curves.ts';

const HOUR_MS = 3_600_000;
const MAX_POINTS = 1200;

export interface MeanCurve {
  /** Runs averaged (those with a load-curve.json). */
  runs: number;
  t_ms: number[];
  dr_kw: number[];
  shed_kw: number[];
}

/** The mean over runs, minute by minute, of DR load and shed (baseline − DR); undefined when no run has a curve. */
export function meanLoadCurve(dirs: readonly string[]): MeanCurve | undefined {
  const curves = dirs.map(readLoadCurve).filter((c): c is LoadCurve => c !== undefined);
  if (curves.length === 0) return undefined;
  const sum = new Map<number, { dr: number; shed: number; n: number }>();
  for (const c of curves)
    c.t_ms.forEach((t, i) => {
      const e = sum.get(t) ?? { dr: 0, shed: 0, n: 0 };
      e.dr += c.dr_kw[i]!;
      e.shed += c.baseline_kw[i]! - c.dr_kw[i]!;
      e.n++;
      sum.set(t, e);
    });
  const t = [...sum.keys()].sort((a, b) => a - b);
  return { runs: curves.length, t_ms: t, dr_kw: t.map((x) => sum.get(x)!.dr / sum.get(x)!.n), shed_kw: t.map((x) => sum.get(x)!.shed / sum.get(x)!.n) };
}

export interface Overlaid {
  label: string;
  curve: MeanCurve | undefined;
}

function series(items: readonly Overlaid[], pick: (c: MeanCurve) => number[]): LineSeries[] {
  return items.flatMap((it, j): LineSeries[] =>
    it.curve ? [{ name: it.label, color: seriesColor(j), dash: seriesDash(j), width: 2, points: downsample(it.curve.t_ms.map((t, i) => [t / HOUR_MS, pick(it.curve!)[i]!] as const), MAX_POINTS, 'mean') }] : [],
  );
}

function legendOf(items: readonly Overlaid[]): string {
  return legend(items.map((it, j) => ({ name: it.label, color: seriesColor(j), dash: seriesDash(j) })));
}

export function loadOverlay(id: string, items: readonly Overlaid[], what: string): string {
  const load = series(items, (c) => c.dr_kw);
  const shed = series(items, (c) => c.shed_kw);
  const x = { label: 'time since start (h)', includeZero: true };
  const empty = 'no run folder here has load-curve.json (runs made before it was written): rerun them';
  return (
    chartFigure({
      id: `${id}-load`,
      title: 'Total load with DR (kW)',
      note: `One line per ${what}: the sum over regions and appliance types per simulated minute${items.some((i) => (i.curve?.runs ?? 0) > 1) ? ', the mean over its replications' : ''}.`,
      points: countPoints(load),
      legend: legendOf(items),
      emptyNote: empty,
      body: () => lineChart({ id: `${id}-load`, title: 'Total load with DR, overlaid', x, y: { label: 'load (kW)' }, series: load }),
    }) +
    chartFigure({
      id: `${id}-shed`,
      title: 'Shed: baseline − load with DR (kW)',
      note: 'Above zero the fleet holds load down; below zero it runs above its baseline (rebound).',
      points: countPoints(shed),
      legend: legendOf(items),
      emptyNote: empty,
      body: () => lineChart({ id: `${id}-shed`, title: 'Shed, overlaid', x, y: { label: 'shed (kW)' }, series: shed, refLines: [{ axis: 'y', value: 0, label: '', color: '#555', dash: '1 0' }] }),
    })
  );
}

export function latencyOverlay(id: string, items: readonly { label: string; sketches: Record<Priority, DDSketch | undefined> | undefined }[], slaS: number): string {
  return (['high', 'medium', 'low'] as const)
    .map((p) => {
      const s = items.flatMap((it, j) => {
        const pts = sketchCdf(it.sketches?.[p]);
        return pts.length > 0 ? [{ name: it.label, color: seriesColor(j), dash: seriesDash(j), points: pts }] : [];
      });
      return chartFigure({
        id: `${id}-latency-${p}`,
        title: `Delivery latency CDF, ${p} priority`,
        note: 'Share of messages delivered within x seconds; a point merges its replications\' latency sketches exactly. The vertical line is the SLA.',
        points: s.reduce((n, x) => n + x.points.length, 0),
        legend: legend(items.map((it, j) => ({ name: it.label, color: seriesColor(j), dash: seriesDash(j) }))),
        emptyNote: `no ${p}-priority deliveries, or no sketches.json in these run folders (runs made before it was written)`,
        body: () => cdfChart({ id: `${id}-latency-${p}`, title: `Latency CDF, ${p} priority`, series: s, slaS }),
      });
    })
    .join('');
}
