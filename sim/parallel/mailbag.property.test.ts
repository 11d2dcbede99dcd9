/**
 * Mailbags round-trip: whatever is added to a bag (events with their keys, payloads with their columns and bytes),
 * over several bags in a row through the same Mailbag (its arrays are reused and grown), reads back the same, in
 * the same order, from a plain buffer and from any 8-byte-aligned offset of a shared one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mailbag, readMailbag, type MailReader } from './mailbag.ts';

const COLUMNS = 3;
const payload = fc.record({
  cols: fc.array(fc.double({ noNaN: true }), { minLength: COLUMNS, maxLength: COLUMNS }),
  bytes: fc.uint8Array({ maxLength: 300 }),
});
const event = fc.record({
  tick: fc.integer({ min: 0, max: 2 ** 40 }),
  priority: fc.integer({ min: 0, max: 7 }),
  src: fc.integer({ min: 0, max: 2 ** 31 }),
  seq: fc.integer({ min: 0, max: 2 ** 40 }),
  dst: fc.integer({ min: 0, max: 2 ** 31 }),
  type: fc.integer({ min: 0, max: 1000 }),
});
/** A bag: payloads, and events each carrying one of them (a payload may be shared, or carried by none). */
const bag = fc.array(payload, { minLength: 1, maxLength: 200, size: 'max' }).chain((payloads) =>
  fc.record({ payloads: fc.constant(payloads), events: fc.array(fc.tuple(event, fc.nat({ max: payloads.length - 1 })), { maxLength: 400, size: 'max' }) }),
);

type Read = { payloads: { cols: number[]; bytes: number[] }[]; events: unknown[] };

function reader(into: Read): MailReader {
  return {
    payload(cols, at, bytes) {
      into.payloads.push({ cols: Array.from(cols.subarray(at, at + COLUMNS)), bytes: Array.from(bytes) });
      return into.payloads.length - 1;
    },
    event(tick, priority, src, seq, dst, type, p) {
      into.events.push({ tick, priority, src, seq, dst, type, payload: p });
    },
  };
}

describe('Mailbag', () => {
  it('reads back every event and payload written, bag after bag through one Mailbag (property)', () => {
    fc.assert(
      fc.property(fc.array(bag, { minLength: 1, maxLength: 4 }), fc.nat({ max: 64 }), (bags, pad) => {
        const mb = new Mailbag(COLUMNS);
        for (const b of bags) {
          const refs = b.payloads.map((p) => mb.addPayload(p.cols, p.bytes));
          for (const [e, p] of b.events) mb.addEvent(e.tick, e.priority, e.src, e.seq, e.dst, e.type, refs[p]);
          expect(mb.size).toBe(b.events.length);
          expect(mb.minTick).toBe(Math.min(Infinity, ...b.events.map(([e]) => e.tick)));
          const expected: Read = {
            payloads: b.payloads.map((p) => ({ cols: p.cols, bytes: Array.from(p.bytes) })),
            events: b.events.map(([e, p]) => ({ ...e, payload: p })),
          };
          // Written at an offset of a larger shared buffer (as into a ring) …
          const at = pad * 8;
          const shared = new SharedArrayBuffer(at + mb.byteLength + 64);
          const length = mb.byteLength;
          mb.writeTo(shared, at);
          expect(mb.size).toBe(0);
          const got: Read = { payloads: [], events: [] };
          expect(readMailbag(shared, at, COLUMNS, reader(got))).toBe(length);
          expect(got).toEqual(expected);
          // … and the same bag again as a buffer of its own (the overflow channel's form).
          const refs2 = b.payloads.map((p) => mb.addPayload(p.cols, p.bytes));
          for (const [e, p] of b.events) mb.addEvent(e.tick, e.priority, e.src, e.seq, e.dst, e.type, refs2[p]);
          const own: Read = { payloads: [], events: [] };
          readMailbag(mb.take(), 0, COLUMNS, reader(own));
          expect(own).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});
