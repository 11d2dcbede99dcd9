/**
 * What `scsim compare` reads: each argument is a run folder (summary.json) or a campaign folder
 * (campaign.json); a run gives one column, a campaign one column per point holding its finished
 * replications. Anything else is bad input (exit 2 naming the path).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../models/run-result.ts';
import { pointLabel } from './design.ts';

export class CompareInputError extends Error {
  readonly exitCode = 2;
}

export interface RunRecord {
  dir: string;
  seed: number;
  summary: Summary;
}

export interface Column {
  /** What the column is called in the table and legends. */
  label: string;
  /** The argument it came from. */
  source: string;
  kind: 'run' | 'point';
  /** Campaign points: the point's index and its varied values. */
  point?: { index: number; values: Record<string, unknown> };
  /** One for a run; a point's finished replications, in replication order. */
  runs: RunRecord[];
}

interface CampaignJson {
  name?: string;
  points: { index: number; values: Record<string, unknown> }[];
  runs: { point: number; rep: number; seed: number; key: string; dir: string }[];
}

export function readColumns(paths: readonly string[]): Column[] {
  return paths.flatMap((p) => readSource(p));
}

function readSource(path: string): Column[] {
  if (!existsSync(path)) throw new CompareInputError(`${path}: expected a run or campaign folder, found nothing at that path`);
  if (!statSync(path).isDirectory()) throw new CompareInputError(`${path}: expected a run or campaign folder, found a file`);
  if (existsSync(join(path, 'campaign.json'))) return campaignColumns(path);
  if (existsSync(join(path, 'summary.json'))) {
    const summary = readSummary(join(path, 'summary.json'));
    if (!summary) throw new CompareInputError(`${path}: expected a run folder with a readable summary.json, found one that does not parse as a run summary`);
    return [{ label: path, source: path, kind: 'run', runs: [{ dir: path, seed: summary.seed, summary }] }];
  }
  throw new CompareInputError(`${path}: expected a run folder (holding summary.json) or a campaign folder (holding campaign.json), found neither`);
}

function campaignColumns(path: string): Column[] {
  let c: CampaignJson;
  try {
    c = JSON.parse(readFileSync(join(path, 'campaign.json'), 'utf8')) as CampaignJson;
  } catch {
    throw new CompareInputError(`${path}: expected a campaign folder with a readable campaign.json, found one that does not parse`);
  }
  if (!Array.isArray(c?.points) || !Array.isArray(c?.runs)) throw new CompareInputError(`${path}: expected campaign.json to list points and runs, found neither`);
  const single = c.points.length === 1;
  return c.points.map((p) => {
    const runs: RunRecord[] = [];
    for (const r of c.runs.filter((x) => x.point === p.index).sort((a, b) => a.rep - b.rep)) {
      const dir = join(path, r.dir);
      const summary = readSummary(join(dir, 'summary.json'));
      if (summary) runs.push({ dir, seed: summary.seed, summary });
    }
    const label = single ? path : `${path} #${p.index} (${pointLabel(p)})`;
    return { label, source: path, kind: 'point' as const, point: { index: p.index, values: p.values }, runs };
  });
}

/** A summary, or undefined when the file is missing or is not a run summary. */
function readSummary(file: string): Summary | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Summary;
    return s && typeof s === 'object' && typeof s.seed === 'number' && typeof s.delivery === 'object' ? s : undefined;
  } catch {
    return undefined;
  }
}
