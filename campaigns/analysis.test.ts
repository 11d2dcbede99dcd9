import { describe, expect, it } from 'vitest';
import { analyse, comparisons } from './analysis.ts';
import { factorial } from './design.ts';
import { numericFields } from './flatten.ts';
import { formatEta, progressText } from './progress.ts';
import { resultsCsv, type Results } from './results.ts';
import { statisticsTable } from '../cli/sweep-report.ts';

describe('comparisons', () => {
  it('in a 2 × 3 factorial: each factor between neighbouring levels, the other held', () => {
    const factors = [
      { path: 'network.priority_queuing', levels: [true, false] },
      { path: 'network.meters_per_collector', levels: [250, 500, 1000] },
    ];
    const points = factorial(factors);
    const pairs = comparisons(points, factors).map(([f, a, b]) => [f, points[a].values, points[b].values]);
    expect(pairs).toHaveLength(3 + 2 * 2);
    for (const [f, a, b] of pairs) {
      const other = f === 'network.priority_queuing' ? 'network.meters_per_collector' : 'network.priority_queuing';
      expect((a as Record<string, unknown>)[other]).toEqual((b as Record<string, unknown>)[other]);
      expect((a as Record<string, unknown>)[f as string]).not.toEqual((b as Record<string, unknown>)[f as string]);
    }
    expect(pairs).toContainEqual(['network.meters_per_collector', { 'network.priority_queuing': false, 'network.meters_per_collector': 500 }, { 'network.priority_queuing': false, 'network.meters_per_collector': 1000 }]);
  });

  it('with listed points: each against point 0', () => {
    const points = [0, 1, 2].map((index) => ({ index, values: { x: index } }));
    expect(comparisons(points, null)).toEqual([[null, 0, 1], [null, 0, 2]]);
  });
});

describe('progress line', () => {
  it('says runs done of all, running, failed and an ETA from the pace of this invocation', () => {
    expect(progressText({ total: 40, skipped: 10, done: 20, running: 2, failed: 1, elapsedS: 50 })).toBe('sweep 20/40 runs done (10 already done), 2 running, 1 failed, ETA 1m40s');
    expect(progressText({ total: 4, skipped: 0, done: 0, running: 2, failed: 0, elapsedS: 3 })).toBe('sweep 0/4 runs done, 2 running, ETA ?');
    expect(formatEta(7260)).toBe('2h01m');
  });
});

describe('results.csv', () => {
  it('quotes cells with commas and quotes, keeps one seed column, and writes point values as set: columns', () => {
    const results: Results = {
      campaign: 'c',
      columns: ['seed', 'delivery.by_priority.high.p99_s'],
      rows: [
        { point: 0, rep: 0, seed: 7, key: 'k0', status: 'ok', thresholds_failed: 0, values: { 'timeline[0].target': { region: 'a' } }, metrics: { seed: 7, 'delivery.by_priority.high.p99_s': 1.5 } },
        { point: 1, rep: 0, seed: 7, key: 'k1', status: 'failed', error: 'boom, "bad"', values: { 'timeline[0].target': 'all' }, metrics: {} },
      ],
    };
    expect(resultsCsv(results, ['timeline[0].target']).split('\n')).toEqual([
      'point,rep,seed,key,status,error,thresholds_failed,set:timeline[0].target,delivery.by_priority.high.p99_s',
      '0,0,7,k0,ok,,0,"{""region"":""a""}",1.5',
      '1,0,7,k1,failed,"boom, ""bad""",,all,',
      '',
    ]);
  });
});

describe('numeric fields of a summary', () => {
  it('flattens nested fields and list items, keeps numbers only, and leaves out wall-clock figures and the thread count', () => {
    const summary = { seed: 3, workers: 2, run_id: 'x', sim: { events: 10, wall_s: 0.5, events_per_s: 20, sim_s: 60 }, network: { priority_queuing: true }, thresholds: [{ name: 'a < 1', ok: false, value: 2 }] };
    expect(numericFields(summary)).toEqual({ seed: 3, 'sim.events': 10, 'sim.sim_s': 60, 'thresholds[0].value': 2 });
  });
});

describe('a figure null (not applicable) in some replications', () => {
  it('its interval uses only the replications that have it and says n; none gives a null mean; pairs need both', () => {
    // Point 0: the figure is 10, null, 14 (mean 12 over n = 2); point 1: null in every replication.
    const summaries = [[10, null, 14], [null, null, null]].map((reps) => reps.map((x) => ({ load: { event_shed_kw_mean: x, energy_shed_kwh: 0 } })));
    const results: Results = {
      campaign: 'c',
      columns: ['load.event_shed_kw_mean'],
      rows: summaries.flatMap((reps, point) => reps.map((s, rep) => ({ point, rep, seed: rep, key: `${point}-${rep}`, status: 'ok' as const, values: {}, metrics: numericFields(s) }))),
    };
    expect(results.rows[1]!.metrics).toEqual({ 'load.energy_shed_kwh': 0 });
    const points = [0, 1].map((index) => ({ index, values: { x: index } }));
    const st = analyse(results, points, null, ['load.event_shed_kw_mean'], 0.95);
    expect(st.points[0]!.metrics['load.event_shed_kw_mean']).toMatchObject({ n: 2, mean: 12 });
    expect(st.points[1]!.metrics['load.event_shed_kw_mean']).toMatchObject({ n: 0, mean: null, low: null });
    expect(st.differences[0]!.paired).toMatchObject({ n: 0, mean: null });
    // What `scsim sweep` prints: n of the runs, and "n/a" where no run has the figure (never a mean of 0).
    const table = statisticsTable(st);
    expect(table).toMatch(/point 0 {2}x=0: {2}12 ± [\d.]+ {2}\(sd [\d.]+, n 2 of 3\)/);
    expect(table).toMatch(/point 1 {2}x=1: {2}n\/a in all 3 runs/);
    expect(table).toMatch(/point 1 − point 0 = n\/a: no replication has it at both points/);
  });
});
