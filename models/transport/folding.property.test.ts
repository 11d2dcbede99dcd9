import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { LinkLab, type FrameInput } from './link-lab.ts';

/**
 * A busy link wakes once per transmission, not per arrival: an arrival its own actor hands back to the link
 * while it is sure to be busy (the next hop on a mesh, a retry) waits without an event and joins the queue in
 * its place. Against the same link with an event per arrival, every departure — frame, start, end, outcome —
 * and every drop must be the same, ties at one tick included; only the event count falls.
 */
// Times and sizes on a coarse grid, so that arrivals, transmission ends and retries often fall on one tick.
const frameArb = fc.record({
  at: fc.integer({ min: 0, max: 80 }).map((i) => i * 50),
  bytes: fc.constantFrom(100, 200, 300),
  cls: fc.integer({ min: 0, max: 4 }),
  link: fc.integer({ min: 0, max: 1 }),
  hops: fc.integer({ min: 1, max: 5 }),
});

function run(frames: FrameInput[], rf: Record<string, unknown>, priority: boolean, fold: boolean) {
  const network = makeScenario({ name: 'fold', duration: '1h', population: { customers: 1 }, network: { priority_queuing: priority, rf_mesh: { bandwidth_Bps: 1000, ...rf } } }).network;
  const lab = new LinkLab(network, 'rf', { links: 2, seed: 5, fold });
  for (const f of frames) lab.feed(f);
  const deps = lab.run();
  return { deps, dropped: lab.dropped, events: lab.events };
}

describe('link hops folded on busy links (property)', () => {
  it('gives the same departures and drops as an event per arrival, with no more events', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 60 }),
        fc.record({
          latency_ms: fc.constantFrom(0, 50, 100, 200),
          loss: fc.constantFrom(0, 0.2, 0.5),
          max_retries: fc.integer({ min: 0, max: 3 }),
          retry_timeout_ms: fc.constantFrom(0, 100, 300),
        }),
        fc.boolean(),
        (frames, rf, priority) => {
          const folded = run(frames, rf, priority, true);
          const reference = run(frames, rf, priority, false);
          expect(folded.deps).toEqual(reference.deps);
          expect(folded.dropped).toEqual(reference.dropped);
          expect(folded.events).toBeLessThanOrEqual(reference.events);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('saves the arrival events of a saturated mesh: each transmission is one event', () => {
    // 300 frames of 200 bytes, 3 hops each, every 150 ms onto a 1,000 B/s channel with 50 ms hop latency:
    // after the first the channel never idles, so every later hop arrives while it is busy.
    const frames = Array.from({ length: 300 }, (_, i) => ({ at: i * 150, bytes: 200, cls: 1, hops: 3 }));
    const folded = run(frames, { latency_ms: 50, loss: 0 }, true, true);
    const reference = run(frames, { latency_ms: 50, loss: 0 }, true, false);
    expect(folded.deps).toEqual(reference.deps);
    expect(reference.events).toBe(300 * 3 * 2); // an arrival and a transmission end per hop
    expect(folded.events).toBeLessThan(300 * 3 * 2 - 2 * 300 + 10); // hops 2 and 3 arrive on a busy link
  });
});
