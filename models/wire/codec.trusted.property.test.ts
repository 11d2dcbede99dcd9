// decodeTrusted (a partner partition's frames, written by this codec from valid envelopes) against the reference
// decoder (codec.reference.ts) and decodeEnvelope: for every valid envelope x, decodeTrusted(encode(x)) gives the
// same value as both, to the key order, typed-array class and -0; frames the wire scan rejects get
// decodeEnvelope's exact error; and any frame decodeEnvelope accepts, decodeTrusted accepts with the same value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeArb, mutate, mutationArb } from './arbitraries.ts';
import * as codec from './codec.ts';
import * as ref from './codec.reference.ts';
import { EXAMPLES, THREE_LANGUAGE_TEXT_ENVELOPE } from './examples.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 400);
type Obj = Record<string, unknown>;
type Env = codec.EnvelopeObject;

/** A comparable picture of a value: key order, prototypes, typed-array classes and -0 are kept. */
function canon(x: unknown): unknown {
  if (typeof x === 'number') return Object.is(x, -0) ? 'number:-0' : x;
  if (x instanceof Uint8Array) return { class: Buffer.isBuffer(x) ? 'Buffer' : x.constructor.name, bytes: Array.from(x) };
  if (Array.isArray(x)) return { array: x.map(canon) };
  if (x !== null && typeof x === 'object') {
    const proto = Object.getPrototypeOf(x) as unknown;
    return { proto: proto === Object.prototype ? 'Object' : proto === null ? 'null' : 'other', entries: Object.keys(x).map((k) => [k, canon((x as Obj)[k])]) };
  }
  return x;
}
const picture = (r: codec.DecodeResult | ref.DecodeResult) => (r.ok ? { ok: true, value: canon(r.value) } : r);

/** Both forms a partner's frame takes: the bytes as encoded, and a copy in a plain Uint8Array (a bag's bytes). */
const forms = (frame: Uint8Array) => [frame, new Uint8Array(frame)];

describe('decodeTrusted', () => {
  it('gives the reference decoder’s value for every encoded valid envelope (property)', () => {
    const examples = [...(Object.values(EXAMPLES) as Env[]), THREE_LANGUAGE_TEXT_ENVELOPE as Env];
    const check = (env: Env) => {
      for (const frame of forms(codec.encodeEnvelope(env))) {
        const want = picture(ref.decodeEnvelope(frame));
        expect(want.ok).toBe(true);
        expect(picture(codec.decodeTrusted(frame))).toEqual(want);
        expect(picture(codec.decodeTrusted(frame))).toEqual(picture(codec.decodeEnvelope(frame)));
      }
    };
    examples.forEach(check);
    fc.assert(fc.property(envelopeArb(), check), { numRuns: RUNS });
  });

  it('accepts what decodeEnvelope accepts with the same value, and gives its exact error where the wire scan fails (property)', () => {
    const check = (bytes: Uint8Array) => {
      const full = codec.decodeEnvelope(bytes);
      const trusted = codec.decodeTrusted(bytes);
      if (full.ok) expect(picture(trusted)).toEqual(picture(full));
      // Where the trusted decoder fails, it is decodeEnvelope's verdict; where only the value rules fail, it accepts.
      if (!trusted.ok) expect(trusted).toEqual(full);
    };
    fc.assert(
      fc.property(envelopeArb(), mutationArb, (env, m) => check(mutate(codec.encodeEnvelope(env), m))),
      { numRuns: RUNS },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), check), { numRuns: RUNS });
  });
});
