/**
 * scsim sweep <study> [--vary path=v1,v2,…]… [--vary path=lo..hi:steps]… [--points FILE] [--reps N]
 *   [--parallel N] [--workers N] [--out DIR] [--set path=value]… [--seed N] [--metric PATH]… [--confidence C] [--quiet]
 * A campaign: every point of the design × N replications (seed = study seed + r at every point), run on a
 * local pool, resumable; writes the campaign folder (campaigns/folder.ts) and prints per-point intervals.
 * Exit 0: all ran and every threshold held; 3: a threshold failed somewhere; 1: runs failed; 2: bad input.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { factorial, pointLabel, type Point } from '../campaigns/design.ts';
import { executeCampaign } from '../campaigns/execute.ts';
import { CampaignFolder } from '../campaigns/folder.ts';
import { checkCampaignDir } from '../campaigns/out-dir.ts';
import { planCampaign, type CampaignPlan } from '../campaigns/plan.ts';
import { readPointsFile } from '../campaigns/points-file.ts';
import { progressLine } from '../campaigns/progress.ts';
import { writeOutputs } from '../campaigns/outputs.ts';
import { writeCampaignPage } from '../campaigns/campaign-page.ts';
import { runKey } from '../campaigns/run-key.ts';
import { parseVary, type Factor } from '../campaigns/vary.ts';
import { campaignId, writeStatistics } from '../campaigns/campaign-metrics.ts';
import { InvalidInfluxUrl, parseInfluxUrl } from '../sim/metrics/sinks/index.ts';
import { flatMetricPath } from '../campaigns/capacity-campaign.ts';
import { lookaheadProblem } from '../models/transport/link-graph.ts';
import { intOption, parseArgs } from './args.ts';
import { metricOption } from './metric-option.ts';
import { influxCloseTimeoutS } from './run.ts';
import { UsageError } from './errors.ts';
import { breaches, headline, statisticsTable } from './sweep-report.ts';
import { prepareOutputDir } from './output-location.ts';
import { openRedisRuns } from './redis-runs.ts';
import { queueOption, redisOption } from './worker.ts';

export const SWEEP_USAGE = `usage: scsim sweep <study.yaml> [--vary path=v1,v2,…]… [--vary path=lo..hi:steps]… [--points FILE]
                   [--reps N] [--parallel N] [--workers N] [--out DIR] [--set path=value]… [--seed N]
                   [--metric PATH]… [--confidence C] [--influx http://host:port/db]
                   [--redis redis://host:port [--queue NAME]] [--quiet]`;

const MAX_RUNS = 100_000;

export async function sweepCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SWEEP_USAGE + '\n');
    return 0;
  }
  const args = parseArgs(argv, ['vary', 'points', 'reps', 'parallel', 'workers', 'out', 'set', 'seed', 'metric', 'confidence', 'influx', 'redis', 'queue'], ['quiet'], SWEEP_USAGE);
  if (args.positional.length !== 1) throw new UsageError(`sweep needs exactly one study file\n${SWEEP_USAGE}`);
  const study = args.positional[0];
  const reps = intOption(args, 'reps', 1, 1, 10_000);
  const parallel = intOption(args, 'parallel', availableParallelism(), 1, 256);
  const workers = intOption(args, 'workers', 1, 1, 64);
  const confidence = confidenceOption(args.options.get('confidence')?.at(-1));
  const seed = args.options.get('seed')?.at(-1);
  const sets = [...(args.options.get('set') ?? []), ...(seed !== undefined ? [`seed=${seed}`] : [])];
  const influxUrl = influxOption(args.options.get('influx')?.at(-1));
  const redisUrl = redisOption(args.options.get('redis')?.at(-1), false);
  const queue = queueOption(args.options.get('queue')?.at(-1));
  if (redisUrl === undefined && args.options.has('queue')) throw new UsageError('--queue: expected only with --redis, found it without');

  // Every --metric is checked against the summary contract before any run (a typo costs no campaign).
  const metrics = (args.options.get('metric') ?? []).map((m) => flatMetricPath(metricOption(m)));
  const { points, factors, pointsFile } = design(args.options.get('vary') ?? [], args.options.get('points')?.at(-1));
  if (points.length * reps > MAX_RUNS) throw new UsageError(`--reps: expected at most ${MAX_RUNS} runs in a campaign (points × reps), found ${points.length} × ${reps} = ${points.length * reps}`);

  // Every point's resolved study is validated before any run starts.
  const planned = await planCampaign(study, sets, points, reps);
  if (!planned.ok) {
    for (const m of planned.errors) process.stderr.write(`${m}\n`);
    return 2;
  }
  const plan = planned.plan;
  if (workers > 1) {
    const zero = zeroLatencies(plan);
    for (const m of zero) process.stderr.write(`${m}\n`);
    if (zero.length > 0) return 2;
  }
  // The same command finds the same folder again, so running it again resumes.
  const outDir = args.options.get('out')?.at(-1) ?? join('runs', `sweep-${plan.name}-${runKey(plan.runs.map((r) => r.key)).slice(0, 8)}`);
  // An existing path must be a campaign's folder; a new one is made one level at a time (no hang under /proc).
  const problem = existsSync(outDir) ? checkCampaignDir(outDir) : undefined;
  if (problem) throw new UsageError(`--out: expected a new folder or an earlier campaign's folder, found ${problem} (${outDir})`);
  prepareOutputDir(outDir, args.options.has('out') ? '--out' : 'campaign folder');
  const folder = new CampaignFolder(outDir);
  folder.writeCampaign(plan, { factors, pointsFile });

  const quiet = args.flags.has('quiet');
  const bar = progressLine(quiet ? 'quiet' : process.stderr.isTTY && process.env.CI !== 'true' ? 'tty' : 'lines');
  // Partitions spin at their rendezvous only when every thread of the campaign has a core.
  const spin = parallel * workers > availableParallelism() ? 0 : undefined;
  // --influx: every run streams its points tagged with the campaign and its point; statistics follow the runs.
  const influx = influxUrl ? { url: influxUrl, campaign: campaignId(plan), closeTimeoutS: influxCloseTimeoutS() } : undefined;
  // --redis: every unfinished run is enqueued at once; the workers' concurrency bounds how many run.
  const redis = redisUrl ? await openRedisRuns(redisUrl, queue, outDir) : undefined;
  const report = await executeCampaign(plan, folder, { parallel: redis ? MAX_RUNS : parallel, workers, spin, onProgress: bar.update, influx, queuedTask: redis?.run }).finally(() => redis?.close());
  bar.done();

  const { results, stats, unknownMetrics } = writeOutputs(plan, folder, report, { factors, metrics, confidence, parallel });
  writeCampaignPage(outDir, (name, text) => folder.writeText(name, text));
  if (influx && plan.runs.length > 0) await writeStatistics(influx.url, influx.campaign, stats, plan.runs[0].scenario, outDir, influx.closeTimeoutS, (m) => process.stderr.write(`${m}\n`));
  process.stdout.write(headline(plan.name, points.length, reps, report, outDir) + '\n' + statisticsTable(stats) + '\n');
  const failedRuns = results.rows.filter((r) => r.status !== 'ok').length;
  const breached = results.rows.filter((r) => (r.thresholds_failed ?? 0) > 0).length;
  if (failedRuns > 0) process.stdout.write(`${failedRuns} run(s) failed: see error.json in their folders and results.json\n`);
  if (breached > 0) process.stdout.write(`${breached} run(s) breached a threshold:\n${breaches(results.rows, points)}\n`);
  if (unknownMetrics.length > 0) {
    // The runs are kept: the same command with a corrected --metric resumes at once.
    for (const m of unknownMetrics) process.stderr.write(`--metric: expected a numeric summary.json field such as delivery.by_priority.high.p99_s, found "${m}"\n`);
    return 2;
  }
  return failedRuns > 0 ? 1 : breached > 0 ? 3 : 0;
}

function design(varies: string[], pointsFile: string | undefined): { points: Point[]; factors: Factor[] | null; pointsFile: string | null } {
  if (pointsFile !== undefined && varies.length > 0) throw new UsageError('--points: expected either --points or --vary, found both');
  if (pointsFile !== undefined) {
    const r = readPointsFile(pointsFile);
    if (!r.ok) throw new UsageError(r.errors.join('\n'));
    return { points: r.points, factors: null, pointsFile };
  }
  const factors: Factor[] = [];
  for (const raw of varies) {
    const r = parseVary(raw);
    if (!r.ok) throw new UsageError(r.message);
    if (factors.some((f) => f.path === r.factor.path)) throw new UsageError(`--vary: expected each field varied once, found ${r.factor.path} twice`);
    factors.push(r.factor);
  }
  return { points: factorial(factors), factors, pointsFile: null };
}

/** --workers needs a latency of at least 1 ms between partitions (their lookahead) at every point. */
function zeroLatencies(plan: CampaignPlan): string[] {
  const out = new Set<string>();
  for (const r of plan.runs) {
    const short = lookaheadProblem(r.scenario);
    const p = plan.points.find((x) => x.index === r.point)!;
    if (short) out.add(`point ${r.point} (${pointLabel(p)}): ${short.field}: --workers needs a latency of at least 1 ms between partitions (${short.edge}: got ${short.ms} ms); sweep with --workers 1 or set a latency`);
  }
  return [...out];
}

function confidenceOption(v: string | undefined): number {
  if (v === undefined) return 0.95;
  const c = Number(v);
  if (!(c > 0 && c < 1) || v.trim() === '') throw new UsageError(`--confidence: expected a number between 0 and 1 exclusive, e.g. 0.95, found "${v}"`);
  return c;
}

function influxOption(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    parseInfluxUrl(url);
  } catch (e) {
    if (e instanceof InvalidInfluxUrl) throw new UsageError(`--influx: ${e.message}`);
    throw e;
  }
  return url;
}
