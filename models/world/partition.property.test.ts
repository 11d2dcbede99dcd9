/**
 * Issue 6's determinism property: for random small studies (population, programs, timeline, link loss,
 * network faults, interval reads) a run split into 2 or 3 partitions gives the same summary.json (less
 * wall-clock fields) and the same digest as the single-partition run — on worker threads and in one thread;
 * and a run that reuses finished messages' rows gives the result of one that keeps every row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAIN_SHAPE, scenarioDoc, scenarioFromDoc, studyArb, type StudyInput } from '../../conformance/study.ts';
import type { Scenario } from '../../scenarios/types.ts';
import type { RunResult } from '../run-result.ts';
import { DEFAULT_SPIN_US, runPartitioned } from './run-partitioned.ts';
import { runScenario } from './run-scenario.ts';

/** Several collectors (so partitions own something) and the study's faults as scenario faults. */
function scenarioOf(x: StudyInput): Scenario {
  const doc = scenarioDoc({ ...x, metersPerCollector: Math.min(x.metersPerCollector, 5) }) as { network?: Record<string, unknown> };
  const collectors = Math.ceil(x.customers / 5);
  doc.network = {
    ...doc.network,
    faults: x.faults.map((f) => ({
      at: `${f.minute}m`,
      kind: f.kind,
      index: f.index % (f.kind === 'wan' || f.kind === 'rf' ? collectors : x.customers),
      duration: `${f.minutes}m`,
    })),
  };
  return scenarioFromDoc(doc as Record<string, unknown>);
}

/** summary.json without what legitimately differs between runs (wall clock, worker count). */
function comparable(r: RunResult) {
  const { workers: _w, run_id: _r, sim, ...rest } = r.summary;
  return { ...rest, sim: { events: sim.events, sim_s: sim.sim_s } };
}

const studies = studyArb({ ...CHAIN_SHAPE, maxCustomers: 24, maxFaults: 3 });

describe('partitioned runs', () => {
  it('give the single-partition summary and digest for 2 and 3 partitions in one thread, in global windows and pipelined (property)', async () => {
    await fc.assert(
      fc.asyncProperty(studies, fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (x, order) => {
        const s = scenarioOf(x);
        const one = await runScenario(s);
        for (const workers of [2, 3]) {
          const split = await runPartitioned(s, { workers, inProcess: true });
          expect(comparable(split)).toEqual(comparable(one));
          expect(split.summary.digest).toBe(one.summary.digest);
          expect(split.points).toEqual(one.points);
        }
        // The threads' pipelined protocol, its partitions stepped in a random order in this thread.
        let state = order;
        const pick = (n: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) % n;
        const pipelined = await runPartitioned(s, { workers: 2, inProcess: 'pipelined', pick });
        expect(pipelined.summary.digest).toBe(one.summary.digest);
      }),
      { numRuns: 12 },
    );
  }, 300_000);

  it('give the single-partition summary and digest on 2 and 3 worker threads (property)', async () => {
    await fc.assert(
      fc.asyncProperty(studies, async (x) => {
        const s = scenarioOf(x);
        const one = await runScenario(s);
        for (const workers of [2, 3]) {
          // Both ways of waiting at a rendezvous: the bounded, adaptive spin (2) and sleeping at once (3).
          const split = await runPartitioned(s, { workers, spin: workers === 2 ? DEFAULT_SPIN_US : 0 });
          expect(split.summary.workers).toBe(workers);
          expect(comparable(split)).toEqual(comparable(one));
          expect(split.summary.digest).toBe(one.summary.digest);
        }
      }),
      { numRuns: 3 },
    );
  }, 600_000);

  it('exercise the mail: messages cross partitions both ways and broadcasts reach every partition', async () => {
    const x = fc.sample(studies, { numRuns: 1, seed: 42 })[0];
    const s = scenarioOf({ ...x, customers: 20 });
    const one = await runScenario(s);
    let stats: { events: number; mailed: number; windows: number }[] = [];
    const split = await runPartitioned(s, { workers: 3, inProcess: true, onPartitions: (x) => (stats = x) });
    expect(split.summary.digest).toBe(one.summary.digest);
    expect(one.summary.population.registered).toBeGreaterThan(0);
    // Every partition has mail to send (hub → cells: downlinks, broadcasts; cells → hub: uplinks, registrations)
    // and work of its own, and the events add up to the single run's.
    expect(stats).toHaveLength(3);
    for (const p of stats) expect(p.mailed).toBeGreaterThan(0);
    expect(stats.reduce((a, p) => a + p.events, 0)).toBe(one.summary.sim.events);
    // Quiet time is skipped: far fewer windows than lookahead steps in 6 hours.
    expect(stats[0].windows).toBeLessThan((6 * 3_600_000) / 400);
  }, 120_000);
});
