/**
 * The campaign folder:
 *   campaign.json         the campaign: factors or points, every point's resolved study, every run's seed and key
 *   runs/<key>/           one folder per run: study.json, summary.json (written last), error.json if it failed
 *   results.json, .csv    one row per run, every numeric summary.json field (deterministic: no wall clock)
 *   statistics.json       per point mean, sd and interval of the chosen metrics; paired differences
 *   timings.json          wall-clock figures of the runs and of this invocation
 * A run whose folder holds a readable summary.json is finished; running the campaign again skips it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../models/run-result.ts';
import { writeAtomic } from './atomic.ts';
import type { CampaignPlan } from './plan.ts';

export class CampaignFolder {
  constructor(readonly dir: string) {}

  runDir(key: string): string {
    return join(this.dir, 'runs', key);
  }

  /** The finished run's summary, or undefined when the run has not finished (or its summary is unreadable). */
  summary(key: string): Summary | undefined {
    const file = join(this.runDir(key), 'summary.json');
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Summary;
    } catch {
      return undefined;
    }
  }

  error(key: string): string | undefined {
    const file = join(this.runDir(key), 'error.json');
    if (!existsSync(file)) return undefined;
    try {
      return (JSON.parse(readFileSync(file, 'utf8')) as { error: string }).error;
    } catch {
      return undefined;
    }
  }

  /** Before a run (re)starts: no stale error from an earlier attempt. */
  clearError(key: string): void {
    rmSync(join(this.runDir(key), 'error.json'), { force: true });
  }

  recordError(key: string, message: string): void {
    mkdirSync(this.runDir(key), { recursive: true });
    writeAtomic(join(this.runDir(key), 'error.json'), JSON.stringify({ error: message }, null, 2) + '\n');
  }

  writeJson(name: string, value: unknown): void {
    mkdirSync(this.dir, { recursive: true });
    writeAtomic(join(this.dir, name), JSON.stringify(value, null, 2) + '\n');
  }

  writeText(name: string, text: string): void {
    mkdirSync(this.dir, { recursive: true });
    writeAtomic(join(this.dir, name), text);
  }

  writeCampaign(plan: CampaignPlan, design: { factors: { path: string; levels: unknown[] }[] | null; pointsFile: string | null }): void {
    const first = new Map<number, CampaignPlan['runs'][number]>();
    for (const r of plan.runs) if (!first.has(r.point)) first.set(r.point, r);
    this.writeJson('campaign.json', {
      format: 1,
      name: plan.name,
      study: plan.study,
      sets: plan.sets,
      seed: plan.baseSeed,
      reps: plan.reps,
      seeds: 'replication r runs with seed = seed + r at every point (common random numbers)',
      factors: design.factors,
      points_file: design.pointsFile,
      points: plan.points.map((p) => ({ index: p.index, values: p.values, study: first.get(p.index)?.scenario })),
      runs: plan.runs.map((r) => ({ point: r.point, rep: r.rep, seed: r.seed, key: r.key, dir: join('runs', r.key) })),
    });
  }
}
