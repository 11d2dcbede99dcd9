import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_SLOTS, EventStore, tickFrom } from './event-store.ts';

describe('EventStore', () => {
  it('grows a page of hint/16 records at a time, never copying the pages it has', () => {
    const store = new EventStore(16 * 1024); // pages of 1,024 records
    const chunksPerPage = 1024 / CHUNK_SLOTS;
    const first = store.allocChunk() * CHUNK_SLOTS;
    store.write(first, 123_456, 7, 1, 2, 3, 4.5, 6, undefined);
    const page0 = store.f64[0];
    for (let i = 1; i < chunksPerPage; i++) store.allocChunk();
    expect(store.f64.length).toBe(1);
    // 32-byte records plus one 4-byte link per chunk of 4.
    expect(store.bytes).toBe(1024 * 33);
    store.allocChunk();
    expect(store.f64.length).toBe(2);
    expect(store.bytes).toBe(2 * 1024 * 33);
    expect(store.f64[0]).toBe(page0);
    expect([store.seq(first), store.payload(first), store.src(first), store.dst(first), store.priority(first)]).toEqual([7, 4.5, 1, 2, 6]);
    expect(store.tickLow(first)).toBe(123_456);
  });

  it('hands released chunks out again before cutting a new page', () => {
    const store = new EventStore(1); // the smallest pages: 256 records
    const chunks = Array.from({ length: 256 / CHUNK_SLOTS }, () => store.allocChunk());
    for (const c of chunks) store.releaseChunk(c);
    for (let i = 0; i < chunks.length; i++) store.allocChunk();
    expect(store.f64.length).toBe(1);
  });

  it('keeps a handle from cancelling a later event that reuses its slot', () => {
    const store = new EventStore();
    const c = store.allocChunk();
    const slot = c * CHUNK_SLOTS;
    store.write(slot, 10, 41, 0, 0, 0, 0, 4, undefined);
    const h = store.handle(slot);
    expect(store.slotOf(h)).toBe(slot);
    store.free(slot);
    expect(store.slotOf(h)).toBe(-1);
    store.write(slot, 20, 42, 0, 0, 0, 0, 4, undefined);
    expect(store.slotOf(h)).toBe(-1);
    expect(store.slotOf(store.handle(slot))).toBe(slot);
    store.cancel(slot);
    expect(store.slotOf(store.handle(slot))).toBe(-1);
  });

  it('restores a whole tick from its low 32 bits and any tick at most 2^32 below it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (tick, back) => {
        const base = Math.max(0, tick - back);
        expect(tickFrom(tick % 2 ** 32, base)).toBe(tick);
      }),
    );
  });
});
