import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from './id-index.ts';

/**
 * Ids as NMS sees them: -1 (no id) or a 32-bit unsigned value; mostly from a pool of a few thousand, so that
 * thousands of entries are live at once (the table grows, probe runs form, deletions shift them).
 */
const id = fc.oneof({ weight: 1, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }, { weight: 8, arbitrary: fc.integer({ min: 0, max: 3000 }) });
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id, d: fc.integer({ min: 0, max: 2 ** 30 }) }),
  fc.record({ kind: fc.constant('set' as const), id, d: fc.integer({ min: 0, max: 2 ** 30 }) }),
  fc.record({ kind: fc.constant('delete' as const), id }),
  fc.record({ kind: fc.constant('get' as const), id }),
);

describe('IdIndex (NMS hardware id → device)', () => {
  it('answers every get, delete and iteration as a Map given the same operations would', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 2000, maxLength: 8000 }), (ops) => {
        const index = new IdIndex(), map = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            index.set(o.id, o.d);
            map.set(o.id, o.d);
          } else if (o.kind === 'delete') expect(index.delete(o.id)).toBe(map.delete(o.id));
          else expect(index.get(o.id)).toBe(map.get(o.id));
          expect(index.size).toBe(map.size);
        }
        const sortById = (xs: [number, number][]) => xs.sort((a, b) => a[0] - b[0]);
        expect(sortById([...index])).toEqual(sortById([...map]));
        for (const k of map.keys()) expect(index.get(k)).toBe(map.get(k));
      }),
      { numRuns: 40 },
    );
  });
});
