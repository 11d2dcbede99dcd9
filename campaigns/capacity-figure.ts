/**
 * capacity.svg: the metric against the varied field at every probed value — the mean with the band of its
 * one-sided bounds (what each verdict was judged on), dots coloured by verdict, the limit, and the knee
 * (last holding value to first failing one) shaded.
 */
import { esc } from '../reports/svg/escape.ts';
import { formatSig } from '../reports/svg/format.ts';
import { lineChart, type Band, type LineSeries } from '../reports/svg/line-chart.ts';
import { OKABE_ITO } from '../reports/svg/palette.ts';
import type { Probe, SearchResult } from './capacity-search.ts';

export interface FigureLabels {
  study: string;
  path: string;
  metric: string;
  limit: number;
}

const WIDTH = 880, CHART_H = 340, HEAD = 30, FOOT = 42;

export function capacityFigure(result: SearchResult, l: FigureLabels): string {
  const sorted = [...result.probes].sort((a, b) => a.value - b.value);
  const pt = (p: Probe) => [p.value, p.judgement.mean] as const;
  const dots = (verdict: Probe['verdict'], name: string, color: string): LineSeries => ({
    name,
    color,
    points: sorted.filter((p) => p.verdict === verdict).map(pt),
    stroke: false,
    marker: 4.5,
  });
  const bands: Band[] = [];
  const { lastHold, firstFail, undecided } = result;
  if (lastHold && (firstFail || undecided.length > 0)) {
    const ends = [lastHold.value, ...undecided.map((u) => u.value), ...(firstFail ? [firstFail.value] : [])];
    const label = `knee: holds at ${lastHold.value}${undecided.length ? `, undecided at ${undecided.map((u) => u.value).join(', ')}` : ''}${firstFail ? `, fails at ${firstFail.value}` : ''}`;
    bands.push({ from: Math.min(...ends), to: Math.max(...ends), color: OKABE_ITO.orange, label, kind: 'knee', opacity: 0.18 });
  }
  const look = sorted[0]?.judgement.confidence ?? 0.95;
  const chart = lineChart({
    id: 'capacity',
    title: `${l.metric} against ${l.path}`,
    description: `Mean of the replications at each probed value with its one-sided ${pct(look)} bounds; the limit is ${l.limit}.`,
    width: WIDTH,
    height: CHART_H,
    x: { label: l.path, includeZero: false },
    y: { label: l.metric, include: [l.limit] },
    series: [
      {
        name: `one-sided ${pct(look)} bounds of the mean`,
        color: OKABE_ITO.blue,
        points: sorted.map((p) => [p.value, p.judgement.upper] as const),
        lower: sorted.map((p) => [p.value, p.judgement.lower] as const),
        stroke: false,
      },
      { name: 'mean of the replications', color: OKABE_ITO.blue, points: sorted.map(pt), width: 1.5 },
      dots('holds', 'holds', OKABE_ITO.green),
      dots('undecided', 'undecided', OKABE_ITO.orange),
      dots('fails', 'fails', OKABE_ITO.vermillion),
    ],
    refLines: [{ axis: 'y', value: l.limit, label: `limit ${formatSig(l.limit, 4)}`, color: OKABE_ITO.vermillion }],
    bands,
  });
  const legend = [
    [OKABE_ITO.green, 'holds (upper bound ≤ limit)'],
    [OKABE_ITO.orange, 'undecided (bounds straddle the limit)'],
    [OKABE_ITO.vermillion, 'fails (lower bound > limit)'],
  ]
    .map(([c, t], i) => `<circle cx="${[20, 230, 470][i]}" cy="${HEAD + CHART_H + 14}" r="4.5" fill="${c}"/><text x="${[30, 240, 480][i]}" y="${HEAD + CHART_H + 18}" font-size="11">${esc(t)}</text>`)
    .join('');
  const note = `Band: mean ± t·sd/√n at one-sided ${pct(look)} per look; shaded span: the knee interval.`;
  const height = HEAD + CHART_H + FOOT;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(`${l.study}: ${l.metric} ≤ ${l.limit} against ${l.path}`)}</text>` +
    `<svg x="0" y="${HEAD}" width="${WIDTH}" height="${CHART_H}">${chart}</svg>` +
    legend +
    `<text x="10" y="${height - 6}" font-size="10" fill="#555">${esc(note)}</text></svg>\n`
  );
}

function pct(c: number): string {
  return `${Number((c * 100).toPrecision(4))} %`;
}
