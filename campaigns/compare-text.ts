/**
 * The comparison as a plain-text table for the terminal: a legend naming each column (A, B, …), then one
 * line per field with each column's value (mean ± half-width over replications) and its difference from A.
 * Numbers are printed without thousands separators so they read back as numbers.
 */
import type { Cell, Comparison, Delta } from './compare-table.ts';

export interface TextOptions {
  /** Every field, not only those that differ (and with the fields that say how a run was executed). */
  all: boolean;
}

export function columnName(j: number): string {
  let s = '';
  for (let i = j; ; i = Math.floor(i / 26) - 1) {
    s = String.fromCharCode(65 + (i % 26)) + s;
    if (i < 26) break;
  }
  return s;
}

/** A number with at most 6 significant digits, as plain as JavaScript prints it. */
export function plain(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

function signed(v: number): string {
  const s = plain(v);
  return v > 0 ? `+${s}` : s;
}

export function cellText(c: Cell): string {
  // Runs where the figure is null (not applicable) are named, never folded into the mean.
  const na = c.not_applicable ? ` (${c.n} of ${c.n + c.not_applicable}; n/a in ${c.not_applicable})` : '';
  if (c.value === null && c.n === 0) return 'n/a';
  if (c.n === 0 || c.value === undefined) return '—';
  if (c.stats && (c.n >= 2 || na)) {
    const hw = c.stats.half_width;
    return `${plain(c.stats.mean!)}${hw === null ? '' : ` ±${plain(hw)}`}${na}`;
  }
  if (c.value === 'varies') return 'varies';
  if (typeof c.value === 'number') return plain(c.value);
  const s = String(c.value);
  // Digests and run ids: their start tells them apart; the page keeps them whole.
  return s.length > 24 ? `${s.slice(0, 12)}…` : s;
}

export function deltaText(d: Delta | null): string {
  if (!d || d.mean === null) return '';
  const interval = d.low !== null && d.high !== null ? ` [${plain(d.low)}, ${plain(d.high)}]` : '';
  const tag = d.kind === 'paired' ? ' paired' : d.kind === 'unpaired' ? ' Welch' : '';
  return `${signed(d.mean)}${interval}${tag}`;
}

export function comparisonText(c: Comparison, o: TextOptions): string {
  const lines: string[] = [];
  c.columns.forEach((col, j) => lines.push(`${columnName(j)}  ${col.label}  (${col.runs.length} run${col.runs.length === 1 ? '' : 's'})`));
  const rows = c.rows.filter((r) => o.all || (r.differs && !r.howRun));
  const pct = Math.round(c.confidence * 100 * 10) / 10;
  lines.push(`Δ = column − A; with replications: mean ±half-width of the ${pct} % Student-t interval, Δ [interval] paired over common seeds (Welch when none)`);
  lines.push('');
  const head = ['field', ...c.columns.flatMap((_, j) => (j === 0 ? ['A'] : [columnName(j), `Δ${columnName(j)}`]))];
  const body = rows.map((r) => [r.field, ...r.cells.flatMap((cell, j) => (j === 0 ? [cellText(cell)] : [cellText(cell), deltaText(r.deltas[j] ?? null)]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cells: string[]) => cells.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ').trimEnd();
  lines.push(fmt(head));
  for (const b of body) lines.push(fmt(b));
  if (rows.length === 0) lines.push(o.all ? '(no fields)' : '(every field is the same in every run; --all lists them)');
  else if (!o.all) lines.push(`${rows.length} of ${c.rows.length} fields differ (--all lists every field)`);
  return lines.join('\n');
}
