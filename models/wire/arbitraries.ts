// fast-check arbitraries of valid envelopes, derived from the protobufjs reflection of the schema plus the
// codec's FIELD_RULES, so new fields and body kinds are covered without editing this file. Test support only.
import fc from 'fast-check';
import protobuf from 'protobufjs';
import {
  AlertKind,
  BODY_FIELD_NUMBERS,
  BODY_KINDS,
  FIELD_RULES,
  SINGLE_LANGUAGE_DESTINATIONS,
  type BodyKind,
  type EnvelopeObject,
  type FieldRule,
  type LocalizedText,
} from './codec.ts';
import { loadSchema, PACKAGE } from './schema.ts';

const root = loadSchema();

export const LANGUAGES = ['en', 'en-US', 'es-US', 'es-419', 'zh-Hant', 'zh-Hans-CN', 'vi-VN', 'ko', 'tl-PH', 'hy-AM'] as const;

const U32_MAX = 0xffffffff;
const I32_MIN = -0x80000000;
const I32_MAX = 0x7fffffff;

type Obj = Record<string, unknown>;

function intArb(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}

function scalarArb(field: protobuf.Field, rule: FieldRule): fc.Arbitrary<unknown> {
  const req = rule.required ?? false;
  if (rule.bodyRef) {
    const numbers = Object.values(BODY_FIELD_NUMBERS);
    return req ? fc.constantFrom(...numbers) : fc.constantFrom(0, ...numbers);
  }
  if (rule.language) return req ? fc.constantFrom(...LANGUAGES) : fc.constantFrom('', ...LANGUAGES);
  const lo = (d: number): number => Math.max(rule.min ?? d, req ? 1 : d);
  switch (field.type) {
    case 'uint32':
    case 'fixed32':
      return intArb(lo(0), Math.min(rule.max ?? U32_MAX, U32_MAX));
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return intArb(Math.max(rule.min ?? I32_MIN, I32_MIN), Math.min(rule.max ?? I32_MAX, I32_MAX));
    case 'uint64':
    case 'fixed64':
      return intArb(lo(0), Math.min(rule.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return intArb(Math.max(rule.min ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER), Math.min(rule.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
    case 'double':
      return fc.double({ min: rule.min ?? -1e12, max: rule.max ?? 1e12, noNaN: true, noDefaultInfinity: true });
    case 'float':
      return fc.float({ min: Math.fround(rule.min ?? -1e6), max: Math.fround(rule.max ?? 1e6), noNaN: true, noDefaultInfinity: true });
    case 'bool':
      return fc.boolean();
    case 'string':
      return fc.string({ unit: 'grapheme', minLength: req ? 1 : 0, maxLength: 24 });
    case 'bytes':
      return rule.bytesLength
        ? fc.uint8Array({ minLength: rule.bytesLength, maxLength: rule.bytesLength })
        : fc.uint8Array({ minLength: req ? 1 : 0, maxLength: 40 });
    default:
      throw new Error(`arbitraries: unsupported scalar ${field.type} (${field.fullName})`);
  }
}

const messageArbs = new Map<string, fc.Arbitrary<Obj>>();

function variantsArb(minLength: number): fc.Arbitrary<LocalizedText[]> {
  return fc.uniqueArray(
    fc.record({ language: fc.constantFrom(...LANGUAGES), text: fc.string({ unit: 'grapheme', maxLength: 80 }) }),
    { selector: (v) => v.language.toLowerCase(), minLength, maxLength: 3 },
  );
}

function fieldArb(type: protobuf.Type, field: protobuf.Field): fc.Arbitrary<unknown> {
  field.resolve();
  const rule = FIELD_RULES[`${type.name}.${field.name}`] ?? {};
  const rt = field.resolvedType;
  let elem: fc.Arbitrary<unknown>;
  if (rt instanceof protobuf.Enum) {
    const values = Object.values(rt.values);
    const nonZero = values.filter((v) => v !== 0);
    elem = fc.constantFrom(...(rule.required ? nonZero : values));
  } else if (rt instanceof protobuf.Type) {
    elem = messageArb(rt);
  } else {
    elem = scalarArb(field, rule);
  }
  return field.repeated ? fc.array(elem, { minLength: 1, maxLength: 3 }) : elem;
}

/** Arbitrary of valid objects of one message type (not Envelope). */
export function messageArb(type: protobuf.Type): fc.Arbitrary<Obj> {
  const cached = messageArbs.get(type.fullName);
  if (cached) return cached;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const f of type.fieldsArray) {
    if (f.partOf && !f.options?.['proto3_optional']) throw new Error(`arbitraries: oneof in ${type.fullName}`);
    model[f.name] = fieldArb(type, f);
    if (FIELD_RULES[`${type.name}.${f.name}`]?.required) requiredKeys.push(f.name);
  }
  let arb: fc.Arbitrary<Obj> = fc.record(model, { requiredKeys }) as fc.Arbitrary<Obj>;
  // Message-level rules of the codec.
  if (type.name === 'TextMessage') arb = fc.tuple(arb, variantsArb(1)).map(([o, variants]) => ({ ...o, variants }));
  if (type.name === 'PublicAlert')
    arb = fc.tuple(arb, variantsArb(0)).map(([o, variants]) =>
      variants.length === 0 && o['kind'] !== AlertKind.ALERT_END_OF_ALERT
        ? { ...o, variants: [{ language: 'en-US', text: 'alert' }] }
        : variants.length === 0
          ? (({ variants: _drop, ...rest }) => rest)(o)
          : { ...o, variants },
    );
  if (type.name === 'TouSchedule') {
    const interval = messageArb(root.lookupType(`${PACKAGE}.TouInterval`));
    arb = fc
      .tuple(arb, fc.constantFrom(15, 30, 60, 120))
      .chain(([o, minutes]) =>
        fc
          .array(interval, { minLength: 1, maxLength: Math.min(96, 1440 / minutes) })
          .map((intervals) => ({ ...o, intervalMinutes: minutes, intervals })),
      );
  }
  messageArbs.set(type.fullName, arb);
  return arb;
}

const envelopeType = root.lookupType(`${PACKAGE}.Envelope`);

/** Arbitrary of a valid body of one kind. */
export function bodyArb(kind: BodyKind): fc.Arbitrary<Obj> {
  const field = envelopeType.fields[kind];
  if (!field) throw new Error(`arbitraries: no body ${kind}`);
  field.resolve();
  return messageArb(field.resolvedType as protobuf.Type);
}

/** Arbitrary of valid envelopes of any body kind (or of the given kinds). */
export function envelopeArb(kinds: readonly BodyKind[] = BODY_KINDS): fc.Arbitrary<EnvelopeObject> {
  const header = messageArb(root.lookupType(`${PACKAGE}.Header`));
  return fc
    .tuple(header, fc.oneof(...kinds.map((k) => bodyArb(k).map((body) => [k, body] as const))))
    .map(([h, [kind, body]]) => {
      const headerObj: Obj = { ...h };
      const dest = (headerObj['destination'] as { kind?: number } | undefined)?.kind ?? 0;
      let b = body;
      const variants = b['variants'] as LocalizedText[] | undefined;
      if ((kind === 'textMessage' || kind === 'publicAlert') && variants && SINGLE_LANGUAGE_DESTINATIONS.has(dest)) {
        b = { ...b, variants: [variants[0]!] };
        headerObj['language'] = variants[0]!.language;
      }
      return { header: headerObj, [kind]: b } as unknown as EnvelopeObject;
    });
}

/** Deep copy with bytes as plain arrays and without undefined / null-prototype quirks, for equality checks. */
export function normalize(x: unknown): unknown {
  if (x instanceof Uint8Array) return Array.from(x);
  if (Array.isArray(x)) return x.map(normalize);
  if (x !== null && typeof x === 'object') {
    const out: Obj = {};
    for (const k of Object.keys(x).sort()) {
      const v = (x as Obj)[k];
      if (v !== undefined && v !== null) out[k] = normalize(v);
    }
    return out;
  }
  return x;
}

/** A byte-level change to a valid frame (for decoder robustness properties). */
export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; mask: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; n: number }
  | { op: 'duplicate'; at: number; n: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
);

export function mutate(frame: Uint8Array, m: Mutation): Uint8Array {
  const b = Uint8Array.from(frame);
  const at = b.length === 0 ? 0 : m.at % b.length;
  switch (m.op) {
    case 'truncate':
      return b.subarray(0, at);
    case 'flip':
      if (b.length > 0) b[at] = b[at]! ^ m.mask;
      return b;
    case 'insert':
      return Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
    case 'delete':
      return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.n)]);
    case 'duplicate':
      return Uint8Array.from([...b.subarray(0, at + m.n), ...b.subarray(at)]);
  }
}
