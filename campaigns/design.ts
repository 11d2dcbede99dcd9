/**
 * The points of a campaign: the full factorial of the varied fields (the first factor varies slowest), or an
 * explicit list from a campaign file.
 */
import type { Factor } from './vary.ts';

export interface Point {
  index: number;
  /** Field path → value at this point, in factor order. */
  values: Record<string, unknown>;
}

export function factorial(factors: readonly Factor[]): Point[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const f of factors) combos = combos.flatMap((c) => f.levels.map((v) => ({ ...c, [f.path]: v })));
  return combos.map((values, index) => ({ index, values }));
}

/** `path=value` overrides for a point, each value written as JSON (which `--set` reads back as YAML unchanged). */
export function pointSets(p: Point): string[] {
  return Object.entries(p.values).map(([path, v]) => `${path}=${JSON.stringify(v)}`);
}

export function pointLabel(p: Point): string {
  const parts = Object.entries(p.values).map(([path, v]) => `${path}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join(', ') : 'the study as written';
}
