/**
 * `scsim sweep|capacity … --redis URL`: the campaign's unfinished runs go to a BullMQ queue instead of the
 * local pool, and each comes back as its run folder's files, which are written here exactly as the local pool
 * writes them (summary.json last, atomically). executeCampaign drives it, so the skipping of finished runs,
 * the progress line, the recording of failures and the outputs are the local ones.
 *
 * Nothing lost, nothing counted twice: a run's job id is `<campaign>.<run key>`, so enqueuing it again (a
 * resumed sweep) finds the job already there — waiting, running or finished — and only a failed one is
 * replaced. A run's result is written to its folder once and the job then removed; the folder is the record.
 * QueueEvents tells of finishes; a slow poll of the jobs still awaited covers events missed while Redis was
 * away, and enqueues again a job that Redis lost.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { resolvedYaml } from '../scenarios/resolved-yaml.ts';
import { writeAtomic } from './atomic.ts';
import { JOB_NAME, jobIdOf, RUN_ATTEMPTS, RUN_FILES, type RunJobData, type RunJobResult } from './redis-job.ts';
import { redactedRedisUrl, redisConnection } from './redis-url.ts';
import { runKey } from './run-key.ts';
import type { RunOutcome, RunTask } from './run-worker.ts';

const WEEK_S = 7 * 24 * 3600;

interface Awaited {
  data: RunJobData;
  dir: string;
  started: () => void;
  settle: (outcome: { ok: true; value: unknown } | { ok: false; error: string }) => void;
}

export class RedisUnreachable extends Error {}

/** The campaign's id in Redis: the folder's name and a hash of its absolute path (two folders, two campaigns). */
export function redisCampaignId(outDir: string): string {
  const name = basename(resolve(outDir)).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'campaign';
  return `${name}-${runKey(resolve(outDir)).slice(0, 8)}`;
}

