/**
 * The parallel runtime on a model of its own (testing/relay-model.ts, no C5): for random relay models, 2 and 3
 * partitions (actors dealt round-robin) give every actor the events of the single-simulator run in the same
 * order — in one thread and on worker threads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runInProcess, runPipelinedInProcess } from './in-process.ts';
import { mergeRelay, RelayPartition, runRelay, type RelayResult, type RelaySpec } from './testing/relay-model.ts';
import { runOnThreads } from './threads.ts';

const specs = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 40 }),
  actors: fc.integer({ min: 1, max: 40 }),
  lookahead: fc.integer({ min: 1, max: 50 }),
  duration: fc.integer({ min: 0, max: 5_000 }),
  budget: fc.integer({ min: 0, max: 300 }),
});

const RELAY_MODULE = new URL('./testing/relay-model.ts', import.meta.url).href;

function inProcess(spec: RelaySpec, count: number): RelayResult {
  const parts = Array.from({ length: count }, (_, i) => new RelayPartition(spec, i, count));
  runInProcess(parts, spec.lookahead, spec.duration);
  return mergeRelay(parts.map((p) => p.result()));
}

describe('the parallel runtime', () => {
  it('gives every actor the single run’s events, in order, on 2 and 3 partitions in one thread (property)', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const one = runRelay(spec);
        for (const count of [2, 3]) expect(inProcess(spec, count)).toEqual(one);
      }),
      { numRuns: 60 },
    );
  });

  it('does so under the pipelined protocol, whatever order the partitions step in and however long their steps, with rings small enough to overflow (property)', () => {
    fc.assert(
      fc.property(specs, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(16, 64, 1 << 12), fc.constantFrom(Infinity, 1, 2, 7), (spec, orderSeed, ringWords, stepTicks) => {
        const one = runRelay(spec);
        for (const count of [2, 3]) {
          const parts = Array.from({ length: count }, (_, i) => new RelayPartition(spec, i, count));
          let x = orderSeed;
          const pick = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) % n;
          runPipelinedInProcess(parts, spec.lookahead, spec.duration, pick, ringWords, stepTicks);
          expect(mergeRelay(parts.map((p) => p.result()))).toEqual(one);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('does so on 2 and 3 worker threads (property)', async () => {
    await fc.assert(
      fc.asyncProperty(specs, async (spec) => {
        const one = runRelay(spec);
        for (const count of [2, 3]) {
          const results = await runOnThreads<RelayResult>({ count, module: RELAY_MODULE, data: () => spec, lookahead: spec.lookahead, duration: spec.duration, spin: 0, onMessage: () => {} });
          expect(mergeRelay(results.map((r) => r.result))).toEqual(one);
        }
      }),
      { numRuns: 4 },
    );
  }, 120_000);

  it('is tested on a model whose work crosses partitions', () => {
    // Guards the property above against a generator that never exercises the mail.
    const spec = { seed: 7, actors: 12, lookahead: 5, duration: 3_000, budget: 200 };
    const parts = Array.from({ length: 3 }, (_, i) => new RelayPartition(spec, i, 3));
    const stats = runInProcess(parts, spec.lookahead, spec.duration);
    for (const s of stats) expect(s.mailed).toBeGreaterThan(100);
    expect(runRelay(spec).seen.reduce((a, b) => a + b, 0)).toBeGreaterThan(12 * 100);
  });

  it('stops every partition when one fails, and reports its error', async () => {
    const spec = { seed: 3, actors: 12, lookahead: 5, duration: 100_000, budget: 1e9, failIn: 1, failAt: 2_000 };
    const run = runOnThreads<RelayResult>({ count: 3, module: RELAY_MODULE, data: () => spec, lookahead: spec.lookahead, duration: spec.duration, spin: 0, onMessage: () => {} });
    await expect(run).rejects.toThrow(/relay partition 1 fails/);
  }, 60_000);

  it('refuses a lookahead below one tick', () => {
    const spec = { seed: 1, actors: 2, lookahead: 1, duration: 10, budget: 1 };
    expect(() => runInProcess([new RelayPartition(spec, 0, 2), new RelayPartition(spec, 1, 2)], 0, 10)).toThrow(/lookahead/);
  });
});
