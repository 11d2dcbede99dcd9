/**
 * What crosses a partition boundary is decoded where it lands as it would be on one thread: a frame that was
 * encoded from a valid envelope may skip the value rules (codec.decodeTrusted), but bytes that were real wire or
 * injected (corruption may have changed them) are checked in full, so a value the rules refuse is still refused.
 */
import { describe, expect, it } from 'vitest';
import { Mailbag, readMailbag } from '../../sim/parallel/mailbag.ts';
import { decodeEnvelope, encodeEnvelope, envelopeReflection, type EnvelopeObject } from '../wire/codec.ts';
import { EXAMPLES } from '../wire/examples.ts';
import { Ev } from './events.ts';
import { MESSAGE_COLUMNS, MessageMail, MessageMailReader } from './message-mail.ts';
import { MessageTable } from './messages.ts';
import type { World } from './world.ts';

/** The parts of a world that mail reads and writes. */
function worldLike(): World {
  return { msgs: new MessageTable(), sim: { inject() {} }, decodedBroadcasts: new Map() } as unknown as World;
}

/** Mails message m of `from` to a fresh world; returns that world and the message's row there. */
function cross(from: World, m: number): { to: World; r: number } {
  const bag = new Mailbag(MESSAGE_COLUMNS);
  new MessageMail(bag).add(from, 10, 1, 2, 3, 4, Ev.ARRIVE, m);
  const to = worldLike();
  let r = -1;
  const reader = new MessageMailReader(to, new Map());
  readMailbag(bag.take(), 0, MESSAGE_COLUMNS, {
    payload: (cols, at, bytes) => (r = reader.payload(cols, at, bytes)),
    event: (...a) => reader.event(...a),
  });
  return { to, r };
}

describe('messages crossing a partition boundary', () => {
  it('arrive as the valid envelope that left, whether it travelled as an object or as bytes', () => {
    const env = EXAMPLES.priceSignal as EnvelopeObject;
    for (const frame of [env, encodeEnvelope(env)]) {
      const from = worldLike();
      const m = from.msgs.add('priceSignal', 1, false, 0, 2, 4, -1, false, frame, 255, true, encodeEnvelope(env).length, true);
      const { to, r } = cross(from, m);
      const opened = to.msgs.open(r);
      expect(opened).toEqual(decodeEnvelope(encodeEnvelope(env)));
      expect(opened.ok).toBe(true);
    }
  });

  it('refuse, where they land, real-wire bytes whose values break the rules (they are not trusted)', () => {
    const bad = structuredClone(EXAMPLES.priceSignal) as unknown as { header: { priority: number } };
    bad.header.priority = 77; // no such enum value: the wire scan accepts it, the value rules do not
    const bytes = envelopeReflection.encode(envelopeReflection.fromObject(bad)).finish();
    const want = decodeEnvelope(bytes);
    expect(want.ok).toBe(false);
    const from = worldLike();
    const m = from.msgs.add('priceSignal', 1, false, 0, 2, 4, -1, false, bytes, 255, true);
    const { to, r } = cross(from, m);
    expect(to.msgs.open(r)).toEqual(want);
    // … and again if it crosses once more.
    const back = cross(to, r);
    expect(back.to.msgs.open(back.r)).toEqual(want);
  });
});
