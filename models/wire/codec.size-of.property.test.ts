// makeEnvelope and encodedSizeOf (the world's per-message path) against the reference codec (codec.reference.ts:
// checkEnvelope + protobufjs verify + protobufjs encode): the envelope made from a header, a kind and a body encodes
// to the reference's bytes, its size from the parts is the reference frame's length, and a broken header or body
// throws the reference's own message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeArb } from './arbitraries.ts';
import * as codec from './codec.ts';
import * as ref from './codec.reference.ts';
import { EXAMPLES } from './examples.ts';
import { BODY_KINDS, type BodyKind } from './types.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 300);
type Obj = Record<string, unknown>;

/** The body kind an envelope of envelopeArb carries. */
function kindOf(env: codec.EnvelopeObject): BodyKind {
  return BODY_KINDS.find((k) => (env as unknown as Obj)[k] != null)!;
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
        const made = codec.makeEnvelope(env.header, kind, (env as unknown as Obj)[kind]);
        const frame = ref.encodeEnvelope(env);
        expect(Array.from(codec.encodeEnvelope(made))).toEqual(Array.from(frame));
        expect(codec.encodedSizeOf(env.header, kind, (env as unknown as Obj)[kind])).toBe(frame.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('provenSizeOf proves an envelope only when the reference accepts it, and encodeProven then writes the reference frame', () => {
    const breaks: ((h: Obj, b: Obj) => void)[] = [
      () => {},
      (h) => void (h['id'] = 1.5),
      (h) => void (h['colour'] = 1),
      (h) => void (h['language'] = 'not a tag!'),
      (_h, b) => void (b['colour'] = 1),
      (_h, b) => Object.setPrototypeOf(b, { inherited: 1 }),
    ];
    // Every run checks the envelope as drawn (always valid, so always proven) and one broken copy of it, so the
    // proven path is exercised on every run whatever the seed or FC_RUNS.
    let proven = 0, validProven = 0;
    fc.assert(
      fc.property(envelopeArb(), fc.integer({ min: 1, max: breaks.length - 1 }), (env, broken) => {
        const kind = kindOf(env);
        for (const i of [0, broken]) {
          const header = { ...(env.header as Obj) }, body = { ...((env as unknown as Obj)[kind] as Obj) };
          breaks[i]!(header, body);
          const made = codec.makeEnvelope(header as never, kind, body);
          const size = codec.provenSizeOf(header as never, kind, body);
          const reference = outcome(() => ref.encodedSize(made));
          if (size < 0) {
            if (i === 0) throw new Error('a valid envelope of the arbitrary was not proven');
            continue;
          }
          proven++;
          if (i === 0) validProven++;
          expect(size).toBe(reference);
          expect(Array.from(codec.encodeProven(made, kind))).toEqual(Array.from(ref.encodeEnvelope(made)));
        }
      }),
      { numRuns: RUNS },
    );
    expect(validProven).toBe(RUNS);
    expect(proven).toBeGreaterThanOrEqual(RUNS);
  });

  it('provenFrameOf gives the reference frame, and provenValid true, exactly where provenSizeOf proves the envelope, with or without the header length', () => {
    const breaks: ((h: Obj, b: Obj) => void)[] = [
      () => {},
      (h) => void (h['id'] = 1.5),
      (h) => void (h['language'] = 'not a tag!'),
      (_h, b) => void (b['colour'] = 1),
      (_h, b) => Object.setPrototypeOf(b, { inherited: 1 }),
    ];
    let framed = 0;
    fc.assert(
      fc.property(envelopeArb(), fc.integer({ min: 1, max: breaks.length - 1 }), (env, broken) => {
        const kind = kindOf(env);
        for (const i of [0, broken]) {
          const header = { ...(env.header as Obj) }, body = { ...((env as unknown as Obj)[kind] as Obj) };
          breaks[i]!(header, body);
          const h = header as unknown as codec.Header;
          // The world's call passes the header's length from the values it built the header from (when it has both ends).
          const { source: src, destination: dst } = h;
          const length = src && dst ? codec.headerLength(h.id as number, h.correlationId as number | undefined, h.visibility as number, h.priority as number, h.language, src.kind as number, src.id as number, dst.kind as number, dst.id as number, h.sentAtMs as number) : -1;
          for (const hl of length >= 0 ? [-1, length] : [-1]) {
            const frame = codec.provenFrameOf(h, kind, body, hl);
            const size = codec.provenSizeOf(h, kind, body, hl);
            expect(codec.provenValid(h, kind, body, hl)).toBe(size >= 0);
            if (hl >= 0) {
              // With the header's values proven, the world passes no header object: the same answer, but for the kinds
              // whose FR-19 rule reads the header (text messages, alerts), which are then never proven.
              const wholeEnvelope = kind === 'textMessage' || kind === 'publicAlert';
              expect(codec.provenSizeOf(undefined, kind, body, hl)).toBe(wholeEnvelope ? -1 : size);
              expect(codec.provenValid(undefined, kind, body, hl)).toBe(!wholeEnvelope && size >= 0);
            }
            if (frame === undefined) {
              expect(size).toBe(-1);
              if (i === 0) throw new Error('a valid envelope of the arbitrary was not proven');
              continue;
            }
            framed++;
            expect(Array.from(frame)).toEqual(Array.from(ref.encodeEnvelope(codec.makeEnvelope(h, kind, body))));
            expect(size).toBe(frame.length);
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(framed).toBeGreaterThanOrEqual(RUNS);
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
        const header = { ...(env.header as Obj) }, body = { ...((env as unknown as Obj)[kind] as Obj) };
        breaks[i]![1](header, body);
        const expected = outcome(() => ref.encodedSize({ header, [kind]: body } as unknown as codec.EnvelopeObject));
        expect(typeof expected).toBe('string');
        expect(outcome(() => codec.encodedSizeOf(header as never, kind, body))).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('headerLength gives the reference length of the header its values make, or -1 exactly where the reference refuses them', () => {
    // Values at and across every rule's edge: ids ≥ 1 and safe, uint32 actor ids, known non-zero enums, BCP 47 tags.
    // Mostly values on the good side of the edges (so that whole headers are often valid), sometimes broken ones.
    const mostly = <T,>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: bad });
    const u64 = mostly(fc.oneof(fc.constantFrom(0, 1, 127, 128, 16383, 16384, 2 ** 32, 2 ** 53 - 1), fc.maxSafeNat()), fc.constantFrom(2 ** 53, 1.5, -1, NaN));
    const u32 = mostly(fc.oneof(fc.constantFrom(0, 1, 127, 128, 2 ** 32 - 1), fc.nat()), fc.constantFrom(2 ** 32, -1, 2.5));
    const small = (max: number) => mostly(fc.integer({ min: 1, max }), fc.constantFrom(0, -1, max + 1, 99, 1.5));
    const top = (e: Record<string, number>) => Math.max(...Object.values(e));
    const visibility = small(top(codec.Visibility)), priority = small(top(codec.Priority)), kind = small(top(codec.ActorKind));
    const lang = mostly(fc.constantFrom(undefined, '', 'en', 'es-US', 'zh-Hant'), fc.constantFrom('english please', 'lone \uD800'));
    const values = fc.tuple(u64, fc.option(u64, { nil: undefined }), visibility, priority, lang, kind, u32, kind, u32, u64);
    const body = EXAMPLES.eventResponse.eventResponse;
    let valid = 0;
    fc.assert(
      fc.property(values, ([id, corr, vis, pri, language, sk, si, dk, di, sent]) => {
        const header: Obj = { id, visibility: vis, priority: pri, source: { kind: sk, id: si }, destination: { kind: dk, id: di }, sentAtMs: sent };
        if (corr !== undefined) header['correlationId'] = corr;
        if (language !== undefined) header['language'] = language;
        const expected = outcome(() => ref.encodedSize({ header, eventResponse: body } as unknown as codec.EnvelopeObject));
        const length = codec.headerLength(id, corr, vis, pri, language, sk, si, dk, di, sent);
        if (typeof expected === 'string') expect(length).toBe(-1);
        else expect(codec.encodedSizeOf(header as never, 'eventResponse', body, length)).toBe(expected), valid++;
      }),
      { numRuns: RUNS * 3 },
    );
    expect(valid).toBeGreaterThan(RUNS / 10); // whole valid headers were tried, not only broken ones
  });

  it('a missing body, or a kind that is not a body case, is refused', () => {
    const header = { id: 1, sentAtMs: 0 };
    expect(() => codec.encodedSizeOf(header, 'meteringReport', undefined)).toThrow(/body/);
    expect(() => codec.makeEnvelope(header, 'header' as BodyKind, {})).toThrow(/not an Envelope body case/);
  });
});
