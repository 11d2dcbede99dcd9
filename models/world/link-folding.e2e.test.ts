import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { runScenario } from './run-scenario.ts';

/**
 * Link hops folded (models/transport/pending.ts): on a collector's busy RF channel and WAN link, the next hop,
 * the WAN after the mesh and a retry get no event of their own. On an overloaded mesh with loss and retries,
 * meters uploading into the same channels and DR traffic ahead of them, the run with folding is the run
 * without it — every summary figure and metric point — with fewer events.
 */
describe('folded link hops give the same run', () => {
  it('on an overloaded RF mesh with loss, retries and priority queuing', async () => {
    const s = makeScenario({
      name: 'folding',
      duration: '2h30m',
      seed: 5,
      population: { customers: 800, registration: { start: '0s', window: '10m' }, enrollment_rate: 0.8 },
      programs: [{ id: 'dlc', kind: 'DLC' }],
      timeline: [{ at: '1h30m', action: 'dr_event', program: 'dlc', duration: '30m', priority: 'high' }],
      network: {
        meters_per_collector: 400,
        rf_mesh: { loss: 0.05, retry_timeout_ms: 300 },
        wan: { loss: 0.02 },
        background: { meter_reads: { interval: '15m', bytes: 3000 } },
      },
    });
    const folded = await runScenario(s);
    const reference = await runScenario(s, { world: { fold: false } });
    const figures = (r: typeof folded) => ({ ...r.summary, digest: '', sim: { ...r.summary.sim, events: 0, wall_s: 0, events_per_s: 0 } });
    expect(figures(folded)).toEqual(figures(reference));
    expect(folded.points).toEqual(reference.points);
    // The mesh was busy: queues grew, retries happened, and many hops found their channel busy.
    expect(folded.summary.network.queue_depth_max.rf).toBeGreaterThan(100);
    expect(folded.summary.sim.events).toBeLessThan(0.95 * reference.summary.sim.events);
  }, 300_000);
});
