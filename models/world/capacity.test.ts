import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { runScenario } from './run-scenario.ts';

/**
 * NFR-02 and NFR-04 under load: a collector's RF channel is overloaded by interval-read uploads
 * (400 meters × 3,000 bytes every 15 minutes over ~2.5 hops ≈ 3,300 B/s offered to a 2,400 B/s channel).
 * With priority queuing the high-priority DR messages still arrive within 2 minutes; on the same seed
 * with one FIFO per link they wait behind the meter reads and miss it.
 */
function study(priorityQueuing: boolean) {
  return makeScenario({
    name: 'capacity',
    duration: '2h30m',
    seed: 5,
    population: {
      customers: 800,
      registration: { start: '0s', window: '10m' },
      enrollment_rate: 0.8,
    },
    programs: [{ id: 'dlc', kind: 'DLC' }],
    timeline: [
      { at: '1h30m', action: 'dr_event', program: 'dlc', duration: '30m', priority: 'high' },
    ],
    network: {
      priority_queuing: priorityQueuing,
      meters_per_collector: 400,
      background: { meter_reads: { interval: '15m', bytes: 3000 } },
    },
  });
}

describe('capacity: DR traffic ahead of meter reads (NFR-02, NFR-04)', () => {
  it('keeps high-priority p99 under 120 s with priority queuing on, and misses it with priority off, same seed', async () => {
    const on = (await runScenario(study(true))).summary;
    const off = (await runScenario(study(false))).summary;
    expect(on.delivery.background.meter_reads).toBe(off.delivery.background.meter_reads);
    expect(on.delivery.background.meter_reads).toBeGreaterThan(4000);
    const hOn = on.delivery.by_priority.high, hOff = off.delivery.by_priority.high;
    expect(hOn.count).toBeGreaterThan(100);
    expect(hOff.count).toBeGreaterThan(100);
    expect(hOn.p99_s).toBeLessThan(120);
    expect(hOff.p99_s).toBeGreaterThan(120);
    expect(hOff.within_sla).toBeLessThan(hOn.within_sla!);
    // The RF channel really was the bottleneck: its queue grew deep in both runs.
    expect(on.network.queue_depth_max.rf).toBeGreaterThan(100);
  });
});
