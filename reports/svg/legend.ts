/** An HTML legend with SVG swatches that repeat each series' colour and dash pattern. */
import { esc } from './escape.ts';

export interface LegendItem {
  name: string;
  color: string;
  dash?: string;
  /** "area" draws a filled swatch; "band" a light one without outline (a shaded span). */
  kind?: 'line' | 'area' | 'band';
}

export function legend(items: readonly LegendItem[]): string {
  const li = items.map((it) => {
    const sw =
      it.kind === 'band'
        ? `<rect x="1" y="0" width="26" height="12" fill="${esc(it.color)}" fill-opacity="0.28"/>`
        : it.kind === 'area'
        ? `<rect x="1" y="1" width="26" height="10" fill="${esc(it.color)}" fill-opacity="0.35" stroke="${esc(it.color)}"/>`
        : `<line x1="1" x2="27" y1="6" y2="6" stroke="${esc(it.color)}" stroke-width="2.5"${it.dash ? ` stroke-dasharray="${esc(it.dash)}"` : ''}/>`;
    return `<li><svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">${sw}</svg>${esc(it.name)}</li>`;
  });
  return `<ul class="legend">${li.join('')}</ul>`;
}
