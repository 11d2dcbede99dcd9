/** Small multiples: one small line chart per panel in a grid, all on the same x and y axes so panels compare by eye. */
import { resolveAxis, type AxisSpec } from './axis.ts';
import { esc, slug } from './escape.ts';
import { countPoints, lineChart, type Band, type LineSeries } from './line-chart.ts';

export interface Panel {
  /** Stable key (a region or appliance type name); becomes `data-panel`. */
  key: string;
  title: string;
  series: readonly LineSeries[];
  /** Shaded spans of this panel (default: the spec's). */
  bands?: readonly Band[];
}

export interface SmallMultiplesSpec {
  id: string;
  title: string;
  panels: readonly Panel[];
  x: AxisSpec;
  y: AxisSpec;
  panelWidth?: number;
  panelHeight?: number;
  bands?: readonly Band[];
}

/** The grid as HTML: a `<div class="small-multiples">` of panels, each an `<svg>` or a "no data" note. */
export function smallMultiples(spec: SmallMultiplesSpec): string {
  const all = spec.panels.flatMap((p) => p.series);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of all)
    for (const [x, y] of s.points) {
      xs.push(x);
      ys.push(y);
      if (s.fillTo !== undefined) ys.push(s.fillTo);
    }
  const xAxis = resolveAxis({ includeZero: false, ...spec.x }, xs);
  const yAxis = resolveAxis({ tickCount: 4, ...spec.y }, ys);
  const base = slug(spec.id);
  const panels = spec.panels.map((p, i) => {
    const n = countPoints(p.series);
    const head = `<h4>${esc(p.title)}</h4>`;
    if (n === 0) return `<div class="panel" data-panel="${esc(p.key)}" data-points="0">${head}<p class="no-data">no data</p></div>`;
    const svg = lineChart({
      id: `${base}-${i}-${slug(p.key)}`,
      title: `${spec.title}: ${p.title}`,
      width: spec.panelWidth ?? 290,
      height: spec.panelHeight ?? 190,
      margin: { top: 10, right: 10, bottom: 38, left: 52 },
      fontSize: 11,
      x: { ...spec.x, domain: xAxis.domain, ticks: xAxis.ticks },
      y: { ...spec.y, domain: yAxis.domain, ticks: yAxis.ticks },
      series: p.series,
      bands: p.bands ?? spec.bands,
    });
    return `<div class="panel" data-panel="${esc(p.key)}" data-points="${n}">${head}${svg}</div>`;
  });
  return `<div class="small-multiples">${panels.join('')}</div>`;
}
