/** A line chart as an SVG string: axes with ticks and titles, grid, series (lines, steps, areas), reference lines. */
import { resolveAxis, type AxisSpec, type ResolvedAxis } from './axis.ts';
import { esc, slug } from './escape.ts';
import { areaPath, bandPath, linePath, stepPath, toSteps, type Pt } from './path.ts';
import { linearScale, logScale, type Scale } from './scale.ts';

export interface LineSeries {
  name: string;
  color: string;
  /** Data coordinates; a non-finite y (NaN) leaves a gap. */
  points: readonly Pt[];
  /** SVG stroke-dasharray, e.g. "6 3". */
  dash?: string;
  width?: number;
  /** "step": the value holds until the next point (empirical CDFs, per-minute counts). */
  curve?: 'linear' | 'step';
  /** Fill the area between the line and this y value (data units). */
  fillTo?: number;
  fillOpacity?: number;
  /** Fill between the line and these points, index by index (an interval band: `points` its upper bound). */
  lower?: readonly Pt[];
  /** Draw the line (default true); false with `fillTo` draws only the area. */
  stroke?: boolean;
  /** A dot of this radius (px) at every finite point, e.g. where a value was measured. */
  marker?: number;
}

export interface RefLine {
  axis: 'x' | 'y';
  value: number;
  label: string;
  color?: string;
  dash?: string;
  /** Where the label sits along the line: y lines "end" (right, default) or "start"; x lines "top" (default) or "bottom". */
  labelAt?: 'start' | 'end' | 'top' | 'bottom';
}

/** A shaded span of x (e.g. a DR event window), drawn behind the series and clipped to the plot. */
export interface Band {
  from: number;
  to: number;
  color: string;
  /** Shown on hover (SVG <title>). */
  label: string;
  /** Becomes `data-band`, so readers and tests can tell what a band marks. */
  kind: string;
  opacity?: number;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface LineChartSpec {
  /** Unique in the page; used for clip-path ids. */
  id: string;
  /** Accessible name of the chart (SVG <title>). */
  title: string;
  description?: string;
  width?: number;
  height?: number;
  margin?: Partial<Margin>;
  x: AxisSpec;
  y: AxisSpec;
  series: readonly LineSeries[];
  refLines?: readonly RefLine[];
  bands?: readonly Band[];
  fontSize?: number;
}

export interface PlotFrame {
  x: Scale;
  y: Scale;
  xAxis: ResolvedAxis;
  yAxis: ResolvedAxis;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const HALO = 'paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"';

/** Finite data points across the series (what `data-points` reports). */
export function countPoints(series: readonly { points: readonly Pt[] }[]): number {
  let n = 0;
  for (const s of series) for (const [x, y] of s.points) if (Number.isFinite(x) && Number.isFinite(y)) n++;
  return n;
}

function* coords(series: readonly LineSeries[], i: 0 | 1): Iterable<number> {
  for (const s of series) {
    for (const p of s.points) yield p[i];
    if (i === 1 && s.fillTo !== undefined) yield s.fillTo;
    if (i === 1 && s.lower) for (const p of s.lower) yield p[1];
  }
}

/** Scales and axes for a chart (exported so small multiples can share one y axis). */
export function frame(spec: LineChartSpec): PlotFrame {
  const width = spec.width ?? 880;
  const height = spec.height ?? 300;
  const m: Margin = { top: 14, right: 18, bottom: 46, left: 64, ...spec.margin };
  const refX = (spec.refLines ?? []).filter((r) => r.axis === 'x').map((r) => r.value);
  const refY = (spec.refLines ?? []).filter((r) => r.axis === 'y').map((r) => r.value);
  const xAxis = resolveAxis({ includeZero: false, ...spec.x, include: [...(spec.x.include ?? []), ...refX] }, coords(spec.series, 0));
  const yAxis = resolveAxis({ ...spec.y, include: [...(spec.y.include ?? []), ...refY] }, coords(spec.series, 1));
  const left = m.left;
  const right = width - m.right;
  const top = m.top;
  const bottom = height - m.bottom;
  const mk = (a: ResolvedAxis, r: [number, number]): Scale => (a.kind === 'log' ? logScale(a.domain, r) : linearScale(a.domain, r));
  return { x: mk(xAxis, [left, right]), y: mk(yAxis, [bottom, top]), xAxis, yAxis, left, right, top, bottom };
}

/** The chart as one `<svg>` element (no scripts, no external references). */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 880;
  const height = spec.height ?? 300;
  const fs = spec.fontSize ?? 12;
  const f = frame(spec);
  const id = slug(spec.id);
  const inX = (v: number): boolean => v >= Math.min(...f.xAxis.domain) - 1e-9 && v <= Math.max(...f.xAxis.domain) + 1e-9;
  const inY = (v: number): boolean => v >= Math.min(...f.yAxis.domain) - 1e-9 && v <= Math.max(...f.yAxis.domain) + 1e-9;
  const out: string[] = [];
  out.push(
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title${spec.description ? ` ${id}-desc` : ''}" font-size="${fs}">`,
    `<title id="${id}-title">${esc(spec.title)}</title>`,
  );
  if (spec.description) out.push(`<desc id="${id}-desc">${esc(spec.description)}</desc>`);
  out.push(`<defs><clipPath id="${id}-clip"><rect x="${f.left}" y="${f.top - 2}" width="${f.right - f.left}" height="${f.bottom - f.top + 4}"/></clipPath></defs>`);

