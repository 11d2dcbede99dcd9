import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeArb, normalize } from '../wire/arbitraries.ts';
import { decodeEnvelope, encodedSize, encodeEnvelope, BODY_KINDS } from '../wire/codec.ts';
import { MessageTable } from '../world/messages.ts';

/**
 * Where the wire is not real a message travels as its envelope object and the destination reads that object;
 * where it is real the destination decodes the frame. The two must be the same message: decode(encode(x)) = x
 * for every body kind, and the airtime is charged for the real frame's size either way.
 */
describe('a message travelling as an object is the message its frame decodes to (property)', () => {
  it.each(BODY_KINDS)('%s: the destination reads the same envelope either way, and the size is the frame length', (kind) => {
    fc.assert(
      fc.property(envelopeArb([kind]), (env) => {
        const frame = encodeEnvelope(env);
        const decoded = decodeEnvelope(frame);
        if (!decoded.ok) throw new Error(`${decoded.error}: ${decoded.detail}`);
        expect(normalize(decoded.value)).toEqual(normalize(env));

        const table = new MessageTable();
        const asObject = table.add(kind, 1, false, 0, 0, 1, -1, false, env, 255, true, encodedSize(env));
        const asBytes = table.add(kind, 1, false, 0, 0, 1, -1, false, frame, 255, true);
        expect(table.size[asObject]).toBe(frame.length);
        expect(table.size[asBytes]).toBe(frame.length);
        const a = table.open(asObject), b = table.open(asBytes);
        if (!a.ok || !b.ok) throw new Error('a valid message did not open');
        expect(normalize(a.value)).toEqual(normalize(b.value));
        // At a partition boundary the object is encoded: the same bytes as the frame it would have had.
        expect(Buffer.from(table.frameOf(asObject)!).equals(Buffer.from(frame))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
