// The fast paths of codec.ts (generated validators / encoders / decoders, compile.ts) against the straightforward
// implementation they replaced (codec.reference.ts: checkEnvelope + protobufjs verify + protobufjs encode; scan +
// protobufjs decode + toObject + checkEnvelope). Same bytes, same thrown messages, same decoded values (key order,
// Buffer vs Uint8Array, -0 included), same error classes and details — on valid envelopes, on randomly broken
// objects, and on random bytes / mutations of valid frames. Seeds print on failure.
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { envelopeArb, mutate, mutationArb } from './arbitraries.ts';
import * as codec from './codec.ts';
import * as ref from './codec.reference.ts';
import { EXAMPLES, THREE_LANGUAGE_TEXT_ENVELOPE } from './examples.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 400);
type Obj = Record<string, unknown>;
type Env = codec.EnvelopeObject;

const EXAMPLE_LIST = [...(Object.values(EXAMPLES) as Env[]), THREE_LANGUAGE_TEXT_ENVELOPE as Env];

/** A comparable picture of a value: key order, prototypes, typed-array classes and -0 are kept. */
function canon(x: unknown): unknown {
  if (typeof x === 'number') return Object.is(x, -0) ? 'number:-0' : Number.isNaN(x) ? 'number:NaN' : x;
  if (x instanceof Uint8Array) return { class: Buffer.isBuffer(x) ? 'Buffer' : x.constructor.name, bytes: Array.from(x) };
  if (Array.isArray(x)) return { array: x.map(canon) };
  if (x !== null && typeof x === 'object') {
    const proto = Object.getPrototypeOf(x) as unknown;
    return {
      proto: proto === Object.prototype ? 'Object' : proto === null ? 'null' : 'other',
      entries: Object.keys(x).map((k) => [k, canon((x as Obj)[k])]),
    };
  }
  return x;
}

