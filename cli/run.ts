/**
 * scsim run <scenario.yaml> [--out DIR] [--seed N] [--workers N] [--influx URL] [--set path=value]... [--quiet]
 * Runs a study; writes DIR/summary.json, DIR/report.html and DIR/metrics.lp, streams to InfluxDB when asked;
 * exit 3 when a threshold is breached.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zonedEpochMs } from '../models/world/clock.ts';
import { runScenario } from '../models/world/run-scenario.ts';
import { lookaheadProblem } from '../models/transport/link-graph.ts';
import { renderReport } from '../reports/render-report.ts';
import { LOAD_CURVE_FILE, SKETCHES_FILE, writeRunCurves } from '../campaigns/run-curves.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import { resolvedHeader, resolvedYaml } from '../scenarios/resolved-yaml.ts';
import type { MetricSink } from '../sim/metrics/point.ts';
import { FileSink, InfluxSink, InfluxSpoolError, InvalidInfluxUrl, METRICS_FILE_NAME, parseInfluxUrl } from '../sim/metrics/sinks/index.ts';
import { intOption, parseArgs } from './args.ts';
import { buildInfo } from './build-info.ts';
import { UsageError } from './errors.ts';
import { checkEstimate } from './estimate.ts';
import { prepareOutputDir } from './output-location.ts';
import { progressBar } from './progress.ts';
import { summaryTable } from './summary-table.ts';
import { summaryJson } from '../models/summary-json.ts';

export const RUN_USAGE = `usage: scsim run <scenario.yaml> [--out DIR] [--seed N] [--workers N] [--influx http://host:port/db] [--set path=value]... [--quiet]`;

export async function runCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['out', 'seed', 'workers', 'influx', 'set'], ['quiet'], RUN_USAGE);
  if (args.positional.length !== 1) throw new UsageError(`run needs exactly one scenario file\n${RUN_USAGE}`);
  const seed = args.options.get('seed')?.at(-1);
  const workers = intOption(args, 'workers', 1, 1, 64);
  const influxUrl = args.options.get('influx')?.at(-1);
  if (influxUrl) {
    try {
      parseInfluxUrl(influxUrl);
    } catch (e) {
      if (e instanceof InvalidInfluxUrl) throw new UsageError(`--influx: ${e.message}`);
      throw e;
    }
  }
  const closeTimeoutS = influxCloseTimeoutS();
  const sets = [...(args.options.get('set') ?? []), ...(seed !== undefined ? [`seed=${seed}`] : [])];
  const loaded = await loadScenarioFile(args.positional[0], sets);
  if (!loaded.ok) {
    for (const e of loaded.errors) process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const scenario = loaded.scenario;
  if (workers > 1) {
    // Partitions exchange events no sooner than the least delay between them (their lookahead): it must be ≥ 1 ms.
    const short = lookaheadProblem(scenario);
    if (short) process.stderr.write(`${short.field}: --workers ${workers} needs a latency of at least 1 ms between partitions (${short.edge}: got ${short.ms} ms); run with --workers 1 or set a latency\n`);
    if (short) return 2;
  }
  // Before anything is written: will it fit this machine? (The estimate unless --quiet; a refusal always.)
  const tooBig = checkEstimate(scenario, workers, args.flags.has('quiet') ? () => {} : (line) => process.stderr.write(`${line}\n`));
  if (tooBig !== undefined) {
    process.stderr.write(`${args.positional[0]}: ${tooBig}\n`);
    return 2;
  }
  // Wall-clock time names the run; it never enters the model.
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const runId = `${scenario.name}-${scenario.seed}-${stamp}`;
  const outDir = args.options.get('out')?.at(-1) ?? join('runs', runId);
  prepareOutputDir(outDir, args.options.has('out') ? '--out' : 'run folder', { files: ['summary.json', 'report.html', METRICS_FILE_NAME, LOAD_CURVE_FILE, SKETCHES_FILE, RESOLVED_FILE], folders: [SPOOL_DIR] });
  // What ran, before it runs: the resolved study re-runs as is (`scsim run DIR/resolved.yaml`, same digest).
  const origin = { source: args.positional[0], sets, ...buildInfo() };
  writeFileSync(join(outDir, RESOLVED_FILE), resolvedYaml(scenario, resolvedHeader(origin)));
  const startEpochMs = zonedEpochMs(scenario.start, scenario.time_zone);
  const file = new FileSink({ path: join(outDir, METRICS_FILE_NAME), runId, startEpochMs, replace: true });
  const quiet = args.flags.has('quiet') || process.env.CI === 'true' || !process.stderr.isTTY;
  const bar = progressBar(!quiet);
  // Outage notices always reach stderr, --quiet or not: they say where points went.
  const warn = (m: string) => process.stderr.write(bar.active ? `\n${m}\n` : `${m}\n`);
  const influx = influxUrl ? new InfluxSink({ url: influxUrl, runId, startEpochMs, spoolDir: join(outDir, SPOOL_DIR), log: warn }) : undefined;
  const sinks: MetricSink[] = influx ? [file, influx] : [file];
  const result = await runScenario(scenario, {
    runId,
    workers,
    clock: () => performance.now(),
    onProgress: bar.update,
    onPoints: (points) => sinks.forEach((s) => s.write(points)),
    origin,
  });
  bar.done();
  writeFileSync(join(outDir, 'summary.json'), summaryJson(result.summary));
  writeFileSync(join(outDir, 'report.html'), renderReport(result, { name: scenario.name, description: scenario.description }));
  // For scsim compare: the load curve and the latency sketches (mergeable across runs).
  writeRunCurves(outDir, result);
  await file.close();
  process.stdout.write(summaryTable(result.summary, outDir) + '\n');
  if (influx) await closeInflux(influx, closeTimeoutS, warn);
  return result.summary.thresholds.some((t) => !t.ok) ? 3 : 0;
}

const SPOOL_DIR = 'influx-spool';
const RESOLVED_FILE = 'resolved.yaml';

/** How long a run waits at its end for InfluxDB to take the last points: SCSIM_INFLUX_CLOSE_TIMEOUT_S, default 30. */
export function influxCloseTimeoutS(): number {
  const env = process.env.SCSIM_INFLUX_CLOSE_TIMEOUT_S;
  if (env === undefined || env.trim() === '') return 30;
  const s = Number(env);
  if (!Number.isFinite(s) || s < 0 || s > 86_400) throw new UsageError(`SCSIM_INFLUX_CLOSE_TIMEOUT_S: expected a number of seconds from 0 to 86400, found ${JSON.stringify(env)}`);
  return s;
}

/**
 * Waits for InfluxDB to take the last points. If it cannot (down, or refusing points), the points stay in the
 * spool and a notice says how to replay them: the verdict and its exit code stand, since every figure is in
 * summary.json and metrics.lp either way.
 */
async function closeInflux(influx: InfluxSink, seconds: number, warn: (m: string) => void): Promise<void> {
  const { pending, retries } = influx.stats;
  // Say why the command has not returned yet when the server has been failing.
  if (pending > 0 && retries > 0) warn(`influx: waiting up to ${seconds} s (SCSIM_INFLUX_CLOSE_TIMEOUT_S) for InfluxDB to take the last ${pending} points`);
  try {
    await influx.close({ timeoutMs: seconds * 1000 });
  } catch (err) {
    if (!(err instanceof InfluxSpoolError)) throw err;
    warn(`scsim: ${err.message}`);
  }
}
