/**
 * Issue 14's logical processes: every back-office system owns its state and learns what other actors know
 * only from the messages they send it, so the back office can sit in any partition. For random small studies
 * (with FR-03 changes, overrides, diagnostics, link loss and faults), runs with CSS, NMS, CDCS, MDMS, the web
 * site and the CSRs placed in random partitions of 2 or 3 give the single-partition summary, points and digest.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAIN_SHAPE, scenarioDoc, scenarioFromDoc, studyArb, type StudyInput } from '../../conformance/study.ts';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/types.ts';
import type { RunResult } from '../run-result.ts';
import { runPartitioned } from './run-partitioned.ts';
import { runScenario } from './run-scenario.ts';
import type { BackOfficePlacement } from './world.ts';

const SYSTEMS = ['css', 'nms', 'cdcs', 'mdms', 'web', 'csr'] as const;

/** Several collectors (so partitions own devices too), customers who change their devices later (FR-03). */
function scenarioOf(x: StudyInput): Scenario {
  const doc = scenarioDoc({ ...x, metersPerCollector: Math.min(x.metersPerCollector, 5) }) as { behaviour: Record<string, unknown>; timeline: Record<string, unknown>[] };
  doc.behaviour = { ...doc.behaviour, change_share: 0.4 };
  // A diagnostic test late in the run, so CSS addresses devices it knows configured (FR-13).
  doc.timeline = [...doc.timeline, { at: `${x.hours * 45}m`, action: 'diagnostic_test', priority: 'medium', target: 'all' }];
  return scenarioFromDoc(doc as unknown as Record<string, unknown>);
}

function comparable(r: RunResult) {
  const { workers: _w, run_id: _r, sim, ...rest } = r.summary;
  return { ...rest, sim: { events: sim.events, sim_s: sim.sim_s } };
}

const studies = studyArb({ ...CHAIN_SHAPE, maxCustomers: 20, maxFaults: 2 });

/** A placement of the six systems over `count` partitions that uses more than one of them. */
const placementArb = (count: number) =>
  fc
    .tuple(...SYSTEMS.map(() => fc.integer({ min: 0, max: count - 1 })))
    .filter((at) => new Set(at).size > 1)
    .map((at) => Object.fromEntries(SYSTEMS.map((name, i) => [name, at[i]])) as BackOfficePlacement);

describe('the back office in any partition', () => {
  it('gives the single-partition summary, points and digest whatever partitions its systems run in (property)', async () => {
    await fc.assert(
      fc.asyncProperty(studies, placementArb(2), placementArb(3), async (x, two, three) => {
        const s = scenarioOf(x);
        const one = await runScenario(s);
        expect(one.summary.population.registered).toBeGreaterThanOrEqual(0);
        for (const [workers, backOffice] of [[2, two], [3, three]] as const) {
          const split = await runPartitioned(s, { workers, inProcess: true, world: { backOffice } });
          expect(comparable(split)).toEqual(comparable(one));
          expect(split.points).toEqual(one.points);
          expect(split.summary.digest).toBe(one.summary.digest);
        }
      }),
      { numRuns: 10 },
    );
  }, 600_000);

  it('sends back-office traffic between partitions: every system alone in its own partition still agrees', async () => {
    const x = fc.sample(studies, { numRuns: 1, seed: 7 })[0];
    const s = scenarioOf({ ...x, customers: 20, registrationRate: 1 });
    const one = await runScenario(s);
    expect(one.summary.population.registered).toBeGreaterThan(0);
    let stats: { mailed: number }[] = [];
    // CSS, NMS and CDCS each in a partition of its own, apart from most devices.
    const backOffice = { css: 2, nms: 1, cdcs: 0, mdms: 1, web: 2, csr: 1 };
    const split = await runPartitioned(s, { workers: 3, inProcess: true, world: { backOffice }, onPartitions: (p) => (stats = p) });
    expect(split.summary.digest).toBe(one.summary.digest);
    for (const p of stats) expect(p.mailed).toBeGreaterThan(0);
    // And on worker threads.
    const threads = await runPartitioned(s, { workers: 3, world: { backOffice } });
    expect(threads.summary.digest).toBe(one.summary.digest);
  }, 300_000);

  it('keeps the pricing actor with CDCS, wherever CDCS runs (OI-6: it hands CDCS its actions at once)', async () => {
    const path = fileURLToPath(new URL('../../scenarios/summer-auto-events.yaml', import.meta.url));
    const loaded = await loadScenarioFile(path, ['population.customers=40', 'duration=4d']);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const s = loaded.scenario;
    const one = await runScenario(s);
    expect(one.summary.delivery.by_kind.priceSignal).toBeDefined();
    for (const backOffice of [{ cdcs: 1 }, { cdcs: 2, css: 1, nms: 0 }]) {
      const split = await runPartitioned(s, { workers: 3, inProcess: true, world: { backOffice } });
      expect(split.summary.digest).toBe(one.summary.digest);
    }
  }, 300_000);

  it('refuses a placement outside the partitions', async () => {
    const s = scenarioOf(fc.sample(studies, { numRuns: 1, seed: 3 })[0]);
    await expect(runPartitioned(s, { workers: 2, inProcess: true, world: { backOffice: { nms: 2 } } })).rejects.toThrow(/placement nms: partition 2/);
  });
});
