/**
 * One campaign run on a pool thread: runs the resolved study and writes its folder — study.json, then
 * summary.json last and atomically, so a folder with a summary.json is a finished run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../models/world/run-scenario.ts';
import type { Scenario } from '../scenarios/types.ts';
import { writeAtomic } from './atomic.ts';

export interface RunTask {
  scenario: Scenario;
  runId: string;
  dir: string;
}

export interface RunOutcome {
  thresholdsFailed: number;
}

export default async function runCampaignTask(task: RunTask): Promise<RunOutcome> {
  mkdirSync(task.dir, { recursive: true });
  writeFileSync(join(task.dir, 'study.json'), JSON.stringify(task.scenario, null, 2) + '\n');
  // Wall-clock time only feeds sim.wall_s, which results.json leaves out.
  const result = await runScenario(task.scenario, { runId: task.runId, clock: () => performance.now() });
  writeAtomic(join(task.dir, 'summary.json'), JSON.stringify(result.summary, null, 2) + '\n');
  return { thresholdsFailed: result.summary.thresholds.filter((t) => !t.ok).length };
}
