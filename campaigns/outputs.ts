/**
 * After the runs: results.json and .csv, timings.json and statistics.json, all rebuilt from the run folders
 * on every invocation (so a resumed campaign writes what one run straight through writes).
 */
import { analyse, DEFAULT_METRICS, type Statistics } from './analysis.ts';
import type { Point } from './design.ts';
import type { ExecuteReport } from './execute.ts';
import type { CampaignFolder } from './folder.ts';
import type { CampaignPlan } from './plan.ts';
import { collectResults, resultsCsv, type Results } from './results.ts';
import type { Factor } from './vary.ts';

export interface OutputOptions {
  factors: Factor[] | null;
  /** --metric paths; empty: DEFAULT_METRICS that the summaries have. */
  metrics: string[];
  confidence: number;
  parallel: number;
}

export interface Outputs {
  results: Results;
  stats: Statistics;
  /** Asked metrics that no summary has (left out of the statistics). */
  unknownMetrics: string[];
}

export function writeOutputs(plan: CampaignPlan, folder: CampaignFolder, report: ExecuteReport, o: OutputOptions): Outputs {
  const results = collectResults(plan, folder);
  folder.writeJson('results.json', results);
  const valuePaths = [...new Set(plan.points.flatMap((p: Point) => Object.keys(p.values)))];
  folder.writeText('results.csv', resultsCsv(results, valuePaths));
  folder.writeJson('timings.json', {
    note: 'wall-clock figures: they differ from one invocation to the next, so results.json leaves them out',
    invocation: { ran: report.ran, skipped: report.skipped, failed: report.failed, parallel: o.parallel, wall_s: Math.round(report.wallS * 1000) / 1000 },
    runs: plan.runs.map((r) => {
      const s = folder.summary(r.key);
      return { point: r.point, rep: r.rep, key: r.key, wall_s: s?.sim.wall_s ?? null, events_per_s: s?.sim.events_per_s ?? null };
    }),
  });
  // With no finished run there are no columns to check against: nothing is called unknown.
  const unknownMetrics = results.columns.length > 0 ? o.metrics.filter((m) => !results.columns.includes(m)) : [];
  const metrics = o.metrics.length > 0 ? o.metrics.filter((m) => !unknownMetrics.includes(m)) : DEFAULT_METRICS.filter((m) => results.columns.includes(m));
  const stats = analyse(results, plan.points, o.factors, metrics, o.confidence);
  folder.writeJson('statistics.json', stats);
  return { results, stats, unknownMetrics };
}
