/**
 * Runs a campaign's unfinished runs on a local pool of worker threads (piscina), at most `parallel` at a
 * time, skipping every run whose folder already holds a summary. A run that fails is recorded with its
 * error and the others go on.
 */
import { Piscina } from 'piscina';
import { buildInfo } from '../cli/build-info.ts';
import { pointSets } from './design.ts';
import type { CampaignFolder } from './folder.ts';
import type { CampaignPlan, PlannedRun } from './plan.ts';
import type { ProgressState } from './progress.ts';
import type { RunOutcome, RunTask } from './run-worker.ts';
import type { RunOrigin } from '../models/run-result.ts';

const WORKER_FILE = new URL('./run-worker-entry.mjs', import.meta.url).href;

export interface ExecuteOptions {
  parallel: number;
  /** Partitions per run (default 1) and their rendezvous spin budget. */
  workers?: number;
  spin?: number;
  /** Progress after each start and finish; `finished` is true on a finish. */
  onProgress?: (p: ProgressState, finished: boolean) => void;
  /** Wall clock for the ETA (seconds); never reaches a run. */
  clock?: () => number;
  /** Stream every run to InfluxDB, tagged with this campaign id and the run's point (sweep --influx). */
  influx?: { url: string; campaign: string; closeTimeoutS: number };
  /** Runs one task; the default is the worker pool. Tests pass an in-process runner. */
  runTask?: (task: RunTask) => Promise<RunOutcome>;
  /**
   * Runs one task that may wait in a queue first (`--redis`): it calls `started` once a worker has taken it,
   * so the progress line counts as running only the runs that are.
   */
  queuedTask?: (task: RunTask, started: () => void) => Promise<RunOutcome>;
}

export interface ExecuteReport {
  ran: number;
  skipped: number;
  failed: number;
  wallS: number;
}

export async function executeCampaign(plan: CampaignPlan, folder: CampaignFolder, options: ExecuteOptions): Promise<ExecuteReport> {
  // One run per distinct key: two points that resolve to the same study share it.
  const unique = new Map<string, PlannedRun>();
  for (const r of plan.runs) if (!unique.has(r.key)) unique.set(r.key, r);
  const todo = [...unique.values()].filter((r) => folder.summary(r.key) === undefined);
  const clock = options.clock ?? (() => performance.now() / 1000);
  const t0 = clock();
  const state: ProgressState = { total: unique.size, skipped: unique.size - todo.length, done: unique.size - todo.length, running: 0, failed: 0, elapsedS: 0 };
  const tell = (finished: boolean) => options.onProgress?.({ ...state, elapsedS: clock() - t0 }, finished);
  tell(false);
  if (todo.length === 0) return { ran: 0, skipped: state.skipped, failed: 0, wallS: 0 };

  const pool = options.runTask || options.queuedTask
    ? undefined
    : new Piscina<RunTask, RunOutcome>({ filename: WORKER_FILE, minThreads: 0, maxThreads: options.parallel, concurrentTasksPerWorker: 1, idleTimeout: 1000 });
  const runTask = options.runTask ?? ((t: RunTask) => pool!.run(t));
  let next = 0;
  const lane = async () => {
    while (next < todo.length) {
      const r = todo[next++];
      folder.clearError(r.key);
      let started = false;
      const start = () => {
        if (started) return;
        started = true;
        state.running++;
        tell(false);
      };
      const task: RunTask = { scenario: r.scenario, key: r.key, point: r.point, runId: `${plan.name}-${r.key}`, dir: folder.runDir(r.key), workers: options.workers ?? 1, spin: options.spin, origin: originOf(plan, r), influx: options.influx && { ...options.influx, point: r.point } };
      try {
        if (options.queuedTask) await options.queuedTask(task, start);
        else {
          start();
          await runTask(task);
        }
      } catch (e) {
        state.failed++;
        folder.recordError(r.key, e instanceof Error ? e.message : String(e));
      }
      if (started) state.running--;
      state.done++;
      tell(true);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.parallel, todo.length) }, lane));
  } finally {
    await pool?.destroy();
  }
  return { ran: todo.length, skipped: state.skipped, failed: state.failed, wallS: clock() - t0 };
}

/** A run's provenance: `scsim run <study> --set …` with these sets runs exactly this study. */
function originOf(plan: CampaignPlan, r: PlannedRun): RunOrigin {
  const point = plan.points.find((p) => p.index === r.point);
  return { source: plan.study, sets: [...plan.sets, ...(point ? pointSets(point) : []), `seed=${r.seed}`], ...buildInfo() };
}
