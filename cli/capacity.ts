/**
 * scsim capacity <study> --vary path=lo..hi --metric <summary path> --limit <value> [--reps N] [--max-reps N]
 *   [--confidence C] [--direction max|min] [--step S] [--parallel N] [--out DIR] [--set path=value]… [--seed N]
 *   [--redis URL [--queue NAME]] [--quiet]
 * The largest (or smallest) value of one field at which the mean of a summary.json metric stays ≤ a limit
 * with the given confidence, by an adaptive search with replications (campaigns/capacity-search.ts). The
 * runs form an ordinary campaign folder (resumable); capacity.json and capacity.svg hold the search.
 * Exit 0: a knee found (or the whole range holds); 3: even the safe end does not hold; 1: a run failed; 2: bad input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CapacityCampaign, CapacityInputError, CapacityRunError, flatMetricPath, searchPool } from '../campaigns/capacity-campaign.ts';
import { capacityFigure } from '../campaigns/capacity-figure.ts';
import { RULE_TEXT } from '../campaigns/capacity-rule.ts';
import { lookConfidence, looks, searchKnee, type SearchResult, type SearchSpec } from '../campaigns/capacity-search.ts';
import { parseCapacityVary } from '../campaigns/capacity-vary.ts';
import { CAMPAIGN_PAGE, campaignPage } from '../campaigns/campaign-page.ts';
import { CampaignFolder } from '../campaigns/folder.ts';
import { checkCampaignDir } from '../campaigns/out-dir.ts';
import { writeOutputs } from '../campaigns/outputs.ts';
import { planCampaign } from '../campaigns/plan.ts';
import { runKey } from '../campaigns/run-key.ts';
import { describe } from '../scenarios/errors.ts';
import { intOption, parseArgs } from './args.ts';
import { metricOption } from './metric-option.ts';
import { kneeLines, probeTable, ruleLine } from './capacity-report.ts';
import { UsageError } from './errors.ts';
import { prepareOutputDir } from './output-location.ts';
import { openRedisRuns } from './redis-runs.ts';
import { queueOption, redisOption } from './worker.ts';

export const CAPACITY_USAGE = `usage: scsim capacity <study.yaml> --vary path=lo..hi --metric PATH --limit VALUE [--reps N] [--max-reps N]
                      [--confidence C] [--direction max|min] [--step S] [--parallel N] [--out DIR]
                      [--set path=value]… [--seed N] [--redis redis://host:port [--queue NAME]] [--quiet]`;

export async function capacityCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(CAPACITY_USAGE + '\n');
    return 0;
  }
  const args = parseArgs(argv, ['vary', 'metric', 'limit', 'reps', 'max-reps', 'confidence', 'direction', 'step', 'parallel', 'out', 'set', 'seed', 'redis', 'queue'], ['quiet'], CAPACITY_USAGE);
  if (args.positional.length !== 1) throw new UsageError(`capacity needs exactly one study file\n${CAPACITY_USAGE}`);
  const study = args.positional[0];
  const one = (name: string) => {
    const v = args.options.get(name) ?? [];
    if (v.length > 1) throw new UsageError(`--${name}: expected it once, found ${v.length} values (${v.join(', ')})`);
    return v[0];
  };
  const varies = args.options.get('vary') ?? [];
  if (varies.length > 1) throw new UsageError(`--vary: expected one field (capacity searches along one), found ${varies.length}`);
  const vary = parseCapacityVary(varies[0], one('step'));
  if (!vary.ok) throw new UsageError(vary.message);
  const { path, lo, hi, step } = vary.range;
  const metricPath = metricOption(one('metric'));
  const limit = limitOption(one('limit'));
  const reps = intOption(args, 'reps', 5, 2, 1000);
  const maxReps = intOption(args, 'max-reps', reps * 4, reps, 10_000);
  const confidence = confidenceOption(one('confidence'));
  const direction = directionOption(one('direction'));
  const parallel = intOption(args, 'parallel', availableParallelism(), 1, 256);
  const seed = one('seed');
  const sets = [...(args.options.get('set') ?? []), ...(seed !== undefined ? [`seed=${seed}`] : [])];
  const spec: SearchSpec = { lo, hi, step, direction, limit, confidence, reps, maxReps };
  const redisUrl = redisOption(one('redis'), false);
  const queue = queueOption(one('queue'));
  if (redisUrl === undefined && args.options.has('queue')) throw new UsageError('--queue: expected only with --redis, found it without');

  // Both ends and the first step are checked before any run: a value the field refuses is exit 2 now.
  const ends = [...new Set([lo, Math.min(hi, lo + step), hi])].map((v, index) => ({ index, values: { [path]: v } }));
  const planned = await planCampaign(study, sets, ends, 1);
  if (!planned.ok) {
    for (const m of planned.errors) process.stderr.write(`${valueMessage(m)}\n`);
    return 2;
  }
  const name = planned.plan.name;
  // The same command finds the same folder again, so running it again replays the search from its runs.
  const id = runKey({ runs: planned.plan.runs.map((r) => r.key), path, lo, hi, step, metricPath, limit, direction, confidence, reps, maxReps });
  const outDir = args.options.get('out')?.at(-1) ?? join('runs', `capacity-${name}-${id.slice(0, 8)}`);
  const problem = existsSync(outDir) ? (checkCampaignDir(outDir) ?? sweepFolder(outDir)) : undefined;
  if (problem) throw new UsageError(`--out: expected a new folder or an earlier capacity search's folder, found ${problem} (${outDir})`);
  prepareOutputDir(outDir, args.options.has('out') ? '--out' : 'campaign folder');
  const folder = new CampaignFolder(outDir);

  const quiet = args.flags.has('quiet');
  const metric = flatMetricPath(metricPath);
  const tell = (value: number, n: number, ran: number) => {
    if (!quiet) process.stderr.write(`capacity: ${path}=${value}, ${n} replications (${ran} run now, ${n - ran} already done)\n`);
  };
  // --redis: each batch of replications goes to the workers at once; otherwise one local pool for the search.
  const redis = redisUrl ? await openRedisRuns(redisUrl, queue, outDir) : undefined;
  const pool = redis ? { runTask: undefined, destroy: () => redis.close() } : searchPool(parallel);
  const exec = redis ? { parallel: 10_000, queuedTask: redis.run } : { parallel, runTask: pool.runTask };
  const campaign = new CapacityCampaign(study, sets, path, metric, folder, exec, tell);
  const labels = { name, path, metric: metricPath, lookConfidence: lookConfidence(spec), looks: looks(reps, maxReps) };
  // capacity.json marks the folder as a search's before any run (sweepFolder tells the two apart).
  folder.writeJson('capacity.json', capacityJson(name, study, sets, path, metricPath, spec, labels.lookConfidence, undefined, undefined));
  process.stdout.write(ruleLine(spec, labels) + '\n');

  let result: SearchResult | undefined;
  let failure: string | undefined;
  try {
    result = await searchKnee(spec, campaign.evaluate);
  } catch (e) {
    if (e instanceof CapacityInputError) {
      process.stderr.write(`${e.message.split('\n').map(valueMessage).join('\n')}\n`);
      return 2;
    }
    if (!(e instanceof CapacityRunError)) throw e;
    failure = e.message;
  } finally {
    await pool.destroy();
  }

  const plan = campaign.plan();
  const design = campaign.design();
  folder.writeCampaign(plan, design);
  writeOutputs(plan, folder, campaign.report, { factors: design.factors, metrics: [metric], confidence, parallel });
  folder.writeText(CAMPAIGN_PAGE, campaignPage(outDir));
  folder.writeJson('capacity.json', capacityJson(name, study, sets, path, metricPath, spec, labels.lookConfidence, result, failure));
  if (result) {
    folder.writeText('capacity.svg', capacityFigure(result, { study: name, path, metric: metricPath, limit }));
    process.stdout.write(probeTable(result) + '\n');
  }
  const r = campaign.report;
  process.stdout.write(`runs: ran ${r.ran}, already done ${r.skipped}, failed ${r.failed}\n`);
  process.stdout.write(`outputs  ${outDir}/capacity.json  ${result ? 'capacity.svg  ' : ''}${CAMPAIGN_PAGE}  results.json  results.csv  statistics.json  campaign.json\n`);
  if (!result) {
    process.stdout.write(`the search stopped: ${failure}\nsee error.json in the run's folder; the same command resumes once the cause is fixed\n`);
    return 1;
  }
  const knee = kneeLines(result, spec, path);
  process.stdout.write(knee.text + '\n');
  return knee.exit;
}

function capacityJson(name: string, study: string, sets: string[], path: string, metric: string, spec: SearchSpec, look: number, result: SearchResult | undefined, failure: string | undefined) {
  const probe = (p: SearchResult['probes'][number] | null) =>
    p && { value: p.value, verdict: p.verdict, n: p.judgement.n, mean: p.judgement.mean, sd: p.judgement.sd, lower: p.judgement.lower, upper: p.judgement.upper, values: p.values };
  return {
    format: 1,
    name,
    study,
    sets,
    vary: { path, lo: spec.lo, hi: spec.hi, step: spec.step },
    metric,
    limit: spec.limit,
    direction: spec.direction,
    confidence: spec.confidence,
    reps: spec.reps,
    max_reps: spec.maxReps,
    look_confidence: look,
    rule: `${RULE_TEXT}; bounds at the look confidence (the confidence split over the looks a value can get); replication r has seed = the study's seed + r at every value`,
    outcome: result?.outcome ?? (failure !== undefined ? 'run failed' : 'searching'),
    error: failure ?? null,
    knee: result ? { last_hold: probe(result.lastHold), undecided: result.undecided.map(probe), first_fail: probe(result.firstFail) } : null,
    probes: result?.probes.map((p) => ({ order: p.order, ...probe(p) })) ?? [],
    warnings: result?.warnings ?? [],
  };
}

/** A sweep's folder (campaign.json listing runs, no capacity.json): a search would overwrite its campaign. */
function sweepFolder(dir: string): string | undefined {
  if (existsSync(join(dir, 'capacity.json')) || !existsSync(join(dir, 'campaign.json'))) return undefined;
  try {
    const runs = (JSON.parse(readFileSync(join(dir, 'campaign.json'), 'utf8')) as { runs?: unknown[] }).runs;
    return Array.isArray(runs) && runs.length > 0 ? "a sweep's campaign folder (campaign.json with runs and no capacity.json)" : undefined;
  } catch {
    return 'a campaign.json that is not JSON';
  }
}

/** The planner names a sweep's point ("point 0 (path=v): …"); here the point is a value of --vary. */
function valueMessage(m: string): string {
  return m.replace(/^point \d+ \((.*?)\): /, '--vary at $1: ').replace(/; the same at points? [\d, ]+$/, '');
}

function limitOption(v: string | undefined): number {
  const x = v === undefined ? NaN : Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--limit: expected a finite number, e.g. 120, found ${v === undefined ? 'nothing' : describe(v)}`);
  return x;
}

function confidenceOption(v: string | undefined): number {
  if (v === undefined) return 0.95;
  const c = Number(v);
  if (v.trim() === '' || !(c >= 0.5 && c < 1)) throw new UsageError(`--confidence: expected a number from 0.5 to below 1, e.g. 0.95, found ${describe(v)}`);
  return c;
}

function directionOption(v: string | undefined): 'max' | 'min' {
  if (v === undefined) return 'max';
  if (v === 'max' || v === 'min') return v;
  throw new UsageError(`--direction: expected max (the metric grows with the field: find the largest value) or min (it falls: the smallest), found ${describe(v)}`);
}
