/**
 * Thresholds fail a run with exit code 3 (DESIGN.md): `"<dotted summary.json path> <op> <number>"`, e.g.
 * `"delivery.by_priority.high.p99_s < 120"`. The path is checked against summary.json at run time.
 */
import type { Reader } from './read.ts';
import type { Threshold } from './types.ts';

const OPS = ['<=', '>=', '==', '!=', '<', '>'] as const;
const PATTERN = /^\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_0-9][\w-]*)*)\s*(<=|>=|==|!=|<|>)\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;
export const THRESHOLD_EXPECTED = 'a threshold like "delivery.by_priority.high.p99_s < 120" (path, one of < <= > >= == !=, number)';

export function parseThreshold(text: string): Threshold | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  return { name: text.trim(), path: m[1], op: m[2] as (typeof OPS)[number], value: Number(m[3]) };
}

export function readThresholds(r: Reader, raw: unknown): Threshold[] {
  if (raw === undefined || raw === null) return [];
  const list = r.list('thresholds', raw, 'a list of thresholds such as "delivery.by_priority.high.p99_s < 120"');
  if (!list) return [];
  const out: Threshold[] = [];
  list.forEach((item, i) => {
    const t = typeof item === 'string' ? parseThreshold(item) : undefined;
    if (!t) r.error(`thresholds[${i}]`, THRESHOLD_EXPECTED, item);
    // "x < 1e999" reads as x < Infinity: a threshold that can never fail.
    else if (!Number.isFinite(t.value)) r.error(`thresholds[${i}]`, `a threshold whose number is finite (from -${Number.MAX_VALUE} to ${Number.MAX_VALUE})`, item);
    else out.push(t);
  });
  return out;
}
