/**
 * scsim run <scenario.yaml> [--out DIR] [--seed N] [--workers N] [--influx URL] [--set path=value]... [--quiet]
 * Runs a study; writes DIR/summary.json, DIR/report.html and DIR/metrics.lp, streams to InfluxDB when asked;
 * exit 3 when a threshold is breached.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zonedEpochMs } from '../models/world/clock.ts';
import { runScenario } from '../models/world/run-scenario.ts';
import { renderReport } from '../reports/render-report.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import type { MetricSink } from '../sim/metrics/point.ts';
import { FileSink, InfluxSink, InvalidInfluxUrl, METRICS_FILE_NAME, parseInfluxUrl } from '../sim/metrics/sinks/index.ts';
import { intOption, parseArgs } from './args.ts';
import { UsageError } from './errors.ts';
import { checkEstimate } from './estimate.ts';
import { progressBar } from './progress.ts';
import { summaryTable } from './summary-table.ts';

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
  const sets = [...(args.options.get('set') ?? []), ...(seed !== undefined ? [`seed=${seed}`] : [])];
  const loaded = await loadScenarioFile(args.positional[0], sets);
  if (!loaded.ok) {
    for (const e of loaded.errors) process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const scenario = loaded.scenario;
  if (workers > 1) {
    // Partitions exchange events no sooner than the least delay between them (their lookahead): it must be ≥ 1 ms.
    const n = scenario.network;
    const zero = n.wan.latency_ms < 1 ? 'network.wan.latency_ms' : n.broadcast.latency_ms < 1 ? 'network.broadcast.latency_ms' : null;
    if (zero) process.stderr.write(`${zero}: --workers ${workers} needs a latency of at least 1 ms between partitions (got 0); run with --workers 1 or set a latency\n`);
    if (zero) return 2;
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
  mkdirSync(outDir, { recursive: true });
  const startEpochMs = zonedEpochMs(scenario.start, scenario.time_zone);
  const sinks: MetricSink[] = [new FileSink({ path: join(outDir, METRICS_FILE_NAME), runId, startEpochMs })];
  const quiet = args.flags.has('quiet') || process.env.CI === 'true' || !process.stderr.isTTY;
  if (influxUrl) {
    const log = quiet ? () => {} : (m: string) => process.stderr.write(`\n${m}\n`);
    sinks.push(new InfluxSink({ url: influxUrl, runId, startEpochMs, spoolDir: join(outDir, 'influx-spool'), log }));
  }
  const bar = progressBar(!quiet);
  const result = await runScenario(scenario, {
    runId,
    workers,
    clock: () => performance.now(),
    onProgress: bar.update,
    onPoints: (points) => sinks.forEach((s) => s.write(points)),
  });
  bar.done();
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify(result.summary, null, 2) + '\n');
  writeFileSync(join(outDir, 'report.html'), renderReport(result, { name: scenario.name, description: scenario.description }));
  for (const s of sinks) await s.close();
  process.stdout.write(summaryTable(result.summary, outDir) + '\n');
  return result.summary.thresholds.some((t) => !t.ok) ? 3 : 0;
}