type Outcome = { bytes: number[]; isBuffer: boolean } | { threw: string };
function run(fn: () => Uint8Array): Outcome {
  try {
    const b = fn();
    return { bytes: Array.from(b), isBuffer: Buffer.isBuffer(b) };
  } catch (e) {
    return { threw: e instanceof Error ? e.message : String(e) };
  }
}
function runSize(fn: () => number): number | string {
  try {
    return fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** encodeEnvelope, encodedSize and validateEnvelope agree with the reference on this object. */
function sameEncode(env: unknown): Outcome {
  const a = run(() => codec.encodeEnvelope(env as Env));
  const b = run(() => ref.encodeEnvelope(env as Env));
  expect(a).toEqual(b);
  expect(runSize(() => codec.encodedSize(env as Env))).toEqual(runSize(() => ref.encodedSize(env as Env)));
  expect(codec.validateEnvelope(env)).toBe(ref.validateEnvelope(env));
  return a;
}

/** decodeEnvelope agrees with the reference on these bytes, as a Buffer and as a plain Uint8Array. */
function sameDecode(bytes: Uint8Array): codec.DecodeResult {
  let first: codec.DecodeResult | undefined;
  for (const input of [Buffer.from(bytes), new Uint8Array(bytes)]) {
    const a = codec.decodeEnvelope(input);
    const b = ref.decodeEnvelope(input);
    expect(a.ok).toBe(b.ok);
    if (a.ok && b.ok) expect(canon(a.value)).toEqual(canon(b.value));
    if (!a.ok && !b.ok) expect([a.error, a.detail]).toEqual([b.error, b.detail]);
    first ??= a;
  }
  return first!;
}

// ---------------------------------------------------------------------------------------------------------
// Broken objects: random edits at random places of a valid envelope
// ---------------------------------------------------------------------------------------------------------

const WEIRD: unknown[] = [
  undefined, null, 0, -0, -1, 1, 2, 4, 29, 1.5, 15, 16, 100, 101, 254, 255, 256, 1440, 1441, 0xffff, 0x10000,
  2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -(2 ** 31), -(2 ** 31) - 1, -27315, -27316,
  Number.NaN, Infinity, -Infinity, 3.5e38, 1e21, '', 'x', 'en-US', 'EN-us', 'english please', 'lone \uD800',
  'ünïcødé ✓ 𝄞', 'a'.repeat(45), true, false, [], [1], [null], {}, { low: 1, high: 0 }, new Uint8Array(0),
  new Uint8Array(7), new Uint8Array(8), Buffer.alloc(16), 'AAAAAAAAAAA=', new String('en'), Symbol.for('s'),
];

/** A fresh copy of WEIRD[i] (the edits must not create shared or cyclic structures). */
function weird(i: number): unknown {
  const v = WEIRD[i % WEIRD.length];
  if (Array.isArray(v)) return [...(v as unknown[])];
  if (Buffer.isBuffer(v)) return Buffer.from(v);
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (v instanceof String) return new String(v.valueOf());
  if (v !== null && typeof v === 'object') return { ...v };
  return v;
}

/** A value of the same type close to the edges (ranges, lengths, lone surrogates, language tags, enum ends). */
function near(v: unknown, r: number): unknown {
  if (typeof v === 'number') {
    const edges = [v - 1, v + 1, -v, v * 2, v + 0.5, 0, -1, 1, 2 ** 32, 2 ** 53, 1_000_000, 0xffff + 1, 255 + 1, 15 + 1];
    for (const m of [1, 2, 4, 15, 16, 25, 27, 60, 61, 100, 120, 254, 255, 999, 1000, 1439, 1440, 0x7f, 0xffff, 32767, -27315, -720, 840])
      edges.push(m, m + 1, -m - 1);
    return edges[r % edges.length];
  }
  if (typeof v === 'string')
    return ['', 'lone \uD800', '\uDC00x', 'ok \uD83D\uDE00', 'english please', 'EN-us', 'x'.repeat(36), 'zh-Hant', 'en_US'][r % 9];
  if (v instanceof Uint8Array) return new Uint8Array([0, 1, 7, 8, 9, 15, 16, 17, 48][r % 9]!);
  if (typeof v === 'boolean') return [0, 1, 'true', !v][r % 4];
  if (Array.isArray(v)) return r % 3 === 0 ? [] : r % 3 === 1 ? [...(v as unknown[]), ...(v as unknown[])] : v.slice(1);
  return weird(r);
}

type Edit =
  | { op: 'near'; at: number; key: number; value: number }
  | { op: 'set'; at: number; key: number; value: number }
  | { op: 'delete'; at: number; key: number }
  | { op: 'unknown'; at: number; value: number }
  | { op: 'secondBody'; kind: number }
  | { op: 'hide'; at: number; key: number } // non-enumerable own property
  | { op: 'inherit'; at: number; key: number; hidden: boolean } // move the property to the prototype
  | { op: 'element'; at: number; index: number; value: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('near' as const), at: fc.nat(), key: fc.nat(), value: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), key: fc.nat(), value: fc.nat() }) },
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), key: fc.nat() }),
  fc.record({ op: fc.constant('unknown' as const), at: fc.nat(), value: fc.nat() }),
  fc.record({ op: fc.constant('secondBody' as const), kind: fc.nat() }),
  fc.record({ op: fc.constant('hide' as const), at: fc.nat(), key: fc.nat() }),
  fc.record({ op: fc.constant('inherit' as const), at: fc.nat(), key: fc.nat(), hidden: fc.boolean() }),
  fc.record({ op: fc.constant('element' as const), at: fc.nat(), index: fc.nat(), value: fc.nat() }),
);

/** All objects (and arrays) in a value, the root first, each with its parent slot so it can be replaced. */
function nodes(root: Obj): { node: Obj | unknown[]; parent: Obj | unknown[] | null; key: string | number }[] {
  const out: { node: Obj | unknown[]; parent: Obj | unknown[] | null; key: string | number }[] = [];
  const walk = (node: unknown, parent: Obj | unknown[] | null, key: string | number): void => {
    if (node === null || typeof node !== 'object' || node instanceof Uint8Array || node instanceof String) return;
    out.push({ node: node as Obj, parent, key });
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, node, i));
    else for (const k of Object.keys(node)) walk((node as Obj)[k], node as Obj, k);
  };
  walk(root, null, '');
  return out;
}

