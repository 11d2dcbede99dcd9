/**
 * A burst's bag (a broadcast's fan-out: hundreds of thousands of events in one window) must not pin its arrays
 * for the rest of the run: once bags are small again the Mailbag holds about what they need.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_WORDS, Mailbag, readMailbag } from './mailbag.ts';

describe('Mailbag memory', () => {
  it('lets a burst’s arrays go once a bag needs under a quarter of them, and still reads back', () => {
    const bag = new Mailbag(2);
    const N = 200_000;
    const frame = new Uint8Array(40).fill(9);
    for (let i = 0; i < N; i++) bag.addEvent(i, 1, 3, i, 4, 5, bag.addPayload([i, -i], frame));
    // At least the events' words, the payloads' columns (2 + offset, length) and bytes: 48 + 32 + 40 bytes each.
    expect(bag.heldBytes).toBeGreaterThanOrEqual(N * (EVENT_WORDS * 8 + 32 + 40));
    const big = new ArrayBuffer(bag.byteLength);
    bag.writeTo(big, 0);
    bag.addEvent(77, 2, 3, 1, 4, 6, bag.addPayload([1, 2], frame));
    const small = new ArrayBuffer(bag.byteLength);
    bag.writeTo(small, 0);
    // Back to arrays of at most 2^16 elements each: 0.5 MB of words, 0.5 MB of columns, 64 kB of bytes.
    expect(bag.heldBytes).toBeLessThanOrEqual(2 * 8 * 2 ** 16 + 2 ** 16);
    const got: unknown[] = [];
    readMailbag(small, 0, 2, {
      payload: (cols, at, bytes) => (got.push([cols[at], cols[at + 1], bytes.length]), 0),
      event: (tick, priority, src, seq, dst, type) => void got.push([tick, priority, src, seq, dst, type]),
    });
    expect(got).toEqual([[1, 2, 40], [77, 2, 3, 1, 4, 6]]);
    // The big bag, written before the arrays were let go, reads back whole.
    let events = 0;
    readMailbag(big, 0, 2, { payload: () => 0, event: () => void events++ });
    expect(events).toBe(N);
  });
});
