/**
 * A figure of what pairing buys: for one comparison of two points and each metric, the half-width of each
 * point's interval, of the difference taken as independent samples (Welch) and of the paired difference
 * (common seeds). Bars are scaled per metric (units differ); each bar is labelled with its value.
 */
import { esc } from '../reports/svg/escape.ts';
import { formatSig } from '../reports/svg/format.ts';
import { OKABE_ITO } from '../reports/svg/palette.ts';
import type { Statistics } from './analysis.ts';

export interface FigureComparison {
  from: number;
  to: number;
  title: string;
}

const BAR_H = 14, GAP = 4, LABEL_W = 250, BAR_W = 170, PANEL_W = LABEL_W + BAR_W + 70, HEAD = 44, METRIC_HEAD = 20;

export function widthsFigure(stats: Statistics, comparisons: FigureComparison[], title: string): string {
  const rowsOf = (c: FigureComparison, metric: string) => {
    const d = stats.differences.find((x) => x.from === c.from && x.to === c.to && x.metric === metric);
    const p = (i: number) => stats.points.find((x) => x.point === i)?.metrics[metric]?.half_width ?? null;
    return [
      { label: `point ${c.from}: mean`, value: p(c.from), color: OKABE_ITO.skyBlue },
      { label: `point ${c.to}: mean`, value: p(c.to), color: OKABE_ITO.skyBlue },
      { label: 'difference, independent (Welch)', value: d?.unpaired.half_width ?? null, color: OKABE_ITO.orange },
      { label: 'difference, paired (common seeds)', value: d?.paired.half_width ?? null, color: OKABE_ITO.blue },
    ];
  };
  const groupH = METRIC_HEAD + 4 * (BAR_H + GAP) + 8;
  const height = HEAD + stats.metrics.length * groupH + 30;
  const width = comparisons.length * PANEL_W + 20;
  const parts: string[] = [];
  parts.push(`<text x="10" y="18" font-size="14" font-weight="bold">${esc(title)}</text>`);
  comparisons.forEach((c, k) => {
    const x0 = 10 + k * PANEL_W;
    parts.push(`<text x="${x0}" y="38" font-size="12" font-weight="bold">${esc(c.title)}</text>`);
    stats.metrics.forEach((metric, m) => {
      const y0 = HEAD + m * groupH;
      parts.push(`<text x="${x0}" y="${y0 + 14}" font-size="11" fill="#333">${esc(metric)}</text>`);
      const rows = rowsOf(c, metric);
      const max = Math.max(1e-300, ...rows.map((r) => r.value ?? 0));
      rows.forEach((r, i) => {
        const y = y0 + METRIC_HEAD + i * (BAR_H + GAP);
        const w = r.value === null ? 0 : Math.max(1, (r.value / max) * BAR_W);
        parts.push(`<text x="${x0 + LABEL_W - 6}" y="${y + BAR_H - 3}" font-size="10" text-anchor="end">${esc(r.label)}</text>`);
        parts.push(`<rect x="${x0 + LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${r.color}"><title>${esc(`${r.label}: ± ${r.value ?? '–'}`)}</title></rect>`);
        parts.push(`<text x="${x0 + LABEL_W + w + 4}" y="${y + BAR_H - 3}" font-size="10">± ${r.value === null ? '–' : esc(formatSig(r.value, 2))}</text>`);
      });
    });
  });
  const pct = Math.round(stats.confidence * 100);
  parts.push(`<text x="10" y="${height - 10}" font-size="10" fill="#555">${esc(`Half-widths of ${pct} % Student-t intervals; bars scaled per metric. Independent: the same runs taken as unpaired samples.`)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`;
}
