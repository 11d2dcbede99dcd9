import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { normalize } from './arbitraries.ts';
import {
  ActorKind,
  BODY_FIELD_NUMBERS,
  BODY_KINDS,
  DECODE_ERROR_CLASSES,
  Visibility,
  bodyFieldNumber,
  bodyKind,
  bodyKindOfFieldNumber,
  decodeEnvelope,
  encodeEnvelope,
  encodedSize,
  envelopeReflection,
  isLanguageTag,
  validateEnvelope,
  type BodyKind,
  type EnvelopeObject,
} from './codec.ts';
import { EXAMPLES, EUI64, THREE_LANGUAGE_TEXT, THREE_LANGUAGE_TEXT_ENVELOPE } from './examples.ts';
import { loadSchema } from './schema.ts';

const clone = <T>(x: T): T => structuredClone(x);
const kindsOfExamples = Object.keys(EXAMPLES) as BodyKind[];

function decodeOk(bytes: Uint8Array): EnvelopeObject {
  const r = decodeEnvelope(bytes);
  if (!r.ok) throw new Error(`decode failed: ${r.error} ${r.detail}`);
  return r.value;
}

/** Raw protobuf writer helpers for hand-made frames. */
const W = (): protobuf.Writer => protobuf.Writer.create();
function headerBytes(): Uint8Array {
  return protobuf.Writer.create()
    .uint32((1 << 3) | 0).uint64(7)
    .uint32((3 << 3) | 0).int32(2)
    .uint32((4 << 3) | 0).int32(3)
    .uint32((6 << 3) | 2).fork().uint32((1 << 3) | 0).int32(6).ldelim()
    .uint32((7 << 3) | 2).fork().uint32((1 << 3) | 0).int32(9).ldelim()
    .finish();
}
/** Frame = header field + the given raw Envelope tail. */
function frame(tail: (w: protobuf.Writer) => protobuf.Writer): Uint8Array {
  return tail(W().uint32((1 << 3) | 2).bytes(headerBytes())).finish();
}

describe('schema coverage', () => {
  it('the example table has one envelope for every oneof case of Envelope.body (reflected)', () => {
    const reflected = loadSchema().lookupType('scsim.c5.Envelope').oneofs['body']!.oneof.slice().sort();
    expect(kindsOfExamples.slice().sort()).toEqual(reflected);
    expect([...BODY_KINDS].sort()).toEqual(reflected);
  });

  it('each example carries exactly the body it is filed under', () => {
    for (const kind of kindsOfExamples) {
      expect(bodyKind(EXAMPLES[kind])).toBe(kind);
      const set = BODY_KINDS.filter((k) => (EXAMPLES[kind] as unknown as Record<string, unknown>)[k] != null);
      expect(set).toEqual([kind]);
    }
  });

  it('body field numbers map both ways', () => {
    for (const k of BODY_KINDS) {
      expect(bodyKindOfFieldNumber(bodyFieldNumber(k))).toBe(k);
      expect(envelopeReflection.fields[k]!.id).toBe(BODY_FIELD_NUMBERS[k]);
    }
    expect(bodyKindOfFieldNumber(1)).toBeUndefined();
    expect(bodyKindOfFieldNumber(29)).toBeUndefined();
  });
});

