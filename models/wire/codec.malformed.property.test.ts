// Malformed envelope objects of every shape — wrong types anywhere, missing fields, hidden (non-enumerable),
// inherited and accessor properties, swapped prototypes (null, Array, Uint8Array, RegExp, Symbol, Map, a prototype
// carrying fields, a chain that loops through a proxy), fake typed arrays, boxed primitives, values whose
// toString / valueOf / toPrimitive throw —
// never make the validator throw. Its verdict is the encoder's: a message ⇔ encodeEnvelope / encodedSize throw an
// Error "<fn>: invalid envelope: <that message>"; null ⇔ a frame that decodes to exactly the object's own
// enumerable fields (nothing inherited silently dropped, nothing hidden silently added).
import { types } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeArb } from './arbitraries.ts';
import { decodeEnvelope, encodeEnvelope, encodedSize, validateEnvelope, type EnvelopeObject } from './codec.ts';
import { EXAMPLES, THREE_LANGUAGE_TEXT_ENVELOPE } from './examples.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 400);
type Obj = Record<string, unknown>;
type Node = Obj | unknown[];

/** Thrown by a value the validator must never coerce to a string or number. */
class Coerced extends Error {}
const coercionTrap = (): object => ({
  toString: () => {
    throw new Coerced('toString');
  },
  valueOf: () => {
    throw new Coerced('valueOf');
  },
  [Symbol.toPrimitive]: () => {
    throw new Coerced('toPrimitive');
  },
});
class Holder {
  constructor(public language = 'en') {}
}

/** Values of every type and odd object kinds, each made fresh (edits must not share structure). */
const SPECIAL: (() => unknown)[] = [
  () => Object.create(Uint8Array.prototype) as unknown,
  () => Object.setPrototypeOf(new Uint8Array(8), Object.prototype) as unknown,
  () => new Uint16Array(4),
  () => new DataView(new ArrayBuffer(8)),
  () => Symbol('s'),
  () => 12n,
  () => (): number => 1,
  () => new Holder(),
  () => coercionTrap(),
  () => new String('en'),
  () => new Number(3),
  () => new Boolean(true),
  () => Object.create(null) as unknown,
  () => Object.create(RegExp.prototype) as unknown,
  () => Object.create(Symbol.prototype) as unknown,
  () => new Map([['id', 1]]),
  () => new Date(0),
  () => /en/,
  () => ({ length: 1, 0: 'en' }),
  () => [, 'en'],
  () => Object.assign([1, 2], { extra: 3 }),
  () => new Proxy({}, {}),
  () => {
    const a = [1, , 3]; // a hole, and a prototype chain that loops back to the array
    return Object.setPrototypeOf(a, new Proxy(a, {})) as unknown;
  },
  () => {
    const u = new Uint8Array(8);
    return Object.setPrototypeOf(u, new Proxy(u, {})) as unknown; // a real Uint8Array with an endless chain
  },
];
const anyValue: fc.Arbitrary<() => unknown> = fc.oneof(
  fc.integer({ min: 0, max: SPECIAL.length - 1 }).map((i) => SPECIAL[i]!),
  fc
    .anything({
      maxDepth: 2,
      withBoxedValues: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withObjectString: true,
    })
    .map((v) => () => structuredCloneOrSelf(v)),
);
function structuredCloneOrSelf(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
}

/** Prototypes to put under a node (a built-in one, or one that carries fields). */
const PROTOS: ((node: Node) => object | null)[] = [
  () => null,
  () => Array.prototype,
  () => Uint8Array.prototype,
  () => RegExp.prototype,
  () => Symbol.prototype,
  () => Map.prototype,
  () => String.prototype,
  (node) => ({ ...node }), // every field also inherited
  () => ({ language: 5, source: 'x', description: 7, header: 1 }),
  () => Object.defineProperty({}, 'language', { get: () => 'en', enumerable: false }),
  (node) => new Proxy(node, {}), // the chain loops back on itself: `instanceof` or a lookup would never end
];

type Edit =
  | { op: 'replace'; at: number; key: number; value: () => unknown }
  | { op: 'delete'; at: number; key: number }
  | { op: 'hide'; at: number; key: number }
  | { op: 'inherit'; at: number; key: number; enumerable: boolean }
  | { op: 'accessor'; at: number; key: number; enumerable: boolean }
  | { op: 'prototype'; at: number; proto: number }
  | { op: 'wrap'; at: number; how: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), key: fc.nat(), value: anyValue }) },
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), key: fc.nat() }),
  fc.record({ op: fc.constant('hide' as const), at: fc.nat(), key: fc.nat() }),
  fc.record({ op: fc.constant('inherit' as const), at: fc.nat(), key: fc.nat(), enumerable: fc.boolean() }),
  fc.record({ op: fc.constant('accessor' as const), at: fc.nat(), key: fc.nat(), enumerable: fc.boolean() }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('prototype' as const), at: fc.nat(), proto: fc.nat() }) },
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat(), how: fc.nat() }),
);

