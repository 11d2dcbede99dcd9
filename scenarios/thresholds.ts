/**
 * Thresholds fail a run with exit code 3 (DESIGN.md): `"<dotted summary.json path> <op> <number>"`, e.g.
 * `"delivery.by_priority.high.p99_s < 120"`. The path must name a number in the summary.json contract
 * (`models/summary-contract.ts`): a typo is an error when the study is validated, with a did-you-mean, not a
 * failed threshold after the whole run.
 */
import { checkNumberPath } from '../models/summary-paths.ts';
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
    if (!t) {
      r.error(`thresholds[${i}]`, THRESHOLD_EXPECTED, item);
      return;
    }
    // "x < 1e999" reads as x < Infinity: a threshold that can never fail.
    if (!Number.isFinite(t.value)) {
      r.error(`thresholds[${i}]`, `a threshold whose number is finite (from -${Number.MAX_VALUE} to ${Number.MAX_VALUE})`, item);
      return;
    }
    const check = checkNumberPath(t.path);
    if (!check.ok) {
      const hint = check.suggestion !== undefined ? ` (did you mean "${t.name.replace(t.path, check.suggestion)}"?)` : '';
      r.errorText(`thresholds[${i}]`, `a threshold on a number in summary.json${hint}`, `${JSON.stringify(t.name)}: ${check.problem}`);
      return;
    }
    out.push(t);
  });
  return out;
}
