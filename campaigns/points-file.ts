/**
 * A campaign file: an explicit list of points instead of a full factorial, in YAML or JSON.
 *
 *   points:
 *     - {population.customers: 500, network.priority_queuing: true}
 *     - {population.customers: 2000, network.priority_queuing: false}
 *
 * Each key is a `--set` path, each value the field's value at that point.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { describe } from '../scenarios/errors.ts';
import { parseSet } from '../scenarios/sets.ts';
import type { Point } from './design.ts';

export type PointsResult = { ok: true; points: Point[] } | { ok: false; errors: string[] };

export function readPointsFile(file: string): PointsResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, errors: [`--points: expected a readable campaign file, found ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : String(code ?? e)} (${file})`] };
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, errors: [`${file}: expected valid YAML or JSON, found ${doc.errors[0].message.split('\n')[0]}`] };
  return pointsOf(doc.toJS(), file);
}

export function pointsOf(root: unknown, file: string): PointsResult {
  const errors: string[] = [];
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(root)) return { ok: false, errors: [`${file}: expected a mapping with a list of points (points: [...]), found ${describe(root)}`] };
  for (const k of Object.keys(root)) if (k !== 'points') errors.push(`${file}: ${k}: expected only the field points, found unknown field "${k}"`);
  const list = root.points;
  if (!Array.isArray(list) || list.length === 0) {
    errors.push(`${file}: points: expected a non-empty list of points such as {population.customers: 500}, found ${describe(list)}`);
    return { ok: false, errors };
  }
  const points: Point[] = [];
  list.forEach((item, i) => {
    if (!isMap(item) || Object.keys(item).length === 0) {
      errors.push(`${file}: points[${i}]: expected a mapping of field paths to values such as {population.customers: 500}, found ${describe(item)}`);
      return;
    }
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      const s = parseSet(`${key}=0`);
      if (!s) errors.push(`${file}: points[${i}].${key}: expected a field path such as population.customers or timeline[2].at, found "${key}"`);
      else if (s.path === 'seed') errors.push(`${file}: points[${i}].seed: expected a field other than seed (replications set the seed: use --reps), found seed`);
      else values[s.path] = value;
    }
    points.push({ index: i, values });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, points };
}