export class RedisRuns {
  private readonly awaited = new Map<string, Awaited>();
  /** Jobs being (re)enqueued: the poll leaves them alone (it would take a failed job being replaced as failed). */
  private readonly enqueuing = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private cursor = 0;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly campaign: string,
  ) {}

  /** Connects (or fails with RedisUnreachable after `timeoutS`) and starts listening before anything is enqueued. */
  static async open(url: string, queueName: string, campaign: string, opts: { timeoutS?: number; pollMs?: number } = {}): Promise<RedisRuns> {
    const connection = redisConnection(url);
    await probe(url, queueName, opts.timeoutS ?? 10);
    const queue = new Queue(queueName, { connection });
    const events = new QueueEvents(queueName, { connection });
    queue.on('error', () => {}); // reconnects on its own; a lost job is found by the poll
    events.on('error', () => {});
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const runs = new RedisRuns(queue, events, campaign);
    runs.listen(opts.pollMs ?? 2000);
    return runs;
  }

  /** For executeCampaign's `queuedTask`: enqueue (or find) the run's job, wait for it, write its folder. */
  readonly run = async (task: RunTask, started: () => void): Promise<RunOutcome> => {
    const key = task.key ?? runKey(task.scenario);
    const data: RunJobData = {
      format: 1,
      campaign: this.campaign,
      key,
      runId: task.runId,
      study: resolvedYaml(task.scenario),
      workers: task.workers,
      source: task.origin?.source ?? '',
      sets: [...(task.origin?.sets ?? [])],
      ...(task.point !== undefined ? { point: task.point } : {}),
      ...(task.influx ? { influx: { campaign: task.influx.campaign, point: task.influx.point } } : {}),
    };
    const id = jobIdOf(this.campaign, key);
    const outcome = await new Promise<{ ok: true; value: unknown } | { ok: false; error: string }>((settle) => {
      this.awaited.set(id, { data, dir: task.dir, started, settle });
      void this.enqueue(id, data).catch((e) => settle({ ok: false, error: `could not enqueue: ${(e as Error).message}` }));
    });
    this.awaited.delete(id);
    if (!outcome.ok) throw new Error(outcome.error);
    const result = outcome.value as Partial<RunJobResult> | null;
    writeRunFolder(task.dir, result);
    // The folder is now the record: the job is no longer needed (a week's expiry covers a crash before this).
    await this.queue.remove(id).catch(() => 0);
    return { thresholdsFailed: typeof result?.thresholdsFailed === 'number' ? result.thresholdsFailed : 0 };
  };

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }

  /** Adds the job unless it exists; a failed one (an earlier invocation's) is replaced, a finished one taken. */
  private async enqueue(id: string, data: RunJobData): Promise<void> {
    if (this.enqueuing.has(id)) return;
    this.enqueuing.add(id);
    let found = false;
    try {
      const existing = await Job.fromId(this.queue, id);
      if (existing && (await existing.getState()) !== 'failed') found = true;
      else {
        if (existing) await existing.remove();
        await this.queue.add(JOB_NAME, data, {
          jobId: id,
          attempts: RUN_ATTEMPTS,
          backoff: { type: 'fixed', delay: 1000 },
          removeOnComplete: { age: WEEK_S },
          removeOnFail: { age: WEEK_S },
        });
      }
    } finally {
      this.enqueuing.delete(id);
    }
    if (found) await this.check(id);
  }

  private listen(pollMs: number): void {
    const mine = (id: string) => this.awaited.get(id);
    this.events.on('active', ({ jobId }) => mine(jobId)?.started());
    this.events.on('completed', ({ jobId }) => {
      if (mine(jobId)) void this.check(jobId);
    });
    this.events.on('failed', ({ jobId, failedReason }) => mine(jobId)?.settle({ ok: false, error: failedReason }));
    // A few awaited jobs per tick: events missed while the connection was down, and jobs Redis lost.
    this.timer = setInterval(() => {
      const ids = [...this.awaited.keys()];
      for (let i = 0; i < Math.min(ids.length, 100); i++) void this.check(ids[(this.cursor + i) % ids.length]).catch(() => {});
      this.cursor = ids.length > 0 ? (this.cursor + 100) % ids.length : 0;
    }, pollMs);
  }

  private async check(id: string): Promise<void> {
    const a = this.awaited.get(id);
    if (!a || this.enqueuing.has(id)) return;
    // The state first, then the job: read the other way round, a job finishing in between would be taken as
    // completed with the return value it did not have yet.
    const state = await this.queue.getJobState(id);
    if (state === 'unknown') {
      // Lost (Redis restarted without its data): enqueue it again.
      await this.enqueue(id, a.data);
      return;
    }
    if (state === 'active') a.started();
    if (state !== 'completed' && state !== 'failed') return;
    const job = await Job.fromId(this.queue, id);
    if (!job) return; // removed meanwhile: the next look enqueues it again
    if (state === 'completed') {
      a.started();
      a.settle({ ok: true, value: job.returnvalue });
    } else a.settle({ ok: false, error: job.failedReason });
  }
}

/**
 * Whether Redis answers, on a connection that gives up (the campaign's own ones retry for ever, to ride out
 * a Redis restart): a wrong URL must not hang the sweep.
 */
async function probe(url: string, queueName: string, timeoutS: number): Promise<void> {
  const q = new Queue(queueName, { connection: { ...redisConnection(url), retryStrategy: () => null, connectTimeout: timeoutS * 1000 } });
  q.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutS * 1000)));
  const ok = await Promise.race([q.waitUntilReady().then(() => true, () => false), late]);
  clearTimeout(timer);
  await Promise.race([q.close().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
  if (!ok) throw new RedisUnreachable(`--redis: expected a Redis server answering at ${redactedRedisUrl(url)}, found none within ${timeoutS} s`);
}

/** The returned files, from the fixed list only (never a name taken from Redis), summary.json last and atomically. */
function writeRunFolder(dir: string, result: Partial<RunJobResult> | null): void {
  const files = result?.files;
  for (const name of RUN_FILES) {
    if (typeof files?.[name] !== 'string') throw new Error(`the worker returned no ${name} for this run`);
  }
  mkdirSync(dir, { recursive: true });
  for (const name of RUN_FILES) {
    if (name === 'summary.json') writeAtomic(join(dir, name), files![name]!);
    else writeFileSync(join(dir, name), files![name]!);
  }
}
