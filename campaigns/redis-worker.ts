/**
 * `scsim worker`: takes campaign runs from a BullMQ queue and runs each on a local pool of threads with the
 * very code a local sweep runs (run-worker.ts through the same piscina entry), so a run gives the same
 * summary and digest wherever it runs. The run's folder is made in the worker's work dir and its files go
 * back as the job's return value (BullMQ keeps it in Redis until the sweep has written it to its folder).
 *
 * The runs are on threads, so this thread stays free to renew the jobs' locks: a worker that dies or stops
 * loses its locks after `lockMs` and another worker takes the run again (BullMQ's stalled-job check).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Piscina } from 'piscina';
import { buildInfo } from '../cli/build-info.ts';
import { checkRunJob, RUN_FILES, type RunFiles, type RunJobResult } from './redis-job.ts';
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
      const outcome = await pool.run({ scenario, runId: data.runId, dir, workers: data.workers, spin, origin });
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
    // A run whose worker died twice is failed rather than handed out for ever.
    maxStalledCount: 2,
    autorun: false,
  });
  worker.on('active', (job) => o.log(`run ${job.data?.key ?? '?'} of ${job.data?.campaign ?? '?'}: started (attempt ${job.attemptsMade + 1})`));
  worker.on('completed', (job) => o.log(`run ${job.data.key} of ${job.data.campaign}: done`));
  worker.on('failed', (job, err) => o.log(`run ${job?.data?.key ?? '?'} of ${job?.data?.campaign ?? '?'}: failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`));
  worker.on('error', (err) => o.log(`worker: ${err.message}`));
  const ready = worker.waitUntilReady().then(() => {
    void worker.run();
  });
  return {
    ready: ready.then(() => undefined),
    close: async () => {
      await worker.close();
      await pool.destroy();
    },
  };
}
