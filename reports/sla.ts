/**
 * NFR-04 in the report: a banner under the thresholds' verdict that is always there (a study with no
 * threshold on the SLA still shows whether it was met), a table per priority, and the mark the by-kind
 * table uses for the kinds NFR-04 covers.
 */
import type { SlaStats, Summary } from '../models/run-result.ts';
import type { Priority } from '../scenarios/types.ts';
import { esc } from './svg/escape.ts';
import { formatNumber, formatPercent, formatSig } from './svg/format.ts';

const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];
const WORST_KINDS = 5;

export function slaBanner(s: Summary): string {
  const sla = s.sla;
  if (!sla) return '';
  const attrs = `data-section="sla-verdict" data-sla-verdict="${sla.verdict}" role="status"`;
  const lim = `${formatSig(sla.sla_s, 3)} s`;
  const guarded = (s.thresholds ?? []).some((t) => t.name.trim().startsWith('sla.'));
  const note = guarded ? '' : ' No threshold of this study is on the <code>sla</code> block, so the exit code does not reflect it.';
  if (sla.verdict === 'none') return `<section class="verdict none" ${attrs}><strong>NFR-04: no covered message was sent.</strong> Nothing to judge against ${esc(lim)}.</section>`;
  if (sla.verdict === 'met')
    return `<section class="verdict ok" ${attrs}><strong>✔ NFR-04 met:</strong> all ${formatNumber(sla.count)} covered messages were delivered within ${esc(lim)} (p99 ${esc(formatSig(sla.p99_s, 3))} s, max ${esc(formatSig(sla.max_s, 3))} s).</section>`;
  const pri = PRIORITIES.filter((p) => sla.by_priority[p].missed > 0)
    .map((p) => `<li>${esc(p)}: ${formatNumber(sla.by_priority[p].missed)} of ${formatNumber(sla.by_priority[p].count)} missed (${esc(formatPercent(sla.by_priority[p].within_sla, 2))} within, p99 ${esc(formatSig(sla.by_priority[p].p99_s, 3))} s)</li>`)
    .join('');
  const worst = Object.entries(sla.by_kind)
    .filter(([, k]) => k.missed > 0)
    .sort(([a, x], [b, y]) => y.missed - x.missed || (a < b ? -1 : 1))
    .slice(0, WORST_KINDS)
    .map(([kind, k]) => `<code>${esc(kind)}</code> ${formatNumber(k.missed)} (${esc(formatPercent(k.within_sla, 2))} within)`)
    .join(', ');
  return (
    `<section class="verdict fail" ${attrs}><strong>✘ NFR-04 missed:</strong> ${formatNumber(sla.missed)} of ${formatNumber(sla.count)} covered messages ` +
    `were not delivered within ${esc(lim)} (${formatNumber(sla.dropped)} dropped${sla.late_in_flight ? `, ${formatNumber(sla.late_in_flight)} still in flight at the end` : ''}).${note}<ul>${pri}</ul>` +
    (worst ? `<p>Kinds with misses: ${worst}.</p>` : '') +
    `</section>`
  );
}

/** Per priority: what NFR-04 counts (dropped messages are misses). */
export function slaTable(s: Summary): string {
  const sla = s.sla;
  if (!sla) return '';
  const row = (name: string, st: SlaStats) => {
    const missed = st.missed > 0 ? `<span class="bad-mark">✘ ${formatNumber(st.missed)}</span>` : '<span class="ok-mark">0</span>';
    return (
      `<tr data-key="${esc(name)}" data-sla-ok="${st.ok}"><td>${esc(name)}</td><td class="num">${formatNumber(st.count)}</td><td class="num">${formatNumber(st.dropped)}</td><td class="num">${formatNumber(st.late_in_flight)}</td>` +
      `<td class="num">${formatNumber(st.within)}</td><td class="num">${missed}</td><td class="num">${esc(formatPercent(st.within_sla, 2))}</td>` +
      `<td class="num">${esc(formatSig(st.p99_s, 3))}</td><td class="num">${esc(formatSig(st.max_s, 3))}</td></tr>`
    );
  };
  const head =
    '<tr><th>priority</th><th class="num">messages</th><th class="num">dropped</th><th class="num">in flight at end, late</th><th class="num">within</th><th class="num">missed</th><th class="num">within SLA</th><th class="num">p99 (s)</th><th class="num">max (s)</th></tr>';
  const body = PRIORITIES.map((p) => row(p, sla.by_priority[p])).join('') + row('all', sla);
  return `<table class="sla" data-table="sla"><caption>NFR-04 — covered messages within ${esc(formatSig(sla.sla_s, 3))} s (a message dropped, or still in flight at the end more than the SLA after it was sent, is a miss)</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** The by-kind table's NFR-04 cell: covered or not, and the kind's misses. */
export function nfr04Cell(s: Summary, kind: string): string {
  const k = s.sla?.by_kind?.[kind];
  if (!k) return `<td data-nfr04="no">—</td>`;
  const misses = k.missed > 0 ? ` <span class="bad-mark">✘ ${formatNumber(k.missed)} missed</span>` : '';
  return `<td data-nfr04="yes">covered${misses}</td>`;
}
