/**
 * compare.html: the comparison as one self-contained page — the columns, the table of every summary.json
 * field (those that differ first, the rest folded), each cell carrying its exact figures as data attributes,
 * then overlaid load and shed curves and latency CDFs.
 */
import { esc } from '../reports/svg/escape.ts';
import type { Column } from './compare-sources.ts';
import { cellText, columnName, deltaText } from './compare-text.ts';
import type { CompareRow, Comparison } from './compare-table.ts';
import { pointLatency } from './merged-sketches.ts';
import { latencyOverlay, loadOverlay, meanLoadCurve } from './overlay-charts.ts';
import { pageShell } from './page-shell.ts';
import { readSketches } from './run-curves.ts';

export function comparePage(c: Comparison): string {
  const differ = c.rows.filter((r) => r.differs && !r.howRun);
  const rest = c.rows.filter((r) => !(r.differs && !r.howRun));
  const pct = Math.round(c.confidence * 1000) / 10;
  const table =
    `<p class="note">Δ is each column minus column A. With replications a cell is the mean ± the half-width of its ${pct} % Student-t interval; ` +
    `Δ is then the paired difference over the seeds both columns ran (common random numbers) with its interval, or Welch's interval when they share no seed.</p>` +
    rowsTable('compare-differ', c, differ, `${differ.length} field${differ.length === 1 ? '' : 's'} that differ`) +
    `<details><summary>${rest.length} field${rest.length === 1 ? '' : 's'} the same in every run, and those that say how a run was executed</summary>${rowsTable('compare-same', c, rest, 'the rest')}</details>`;
  const items = c.columns.map((col, j) => ({ label: `${columnName(j)}: ${col.label}`, col }));
  const slaS = c.columns.flatMap((col) => col.runs.map((r) => r.summary.delivery?.sla_s)).find((s) => typeof s === 'number') ?? 120;
  const load = loadOverlay('compare', items.map((it) => ({ label: it.label, curve: meanLoadCurve(it.col.runs.map((r) => r.dir)) })), 'column');
  const latency = latencyOverlay('compare', items.map((it) => ({ label: it.label, sketches: merged(it.col) })), slaS);
  return pageShell({
    title: `Comparison of ${c.columns.length} column${c.columns.length === 1 ? '' : 's'}`,
    kicker: 'smartconnect-sim · scsim compare',
    head: columnsList(c.columns),
    sections: [
      ['fields', 'summary.json, side by side', table],
      ['load', 'Load curves', load],
      ['latency', 'Delivery latency', latency],
    ],
    footer: 'smartconnect-sim comparison.',
  });
}

function merged(col: Column) {
  const sk = col.runs.map((r) => readSketches(r.dir)).filter((s) => s !== undefined);
  return sk.length > 0 ? pointLatency(sk).sketches : undefined;
}

function columnsList(cols: readonly Column[]): string {
  const rows = cols.map(
    (col, j) =>
      `<tr data-column="${columnName(j)}"><th scope="row">${columnName(j)}</th><td class="mono">${esc(col.label)}</td><td class="mono">${esc(studyOf(col))}</td><td class="num">${col.runs.length}</td><td class="mono">${esc(col.runs.map((r) => r.seed).join(', '))}</td></tr>`,
  );
  return `<table class="kv columns"><thead><tr><th>column</th><th>run or campaign point</th><th>study and --set (summary.json provenance)</th><th class="num">runs</th><th>seeds</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** What the first run says it ran (runs from before provenance was recorded: its study name). */
function studyOf(col: Column): string {
  const s = col.runs[0]?.summary as (Column['runs'][number]['summary'] & { provenance?: { source?: string; sets?: string[] } }) | undefined;
  if (!s) return '';
  const p = s.provenance;
  if (!p) return s.scenario ?? '';
  const sets = (p.sets ?? []).filter((x) => !x.startsWith('seed='));
  return [p.source || s.scenario, ...sets.map((x) => `--set ${x}`)].join(' ');
}

function rowsTable(id: string, c: Comparison, rows: readonly CompareRow[], caption: string): string {
  const head = ['<th>field</th>', ...c.columns.flatMap((_, j) => (j === 0 ? ['<th class="num">A</th>'] : [`<th class="num">${columnName(j)}</th>`, `<th class="num">Δ${columnName(j)}</th>`]))];
  const body = rows.map((r) => {
    const cells = r.cells.flatMap((cell, j) => {
      const s = cell.stats;
      const data =
        `data-column="${columnName(j)}" data-n="${cell.n}"` +
        (cell.not_applicable ? ` data-not-applicable="${cell.not_applicable}"` : '') +
        (s && s.mean !== null ? ` data-mean="${s.mean}"` : '') +
        (s && s.low !== null ? ` data-low="${s.low}" data-high="${s.high}"` : '');
      const shown = typeof cell.value === 'string' && cell.value !== 'varies' && cell.n === 1 ? cell.value : cellText(cell);
      const td = `<td class="num" ${data}${cell.n === 1 && cell.value !== undefined && cell.value !== 'varies' ? ` data-value="${esc(String(cell.value))}"` : ''}>${esc(shown)}</td>`;
      if (j === 0) return [td];
      const d = r.deltas[j] ?? null;
      const dd = d && d.mean !== null ? ` data-delta="${d.mean}" data-kind="${d.kind}"` + (d.low !== null ? ` data-low="${d.low}" data-high="${d.high}"` : '') : '';
      return [td, `<td class="num delta" data-column="${columnName(j)}"${dd}>${esc(deltaText(d))}</td>`];
    });
    return `<tr data-field="${esc(r.field)}"${r.differs ? '' : ' class="same"'}><td class="field mono">${esc(r.field)}</td>${cells.join('')}</tr>`;
  });
  return `<div class="table-scroll"><table class="compare" data-table="${id}"><caption>${esc(caption)}</caption><thead><tr>${head.join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}
