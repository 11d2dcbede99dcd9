/**
 * scsim worker --redis URL [--concurrency N] [--queue NAME] [--work-dir DIR] [--lock-ms N] [--influx URL]
 * A long-running worker of campaigns sent through Redis (`scsim sweep|… --redis URL`): runs up to N runs at
 * once on threads, one line per run start, finish and failure on stderr. SIGTERM or SIGINT: finishes the
 * runs in hand, then exits 0. --influx: runs of `sweep --influx` stream their points there, and every run
 * started, done, failed or refused is a `campaign_runs` point.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QUEUE } from '../campaigns/redis-job.ts';
import { InvalidRedisUrl, redactedRedisUrl, redisConnection } from '../campaigns/redis-url.ts';
import { startRunWorker } from '../campaigns/redis-worker.ts';
import { InvalidInfluxUrl, parseInfluxUrl } from '../sim/metrics/sinks/index.ts';
import { intOption, parseArgs } from './args.ts';
import { influxCloseTimeoutS } from './run.ts';
import { UsageError } from './errors.ts';

export const WORKER_USAGE = `usage: scsim worker --redis redis://[user:password@]host:port[/db] [--concurrency N] [--queue NAME]
                    [--work-dir DIR] [--lock-ms N] [--influx http://host:port/db]`;

export async function workerCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(WORKER_USAGE + '\n');
    return 0;
  }
  const args = parseArgs(argv, ['redis', 'concurrency', 'queue', 'work-dir', 'lock-ms', 'influx'], [], WORKER_USAGE);
  if (args.positional.length > 0) throw new UsageError(`worker takes no study file (runs come from Redis), found "${args.positional[0]}"\n${WORKER_USAGE}`);
  const url = redisOption(args.options.get('redis')?.at(-1), true)!;
  const concurrency = intOption(args, 'concurrency', availableParallelism(), 1, 256);
  const lockMs = intOption(args, 'lock-ms', 30_000, 1000, 3_600_000);
  const queue = queueOption(args.options.get('queue')?.at(-1));
  const workDir = args.options.get('work-dir')?.at(-1) ?? join(tmpdir(), `scsim-worker-${process.pid}`);
  mkdirSync(workDir, { recursive: true });

  const influxUrl = args.options.get('influx')?.at(-1);
  if (influxUrl !== undefined) {
    try {
      parseInfluxUrl(influxUrl);
    } catch (e) {
      if (e instanceof InvalidInfluxUrl) throw new UsageError(`--influx: ${e.message}`);
      throw e;
    }
  }
  const influx = influxUrl !== undefined ? { url: influxUrl, closeTimeoutS: influxCloseTimeoutS() } : undefined;

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const worker = startRunWorker({ url, queue, concurrency, workDir, lockMs, influx, log });
  // A worker outlives Redis restarts: it waits for Redis rather than exit (systemd or Kubernetes would restart it anyway).
  const waiting = setTimeout(() => log(`worker: waiting for Redis at ${redactedRedisUrl(url)}`), 2000);
  await worker.ready;
  clearTimeout(waiting);
  log(`worker: taking runs from queue ${queue} at ${redactedRedisUrl(url)}, ${concurrency} at a time`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`worker: ${signal}: finishing the runs in hand`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await worker.close();
  return 0;
}

/** A valid --redis URL (exit 2 naming the option otherwise). */
export function redisOption(url: string | undefined, required: boolean): string | undefined {
  if (url === undefined) {
    if (required) throw new UsageError(`--redis: expected the URL of the campaign's Redis, e.g. redis://127.0.0.1:6379, found none\n${WORKER_USAGE}`);
    return undefined;
  }
  try {
    redisConnection(url);
  } catch (e) {
    if (e instanceof InvalidRedisUrl) throw new UsageError(`--redis: ${e.message}`);
    throw e;
  }
  return url;
}

export function queueOption(name: string | undefined): string {
  if (name === undefined) return DEFAULT_QUEUE;
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(name)) throw new UsageError(`--queue: expected 1 to 100 letters, digits, '_' or '-', found "${name}"`);
  return name;
}
