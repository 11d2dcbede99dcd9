/**
 * The runs of a capacity search, kept as an ordinary campaign: each probed value is a point, replication r
 * runs with seed = the study's seed + r at every value (common random numbers), and runs go in the campaign
 * folder under their keys — so running the same search again finds every run done and replays at once.
 * campaign.json is rewritten before each batch of runs, listing every run asked for so far.
 */
import { Piscina } from 'piscina';
import type { Point } from './design.ts';
import { executeCampaign, type ExecuteOptions, type ExecuteReport } from './execute.ts';
import type { CampaignFolder } from './folder.ts';
import { leaves } from './compare-table.ts';
import { numericFields } from './flatten.ts';
import { planCampaign, type CampaignPlan, type PlannedRun } from './plan.ts';
import type { RunOutcome, RunTask } from './run-worker.ts';
import type { Factor } from './vary.ts';

/**
 * One pool of run threads for the whole search: executeCampaign would start and stop a pool for every
 * batch (a few replications), and the search takes dozens of batches.
 */
export function searchPool(parallel: number): { runTask: (t: RunTask) => Promise<RunOutcome>; destroy: () => Promise<void> } {
  const pool = new Piscina<RunTask, RunOutcome>({ filename: new URL('./run-worker-entry.mjs', import.meta.url).href, minThreads: 0, maxThreads: parallel, concurrentTasksPerWorker: 1, idleTimeout: 1000 });
  return { runTask: (t) => pool.run(t), destroy: () => pool.destroy() };
}

/** A run failed, or its summary lacks the metric: the search cannot go on (exit 1). */
export class CapacityRunError extends Error {}
/** A probed value the study refuses (exit 2). */
export class CapacityInputError extends Error {}

/** A metric path as the contract writes it (`thresholds.0.value`) → as results rows do (`thresholds[0].value`). */
export function flatMetricPath(contractPath: string): string {
  return contractPath.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

export class CapacityCampaign {
  /** Probed values (as JSON text) → their runs so far. */
  private readonly probed = new Map<string, { value: number; runs: PlannedRun[] }>();
  private base: Omit<CampaignPlan, 'points' | 'runs'> | undefined;
  /** Runs this invocation has asked for: a later look at the same value does not count them as done before. */
  private readonly asked = new Set<string>();
  /** ran: runs started now; skipped: runs found finished by an earlier invocation. */
  readonly report: ExecuteReport = { ran: 0, skipped: 0, failed: 0, wallS: 0 };

  constructor(
    private readonly study: string,
    private readonly sets: string[],
    private readonly path: string,
    /** The metric as a results column (flatMetricPath). */
    private readonly metric: string,
    private readonly folder: CampaignFolder,
    private readonly exec: ExecuteOptions,
    /** After each batch: the value, replications asked, and how many of them ran now. */
    private readonly onBatch?: (value: number, reps: number, ran: number) => void,
  ) {}

  /** The metric of replications 0..reps−1 at `value` (an Evaluator for searchKnee). */
  readonly evaluate = async (value: number, reps: number): Promise<number[]> => {
    const planned = await planCampaign(this.study, this.sets, [{ index: 0, values: { [this.path]: value } }], reps);
    if (!planned.ok) throw new CapacityInputError(planned.errors.join('\n'));
    const { points: _p, runs, ...base } = planned.plan;
    this.base ??= base;
    this.probed.set(JSON.stringify(value), { value, runs });
    this.folder.writeCampaign(this.plan(), this.design());
    const fresh = runs.filter((run) => !this.asked.has(run.key));
    for (const run of fresh) this.asked.add(run.key);
    this.report.skipped += fresh.filter((run) => this.folder.summary(run.key) !== undefined).length;
    const r = await executeCampaign(planned.plan, this.folder, this.exec);
    this.report.ran += r.ran;
    this.report.failed += r.failed;
    this.report.wallS += r.wallS;
    this.onBatch?.(value, reps, r.ran);
    return runs.map((run) => {
      const summary = this.folder.summary(run.key);
      const where = `${this.path}=${value}, replication ${run.rep} (seed ${run.seed}, runs/${run.key})`;
      if (!summary) throw new CapacityRunError(`the run at ${where} failed: ${this.folder.error(run.key) ?? 'no summary.json'}`);
      const x = numericFields(summary)[this.metric];
      // A null figure is not applicable in that run (an empty population): the search cannot judge the point, so it says so.
      if (x === undefined) throw new CapacityRunError(`the run at ${where} has no number at ${this.metric} in its summary.json${leaves(summary).get(this.metric) === null ? ' (null: not applicable in that run)' : ''}`);
      return x;
    });
  };

  /** Every run asked for so far as one campaign plan: points in ascending value, replications in order. */
  plan(): CampaignPlan {
    const sorted = [...this.probed.values()].sort((a, b) => a.value - b.value);
    const points: Point[] = sorted.map((p, index) => ({ index, values: { [this.path]: p.value } }));
    const runs = sorted.flatMap((p, index) => p.runs.map((r) => ({ ...r, point: index })));
    const base = this.base ?? { study: this.study, name: '', sets: this.sets, baseSeed: 0, reps: 0 };
    return { ...base, reps: Math.max(0, ...sorted.map((p) => p.runs.length)), points, runs };
  }

  /** The varied field with its probed values, as a sweep's factor (neighbouring values get paired differences). */
  design(): { factors: Factor[]; pointsFile: null } {
    const levels = [...this.probed.values()].map((p) => p.value).sort((a, b) => a - b);
    return { factors: [{ path: this.path, levels }], pointsFile: null };
  }
}