function applyEdit(env: Obj, e: Edit): Obj {
  const all = nodes(env);
  const objs = all.filter((n) => !Array.isArray(n.node));
  const pick = objs[('at' in e ? e.at : 0) % objs.length]!;
  const o = pick.node as Obj;
  const keys = Object.keys(o);
  const key = 'key' in e && keys.length > 0 ? keys[e.key % keys.length]! : undefined;
  switch (e.op) {
    case 'near':
      if (key !== undefined) o[key] = near(o[key], e.value);
      break;
    case 'set':
      if (key !== undefined) o[key] = weird(e.value);
      break;
    case 'delete':
      if (key !== undefined) delete o[key];
      break;
    case 'unknown':
      o[`extra${e.value % 3}`] = weird(e.value);
      break;
    case 'secondBody': {
      const kinds = Object.keys(EXAMPLES);
      const k = kinds[e.kind % kinds.length]!;
      env[k] = structuredClone((EXAMPLES as unknown as Record<string, Obj>)[k]![k]);
      break;
    }
    case 'hide':
      if (key !== undefined) Object.defineProperty(o, key, { value: o[key], enumerable: false, writable: true, configurable: true });
      break;
    case 'inherit':
      if (key !== undefined) {
        const proto = { [key]: o[key] };
        if (e.hidden) Object.defineProperty(proto, key, { enumerable: false });
        const copy = Object.create(proto) as Obj;
        for (const k of keys) if (k !== key) copy[k] = o[k];
        if (pick.parent === null) return copy;
        (pick.parent as Obj)[pick.key as string] = copy;
      }
      break;
    case 'element': {
      const arrays = all.filter((n) => Array.isArray(n.node));
      if (arrays.length === 0) break;
      const a = arrays[e.at % arrays.length]!.node as unknown[];
      a[a.length === 0 ? 0 : e.index % (a.length + 1)] = weird(e.value);
      break;
    }
  }
  return env;
}

const anyEnvelope = fc.oneof(envelopeArb(), fc.constantFrom(...EXAMPLE_LIST));
const brokenEnvelope = fc
  .tuple(anyEnvelope, fc.array(editArb, { minLength: 1, maxLength: 3 }))
  .map(([env, edits]) => edits.reduce(applyEdit, structuredClone(env) as unknown as Obj));