  // Grid and y ticks.
  out.push('<g class="grid" stroke="#e2e2e2" stroke-width="1">');
  for (const t of f.yAxis.ticks) if (inY(t.value)) out.push(`<line x1="${f.left}" x2="${f.right}" y1="${r(f.y(t.value))}" y2="${r(f.y(t.value))}"/>`);
  for (const t of f.xAxis.ticks) if (inX(t.value)) out.push(`<line y1="${f.top}" y2="${f.bottom}" x1="${r(f.x(t.value))}" x2="${r(f.x(t.value))}" stroke="#f0f0f0"/>`);
  out.push('</g>');

  // Bands behind everything drawn from data.
  const bands = (spec.bands ?? []).filter((b) => Number.isFinite(b.from) && Number.isFinite(b.to) && b.to > b.from);
  if (bands.length > 0) {
    out.push(`<g class="bands" clip-path="url(#${id}-clip)">`);
    for (const b of bands) {
      const x0 = r(f.x(b.from)), x1 = r(f.x(b.to));
      out.push(
        `<rect class="band" data-band="${esc(b.kind)}" data-from="${b.from}" data-to="${b.to}" x="${Math.min(x0, x1)}" y="${f.top}" width="${Math.abs(x1 - x0)}" height="${f.bottom - f.top}" fill="${esc(b.color)}" fill-opacity="${b.opacity ?? 0.14}"><title>${esc(b.label)}</title></rect>`,
      );
    }
    out.push('</g>');
  }

  // Axes.
  out.push(`<g class="axis" fill="#333">`);
  out.push(`<line x1="${f.left}" x2="${f.right}" y1="${f.bottom}" y2="${f.bottom}" stroke="#555"/>`);
  out.push(`<line x1="${f.left}" x2="${f.left}" y1="${f.top}" y2="${f.bottom}" stroke="#555"/>`);
  for (const t of f.yAxis.ticks) {
    if (!inY(t.value)) continue;
    const y = r(f.y(t.value));
    out.push(`<line x1="${f.left - 4}" x2="${f.left}" y1="${y}" y2="${y}" stroke="#555"/><text x="${f.left - 7}" y="${y}" dy="0.32em" text-anchor="end">${esc(t.label)}</text>`);
  }
  for (const t of f.xAxis.ticks) {
    if (!inX(t.value)) continue;
    const x = r(f.x(t.value));
    out.push(`<line x1="${x}" x2="${x}" y1="${f.bottom}" y2="${f.bottom + 4}" stroke="#555"/><text x="${x}" y="${f.bottom + 7}" dy="0.8em" text-anchor="middle">${esc(t.label)}</text>`);
  }
  out.push(`<text class="axis-title" x="${r((f.left + f.right) / 2)}" y="${height - 6}" text-anchor="middle">${esc(f.xAxis.label)}</text>`);
  const ymid = r((f.top + f.bottom) / 2);
  out.push(`<text class="axis-title" transform="translate(${Math.max(fs, f.left - 50)},${ymid}) rotate(-90)" text-anchor="middle">${esc(f.yAxis.label)}</text>`);
  out.push('</g>');

