/**
 * `scsim worker`: takes campaign runs from a BullMQ queue and runs each on a local pool of threads with the
 * very code a local sweep runs (run-worker.ts through the same piscina entry), so a run gives the same
 * summary and digest wherever it runs. The run's folder is made in the worker's work dir and its files go
 * back as the job's return value (BullMQ keeps it in Redis until the sweep has written it to its folder).
 *
 * The runs are on threads, so this thread stays free to renew the jobs' locks: a worker that dies or stops
 * loses its locks after `lockMs` and another worker takes the run again (BullMQ's stalled-job check).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Piscina } from 'piscina';
import { buildInfo } from '../cli/build-info.ts';
import { checkRunJob, RUN_FILES, type RunFiles, type RunJobData, type RunJobResult } from './redis-job.ts';
import { SPOOL_DIR } from './campaign-metrics.ts';
import { CampaignRunsStream, workerName, type RunEvent } from './worker-metrics.ts';
import { redisConnection } from './redis-url.ts';
import type { RunOutcome, RunTask } from './run-worker.ts';

const WORKER_FILE = new URL('./run-worker-entry.mjs', import.meta.url).href;

export interface RunWorkerOptions {
  url: string;
  queue: string;
  concurrency: number;
  /** Where run folders are made before their files are sent back (one folder per run key). */
  workDir: string;
  /** How long a job's lock lasts without renewal; a dead worker's run is taken again after about this long. */
  lockMs: number;
  /** InfluxDB 1.x (`http://host:port/db`): runs of `sweep --influx` stream their points here, and campaign_runs. */
  influx?: { url: string; closeTimeoutS: number };
  log: (line: string) => void;
}

export interface RunWorker {
  /** Resolves once the worker is connected and taking jobs. */
  ready: Promise<void>;
  /** Finishes the runs in hand, then disconnects. */
  close(): Promise<void>;
}

export function startRunWorker(o: RunWorkerOptions): RunWorker {
  const pool = new Piscina<RunTask, RunOutcome>({ filename: WORKER_FILE, minThreads: 0, maxThreads: o.concurrency, concurrentTasksPerWorker: 1, idleTimeout: 5000 });
  const cores = availableParallelism();
  const name = workerName();
  const spoolRoot = join(o.workDir, SPOOL_DIR);
  const runs = o.influx ? new CampaignRunsStream(o.influx.url, spoolRoot, name, o.log) : undefined;
  // A job's fields are only trusted once checked: a refused job is reported under its campaign only if that is a plain name.
  const campaignOf = (data: unknown) => {
    const d = (data ?? {}) as Partial<RunJobData>;
    const c = d.influx?.campaign ?? d.campaign;
    return typeof c === 'string' && /^[A-Za-z0-9._-]{1,200}$/.test(c) ? c : 'unknown';
  };
  const pointOf = (data: unknown) => {
    const p = (data as Partial<RunJobData> | null)?.point;
    return Number.isInteger(p) && (p as number) >= 0 ? (p as number) : undefined;
  };
  const tell = (job: Job | undefined, event: RunEvent, wallS?: number) => runs?.event(campaignOf(job?.data), event, { point: pointOf(job?.data), attempt: (job?.attemptsMade ?? 0) + (event === 'started' ? 1 : 0), wall_s: wallS });
  const wall = new Map<string, number>();

  const process = async (job: Job): Promise<RunJobResult> => {
    const checked = checkRunJob(job.data);
    // A refused job is not retried: it would be refused again.
    if (!checked.ok) throw new UnrecoverableError(checked.message);
    const { data, scenario } = checked;
    const dir = join(o.workDir, data.key);
    mkdirSync(dir, { recursive: true });
    try {
      const spin = o.concurrency * data.workers > cores ? 0 : undefined;
      const origin = { source: data.source, sets: data.sets, ...buildInfo() };
      const influx = o.influx && data.influx ? { url: o.influx.url, campaign: data.influx.campaign, point: data.influx.point, closeTimeoutS: o.influx.closeTimeoutS } : undefined;
      if (data.influx && !o.influx) o.log(`run ${data.key} of ${data.campaign}: its points are not streamed (this worker has no --influx)`);
      const t0 = performance.now();
      let outcome: RunOutcome;
      try {
        outcome = await pool.run({ scenario, runId: data.runId, dir, workers: data.workers, spin, origin, influx });
      } finally {
        keepSpool(dir, join(spoolRoot, data.key), o.log);
      }
      wall.set(job.id ?? '', (performance.now() - t0) / 1000);
      const files: RunFiles = {};
      for (const name of RUN_FILES) files[name] = readFileSync(join(dir, name), 'utf8');
      return { files, thresholdsFailed: outcome.thresholdsFailed };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  const worker = new Worker(o.queue, process, {
    connection: redisConnection(o.url),
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: o.lockMs,
    // A lock can also lapse on a starved machine while the run goes on: a run is failed for stalling only
    // when it stalls a fourth time (a run that kills its worker every time is not handed out for ever).
    maxStalledCount: 3,
    autorun: false,
  });
  worker.on('active', (job) => {
    o.log(`run ${job.data?.key ?? '?'} of ${job.data?.campaign ?? '?'}: started (attempt ${job.attemptsMade + 1})`);
    tell(job, 'started');
  });
  worker.on('completed', (job) => {
    o.log(`run ${job.data.key} of ${job.data.campaign}: done`);
    tell(job, 'done', wall.get(job.id ?? ''));
    wall.delete(job.id ?? '');
  });
  worker.on('failed', (job, err) => {
    o.log(`run ${job?.data?.key ?? '?'} of ${job?.data?.campaign ?? '?'}: failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`);
    tell(job, err instanceof UnrecoverableError && err.message.startsWith('refused:') ? 'refused' : 'failed');
  });
  // Redis away: ioredis retries every few hundred ms; say so once, not at every retry.
  let lastError = '';
  worker.on('error', (err) => {
    if (err.message !== lastError) o.log(`worker: ${err.message}`);
    lastError = err.message;
  });
  worker.on('completed', () => (lastError = ''));
  const ready = worker.waitUntilReady().then(() => {
    void worker.run();
  });
  return {
    ready: ready.then(() => undefined),
    close: async () => {
      await worker.close();
      await pool.destroy();
      await runs?.close(o.influx!.closeTimeoutS);
    },
  };
}

/** Points InfluxDB did not take wait in the run folder's spool: keep them past the folder, and say how to send them. */
function keepSpool(dir: string, keep: string, log: (m: string) => void): void {
  const spool = join(dir, SPOOL_DIR);
  if (!existsSync(spool) || readdirSync(spool).length === 0) return;
  rmSync(keep, { recursive: true, force: true });
  mkdirSync(join(keep, '..'), { recursive: true });
  renameSync(spool, keep);
  log(`scsim: the run's points wait in ${keep}: send them with scsim influx-replay ${keep} <url>`);
}