/** Every object and array of a value (the root first) with the slot holding it. */
function nodes(root: unknown): { node: Node; parent: Node | null; key: string }[] {
  const out: { node: Node; parent: Node | null; key: string }[] = [];
  const walk = (v: unknown, parent: Node | null, key: string): void => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
    out.push({ node: v as Node, parent, key });
    for (const k of Object.keys(v)) walk((v as Obj)[k], v as Node, k);
  };
  walk(root, null, '');
  return out;
}

/** Applies one edit (skipped when it cannot apply, e.g. to a frozen node); returns the (possibly new) root. */
function applyEdit(root: unknown, e: Edit): unknown {
  try {
    return editOnce(root, e);
  } catch {
    return root;
  }
}

function editOnce(root: unknown, e: Edit): unknown {
  const all = nodes(root);
  if (all.length === 0) return root;
  const pick = all[e.at % all.length]!;
  const o = pick.node as Obj;
  const keys = Object.keys(o);
  const key = 'key' in e && keys.length > 0 ? keys[e.key % keys.length]! : undefined;
  const put = (replacement: unknown): unknown => {
    if (pick.parent === null) return replacement;
    Object.defineProperty(pick.parent, pick.key, { value: replacement, enumerable: true, writable: true, configurable: true });
    return root;
  };
  switch (e.op) {
    case 'replace':
      if (key === undefined) return put(e.value());
      Object.defineProperty(o, key, { value: e.value(), enumerable: true, writable: true, configurable: true });
      return root;
    case 'delete':
      if (key !== undefined) delete o[key];
      return root;
    case 'hide':
      if (key !== undefined) Object.defineProperty(o, key, { enumerable: false });
      return root;
    case 'inherit': {
      if (key === undefined) return root;
      const proto = Object.defineProperty({}, key, { value: o[key], enumerable: e.enumerable, writable: true });
      const copy = Object.setPrototypeOf(Array.isArray(o) ? [...o] : { ...o }, proto) as Obj;
      delete copy[key];
      return put(copy);
    }
    case 'accessor': {
      if (key === undefined) return root;
      const v = o[key];
      Object.defineProperty(o, key, { get: () => v, enumerable: e.enumerable, configurable: true });
      return root;
    }
    case 'prototype':
      Object.setPrototypeOf(o, PROTOS[e.proto % PROTOS.length]!(o));
      return root;
    case 'wrap': {
      const wraps: ((n: Node) => unknown)[] = [
        (n) => new Proxy(n, {}), // transparent: still a plain object to every check
        (n) => Object.freeze(n),
        (n) => Object.assign(new Holder(), n), // a class instance with the same own fields
        (n) => Object.assign(Object.create(null) as Obj, n),
        (n) => [n],
        (n) => JSON.stringify(n),
      ];
      return put(wraps[e.how % wraps.length]!(pick.node));
    }
  }
}

/** What protobuf carries of an object: own enumerable fields, without null / undefined / empty arrays; -0 is 0. */
function wireView(x: unknown): unknown {
  if (types.isUint8Array(x)) return Array.from(x);
  if (Array.isArray(x)) {
    const out: unknown[] = []; // by index: x's prototype may be anything (map would build a Uint8Array)
    for (let i = 0; i < x.length; i++) out.push(wireView(x[i]));
    return out;
  }
  if (typeof x === 'number') return Object.is(x, -0) ? 0 : x;
  if (x !== null && typeof x === 'object') {
    const out: Obj = {};
    for (const k of Object.keys(x).sort()) {
      const v = (x as Obj)[k];
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = wireView(v);
    }
    return out;
  }
  return x;
}

const EXAMPLE_LIST = [...(Object.values(EXAMPLES) as EnvelopeObject[]), THREE_LANGUAGE_TEXT_ENVELOPE as EnvelopeObject];
const malformed = fc
  .tuple(fc.oneof(envelopeArb(), fc.constantFrom(...EXAMPLE_LIST)), fc.array(editArb, { minLength: 1, maxLength: 3 }))
  .map(([env, edits]) => () => edits.reduce<unknown>(applyEdit, structuredClone(env)));

let lastStack = '';
/** The function's outcome: a value, or the class and message of what it threw (its stack kept in lastStack). */
function outcome<T>(fn: () => T): { value: T } | { threw: string; message: string } {
  try {
    return { value: fn() };
  } catch (e) {
    lastStack = e instanceof Error ? (e.stack ?? '') : '';
    return e instanceof Error ? { threw: e.constructor.name, message: e.message } : { threw: typeof e, message: String(e) };
  }
}

