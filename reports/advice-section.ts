/**
 * The report's rate advice section (OI-5), shown when the run advised anyone: who would switch, how the
 * savings are spread (summary.json `rate_advice.histogram` as bars), and which rate is cheapest for how many.
 */
import type { RateAdviceSummary } from '../models/run-result.ts';
import { esc } from './svg/escape.ts';
import { chartFigure } from './svg/figure.ts';
import { formatNumber } from './svg/format.ts';

const W = 640;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 40 };

function histogramSvg(h: RateAdviceSummary['histogram']): string {
  const max = Math.max(1, ...h.map((b) => b.customers));
  const iw = W - PAD.left - PAD.right, ih = H - PAD.top - PAD.bottom;
  const bw = iw / h.length;
  // One path of bars (charts draw paths), with each bin's count as a tooltip on a label below it.
  let d = '';
  const labels: string[] = [];
  h.forEach((b, i) => {
    const bh = (b.customers / max) * ih;
    const x = PAD.left + i * bw;
    if (bh > 0) d += `M${(x + 1).toFixed(1)} ${(PAD.top + ih).toFixed(1)}v${(-bh).toFixed(1)}h${(bw - 2).toFixed(1)}v${bh.toFixed(1)}Z`;
    labels.push(`<text x="${(x + bw / 2).toFixed(1)}" y="${H - PAD.bottom + 14}" font-size="10" text-anchor="middle"><title>${esc(`${b.from}–${b.to}: ${b.customers} customers`)}</title>${esc(formatNumber(b.from, 2))}</text>`);
  });
  const bars = `<path d="${d || `M${PAD.left} ${PAD.top + ih}`}" fill="#0072B2"/>${labels.join('')}`;
  const axis =
    `<line x1="${PAD.left}" y1="${PAD.top + ih}" x2="${W - PAD.right}" y2="${PAD.top + ih}" stroke="#333"/>` +
    `<text x="${PAD.left - 6}" y="${PAD.top + 10}" font-size="10" text-anchor="end">${max}</text>` +
    `<text x="${PAD.left - 6}" y="${PAD.top + ih}" font-size="10" text-anchor="end">0</text>` +
    `<text x="${PAD.left + iw / 2}" y="${H - 6}" font-size="11" text-anchor="middle">saving over the billed history (currency units, bin start)</text>`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Customers by saving">${axis}${bars}</svg>`;
}

export function adviceSection(a: RateAdviceSummary): string {
  const rows: [string, string][] = [
    ['Customers billed (reported usage)', formatNumber(a.customers)],
    ['Advice sent to an IHD', formatNumber(a.advised)],
    ['Would switch (a cheaper rate than theirs)', formatNumber(a.would_switch)],
    ['Saving, total', formatNumber(a.saving_total, 2)],
    ['Saving, mean / median / 90th percentile / max (customers whose current rate can be billed)', [a.saving_mean, a.saving_p50, a.saving_p90, a.saving_max].map((x) => formatNumber(x, 2)).join(' / ')],
  ];
  const table =
    `<table class="kv"><thead><tr><th>rate advice (OI-5)</th><th class="num">value</th></tr></thead><tbody>` +
    rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td class="num">${esc(v)}</td></tr>`).join('') +
    `</tbody></table>`;
  // A rate that cannot be billed for a customer (PTR with no usage outside events: no baseline) is no candidate for them.
  const rates =
    `<table class="kv"><thead><tr><th>cheapest rate</th><th class="num">customers</th><th class="num">not billable (no baseline)</th></tr></thead><tbody>` +
    a.recommended.map((r) => `<tr><th scope="row">${esc(r.rate)}</th><td class="num">${formatNumber(r.customers)}</td><td class="num">${formatNumber(r.not_billable)}</td></tr>`).join('') +
    `</tbody></table>`;
  const fig = chartFigure({
    id: 'savings',
    title: 'Savings distribution',
    note: "Customers by what the cheapest offered rate saves them over the rate they are on, billed on the usage their appliances reported (S2-08) up to the advice.",
    points: a.histogram.length,
    emptyNote: 'no customer had reported usage when the advice went out',
    body: () => histogramSvg(a.histogram),
  });
  return table + rates + fig;
}