/** protobufjs' own encoder on an unchecked object: well-formed frames whose values may break the rules. */
function rawFrame(obj: Obj): Uint8Array | null {
  try {
    return ref.envelopeReflection.encode(obj).finish();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------

describe('encode: same bytes, same errors as the reference', () => {
  it('every example (and the 3-language text)', () => {
    for (const env of EXAMPLE_LIST) {
      const r = sameEncode(env);
      expect('bytes' in r).toBe(true);
    }
  });

  it('random valid envelopes', () => {
    fc.assert(
      fc.property(envelopeArb(), (env) => {
        expect('bytes' in sameEncode(env)).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('randomly broken envelopes (bad values, unknown / missing / hidden / inherited keys, two bodies)', () => {
    let rejected = 0;
    fc.assert(
      fc.property(brokenEnvelope, (env) => {
        if ('threw' in sameEncode(env)) rejected++;
      }),
      { numRuns: RUNS * 10 },
    );
    expect(rejected).toBeGreaterThan(RUNS); // the edits do break things
  });

  it('strings of every length and script, nested messages past 127 / 16383 bytes, pool boundaries', () => {
    const texts = ['', 'a', 'é', '✓', '𝄞', 'a\u0000b', '\uFEFFbom'];
    for (let n = 0; n < 200; n += 7) texts.push('x'.repeat(n), 'é'.repeat(n), `${'a'.repeat(n)}𝄞`, '中'.repeat(n));
    const kept: [Uint8Array, Env][] = [];
    for (const text of texts) {
      const env = structuredClone(EXAMPLES.textMessage) as Env;
      env.textMessage!.variants![0]!.text = text;
      env.textMessage!.originator = text.slice(0, 30);
      sameEncode(env);
      kept.push([codec.encodeEnvelope(env), env]);
    }
    for (const size of [0, 1, 100, 127, 128, 16_000, 16_383, 16_384, 70_000, 3_000_000]) {
      const env = structuredClone(EXAMPLES.firmwareImageBlock) as Env;
      env.firmwareImageBlock!.data = Uint8Array.from({ length: size }, (_, i) => i * 7);
      sameEncode(env);
      kept.push([codec.encodeEnvelope(env), env]);
    }
    // Frames handed out earlier are not overwritten by later ones (pooled output buffers).
    for (let i = 0; i < 3000; i++) {
      const env = EXAMPLE_LIST[i % EXAMPLE_LIST.length]!;
      kept.push([codec.encodeEnvelope(env), env]);
    }
    for (const [bytes, env] of kept) expect(Buffer.from(bytes).equals(Buffer.from(ref.encodeEnvelope(env)))).toBe(true);
  });

  it('64-bit and signed edge values', () => {
    for (const id of [1, 127, 128, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER]) {
      const env = structuredClone(EXAMPLES.loadControlEvent) as Env;
      env.header.id = id;
      env.header.correlationId = id;
      env.header.sentAtMs = id;
      env.loadControlEvent!.coolingTemperatureSetPoint = -27315;
      env.loadControlEvent!.averageLoadAdjustmentPercent = -100;
      sameEncode(env);
    }
  });
});

describe('decode: same value or same error as the reference', () => {
  it('every example', () => {
    for (const env of EXAMPLE_LIST) expect(sameDecode(ref.encodeEnvelope(env)).ok).toBe(true);
  });

  it('random valid frames', () => {
    fc.assert(
      fc.property(envelopeArb(), (env) => {
        expect(sameDecode(ref.encodeEnvelope(env)).ok).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        sameDecode(bytes);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('mutated valid frames', () => {
    const classes = new Map<string, number>();
    fc.assert(
      fc.property(anyEnvelope, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (env, muts) => {
        const r = sameDecode(muts.reduce(mutate, ref.encodeEnvelope(env)));
        const key = r.ok ? 'ok' : r.error;
        classes.set(key, (classes.get(key) ?? 0) + 1);
      }),
      { numRuns: RUNS * 20 },
    );
    expect(classes.get('ok') ?? 0).toBeGreaterThan(0);
    expect([...classes.keys()].filter((k) => k !== 'ok').length).toBeGreaterThanOrEqual(5);
  });

  it('well-formed frames of broken objects (values out of range, unknown enums, missing fields, two bodies)', () => {
    const classes = new Map<string, number>();
    fc.assert(
      fc.property(brokenEnvelope, (obj) => {
        const frame = rawFrame(obj);
        if (frame === null) return;
        const r = sameDecode(frame);
        const key = r.ok ? 'ok' : r.error;
        classes.set(key, (classes.get(key) ?? 0) + 1);
      }),
      { numRuns: RUNS * 10 },
    );
    expect(classes.get('invalid-field') ?? 0).toBeGreaterThan(0);
  });

  it('hand-made frames: unpacked repeated, out-of-order fields, zero values, empty bytes / strings / messages', () => {
    const W = (): protobuf.Writer => protobuf.Writer.create();
    const header = ref.encodeEnvelope(EXAMPLES.intervalMeterRead).subarray(0, 2 + ref.encodeEnvelope(EXAMPLES.intervalMeterRead)[1]!);
    const withBody = (field: number, body: Uint8Array, headerFirst = true): Uint8Array => {
      const b = W().uint32((field << 3) | 2).bytes(body).finish();
      return Uint8Array.from(headerFirst ? [...header, ...b] : [...b, ...header]);
    };
    // IntervalMeterRead (8): meter_id 1, start_time_s 2, interval_minutes 3, interval_wh 4 (repeated uint32), ...
    const imr = ref.envelopeReflection.fields['intervalMeterRead']!.resolvedType as protobuf.Type;
    const ids = Object.fromEntries(imr.fieldsArray.map((f) => [f.name, f.id]));
    const frames = [
      // unpacked elements, interleaved with packed ones
      withBody(8, W().uint32((ids['intervalWh']! << 3) | 0).uint32(5).uint32((ids['intervalMinutes']! << 3) | 0).uint32(15)
        .uint32((ids['intervalWh']! << 3) | 2).fork().uint32(6).uint32(7).ldelim().uint32((ids['intervalWh']! << 3) | 0).uint32(8).finish()),
      // empty packed run: an empty array that toObject leaves out
      withBody(8, W().uint32((ids['intervalWh']! << 3) | 2).uint32(0).uint32((ids['intervalMinutes']! << 3) | 0).uint32(15).finish()),
      // fields in reverse order, body before header
      withBody(8, W().uint32((ids['intervalMinutes']! << 3) | 0).uint32(15).uint32((ids['meterId']! << 3) | 0).uint32(0).finish(), false),
      // empty body message
      withBody(8, new Uint8Array(0)),
      withBody(12, new Uint8Array(0)),
    ];
    for (const f of frames) sameDecode(f);
    // Zero-length bytes / strings / messages present on the wire in every example kind.
    for (const env of EXAMPLE_LIST) {
      const o = structuredClone(env) as unknown as Obj;
      for (const n of nodes(o)) {
        if (Array.isArray(n.node)) continue;
        for (const k of Object.keys(n.node)) {
          const v = (n.node as Obj)[k];
          if (v instanceof Uint8Array) (n.node as Obj)[k] = new Uint8Array(0);
          else if (typeof v === 'string') (n.node as Obj)[k] = '';
          else if (typeof v === 'number') (n.node as Obj)[k] = 0;
        }
      }
      const frame = rawFrame(o);
      if (frame) sameDecode(frame);
    }
  });
});
