// Property tests: random valid envelopes round-trip; random and mutated frames never make decodeEnvelope
// throw, and whatever it accepts is a valid, re-encodable envelope. Seeds print on failure (replay with
// fc.assert's { seed, path }).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeArb, mutate, mutationArb, normalize } from './arbitraries.ts';
import {
  BODY_KINDS,
  DECODE_ERROR_CLASSES,
  bodyKind,
  decodeEnvelope,
  encodeEnvelope,
  encodedSize,
  validateEnvelope,
  type DecodeResult,
} from './codec.ts';
import { EXAMPLES } from './examples.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 400);
const KNOWN = new Set<string>(DECODE_ERROR_CLASSES);

/** decodeEnvelope must not throw; a rejection has a known class; an acceptance is a valid envelope. */
function checkDecode(bytes: Uint8Array): DecodeResult {
  let r: DecodeResult;
  try {
    r = decodeEnvelope(bytes);
  } catch (e) {
    throw new Error(`decodeEnvelope threw: ${String(e)}`);
  }
  if (!r.ok) {
    if (!KNOWN.has(r.error)) throw new Error(`unknown error class ${r.error}`);
    return r;
  }
  // Whatever decode accepts, encode accepts too, and it survives another round trip unchanged.
  expect(validateEnvelope(r.value)).toBeNull();
  const again = encodeEnvelope(r.value);
  const r2 = decodeEnvelope(again);
  expect(r2.ok).toBe(true);
  if (r2.ok) expect(normalize(r2.value)).toEqual(normalize(r.value));
  return r;
}

const validFrame = fc.oneof(
  envelopeArb().map((e) => encodeEnvelope(e)),
  fc.constantFrom(...Object.values(EXAMPLES)).map((e) => encodeEnvelope(e)),
);

describe('round trip (property)', () => {
  it('random valid envelopes round-trip exactly', () => {
    fc.assert(
      fc.property(envelopeArb(), (env) => {
        expect(validateEnvelope(env)).toBeNull();
        const bytes = encodeEnvelope(env);
        expect(encodedSize(env)).toBe(bytes.length);
        const r = decodeEnvelope(bytes);
        if (!r.ok) throw new Error(`${r.error}: ${r.detail}`);
        expect(normalize(r.value)).toEqual(normalize(env));
        expect(bodyKind(r.value)).toBe(bodyKind(env));
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it.each(BODY_KINDS)('random %s envelopes round-trip', (kind) => {
    fc.assert(
      fc.property(envelopeArb([kind]), (env) => {
        const r = decodeEnvelope(encodeEnvelope(env));
        if (!r.ok) throw new Error(`${r.error}: ${r.detail}`);
        expect(normalize(r.value)).toEqual(normalize(env));
      }),
      { numRuns: Math.ceil(RUNS / 8) },
    );
  });
});

describe('fuzz (property)', () => {
  it('random bytes never throw and are classified', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        checkDecode(bytes);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('random bytes after a valid header never throw and are classified', () => {
    const header = encodeEnvelope(EXAMPLES.priceSignal).subarray(0, 2 + encodeEnvelope(EXAMPLES.priceSignal)[1]!);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        checkDecode(Uint8Array.from([...header, ...tail]));
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('mutated valid frames never throw; accepted mutants are valid envelopes', () => {
    const classes = new Map<string, number>();
    fc.assert(
      fc.property(validFrame, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (frame, muts) => {
        const bytes = muts.reduce(mutate, frame);
        const r = checkDecode(bytes);
        const key = r.ok ? 'ok' : r.error;
        classes.set(key, (classes.get(key) ?? 0) + 1);
      }),
      { numRuns: RUNS * 10 },
    );
    // The mutations exercise several rejection paths, not only one.
    expect([...classes.keys()].filter((k) => k !== 'ok').length).toBeGreaterThanOrEqual(4);
  });

  it('every strict prefix of a random valid frame is rejected; cuts inside a field say "truncated"', () => {
    // Envelope = header field + one body field, both length-delimited, so no strict prefix is a valid envelope.
    fc.assert(
      fc.property(envelopeArb(), fc.nat(), (env, cutSeed) => {
        const bytes = encodeEnvelope(env);
        const cut = cutSeed % bytes.length;
        const r = checkDecode(bytes.subarray(0, cut));
        expect(r.ok).toBe(false);
        // Header length prefix: one varint after the 0x0a tag.
        let p = 1;
        let len = 0;
        for (let shift = 0; ; shift += 7) {
          const b = bytes[p++]!;
          len += (b & 0x7f) * 2 ** shift;
          if (b < 0x80) break;
        }
        const headerEnd = p + len;
        if (!r.ok) expect(r.error).toBe(cut === 0 ? 'missing-header' : cut === headerEnd ? 'empty-body' : 'truncated');
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
