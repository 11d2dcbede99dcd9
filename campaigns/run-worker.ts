/**
 * One campaign run on a pool thread: runs the resolved study and writes its folder — study.json and
 * resolved.yaml (the same study as a study file, as `scsim run` writes), then summary.json last and
 * atomically, so a folder with a summary.json is a finished run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPartitioned } from '../models/world/run-partitioned.ts';
import { runScenario } from '../models/world/run-scenario.ts';
import type { RunOrigin } from '../models/run-result.ts';
import { resolvedHeader, resolvedYaml } from '../scenarios/resolved-yaml.ts';
import { runStream, type RunInflux } from './campaign-metrics.ts';
import type { Scenario } from '../scenarios/types.ts';
import { writeAtomic } from './atomic.ts';
import { writeRunCurves } from './run-curves.ts';
import { summaryJson } from '../models/summary-json.ts';

export interface RunTask {
  scenario: Scenario;
  /** The run's key (its folder's name), when it is a campaign's run. */
  key?: string;
  /** The run's point in its campaign. */
  point?: number;
  runId: string;
  dir: string;
  /** Partitions of this run on worker threads of its own (scsim run --workers); 1: on this thread. */
  workers: number;
  /** Spin budget at the partitions' rendezvous; 0 when the campaign's threads outnumber the cores. */
  spin?: number;
  /** Where the study came from (summary.json `provenance`): the study file, base --sets + the point's + seed. */
  origin?: RunOrigin;
  /** Stream the run's points to InfluxDB, tagged with the campaign and the point (sweep --influx). */
  influx?: RunInflux;
}

export interface RunOutcome {
  thresholdsFailed: number;
}

export default async function runCampaignTask(task: RunTask): Promise<RunOutcome> {
  mkdirSync(task.dir, { recursive: true });
  writeFileSync(join(task.dir, 'study.json'), JSON.stringify(task.scenario, null, 2) + '\n');
  if (task.origin) writeFileSync(join(task.dir, 'resolved.yaml'), resolvedYaml(task.scenario, resolvedHeader(task.origin)));
  // Wall-clock time only feeds sim.wall_s, which results.json leaves out.
  const stream = task.influx ? runStream(task.scenario, task.runId, task.dir, task.influx, (m) => process.stderr.write(`${m}\n`)) : undefined;
  const options = { runId: task.runId, clock: () => performance.now(), origin: task.origin, onPoints: stream?.onPoints };
  const result = task.workers > 1 ? await runPartitioned(task.scenario, { ...options, workers: task.workers, spin: task.spin }) : await runScenario(task.scenario, options);
  await stream?.close();
  // Before summary.json, which marks the run finished: load curve and latency sketches (merged per point).
  writeRunCurves(task.dir, result, writeAtomic);
  writeAtomic(join(task.dir, 'summary.json'), summaryJson(result.summary));
  return { thresholdsFailed: result.summary.thresholds.filter((t) => !t.ok).length };
}