describe('malformed envelope objects (property)', () => {
  it('the validator never throws and always agrees with the encoder', () => {
    const problems = new Map<string, number>();
    fc.assert(
      fc.property(malformed, (make) => {
        const env = make();
        const verdict = outcome(() => validateEnvelope(env));
        if ('threw' in verdict) throw new Error(`validateEnvelope threw ${verdict.threw}: ${verdict.message}\n${lastStack}`);
        const msg = verdict.value;
        const encoded = outcome(() => encodeEnvelope(make() as EnvelopeObject));
        const size = outcome(() => encodedSize(make() as EnvelopeObject));
        if (msg !== null) {
          expect(typeof msg).toBe('string');
          expect(encoded).toEqual({ threw: 'Error', message: `encodeEnvelope: invalid envelope: ${msg}` });
          expect(size).toEqual({ threw: 'Error', message: `encodedSize: invalid envelope: ${msg}` });
          const what = /: ([a-z-]+(?: [a-z-]+)?)/i.exec(msg)?.[1] ?? msg;
          problems.set(what, (problems.get(what) ?? 0) + 1);
          return;
        }
        if (!('value' in encoded)) throw new Error(`valid per validateEnvelope, but encode threw ${encoded.threw}: ${encoded.message}`);
        expect(size).toEqual({ value: encoded.value.length });
        const back = decodeEnvelope(encoded.value);
        if (!back.ok) throw new Error(`valid per validateEnvelope, but its frame does not decode: ${back.error} ${back.detail}`);
        expect(wireView(back.value)).toEqual(wireView(make()));
      }),
      { numRuns: RUNS * 10 },
    );
    // The edits reach many kinds of rejection, hidden and inherited fields among them.
    const seen = [...problems.keys()].join(' | ');
    expect(seen).toMatch(/inherited property/);
    expect(seen).toMatch(/non-enumerable property/);
    expect(problems.size).toBeGreaterThanOrEqual(8);
  });

  it('one example of each shape is rejected by name', () => {
    const text = (): Obj => structuredClone(EXAMPLES.textMessage) as unknown as Obj;
    const body = (e: Obj): Obj => e['textMessage'] as Obj;
    const cases: [string, () => unknown, RegExp][] = [
      [
        'a hidden variants array whose language is a number',
        () => {
          const e = text();
          Object.defineProperty(body(e), 'variants', { value: [{ language: 5, text: 'a' }], enumerable: false });
          return e;
        },
        /^textMessage\.variants: non-enumerable property/,
      ],
      [
        'an inherited, non-string language',
        () => {
          const e = text();
          const v = (body(e)['variants'] as Obj[])[0]!;
          delete v['language'];
          (body(e)['variants'] as Obj[])[0] = Object.assign(Object.create({ language: 5 }) as Obj, v);
          return e;
        },
        /^textMessage\.variants\[0\]\.language: inherited property/,
      ],
      [
        'an inherited header (protobufjs would encode a frame without one)',
        () => {
          const { header, ...rest } = structuredClone(EXAMPLES.intervalMeterRead);
          return Object.assign(Object.create({ header }) as Obj, rest);
        },
        /^header: inherited property/,
      ],
      [
        'a header on RegExp.prototype without its own `source` (the inherited getter throws a TypeError)',
        () => {
          const { source: _source, ...header } = text()['header'] as Obj;
          return { ...text(), header: Object.setPrototypeOf(header, RegExp.prototype) as unknown };
        },
        /^header\.source: inherited property/,
      ],
      ['an envelope posing as a Uint8Array', () => Object.setPrototypeOf(text(), Uint8Array.prototype) as unknown, /^envelope: object expected, got an object posing as a Uint8Array$/],
      ['a fake Uint8Array', () => ({ ...structuredClone(EXAMPLES.firmwareImageBlock), firmwareImageBlock: { ...structuredClone(EXAMPLES.firmwareImageBlock).firmwareImageBlock, data: Object.create(Uint8Array.prototype) as unknown } }), /^firmwareImageBlock\.data: Uint8Array expected, got an object posing as a Uint8Array$/],
      [
        'a header whose prototype chain loops through a proxy',
        () => {
          const e = text();
          const header = e['header'] as Obj;
          Object.setPrototypeOf(header, new Proxy(header, {}));
          return e;
        },
        /^header: prototype chain deeper than \d+ objects$/,
      ],
      ['a value that must not be coerced', () => ({ ...text(), header: { ...(text()['header'] as Obj), id: coercionTrap() } }), /^header\.id: integer expected, got an object$/],
    ];
    for (const [what, make, expected] of cases) {
      const env = make();
      const verdict = outcome(() => validateEnvelope(env));
      expect(String('value' in verdict ? verdict.value : `threw ${verdict.threw}: ${verdict.message}`), what).toMatch(expected);
      expect(outcome(() => encodeEnvelope(make() as EnvelopeObject)), what).toMatchObject({ threw: 'Error' });
    }
  });

  it('decodeEnvelope classifies anything that is not a real Uint8Array as not-bytes', () => {
    for (const v of [Object.create(Uint8Array.prototype), 'frame', null, [1, 2], new Uint16Array(2), coercionTrap()]) {
      const r = decodeEnvelope(v as Uint8Array);
      expect(r.ok ? 'ok' : r.error).toBe('not-bytes');
    }
  });
});