describe('round trip of every body kind', () => {
  it.each(kindsOfExamples)('%s', (kind) => {
    const env = EXAMPLES[kind];
    expect(validateEnvelope(env)).toBeNull();
    const bytes = encodeEnvelope(env);
    expect(bytes.length).toBe(encodedSize(env));
    const back = decodeOk(bytes);
    expect(normalize(back)).toEqual(normalize(env));
    expect(bodyKind(back)).toBe(kind);
    // Re-encoding the decoded object gives the same bytes (deterministic, lossless).
    expect(Buffer.from(encodeEnvelope(back)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('decoded objects are plain: 64-bit header values are numbers, never Long objects', () => {
    const env = clone(EXAMPLES.priceSignal);
    env.header.id = Number.MAX_SAFE_INTEGER;
    env.header.correlationId = 2 ** 40 + 3;
    env.header.sentAtMs = 365 * 86_400_000;
    const back = decodeOk(encodeEnvelope(env));
    expect(back.header.id).toBe(Number.MAX_SAFE_INTEGER);
    expect(back.header.correlationId).toBe(2 ** 40 + 3);
    expect(back.header.sentAtMs).toBe(365 * 86_400_000);
    expect(typeof back.header.id).toBe('number');
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(back.header))).toEqual(back.header);
  });

  it('a Buffer and a plain Uint8Array decode the same', () => {
    const bytes = encodeEnvelope(EXAMPLES.deviceIdentification);
    const a = decodeOk(Buffer.from(bytes));
    const b = decodeOk(new Uint8Array(bytes));
    expect(normalize(a)).toEqual(normalize(b));
  });
});

describe('sizes (bytes on the wire set airtime)', () => {
  const price = encodedSize(EXAMPLES.priceSignal);
  const currentOnly = encodedSize({ ...EXAMPLES.priceSignal, priceSignal: { current: EXAMPLES.priceSignal.priceSignal.current! } });
  const dr = encodedSize(EXAMPLES.loadControlEvent);
  const text3 = encodedSize(THREE_LANGUAGE_TEXT_ENVELOPE);

  it('a long 3-language text is larger than a price tier, a price signal and a DR event', () => {
    expect(text3).toBeGreaterThan(currentOnly);
    expect(text3).toBeGreaterThan(price);
    expect(text3).toBeGreaterThan(dr);
    // ...and larger than the sum of its language texts' UTF-8 bytes.
    const textBytes = THREE_LANGUAGE_TEXT.reduce((n, v) => n + Buffer.byteLength(v.text, 'utf8'), 0);
    expect(text3).toBeGreaterThan(textBytes);
  });

  it('the next price costs extra bytes; a DR event fits a small frame', () => {
    expect(price).toBeGreaterThan(currentOnly);
    expect(dr).toBeLessThan(100);
    expect(currentOnly).toBeLessThan(100);
  });

  it('sizes are stable (golden values; update deliberately when the schema changes)', () => {
    expect({ priceSignal: price, priceCurrentOnly: currentOnly, loadControlEvent: dr, text3Languages: text3 }).toEqual({
      priceSignal: 112,
      priceCurrentOnly: 71,
      loadControlEvent: 64,
      text3Languages: 546,
    });
  });
});

describe('encode rejects programmer errors, naming the field', () => {
  const cases: [string, (e: EnvelopeObject) => void, RegExp][] = [
    ['missing header', (e) => delete (e as Partial<EnvelopeObject>).header, /header: required/],
    ['no body', (e) => delete (e as Partial<EnvelopeObject>).loadControlEvent, /body: exactly one body/],
    ['two bodies', (e) => Object.assign(e, { endOfEvent: { reason: 1 } }), /endOfEvent: body already set by loadControlEvent/],
    ['id 0', (e) => (e.header.id = 0), /header\.id: 0 out of range/],
    ['no id', (e) => delete e.header.id, /header\.id: required in Header/],
    ['unsafe 64-bit id', (e) => (e.header.id = 2 ** 53), /header\.id: .*not a safe integer/],
    ['negative uint32', (e) => (e.loadControlEvent!.issuerEventId = -1), /loadControlEvent\.issuerEventId: -1 out of range/],
    ['uint32 overflow', (e) => (e.loadControlEvent!.issuerEventId = 2 ** 32), /loadControlEvent\.issuerEventId: 4294967296 out of range/],
    ['ZigBee range', (e) => (e.loadControlEvent!.dutyCyclePercent = 101), /loadControlEvent\.dutyCyclePercent: 101 out of range 0\.\.100/],
    ['duration > 1 day', (e) => (e.loadControlEvent!.durationMinutes = 1441), /durationMinutes: 1441 out of range/],
    ['unknown enum', (e) => (e.loadControlEvent!.criticalityLevel = 99 as never), /loadControlEvent\.criticalityLevel: unknown enum value 99/],
    ['missing required enum', (e) => delete e.loadControlEvent!.criticalityLevel, /loadControlEvent\.criticalityLevel: required/],
    ['unspecified visibility', (e) => (e.header.visibility = Visibility.VISIBILITY_UNSPECIFIED), /header\.visibility: required/],
    ['missing destination', (e) => delete e.header.destination, /header\.destination: required/],
    ['typo in a field name', (e) => Object.assign(e.loadControlEvent!, { dutyCycle: 50 }), /loadControlEvent\.dutyCycle: unknown field of LoadControlEvent/],
    ['wrong type', (e) => Object.assign(e.loadControlEvent!, { randomizeStart: 'yes' }), /loadControlEvent\.randomizeStart: boolean expected/],
    ['bad language tag', (e) => (e.header.language = 'english please'), /header\.language: .* is not a BCP 47 language tag/],
  ];
  it.each(cases)('%s', (_name, mutate, message) => {
    const env = clone(EXAMPLES.loadControlEvent);
    mutate(env);
    expect(() => encodeEnvelope(env)).toThrow(message);
    expect(() => encodedSize(env)).toThrow(message);
    expect(validateEnvelope(env)).toMatch(message);
  });

  it('checks nested messages, repeated elements, bytes lengths and doubles', () => {
    const di = clone(EXAMPLES.deviceIdentification);
    di.deviceIdentification.appliance!.eui64 = EUI64.subarray(0, 7);
    expect(() => encodeEnvelope(di)).toThrow(/deviceIdentification\.appliance\.eui64: 8 bytes expected, got 7/);
    const tou = clone(EXAMPLES.touSchedule);
    tou.touSchedule.intervals![5]!.tier = 16;
    expect(() => encodeEnvelope(tou)).toThrow(/touSchedule\.intervals\[5\]\.tier: 16 out of range/);
    const psc = clone(EXAMPLES.powerSystemCondition);
    psc.powerSystemCondition.frequencyHz = Number.NaN;
    expect(() => encodeEnvelope(psc)).toThrow(/powerSystemCondition\.frequencyHz: finite number expected/);
    const rep = clone(EXAMPLES.eventResponse);
    rep.eventResponse.subjectBody = 29;
    expect(() => encodeEnvelope(rep)).toThrow(/eventResponse\.subjectBody: 29 is not an Envelope\.body field number/);
    const tm = clone(EXAMPLES.textMessage);
    tm.textMessage.variants![0]!.text = 'bad \uD800 surrogate';
    expect(() => encodeEnvelope(tm)).toThrow(/lone surrogate/);
  });

  it('TOU schedules hold 1..96 intervals covering at most 24 hours', () => {
    const tou = clone(EXAMPLES.touSchedule);
    tou.touSchedule.intervals = [];
    expect(() => encodeEnvelope(tou)).toThrow(/1\.\.96 intervals/);
    tou.touSchedule.intervals = Array.from({ length: 25 }, () => ({ tier: 1, price: 1 }));
    expect(() => encodeEnvelope(tou)).toThrow(/exceeds 24 hours/);
  });
});

describe('language variants (FR-19)', () => {
  it('CDCS keeps several variants internally', () => {
    expect(validateEnvelope(THREE_LANGUAGE_TEXT_ENVELOPE)).toBeNull();
    expect(decodeOk(encodeEnvelope(THREE_LANGUAGE_TEXT_ENVELOPE)).textMessage!.variants).toHaveLength(3);
  });

  it('exactly one variant on the wire to an appliance / IHD / EMS, in the header language', () => {
    for (const kind of [ActorKind.ACTOR_APPLIANCE, ActorKind.ACTOR_IHD, ActorKind.ACTOR_EMS]) {
      const env = clone(THREE_LANGUAGE_TEXT_ENVELOPE);
      env.header.destination = { kind, id: 9 };
      expect(() => encodeEnvelope(env)).toThrow(/exactly one language variant on the wire to a HAN device \(FR-19\), got 3/);
      env.textMessage.variants = [THREE_LANGUAGE_TEXT[2]!];
      env.header.language = 'en-US';
      expect(() => encodeEnvelope(env)).toThrow(/header\.language: "en-US" must equal the variant's language "zh-Hant"/);
      env.header.language = 'zh-hant'; // tags compare case-insensitively
      expect(validateEnvelope(env)).toBeNull();
    }
  });

  it('a broadcast public alert may carry several variants; duplicates are refused', () => {
    expect(validateEnvelope(EXAMPLES.publicAlert)).toBeNull();
    const env = clone(EXAMPLES.publicAlert);
    env.publicAlert.variants!.push({ language: 'EN-us', text: 'again' });
    expect(() => encodeEnvelope(env)).toThrow(/duplicate language en-us/);
  });

  it('a text message needs at least one variant', () => {
    const env = clone(EXAMPLES.textMessage);
    env.textMessage.variants = [];
    expect(() => encodeEnvelope(env)).toThrow(/at least one language variant/);
  });

  it('recognises common BCP 47 tags', () => {
    for (const t of ['en', 'en-US', 'es-419', 'zh-Hant', 'zh-Hans-CN', 'sr-Latn-RS', 'de-CH-1901', 'haw']) expect(isLanguageTag(t)).toBe(true);
    for (const t of ['', 'e', 'english please', 'en_US', 'e1', 'en-', '-US', 'en US', 'x'.repeat(40)]) expect(isLanguageTag(t)).toBe(false);
  });
});

describe('decode never throws and classifies bad frames', () => {
  const expectError = (bytes: unknown, cls: string): void => {
    const r = decodeEnvelope(bytes as Uint8Array);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBe(cls);
      expect(DECODE_ERROR_CLASSES).toContain(r.error);
      expect(r.detail.length).toBeGreaterThan(0);
    }
  };

  it('not bytes', () => {
    expectError('hello', 'not-bytes');
    expectError(null, 'not-bytes');
    expectError([1, 2, 3], 'not-bytes');
  });
  it('empty frame has no header', () => expectError(new Uint8Array(0), 'missing-header'));
  it('header without body', () => expectError(frame((w) => w), 'empty-body'));
  it('body without header', () => expectError(encodeEnvelope(EXAMPLES.endOfEvent).subarray(encodeEnvelope(EXAMPLES.endOfEvent)[1]! + 2), 'missing-header'));
  it('field number 0', () => expectError(Uint8Array.of(0x00, 0x01), 'bad-tag'));
  it('group wire types', () => {
    expectError(Uint8Array.of((1 << 3) | 3), 'bad-wire-type');
    expectError(Uint8Array.of((1 << 3) | 7), 'bad-wire-type');
  });
  it('wrong wire type for a known field (header as varint)', () => expectError(Uint8Array.of((1 << 3) | 0, 0x01), 'bad-wire-type'));
  it('wrong wire type deep inside (string sent as fixed32)', () =>
    expectError(frame((w) => w.uint32((5 << 3) | 2).fork().uint32((6 << 3) | 5).fixed32(1).ldelim()), 'bad-wire-type'));
  it('unknown oneof case / unknown field number', () => {
    expectError(frame((w) => w.uint32((29 << 3) | 2).bytes(new Uint8Array(0))), 'unknown-field');
    expectError(frame((w) => w.uint32((3 << 3) | 2).fork().uint32((99 << 3) | 0).uint32(1).ldelim()), 'unknown-field');
  });
  it('two different bodies', () => {
    const a = encodeEnvelope(EXAMPLES.endOfEvent);
    const b = encodeEnvelope(EXAMPLES.eventInProgress);
    expectError(Buffer.concat([a, b.subarray(2 + b[1]!)]), 'multiple-bodies'); // A + B's body only
  });
  it('a singular field twice (e.g. two frames of the same kind glued together)', () => {
    const a = encodeEnvelope(EXAMPLES.endOfEvent);
    expectError(Buffer.concat([a, a]), 'duplicate-field');
    expectError(frame((w) => w.uint32((13 << 3) | 2).fork().uint32((4 << 3) | 0).uint32(1).uint32((4 << 3) | 0).uint32(2).ldelim()), 'duplicate-field');
  });
  it('invalid enum value', () => {
    const env = clone(EXAMPLES.endOfEvent);
    (env.endOfEvent as Record<string, unknown>)['reason'] = 42;
    expectError(envelopeReflection.encode(env).finish(), 'invalid-field');
  });
  it('value out of a ZigBee range', () => {
    const env = clone(EXAMPLES.loadControlEvent);
    env.loadControlEvent.dutyCyclePercent = 200;
    expectError(envelopeReflection.encode(env).finish(), 'invalid-field');
  });
  it('64-bit value above 2^53', () => {
    const env = clone(EXAMPLES.endOfEvent) as unknown as { header: Record<string, unknown> };
    env.header['id'] = '9007199254740993';
    expectError(envelopeReflection.encode(env).finish(), 'invalid-field');
  });
  it('over-long varints', () => {
    expectError(frame((w) => w.uint32((13 << 3) | 2).bytes(Uint8Array.of((1 << 3) | 0, 0xff, 0xff, 0xff, 0xff, 0x7f))), 'bad-varint');
    const longId = Uint8Array.of((1 << 3) | 0, ...new Array<number>(10).fill(0xff), 0x01);
    expectError(W().uint32((1 << 3) | 2).bytes(longId).finish(), 'bad-varint');
  });
  it('invalid UTF-8 in a string', () =>
    expectError(frame((w) => w.uint32((21 << 3) | 2).fork().uint32((1 << 3) | 2).bytes(Uint8Array.of(0x41, 0xc3, 0x28)).ldelim()), 'invalid-utf8'));
  it('length past the end', () => expectError(Uint8Array.of((1 << 3) | 2, 0x05, 0x08), 'truncated'));
});

describe('truncation', () => {
  // An Envelope holds exactly two top-level fields, both length-delimited: header, then one body. So every
  // strict prefix is rejected: cut at 0 -> missing-header, cut right after the header -> empty-body, any
  // other cut falls inside a field (tag, length or value) -> truncated.
  it.each(kindsOfExamples)('every strict prefix of %s is rejected', (kind) => {
    const bytes = encodeEnvelope(EXAMPLES[kind]);
    const headerEnd = 2 + bytes[1]!; // header tag (1 byte) + length (1 byte for these headers) + header
    expect(bytes[0]).toBe(0x0a);
    for (let cut = 0; cut < bytes.length; cut++) {
      const r = decodeEnvelope(bytes.subarray(0, cut));
      expect(r.ok, `cut at ${cut}`).toBe(false);
      if (!r.ok) expect(r.error).toBe(cut === 0 ? 'missing-header' : cut === headerEnd ? 'empty-body' : 'truncated');
    }
  });
});

describe('loading', () => {
  const codecUrl = new URL('./codec.ts', import.meta.url).href;
  const examplesUrl = new URL('./examples.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx');
  const probe = `
    const { encodeEnvelope, decodeEnvelope } = await import(${JSON.stringify(codecUrl)});
    const { EXAMPLES } = await import(${JSON.stringify(examplesUrl)});
    const r = decodeEnvelope(encodeEnvelope(EXAMPLES.loadControlEvent));
    const out = r.ok ? 'ok ' + r.value.loadControlEvent.issuerEventId : 'fail ' + r.error;`;

  it('works from another working directory', () => {
    const res = spawnSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', `${probe}\nconsole.log(out);`], {
      cwd: tmpdir(),
      encoding: 'utf8',
    });
    expect(res.stderr).toBe('');
    expect(res.stdout.trim()).toBe('ok 20240815');
  });

  it('works in a worker thread', async () => {
    // Node 20 does not apply --import loader hooks inside workers; the worker registers tsx itself.
    const api = import.meta.resolve('tsx/esm/api');
    const code = `const { parentPort } = require('node:worker_threads');
      (async () => { (await import(${JSON.stringify(api)})).register(); ${probe}\n parentPort.postMessage(out); })()
        .catch((e) => parentPort.postMessage('error ' + e));`;
    const worker = new Worker(code, { eval: true });
    const msg = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(msg).toBe('ok 20240815');
  });
});
