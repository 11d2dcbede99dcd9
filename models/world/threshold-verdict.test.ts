/** A threshold's verdict is never green without its metric: missing, not a number, NaN or infinite is a fail with value null. */
import { describe, expect, it } from 'vitest';
import { parseThreshold } from '../../scenarios/thresholds.ts';
import type { Summary } from '../run-result.ts';
import { evaluate } from './summary.ts';

const OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
const summaryWith = (v: unknown) => ({ load: { shed_kw_mean: v } }) as unknown as Summary;

describe('threshold verdicts', () => {
  it('every operator fails on a missing, non-numeric, NaN or infinite metric, with value null', () => {
    for (const op of OPS) {
      const t = parseThreshold(`load.shed_kw_mean ${op} 0`)!;
      for (const v of [undefined, null, 'n/a', NaN, Infinity, -Infinity]) {
        expect(evaluate(summaryWith(v), t), `${op} on ${String(v)}`).toEqual({ name: t.name, ok: false, value: null });
      }
      expect(evaluate({} as Summary, t).ok).toBe(false);
    }
  });

  it('a finite metric is compared as written', () => {
    const verdict = (op: string, v: number) => evaluate(summaryWith(v), parseThreshold(`load.shed_kw_mean ${op} 5`)!);
    expect([verdict('<', 4).ok, verdict('<', 5).ok, verdict('<=', 5).ok, verdict('>', 6).ok, verdict('>=', 5).ok, verdict('==', 5).ok, verdict('!=', 5).ok]).toEqual([true, false, true, true, true, true, false]);
    expect(verdict('!=', 4)).toEqual({ name: 'load.shed_kw_mean != 5', ok: true, value: 4 });
  });
});
