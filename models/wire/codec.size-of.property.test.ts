// makeEnvelope and encodedSizeOf (the world's per-message path) against the reference codec (codec.reference.ts:
// checkEnvelope + protobufjs verify + protobufjs encode): the envelope made from a header, a kind and a body encodes
// to the reference's bytes, its size from the parts is the reference frame's length, and a broken header or body
// throws the reference's own message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeArb } from './arbitraries.ts';
import * as codec from './codec.ts';
import * as ref from './codec.reference.ts';
import { BODY_KINDS, type BodyKind } from './types.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 300);
type Obj = Record<string, unknown>;

/** The body kind an envelope of envelopeArb carries. */
function kindOf(env: codec.EnvelopeObject): BodyKind {
  return BODY_KINDS.find((k) => (env as Obj)[k] != null)!;
}

function outcome(fn: () => number): number | string {
  try {
    return fn();
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^\w+: /, '') : String(e);
  }
}

describe('makeEnvelope / encodedSizeOf', () => {
  it('the envelope made from its parts is the reference frame, and its size from the parts is that frame\'s length', () => {
    fc.assert(
      fc.property(envelopeArb(), (env) => {
        const kind = kindOf(env);
        const made = codec.makeEnvelope(env.header, kind, (env as Obj)[kind]);
        const frame = ref.encodeEnvelope(env);
        expect(Array.from(codec.encodeEnvelope(made))).toEqual(Array.from(frame));
        expect(codec.encodedSizeOf(env.header, kind, (env as Obj)[kind])).toBe(frame.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('a broken header or body throws what the reference says of the whole envelope', () => {
    const breaks: [string, (h: Obj, b: Obj) => void][] = [
      ['header id not an integer', (h) => void (h['id'] = 1.5)],
      ['header id past 2^53', (h) => void (h['id'] = 2 ** 53)],
      ['unknown header field', (h) => void (h['colour'] = 1)],
      ['destination not an object', (h) => void (h['destination'] = 7)],
      ['unknown body field', (_h, b) => void (b['colour'] = 1)],
    ];
    fc.assert(
      fc.property(envelopeArb(), fc.nat(breaks.length - 1), (env, i) => {
        const kind = kindOf(env);
        const header = { ...(env.header as Obj) }, body = { ...((env as Obj)[kind] as Obj) };
        breaks[i]![1](header, body);
        const expected = outcome(() => ref.encodedSize({ header, [kind]: body } as unknown as codec.EnvelopeObject));
        expect(typeof expected).toBe('string');
        expect(outcome(() => codec.encodedSizeOf(header as never, kind, body))).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('a missing body, or a kind that is not a body case, is refused', () => {
    const header = { id: 1, sentAtMs: 0 };
    expect(() => codec.encodedSizeOf(header, 'meteringReport', undefined)).toThrow(/body/);
    expect(() => codec.makeEnvelope(header, 'header' as BodyKind, {})).toThrow(/not an Envelope body case/);
  });
});
