import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarQueue } from './calendar-queue.ts';
import type { EventQueue } from './event-queue.ts';
import { EventStore } from './event-store.ts';
import { HeapQueue } from './heap-queue.ts';

/** One scripted step: push an event `delay` ticks after the last popped tick, or pop one. */
type Op = { kind: 'push'; delay: number; prio: number; src: number } | { kind: 'pop' };

function write(queue: EventQueue, store: EventStore, tick: number, prio: number, src: number, seq: number): number {
  const slot = queue.reserve(tick);
  store.write(slot, tick, seq, src, 0, 0, tick, prio, undefined);
  queue.commit(slot);
  return slot;
}

/** Pops one slot and returns it with its tick (from peekTick, since a record keeps only the tick's low bits). */
function popTick(queue: EventQueue): { slot: number; tick: number } {
  const tick = queue.peekTick();
  return { slot: queue.pop(), tick };
}

/** Replays ops on a queue and returns the popped keys as strings. */
function replay(makeQueue: (s: EventStore) => EventQueue, ops: Op[]): string[] {
  const store = new EventStore(16);
  const queue = makeQueue(store);
  const seqOf = new Map<number, number>();
  const out: string[] = [];
  let now = 0;
  const popOne = () => {
    const { slot, tick } = popTick(queue);
    if (slot < 0) return false;
    if (tick < now) throw new Error(`time went backwards: ${tick} < ${now}`);
    // The payload carries the tick the event was written with: a record popped at the wrong tick shows.
    if (store.payload(slot) !== tick) throw new Error(`popped at ${tick} an event written for ${store.payload(slot)}`);
    now = tick;
    out.push(`${tick}/${store.priority(slot)}/${store.src(slot)}/${store.seq(slot)}`);
    store.free(slot);
    return true;
  };
  for (const op of ops) {
    if (op.kind === 'pop') popOne();
    else {
      const seq = seqOf.get(op.src) ?? 0;
      seqOf.set(op.src, seq + 1);
      write(queue, store, now + op.delay, op.prio, op.src, seq);
    }
  }
  while (popOne());
  return out;
}

/**
 * Periodic timers: every popped event schedules its successor far ahead. With the records of a far bucket held
 * until all its ticks are past, the store would need the bucket's records twice over (the timers being popped
 * and their successors); handing each far chunk back once its records are popped keeps it at N plus slack.
 */
describe('CalendarQueue memory', () => {
  it('reuses a far chunk as soon as its records are popped, so rescheduled timers need no second copy', () => {
    const PAGE = 256;
    const store = new EventStore(1); // the smallest pages: 256 records
    const q = new CalendarQueue(store, 1024); // a ring of 1,024 ticks, far buckets of 512
    const N = 8 * PAGE;
    for (let i = 0; i < N; i++) write(q, store, 100_000 + (i % 500), 0, i, 0);
    for (let i = 0; i < N; i++) {
      const t = q.peekTick();
      store.free(q.pop());
      write(q, store, t + 50_000, 0, i, 1);
    }
    // N records pending throughout; slack: one chunk per bucket list (ring or far) and the record popped last.
    expect(store.f64.length).toBeLessThanOrEqual(N / PAGE + 1);
  });

  it('lets the scratch of a burst go once batches are small again, keeping the order', () => {
    const store = new EventStore(1 << 20);
    const q = new CalendarQueue(store, 1024);
    const N = 300_000;
    // One far tick holding N events (a broadcast's fan-out), sources in reverse, then a few single events.
    for (let i = 0; i < N; i++) write(q, store, 100_000, 0, N - 1 - i, 0);
    for (let i = 0; i < 3; i++) write(q, store, 200_000 + i, 0, 7, i);
    const sources: number[] = [];
    for (let i = 0; i < N; i++) {
      const { slot, tick } = popTick(q);
      expect(tick).toBe(100_000);
      sources.push(store.src(slot));
      store.free(slot);
    }
    expect(sources.every((s, i) => s === i)).toBe(true);
    // Sorting N events takes at least 4 Int32 arrays of N (batch, keys, their copies): 4.8 MB here.
    const during = q.bytes;
    expect(during).toBeGreaterThan(16 * N);
    expect(popTick(q).tick).toBe(200_000);
    // Back to arrays of at most 2^16 entries each (ring of 1,024 buckets besides): well under 4 MB.
    expect(q.bytes).toBeLessThan(during / 4);
    expect(popTick(q).tick).toBe(200_001);
  });
});

const delayArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 5_000 }),
  fc.integer({ min: 0, max: 10_000_000_000 }), // far beyond the window, and beyond 2^31
);
const srcArb = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('push' as const), delay: delayArb, prio: fc.integer({ min: 0, max: 7 }), src: srcArb }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'pop' as const }) },
);

describe('CalendarQueue', () => {
  it('pops exactly the order of the reference binary heap, for any schedule', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), fc.constantFrom(32, 64, 1 << 16), (ops, buckets) => {
        const expected = replay((s) => new HeapQueue(s), ops);
        const actual = replay((s) => new CalendarQueue(s, buckets), ops);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('sorts large same-tick batches (radix path) like the heap, including ties broken by sequence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ prio: fc.integer({ min: 0, max: 7 }), src: fc.integer({ min: 0, max: 3000 }) }), { minLength: 33, maxLength: 3000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (batch, tick) => {
          const ops: Op[] = batch.map((b) => ({ kind: 'push', delay: tick, ...b }));
          expect(replay((s) => new CalendarQueue(s), ops)).toEqual(replay((s) => new HeapQueue(s), ops));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports size and next tick, and Infinity when empty', () => {
    const store = new EventStore();
    const q = new CalendarQueue(store, 32);
    expect(q.peekTick()).toBe(Infinity);
    write(q, store, 100, 0, 1, 0);
    write(q, store, 7, 0, 1, 1);
    expect(q.size).toBe(2);
    expect(q.peekTick()).toBe(7);
    expect(store.payload(q.pop())).toBe(7);
    expect(q.peekTick()).toBe(100);
    expect(store.payload(q.pop())).toBe(100);
    expect(q.pop()).toBe(-1);
  });

  it('refuses an event before the current tick', () => {
    const store = new EventStore();
    const q = new CalendarQueue(store, 32);
    write(q, store, 50, 0, 1, 0);
    q.pop();
    expect(() => write(q, store, 49, 0, 1, 1)).toThrow(/before the queue.s current tick/);
  });
});
