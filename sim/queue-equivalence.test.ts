import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from './simulator.ts';

/**
 * The calendar queue against the reference binary heap (heap-queue.ts), through the simulator, over random
 * schedules built to tie: many events on one tick with one priority and one source (only the sequence
 * tells them apart), zero delays into the tick being delivered, delays on and around the window's and the
 * far buckets' edges, far beyond the directly indexed far buckets and past 2^32 ms, cancellations, runs
 * cut into slices by `until`, and events injected from outside under foreign keys with their sequence
 * numbers out of order. Both queues must deliver the same events, in the same order, at the same times.
 */
type Action =
  | { kind: 'send'; to: number; delay: number; prio: number; twice: boolean }
  | { kind: 'timer'; delay: number; prio: number }
  | { kind: 'cancel' };

interface Injection {
  at: number;
  prio: number;
  src: number;
  seqs: number[];
  dst: number;
}

interface Schedule {
  actors: number;
  buckets: number;
  script: Action[][];
  slices: number[];
  injections: Injection[];
  budget: number;
}

/** Delays that land on ties and on the queue's edges for a window of `b` ticks (far buckets are b/2 wide). */
const delayArb = (b: number) =>
  fc.oneof(
    fc.constantFrom(0, 0, 1, 2),
    fc.integer({ min: 0, max: 3 * b }),
    fc.constantFrom(b - 1, b, b + 1, b / 2 - 1, b / 2, b / 2 + 1, (3 * b) / 2, 2 * b - 1),
    fc.integer({ min: 0, max: 4096 * b + 5 * b }), // past the directly indexed far buckets
    fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 32 + b, 10_000_000_000),
  );

const scheduleArb: fc.Arbitrary<Schedule> = fc
  .record({ actors: fc.integer({ min: 1, max: 6 }), buckets: fc.constantFrom(32, 64, 1 << 16) })
  .chain(({ actors, buckets }) => {
    const prio = fc.constantFrom(0, 4, 4, 4, 7);
    const action: fc.Arbitrary<Action> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), to: fc.integer({ min: 0, max: actors - 1 }), delay: delayArb(buckets), prio, twice: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('timer' as const), delay: delayArb(buckets), prio }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
    );
    return fc.record({
      actors: fc.constant(actors),
      buckets: fc.constant(buckets),
      script: fc.array(fc.array(action, { maxLength: 3 }), { minLength: 1, maxLength: 12 }),
      slices: fc.array(fc.integer({ min: 0, max: 4 * buckets }), { maxLength: 5 }),
      injections: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 3 * buckets }),
          prio,
          src: fc.constantFrom(0, 3, 1000),
          seqs: fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 4 }),
          dst: fc.integer({ min: 0, max: actors - 1 }),
        }),
        { maxLength: 4 },
      ),
      budget: fc.integer({ min: 1, max: 600 }),
    });
  });

function run(s: Schedule, queue: 'heap' | 'calendar'): string[] {
  const sim = new Simulator({ queue, buckets: s.buckets, pendingHint: 16 });
  const log: string[] = [];
  const lastHandle: number[] = new Array(s.actors).fill(-1);
  let step = 0;
  let remaining = s.budget;
  sim.addKind(
    {
      name: 'scripted',
      init: (sim, id) => void (lastHandle[id] = sim.timer(id % 2, 0, id)),
      event(sim, id, _local, type, payload) {
        log.push(`${sim.now}:${id}<${sim.sender}:${type}:${payload}`);
        if (remaining-- <= 0) return;
        for (const a of s.script[step++ % s.script.length]) {
          if (a.kind === 'cancel') log.push(`cancel:${sim.cancel(lastHandle[id])}`);
          else if (a.kind === 'timer') lastHandle[id] = sim.timer(a.delay, 1, step, undefined, a.prio);
          else {
            lastHandle[id] = sim.send(a.to, a.delay, 2, step, undefined, a.prio);
            if (a.twice) sim.send(a.to, a.delay, 3, step, undefined, a.prio);
          }
        }
      },
    },
    s.actors,
  );
  sim.spawnAll();
  const injections = [...s.injections].sort((a, b) => a.at - b.at);
  let until = 0;
  for (const slice of s.slices) {
    until += slice;
    sim.run({ until });
    log.push(`slice ${until}: now ${sim.now} pending ${sim.pending} next ${sim.nextTick()}`);
    for (const inj of injections) {
      if (inj.at < sim.now) continue;
      for (const seq of inj.seqs) sim.inject(inj.at, inj.prio, inj.src, seq, inj.dst, 4, seq);
    }
  }
  sim.run();
  return log;
}

describe('calendar queue against the reference heap', () => {
  it('delivers the same events in the same order for random schedules full of ties, far timers, cancels and injections', () => {
    fc.assert(
      fc.property(scheduleArb, (s) => {
        const heap = run(s, 'heap');
        expect(run(s, 'calendar')).toEqual(heap);
      }),
      { numRuns: 300 },
    );
  });
});
