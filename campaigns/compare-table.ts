/**
 * The comparison behind `scsim compare`: every summary.json field (dotted paths, `[i]` for list items, as
 * results.csv names them) per column, and each column's difference from the first column:
 *   - one run against one run: the plain difference of the two values;
 *   - replications sharing seeds (common random numbers): the paired difference over the common seeds,
 *     with its Student-t interval (statistics.ts);
 *   - replications with no seeds in common: Welch's interval of the difference of means.
 * A null figure is "not applicable" in that run (summary-contract.ts): a number field's cell and differences
 * use only the runs that have the figure, and the cell counts the others; a null is never averaged as 0.
 */
import type { Summary } from '../models/run-result.ts';
import type { Column } from './compare-sources.ts';
import { EXECUTION_FIELDS } from './flatten.ts';
import { meanInterval, pairedDifference, welchDifference, type Interval } from './statistics.ts';

export type Leaf = number | string | boolean | null;

/** Fields that say how or when a run was executed, not what it computed: shown only with --all. */
export const HOW_RUN_FIELDS: ReadonlySet<string> = new Set([...EXECUTION_FIELDS, 'run_id']);

export interface Cell {
  /** Runs with this field (for a number field: runs where it is a number, not null). */
  n: number;
  /** A number field: runs where it is null (not applicable in that run). */
  not_applicable?: number;
  /** The value when every run has the same one (always for n = 1); 'varies' otherwise for non-numbers. */
  value: Leaf | 'varies' | undefined;
  /** Numbers: mean and Student-t interval over the runs (bounds null below 2 runs). */
  stats?: Interval;
}

export interface Delta {
  /** single: one run each; paired: over common seeds; unpaired: Welch; means: too few runs for an interval. */
  kind: 'single' | 'paired' | 'unpaired' | 'means';
  mean: number | null;
  low: number | null;
  high: number | null;
  /** Pairs (paired) or runs on each side. */
  n: number | [number, number];
}

export interface CompareRow {
  field: string;
  cells: Cell[];
  /** deltas[j]: column j − column 0 (null for column 0 and for fields that are not numbers in both). */
  deltas: (Delta | null)[];
  /** Not the same value in every run compared. */
  differs: boolean;
  /** A field of HOW_RUN_FIELDS. */
  howRun: boolean;
}

export interface Comparison {
  columns: Column[];
  confidence: number;
  rows: CompareRow[];
}

/** Every leaf of a summary as dotted paths (`a.b`, `list[0].x`). */
export function leaves(summary: Summary | unknown): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`);
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) out.set(path, v);
  };
  walk(summary, '');
  return out;
}

export function compareColumns(columns: readonly Column[], confidence = 0.95): Comparison {
  const perColumn = columns.map((c) => c.runs.map((r) => ({ seed: r.seed, leaves: leaves(r.summary) })));
  const fields: string[] = [];
  const seen = new Set<string>();
  for (const runs of perColumn) for (const r of runs) for (const f of r.leaves.keys()) if (!seen.has(f)) (seen.add(f), fields.push(f));
  const rows = fields.map((field): CompareRow => {
    const values = perColumn.map((runs) => runs.filter((r) => r.leaves.has(field)).map((r) => ({ seed: r.seed, v: r.leaves.get(field)! })));
    const flat = values.flat();
    const numeric = flat.some((x) => typeof x.v === 'number') && flat.every((x) => typeof x.v === 'number' || x.v === null);
    const cells = values.map((vs) => (numeric ? numberCell(vs.map((x) => x.v as number | null), confidence) : cellOf(vs.map((x) => x.v), confidence)));
    const present = numeric ? values.map((vs) => vs.filter((x) => x.v !== null)) : values;
    const deltas = present.map((vs, j) => (j === 0 ? null : deltaOf(present[0]!, vs, confidence)));
    const all = values.flat().map((x) => JSON.stringify(x.v));
    const missing = perColumn.some((runs) => runs.some((r) => !r.leaves.has(field)));
    return { field, cells, deltas, differs: missing || new Set(all).size > 1, howRun: HOW_RUN_FIELDS.has(field) };
  });
  return { columns: [...columns], confidence, rows };
}

function cellOf(vs: Leaf[], confidence: number): Cell {
  if (vs.length === 0) return { n: 0, value: undefined };
  const same = vs.every((v) => v === vs[0]);
  if (vs.every((v): v is number => typeof v === 'number')) return { n: vs.length, value: same ? vs[0]! : 'varies', stats: meanInterval(vs, confidence) };
  return { n: vs.length, value: same ? vs[0]! : 'varies' };
}

/** A number field's cell over the runs that have the figure; nulls (not applicable) are counted, not averaged. */
function numberCell(vs: (number | null)[], confidence: number): Cell {
  const xs = vs.filter((v): v is number => v !== null);
  const missing = vs.length - xs.length;
  const extra = missing > 0 ? { not_applicable: missing } : {};
  if (xs.length === 0) return vs.length === 0 ? { n: 0, value: undefined } : { n: 0, value: null, ...extra };
  const same = xs.every((v) => v === xs[0]) && missing === 0;
  return { n: xs.length, value: same ? xs[0]! : 'varies', stats: meanInterval(xs, confidence), ...extra };
}

type Seeded = { seed: number; v: Leaf };

function deltaOf(a: Seeded[], b: Seeded[], confidence: number): Delta | null {
  if (a.length === 0 || b.length === 0) return null;
  if (!a.every((x) => typeof x.v === 'number') || !b.every((x) => typeof x.v === 'number')) return null;
  const xs = a.map((x) => x.v as number), ys = b.map((x) => x.v as number);
  if (xs.length === 1 && ys.length === 1) return { kind: 'single', mean: ys[0]! - xs[0]!, low: null, high: null, n: 1 };
  const bySeed = new Map(a.map((x) => [x.seed, x.v as number]));
  const common = b.filter((x) => bySeed.has(x.seed));
  if (common.length >= 2) {
    const d = pairedDifference(common.map((x) => bySeed.get(x.seed)!), common.map((x) => x.v as number), confidence);
    return { kind: 'paired', mean: d.mean, low: d.low, high: d.high, n: d.n };
  }
  if (xs.length >= 2 && ys.length >= 2) {
    const w = welchDifference(xs, ys, confidence);
    return { kind: 'unpaired', mean: w.mean, low: w.low, high: w.high, n: w.n };
  }
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  return { kind: 'means', mean: mean(ys) - mean(xs), low: null, high: null, n: [xs.length, ys.length] };
}
