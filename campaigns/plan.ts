/**
 * A campaign's plan: every (point, replication) resolved into a validated study before any run starts.
 * Replication r runs with seed = the study's seed + r at every point (common random numbers), so the
 * differences between points are paired.
 */
import { readFile } from 'node:fs/promises';
import { parseScenario } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/types.ts';
import { pointLabel, pointSets, type Point } from './design.ts';
import { runKey } from './run-key.ts';

export interface PlannedRun {
  point: number;
  rep: number;
  seed: number;
  /** Hash of the resolved study (seed included): the run's folder name and resume key. */
  key: string;
  scenario: Scenario;
}

export interface CampaignPlan {
  study: string;
  name: string;
  sets: string[];
  baseSeed: number;
  reps: number;
  points: Point[];
  runs: PlannedRun[];
}

export type PlanResult = { ok: true; plan: CampaignPlan } | { ok: false; errors: string[] };

export async function planCampaign(study: string, sets: string[], points: Point[], reps: number): Promise<PlanResult> {
  let text: string;
  try {
    text = await readFile(study, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : `an unreadable file (${code ?? String(e)})`;
    return { ok: false, errors: [`${study}: expected a readable scenario file, found ${found}`] };
  }
  const base = parseScenario(text, study, sets);
  if (!base.ok) return { ok: false, errors: base.errors.map((e) => e.message) };
  const baseSeed = base.scenario.seed;
  if (baseSeed > Number.MAX_SAFE_INTEGER - (reps - 1)) {
    return { ok: false, errors: [`--reps: expected the study's seed + replications − 1 to stay a whole number at most ${Number.MAX_SAFE_INTEGER}, found seed ${baseSeed} and ${reps} replications`] };
  }
  // The same mistake shows at every replication, often at every point: name it once, with where it is.
  const errors = new Map<string, { message: string; points: number[] }>();
  const runs: PlannedRun[] = [];
  for (const p of points) {
    const own = pointSets(p);
    const r = parseScenario(text, study, [...sets, ...own]);
    if (!r.ok) {
      for (const e of r.errors) {
        const id = `${e.path}|${e.expected}|${e.found}`;
        const known = errors.get(id);
        if (!known) errors.set(id, { message: `point ${p.index} (${pointLabel(p)}): ${fromPoint(e.message, own)}`, points: [p.index] });
        else known.points.push(p.index);
      }
      continue;
    }
    // Points never set the seed, and no other field depends on it: replication r is the point's study with
    // seed + r (checked against parsing it with --set seed=… in plan.test.ts), one parse per point.
    for (let rep = 0; rep < reps; rep++) {
      const scenario = { ...r.scenario, seed: baseSeed + rep };
      runs.push({ point: p.index, rep, seed: scenario.seed, key: runKey(scenario), scenario });
    }
  }
  if (errors.size > 0) {
    const also = (ps: number[]) => (ps.length > 1 ? `; the same at point${ps.length > 2 ? 's' : ''} ${ps.slice(1).join(', ')}` : '');
    return { ok: false, errors: [...errors.values()].map((e) => e.message + also(e.points)) };
  }
  return { ok: true, plan: { study, name: base.scenario.name, sets, baseSeed, reps, points, runs } };
}

/** The loader says "(from --set path=value)"; for a point's own values say where they came from. */
function fromPoint(message: string, own: string[]): string {
  for (const raw of own) message = message.replace(`(from --set ${raw})`, `(the point's ${raw})`);
  return message;
}
