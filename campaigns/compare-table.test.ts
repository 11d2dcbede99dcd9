import { describe, expect, it } from 'vitest';
import type { Summary } from '../models/run-result.ts';
import type { Column } from './compare-sources.ts';
import { compareColumns, leaves } from './compare-table.ts';
import { comparisonText } from './compare-text.ts';

/** Columns of hand-made summaries; the expected intervals are worked out by hand with printed t quantiles. */
const run = (seed: number, x: number, extra: Record<string, unknown> = {}) => ({ dir: `r${seed}`, seed, summary: { seed, delivery: {}, run_id: `id-${seed}-${x}`, load: { x }, label: 'same', ...extra } as unknown as Summary });
const col = (label: string, runs: ReturnType<typeof run>[]): Column => ({ label, source: label, kind: 'point', runs });
const row = (c: ReturnType<typeof compareColumns>, f: string) => c.rows.find((r) => r.field === f)!;

// t(0.975, 2) and t(0.975, 4) from a printed table.
const T2 = 4.302652729911275;

describe('compareColumns', () => {
  it('paired over common seeds: the mean difference with a t interval on the pairs', () => {
    // Pairs (seed 1..3): 11−10, 14−12, 15−14 → d = 1, 2, 1: mean 4/3, sd √(1/3).
    const c = compareColumns([col('A', [run(1, 10), run(2, 12), run(3, 14)]), col('B', [run(1, 11), run(2, 14), run(3, 15)])]);
    const d = row(c, 'load.x').deltas[1]!;
    expect(d.kind).toBe('paired');
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(4 / 3, 12);
    expect(d.high! - d.mean!).toBeCloseTo((T2 * Math.sqrt(1 / 3)) / Math.sqrt(3), 6);
    // The cell: mean 12, sd 2 → half-width t·2/√3.
    const a = row(c, 'load.x').cells[0]!;
    expect(a.stats!.mean).toBe(12);
    expect(a.stats!.half_width).toBeCloseTo((T2 * 2) / Math.sqrt(3), 6);
  });

  it('no seed in common: Welch; one run each: the plain difference; one against many: the difference of means', () => {
    const many = compareColumns([col('A', [run(1, 10), run(2, 12), run(3, 14)]), col('B', [run(4, 20), run(5, 22), run(6, 24)])]);
    const w = row(many, 'load.x').deltas[1]!;
    expect(w.kind).toBe('unpaired');
    // Equal variances (4) and sizes: se = √(4/3 + 4/3), df = 4; t(0.975, 4) = 2.776445105.
    expect(w.mean).toBe(10);
    expect(w.high! - w.mean!).toBeCloseTo(2.776445105 * Math.sqrt(8 / 3), 6);
    const single = compareColumns([col('A', [run(1, 0.1)]), col('B', [run(2, 0.3)])]);
    expect(row(single, 'load.x').deltas[1]).toEqual({ kind: 'single', mean: 0.3 - 0.1, low: null, high: null, n: 1 });
    const mixed = compareColumns([col('A', [run(9, 10)]), col('B', [run(1, 11), run(2, 15)])]);
    expect(row(mixed, 'load.x').deltas[1]).toMatchObject({ kind: 'means', mean: 3, low: null });
  });

  it('marks what differs, keeps run ids and wall clock for --all, and shows fields one column lacks', () => {
    const c = compareColumns([col('A', [run(1, 10)]), col('B', [run(1, 10, { only_b: 2 })])]);
    expect(row(c, 'label').differs).toBe(false);
    expect(row(c, 'load.x').differs).toBe(false);
    expect(row(c, 'run_id')).toMatchObject({ differs: false, howRun: true });
    expect(row(c, 'only_b')).toMatchObject({ differs: true, deltas: [null, null] });
    const text = comparisonText(c, { all: false });
    expect(text).toMatch(/^only_b\s+—\s+2$/m);
    expect(text).not.toMatch(/^label/m);
    expect(comparisonText(c, { all: true })).toMatch(/^label\s+same\s+same$/m);
  });

  it('a figure null (not applicable) in some replications: mean, interval and pairs over the runs that have it, never a null as 0', () => {
    // Column A: seeds 1–4, the figure 10, 12, null, 14 → mean 12 over 3 runs, sd 2. Column B: 11, 14, 15, null.
    const a = col('A', [run(1, 10), run(2, 12), run(3, null as unknown as number), run(4, 14)]);
    const b = col('B', [run(1, 11), run(2, 14), run(3, 15), run(4, null as unknown as number)]);
    const c = compareColumns([a, b]);
    const r = row(c, 'load.x');
    expect(r.cells[0]).toMatchObject({ n: 3, not_applicable: 1, value: 'varies' });
    expect(r.cells[0]!.stats!.mean).toBe(12);
    expect(r.cells[0]!.stats!.half_width).toBeCloseTo((T2 * 2) / Math.sqrt(3), 6);
    // Pairs where both have it: seeds 1 and 2 (d = 1, 2) — seed 3 and 4 each lack one side.
    expect(r.deltas[1]).toMatchObject({ kind: 'paired', n: 2, mean: 1.5 });
    expect(comparisonText(c, { all: false })).toMatch(/^load\.x\s+12 ±[\d.]+ \(3 of 4; n\/a in 1\)/m);
    // Null in every run: "n/a", no mean, no difference.
    const none = compareColumns([col('A', [run(1, null as unknown as number), run(2, null as unknown as number)]), col('B', [run(1, 3)])]);
    expect(row(none, 'load.x').cells[0]).toMatchObject({ n: 0, not_applicable: 2, value: null });
    expect(row(none, 'load.x').cells[0]!.stats).toBeUndefined();
    expect(row(none, 'load.x').deltas[1]).toBeNull();
    expect(comparisonText(none, { all: false })).toMatch(/^load\.x\s+n\/a\s+3/m);
  });

  it('leaves names list items with [i], like results.csv', () => {
    expect([...leaves({ a: { b: 1 }, t: [{ v: 2 }, { v: null }], s: 'x', k: true })]).toEqual([['a.b', 1], ['t[0].v', 2], ['t[1].v', null], ['s', 'x'], ['k', true]]);
  });
});
