/**
 * The frame around every chart: a `<figure>` carrying `data-chart` (its id) and `data-points` (how many
 * data points it draws), so tests and readers can tell a chart with data from an empty one. With no data
 * the chart is replaced by an explicit "no data" placeholder.
 */
import { esc, slug } from './escape.ts';

export interface FigureSpec {
  id: string;
  title: string;
  /** Number of data points drawn; 0 shows the placeholder instead of `body`. */
  points: number;
  /** Builds the chart (SVG or HTML); only called when there is data. */
  body: () => string;
  legend?: string;
  /** A line under the chart saying how to read it. */
  note?: string;
  /** Why there may be no data, shown in the placeholder. */
  emptyNote?: string;
}

export function chartFigure(spec: FigureSpec): string {
  const id = slug(spec.id);
  const head = `<figcaption><h3>${esc(spec.title)}</h3>${spec.note ? `<p class="note">${esc(spec.note)}</p>` : ''}</figcaption>`;
  if (spec.points <= 0) {
    return (
      `<figure class="chart-figure empty" data-chart="${id}" data-points="0">${head}` +
      `<div class="no-data" role="note"><strong>No data</strong>${spec.emptyNote ? ` — ${esc(spec.emptyNote)}` : ''}</div></figure>`
    );
  }
  return `<figure class="chart-figure" data-chart="${id}" data-points="${spec.points}">${head}${spec.legend ?? ''}${spec.body()}</figure>`;
}