  // Series: areas first, then lines on top.
  out.push(`<g class="series" clip-path="url(#${id}-clip)" fill="none" stroke-linejoin="round" stroke-linecap="round">`);
  const px = (s: LineSeries): Pt[] => s.points.map(([x, y]) => [Number.isFinite(y) ? f.x(x) : NaN, Number.isFinite(y) ? f.y(y) : NaN]);
  for (const s of spec.series) {
    if (s.fillTo === undefined) continue;
    const d = areaPath(s.curve === 'step' ? toSteps(px(s)) : px(s), f.y(s.fillTo));
    if (d) out.push(`<path d="${d}" fill="${esc(s.color)}" fill-opacity="${s.fillOpacity ?? 0.25}" stroke="none"><title>${esc(s.name)}</title></path>`);
  }
  for (const s of spec.series) {
    if (!s.lower) continue;
    const lower: Pt[] = s.lower.map(([x, y]) => [Number.isFinite(y) ? f.x(x) : NaN, Number.isFinite(y) ? f.y(y) : NaN]);
    const d = bandPath(px(s), lower);
    if (d) out.push(`<path class="interval-band" d="${d}" fill="${esc(s.color)}" fill-opacity="${s.fillOpacity ?? 0.2}" stroke="none"><title>${esc(s.name)}</title></path>`);
  }
  for (const s of spec.series) {
    if (s.stroke === false) continue;
    const pts = px(s);
    const d = s.curve === 'step' ? stepPath(pts) : linePath(pts);
    if (!d) continue;
    const dash = s.dash ? ` stroke-dasharray="${esc(s.dash)}"` : '';
    out.push(`<path d="${d}" stroke="${esc(s.color)}" stroke-width="${s.width ?? 2}"${dash}><title>${esc(s.name)}</title></path>`);
  }
  for (const s of spec.series) {
    if (!s.marker) continue;
    for (const [x, y] of px(s)) if (Number.isFinite(x) && Number.isFinite(y)) out.push(`<circle class="marker" cx="${r(x)}" cy="${r(y)}" r="${s.marker}" fill="${esc(s.color)}" stroke="#fff"><title>${esc(s.name)}</title></circle>`);
  }
  out.push('</g>');

  // Reference lines with labels.
  for (const ref of spec.refLines ?? []) {
    const color = esc(ref.color ?? '#333');
    const dash = esc(ref.dash ?? '5 4');
    if (ref.axis === 'y') {
      if (!inY(ref.value)) continue;
      const y = r(f.y(ref.value));
      const atStart = ref.labelAt === 'start';
      out.push(
        `<g class="ref"><line x1="${f.left}" x2="${f.right}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="1.5" stroke-dasharray="${dash}"/>` +
          `<text x="${atStart ? f.left + 6 : f.right - 4}" y="${y - 5}" text-anchor="${atStart ? 'start' : 'end'}" fill="${color}" ${HALO}>${esc(ref.label)}</text></g>`,
      );
    } else {
      if (!inX(ref.value)) continue;
      const x = r(f.x(ref.value));
      const nearRight = x > f.left + (f.right - f.left) * 0.75;
      const ty = ref.labelAt === 'bottom' ? f.bottom - 6 : f.top + fs;
      out.push(
        `<g class="ref"><line x1="${x}" x2="${x}" y1="${f.top}" y2="${f.bottom}" stroke="${color}" stroke-width="1.5" stroke-dasharray="${dash}"/>` +
          `<text x="${nearRight ? x - 5 : x + 5}" y="${ty}" text-anchor="${nearRight ? 'end' : 'start'}" fill="${color}" ${HALO}>${esc(ref.label)}</text></g>`,
      );
    }
  }
  out.push('</svg>');
  return out.join('');
}

function r(v: number): number {
  return Math.round(v * 10) / 10;
}
