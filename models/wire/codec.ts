// Encode / decode of the C5 Envelope (models/proto/envelope.proto), protobuf wire format as protobufjs writes it.
//
// - The .proto files are parsed once, at import (schema.ts resolves them relative to this module, so any cwd
//   and worker threads work). Per-type validation tables are built once; no reflection lookups per call.
// - encodeEnvelope / encodedSize validate first and throw an Error naming the bad field path: a bad object
//   is a programmer error.
// - decodeEnvelope never throws. It (1) scans the wire format against the schema (unknown field, wrong wire
//   type, truncation, over-long varints, invalid UTF-8, two bodies, a singular field twice), (2) decodes as
//   protobufjs decode + toObject({ longs: Number }) would (uint64 -> JS number, so no Long objects leak), (3) runs
//   the same validation as encode. Random bytes that happen to parse as protobuf are rejected by (1) or (3).
//   Failures carry a short error class (DecodeErrorClass) for counting, and a human-readable detail.
// - 64-bit values exist only in Header (id, correlation_id, sent_at_ms): uint64 on the wire, JS numbers in
//   the API, limited to safe integers (<= 2^53 - 1).
// - Speed (compile.ts): per-type validators, encoders and decoders are generated from the schema once. Encode =
//   a validator that proves the envelope valid (else: the original checkEnvelope + protobufjs verify, for the
//   exact error) + a direct writer with protobufjs' byte layout; decode = (1)-(3) in one pass, with the original
//   checkEnvelope run only on a frame whose values break a rule (for the exact error). Results are identical to
//   the straightforward implementation kept in codec.reference.ts (codec.equivalence.property.test.ts).
import protobuf from 'protobufjs';
import {
  abandonWrite,
  beginNested,
  compileSchema,
  endNested,
  F32_MAX,
  finishWrite,
  R,
  startRead,
  startWrite,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LEN,
  WIRE_VARINT,
  writeVarint32,
  type FieldSpec,
  type Kind,
  type TypeSpec,
} from './compile.ts';
import { loadSchema, PACKAGE } from './schema.ts';
import { describeValue, isBytes, looksLikeBytes, shapeProblem } from './shape.ts';
import {
  ActorKind,
  AlertKind,
  BODY_FIELD_NUMBERS,
  BODY_KINDS,
  type BodyKind,
  type Envelope,
  type Header,
  type LocalizedText,
} from './types.ts';

export * from './types.ts';

/** An Envelope object as accepted by encodeEnvelope and returned by decodeEnvelope. */
export type EnvelopeObject = Envelope & { header: Header };

/** An Envelope known to carry body kind K. */
export type EnvelopeOf<K extends BodyKind> = EnvelopeObject & { [P in K]-?: NonNullable<Envelope[P]> };

/** Why a frame was rejected. Stable strings: metrics count errors by class. */
export const DECODE_ERROR_CLASSES = [
  'not-bytes', // input is not a Uint8Array
  'truncated', // a field, length or varint runs past the end of the frame (or of its enclosing message)
  'bad-varint', // varint longer than its type allows, or overflowing it
  'bad-tag', // field number 0
  'bad-wire-type', // wire type 3/4/6/7, or not the wire type the field's declared type uses
  'unknown-field', // field number not in the schema (frames are exchanged within one schema version)
  'invalid-utf8', // a string field is not valid UTF-8
  'multiple-bodies', // more than one case of Envelope.body on the wire
  'duplicate-field', // a singular field occurs twice (protobuf would merge / keep the last; frames here are strict)
  'too-deep', // nesting deeper than the schema allows
  'missing-header', // no header (e.g. an empty frame)
  'empty-body', // no body
  'invalid-field', // decodes, but a value is out of range / an unknown enum / breaks a message rule
  'decode-failed', // protobufjs threw something unexpected (should not happen after the scan)
] as const;
export type DecodeErrorClass = (typeof DECODE_ERROR_CLASSES)[number];

export type DecodeResult =
  | { ok: true; value: EnvelopeObject }
  | { ok: false; error: DecodeErrorClass; detail: string };

// ---------------------------------------------------------------------------------------------------------
// Schema tables (built once)
// ---------------------------------------------------------------------------------------------------------

const root = loadSchema();
const EnvelopeType = root.lookupType(`${PACKAGE}.Envelope`);

// FieldSpec / TypeSpec (one per message type, with the RULES below folded in) are declared in compile.ts,
// which also generates the fast validators, encoders and decoders from them.

const SCALAR_KIND: Record<string, [Kind, number, boolean]> = {
  double: ['f64', WIRE_FIXED64, false],
  float: ['f32', WIRE_FIXED32, false],
  int32: ['i32', WIRE_VARINT, false],
  uint32: ['u32', WIRE_VARINT, false],
  sint32: ['i32', WIRE_VARINT, false],
  fixed32: ['u32', WIRE_FIXED32, false],
  sfixed32: ['i32', WIRE_FIXED32, false],
  int64: ['i64', WIRE_VARINT, true],
  uint64: ['u64', WIRE_VARINT, true],
  sint64: ['i64', WIRE_VARINT, true],
  fixed64: ['u64', WIRE_FIXED64, false],
  sfixed64: ['i64', WIRE_FIXED64, false],
  bool: ['bool', WIRE_VARINT, false],
  string: ['string', WIRE_LEN, false],
  bytes: ['bytes', WIRE_LEN, false],
};

const U32_MAX = 0xffffffff;
const I32_MIN = -0x80000000;
const I32_MAX = 0x7fffffff;

/** Field rules beyond the proto types, keyed "Message.jsFieldName" (ranges mostly from ZigBee SE). */
export interface FieldRule {
  min?: number;
  max?: number;
  required?: boolean;
  bytesLength?: number;
  language?: boolean;
  bodyRef?: boolean;
}
const RULES: Record<string, FieldRule> = {
  'Header.id': { min: 1, required: true },
  'Header.visibility': { required: true },
  'Header.priority': { required: true },
  'Header.source': { required: true },
  'Header.destination': { required: true },
  'Header.language': { language: true },
  'ActorRef.kind': { required: true },
  'LocalizedText.language': { required: true, language: true },
  'CustomerPreferences.language': { language: true },
  'ConfigurationMessage.language': { language: true },
  'ApplianceSettings.language': { language: true },
  'ApplianceIdentity.eui64': { bytesLength: 8 },
  'ApplianceIdentity.deviceClass': { max: 0xffff },
  'ProgramParameters.priceTrailingDigit': { max: 15 },
  'ProgramParameters.cyclingDutyPercent': { max: 100 },
  'ProgramParameters.maxCoolingOffset': { max: 254 },
  'ProgramParameters.currentTier': { max: 15 },
  'DeviceManagement.action': { required: true },
  'DeviceManagement.eui64': { bytesLength: 8 },
  'RegistrationResult.status': { required: true },
  'BindRequest.panId': { max: 0xffff },
  'BindRequest.extendedPanId': { bytesLength: 8 },
  'BindRequest.channel': { min: 11, max: 26 },
  'BindRequest.permitJoinSeconds': { max: 254 },
  'BindRequest.expectedEui64': { bytesLength: 8 },
  'BindRequest.trustCenterEui64': { bytesLength: 8 },
  'KeyMaterial.kind': { required: true },
  'AuthenticationParameters.result': { required: true },
  'AuthenticationParameters.networkKey': { bytesLength: 16 },
  'AuthenticationParameters.keySequenceNumber': { max: 255 },
  'AuthenticationParameters.linkKey': { bytesLength: 16 },
  'AuthenticationParameters.trustCenterEui64': { bytesLength: 8 },
  'AuthenticationAck.keySequenceNumber': { max: 255 },
  'AuthenticationAck.keyConfirmation': { bytesLength: 16 },
  'ConnectionAuthenticated.eui64': { bytesLength: 8 },
  'ConfigurationRequest.eui64': { bytesLength: 8 },
  'PricingConfiguration.currency': { max: 999 },
  'PricingConfiguration.priceTrailingDigit': { max: 15 },
  'PricingConfiguration.numberOfTiers': { max: 15 },
  'PricingConfiguration.currentTier': { max: 15 },
  'ConfigurationMessage.utilityEnrollmentGroup': { max: 255 },
  'ConfigurationMessage.deviceClass': { max: 0xffff },
  'ConfigurationMessage.timeZoneOffsetMinutes': { min: -720, max: 840 },
  'ConfigurationMessage.dstOffsetMinutes': { max: 120 },
  'ConfigurationMessage.startRandomizationMinutes': { max: 60 },
  'ConfigurationMessage.stopRandomizationMinutes': { max: 60 },
  'ConfigurationConfirmation.status': { required: true },
  'PriceSignal.current': { required: true },
  'PriceInfo.currency': { max: 999 },
  'PriceInfo.priceTrailingDigit': { max: 15 },
  'PriceInfo.priceTier': { max: 15 },
  'PriceInfo.numberOfPriceTiers': { max: 15 },
  'PriceInfo.durationMinutes': { max: 0xffff },
  'PriceInfo.priceRatio': { min: 1, max: 254 },
  'PriceEventNotice.kind': { required: true },
  'PriceEventNotice.currency': { max: 999 },
  'PriceEventNotice.priceTrailingDigit': { max: 15 },
  'PriceEventNotice.durationMinutes': { max: 1440 },
  'PriceEventNotice.cppPriceTier': { max: 2 },
  'TouInterval.tier': { max: 15 },
  'TouSchedule.currency': { max: 999 },
  'TouSchedule.priceTrailingDigit': { max: 15 },
  'TouSchedule.intervalMinutes': { min: 1, max: 1440 },
  'LoadControlEvent.deviceClass': { max: 0xffff },
  'LoadControlEvent.utilityEnrollmentGroup': { max: 255 },
  'LoadControlEvent.durationMinutes': { min: 1, max: 1440 },
  'LoadControlEvent.criticalityLevel': { required: true },
  'LoadControlEvent.coolingTemperatureOffset': { max: 254 },
  'LoadControlEvent.heatingTemperatureOffset': { max: 254 },
  'LoadControlEvent.coolingTemperatureSetPoint': { min: -27315, max: 32767 },
  'LoadControlEvent.heatingTemperatureSetPoint': { min: -27315, max: 32767 },
  'LoadControlEvent.averageLoadAdjustmentPercent': { min: -100, max: 100 },
  'LoadControlEvent.dutyCyclePercent': { max: 100 },
  'LoadControlEvent.startRandomizationMinutes': { max: 60 },
  'LoadControlEvent.endRandomizationMinutes': { max: 60 },
  'EventInProgress.deviceClass': { max: 0xffff },
  'EventInProgress.utilityEnrollmentGroup': { max: 255 },
  'EndOfEvent.deviceClass': { max: 0xffff },
  'EndOfEvent.utilityEnrollmentGroup': { max: 255 },
  'EndOfEvent.reason': { required: true },
  'ScheduleWindow.daysOfWeek': { min: 1, max: 0x7f },
  'ScheduleWindow.startMinuteOfDay': { max: 1439 },
  'ScheduleWindow.durationMinutes': { min: 1, max: 1440 },
  'ScheduleWindow.dutyCyclePercent': { max: 100 },
  'ScheduleWindow.averageLoadAdjustmentPercent': { min: -100, max: 100 },
  'ScheduleWindow.coolingTemperatureOffset': { max: 254 },
  'LoadControlSchedule.deviceClass': { max: 0xffff },
  'LoadControlSchedule.utilityEnrollmentGroup': { max: 255 },
  'LoadControlSchedule.startRandomizationMinutes': { max: 60 },
  'PowerSystemCondition.condition': { required: true },
  'PowerSystemCondition.frequencyHz': { min: 0, max: 1000 },
  'PowerSystemCondition.voltagePu': { min: 0, max: 10 },
  'PowerConditionObservation.frequencyHz': { min: 0, max: 1000 },
  'PowerConditionObservation.voltagePu': { min: 0, max: 10 },
  'PublicAlert.kind': { required: true },
  'DiagnosticTest.kind': { required: true },
  'DiagnosticResult.kind': { required: true },
  'MessageConfirmation.messageId': { required: true },
  'EventResponse.subjectBody': { required: true, bodyRef: true },
  'EventResponse.status': { required: true },
  'EventResponse.coolingTemperatureSetPointApplied': { min: -27315, max: 32767 },
  'EventResponse.heatingTemperatureSetPointApplied': { min: -27315, max: 32767 },
  'EventResponse.averageLoadAdjustmentPercentApplied': { min: -100, max: 100 },
  'EventResponse.dutyCyclePercentApplied': { max: 100 },
  'OverrideNotice.subjectBody': { bodyRef: true },
  'OverrideNotice.kind': { required: true },
  'OverrideReport.notice': { required: true },
  'ReceivedMessage.subjectBody': { required: true, bodyRef: true },
  'ApplianceSettings.coolingSetPoint': { min: -27315, max: 32767 },
  'ApplianceSettings.heatingSetPoint': { min: -27315, max: 32767 },
  'ApplianceSettings.waterTemperatureSetPoint': { min: -27315, max: 32767 },
  'EnergyInterval.intervalMinutes': { min: 1, max: 1440 },
  'ReportForward.report': { required: true },
  'ConfigurationForward.confirmation': { required: true },
  'IntervalMeterRead.intervalMinutes': { min: 1, max: 1440 },
  'FirmwareImageBlock.manufacturerCode': { max: 0xffff },
  'FirmwareImageBlock.imageType': { max: 0xffff },
  'MeteringReport.instantaneousDemandW': { min: -0x80_00_00, max: 0x7f_ff_ff },
  'MeteringReport.summationDeliveredWh': { max: 0xffff_ffff_ffff },
  'MeteringReport.trigger': { required: true },
};

/** Rules checked on top of the proto types (ranges, required, fixed byte lengths, language tags, body refs). */
export const FIELD_RULES: Readonly<Record<string, Readonly<FieldRule>>> = RULES;

const LANGUAGE_TAG =
  /^(?:[a-z]{2,3}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*$/i;

/** Memo of isLanguageTag (a few tags recur in every message; the regex is the costliest single check). */
const LANGUAGE_TAG_MEMO = new Map<string, boolean>();

/** True for a (simplified) BCP 47 language tag: language[-Script][-REGION][-variant]*. */
export function isLanguageTag(tag: string): boolean {
  let ok = LANGUAGE_TAG_MEMO.get(tag);
  if (ok === undefined) {
    ok = tag.length <= 35 && LANGUAGE_TAG.test(tag);
    if (LANGUAGE_TAG_MEMO.size < 1024) LANGUAGE_TAG_MEMO.set(tag, ok);
  }
  return ok;
}

const SPECS = new Map<string, TypeSpec>();

function buildSpec(type: protobuf.Type): TypeSpec {
  const fields: FieldSpec[] = [];
  const byName = new Map<string, FieldSpec>();
  const byId: (FieldSpec | undefined)[] = [];
  const realOneofs = type.oneofsArray.filter(
    (o) => !(o.fieldsArray.length === 1 && o.fieldsArray[0]?.options?.['proto3_optional']),
  );
  // scanMessage tracks one oneof per message and singular fields 1..63 for duplicates.
  if (realOneofs.length > 1) throw new Error(`codec: more than one oneof in ${type.fullName} is not supported`);
  for (const f of type.fieldsArray) {
    f.resolve();
    if (f.map) throw new Error(`codec: map fields are not supported (${f.fullName})`);
    let kind: Kind;
    let wire: number;
    let varint64 = false;
    let enumValues: Record<number, string> | null = null;
    let protoType = f.type;
    if (f.resolvedType instanceof protobuf.Enum) {
      kind = 'enum';
      wire = WIRE_VARINT;
      enumValues = f.resolvedType.valuesById;
      protoType = 'enum';
    } else if (f.resolvedType instanceof protobuf.Type) {
      kind = 'msg';
      wire = WIRE_LEN;
      protoType = 'message';
    } else {
      const s = SCALAR_KIND[f.type];
      if (!s) throw new Error(`codec: unsupported type ${f.type} of ${f.fullName}`);
      [kind, wire, varint64] = s;
    }
    const rule = RULES[`${type.name}.${f.name}`] ?? {};
    const oneofIndex = f.partOf ? realOneofs.indexOf(f.partOf) : -1;
    const spec: FieldSpec = {
      name: f.name,
      id: f.id,
      kind,
      type: protoType,
      repeated: f.repeated,
      wire,
      varint64,
      packable: f.repeated && wire !== WIRE_LEN,
      packed: f.packed,
      oneofIndex,
      enumValues,
      msg: null,
      min: rule.min ?? (kind === 'u32' || kind === 'u64' ? 0 : kind === 'i32' ? I32_MIN : -Infinity),
      max: rule.max ?? (kind === 'u32' ? U32_MAX : kind === 'i32' ? I32_MAX : Infinity),
      required: rule.required ?? false,
      bytesLength: rule.bytesLength ?? 0,
      language: rule.language ?? false,
      bodyRef: rule.bodyRef ?? false,
    };
    fields.push(spec);
    byName.set(f.name, spec);
    byId[f.id] = spec;
  }
  return {
    name: type.name,
    index: SPECS.size,
    fields,
    byName,
    byId,
    required: fields.filter((f) => f.required),
    check: null,
  };
}

function collectTypes(ns: protobuf.NamespaceBase): void {
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Type) SPECS.set(obj.fullName, buildSpec(obj));
    if (obj instanceof protobuf.Namespace || obj instanceof protobuf.Type) collectTypes(obj);
  }
}
collectTypes(root);
for (const [fullName, spec] of SPECS) {
  const type = root.lookupType(fullName);
  for (const f of spec.fields) {
    const rt = type.fields[f.name]?.resolvedType;
    if (rt instanceof protobuf.Type) f.msg = SPECS.get(rt.fullName) ?? null;
  }
}
// Every rule must name a real field (guards against typos in RULES).
for (const key of Object.keys(RULES)) {
  const [typeName, fieldName] = key.split('.') as [string, string];
  const spec = SPECS.get(`.${PACKAGE}.${typeName}`);
  if (!spec || !spec.byName.has(fieldName)) throw new Error(`codec: RULES names unknown field ${key}`);
}

function specOf(name: string): TypeSpec {
  const s = SPECS.get(`.${PACKAGE}.${name}`);
  if (!s) throw new Error(`codec: no type ${name}`);
  return s;
}

const ENVELOPE_SPEC = specOf('Envelope');

// Consistency of the generated tables with the loaded schema (types.ts regenerated?).
{
  const reflected = EnvelopeType.oneofs['body']?.oneof ?? [];
  const generated: readonly string[] = BODY_KINDS;
  if (reflected.length !== generated.length || reflected.some((n) => !generated.includes(n))) {
    throw new Error('codec: models/wire/types.ts is stale; run node --import tsx models/wire/gen-types.ts');
  }
}

const KIND_BY_NUMBER: (BodyKind | undefined)[] = [];
for (const k of BODY_KINDS) KIND_BY_NUMBER[BODY_FIELD_NUMBERS[k]] = k;

/** Envelope.body field number of a body kind. */
export function bodyFieldNumber(kind: BodyKind): number {
  return BODY_FIELD_NUMBERS[kind];
}

/** Body kind of an Envelope.body field number, or undefined if none. */
export function bodyKindOfFieldNumber(fieldNumber: number): BodyKind | undefined {
  return KIND_BY_NUMBER[fieldNumber];
}

const IS_BODY_KIND: Readonly<Record<string, true>> = Object.assign(
  Object.create(null) as Record<string, true>,
  Object.fromEntries(BODY_KINDS.map((k) => [k, true])),
);

/** The body kind an envelope carries (first set oneof case, in key order), or undefined when it has none. */
export function bodyKind(env: Envelope): BodyKind | undefined {
  const e = env as Record<string, unknown>;
  for (const k in e) {
    if (IS_BODY_KIND[k] === true && e[k] != null) return k as BodyKind;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Validation (shared by encode and decode)
// ---------------------------------------------------------------------------------------------------------

interface Problem {
  cls: DecodeErrorClass;
  msg: string; // "<path>: <what is wrong>"
}

const hasOwn = Object.prototype.hasOwnProperty;
const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/.test(s);

const describe = describeValue;

// Validators return null, or an error "<relative path>: <problem>" where the relative path is "" for the value
// itself; callers prefix their key only on failure, so the success path builds no strings.
function under(prefix: string, err: string): string {
  return err.charCodeAt(0) === 58 /* ':' */ || err.charCodeAt(0) === 91 /* '[' */ ? prefix + err : `${prefix}.${err}`;
}

function checkValue(f: FieldSpec, v: unknown): string | null {
  switch (f.kind) {
    case 'u32':
    case 'i32':
    case 'u64':
    case 'i64': {
      if (typeof v !== 'number' || !Number.isInteger(v)) return `: integer expected, got ${describe(v)}`;
      if ((f.kind === 'u64' || f.kind === 'i64') && !Number.isSafeInteger(v))
        return `: ${v} is not a safe integer (64-bit fields are limited to +-(2^53-1))`;
      if (v < f.min || v > f.max) return `: ${v} out of range ${f.min}..${f.max}`;
      return null;
    }
    case 'f64':
    case 'f32': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `: finite number expected, got ${describe(v)}`;
      if (f.kind === 'f32' && Math.abs(v) > F32_MAX) return `: ${v} overflows float`;
      if (v < f.min || v > f.max) return `: ${v} out of range ${f.min}..${f.max}`;
      return null;
    }
    case 'bool':
      return typeof v === 'boolean' ? null : `: boolean expected, got ${describe(v)}`;
    case 'string':
      if (typeof v !== 'string') return `: string expected, got ${describe(v)}`;
      if (!isWellFormed(v)) return ': string has a lone surrogate (not encodable as UTF-8)';
      if (f.language && v.length > 0 && !isLanguageTag(v)) return `: ${describe(v)} is not a BCP 47 language tag`;
      return null;
    case 'bytes':
      if (!isBytes(v)) return `: Uint8Array expected, got ${describe(v)}`;
      if (f.bytesLength !== 0 && v.length !== 0 && v.length !== f.bytesLength)
        return `: ${f.bytesLength} bytes expected, got ${v.length}`;
      return null;
    case 'enum':
      if (typeof v !== 'number' || f.enumValues![v] === undefined) return `: unknown enum value ${describe(v)}`;
      return null;
    case 'msg':
      if (typeof v !== 'object' || v === null || Array.isArray(v) || looksLikeBytes(v))
        return `: object expected, got ${describe(v)}`;
      return checkMessage(f.msg!, v as Record<string, unknown>);
  }
}

function checkMessage(spec: TypeSpec, obj: Record<string, unknown>): string | null {
  // Inherited or hidden fields first: the checks below see own enumerable keys only, the encoder sees more or less.
  const shape = shapeProblem(obj, spec.fields);
  if (shape) return shape;
  let oneofSeen: string[] | null = null;
  for (const key in obj) {
    if (!hasOwn.call(obj, key)) continue;
    const v = obj[key];
    if (v === undefined || v === null) continue;
    const f = spec.byName.get(key);
    if (f === undefined) return `${key}: unknown field of ${spec.name}`;
    if (f.repeated) {
      if (!Array.isArray(v)) return `${key}: array expected, got ${describe(v)}`;
      for (let i = 0; i < v.length; i++) {
        // Own elements only: a hole is missing (its lookup would walk the array's prototype chain).
        const e = checkValue(f, hasOwn.call(v, i) ? v[i] : undefined);
        if (e) return under(`${key}[${i}]`, e);
      }
    } else {
      const e = checkValue(f, v);
      if (e) return under(key, e);
      if (f.bodyRef && v !== 0 && KIND_BY_NUMBER[v as number] === undefined)
        return `${key}: ${v as number} is not an Envelope.body field number`;
    }
    if (f.oneofIndex >= 0) {
      oneofSeen ??= [];
      const prev = oneofSeen[f.oneofIndex];
      if (prev !== undefined) return `${key}: oneof already set by ${prev}`;
      oneofSeen[f.oneofIndex] = key;
    }
  }
  for (let i = 0; i < spec.required.length; i++) {
    const f = spec.required[i]!;
    const v = obj[f.name];
    if (v == null || v === 0 || v === '' || (Array.isArray(v) && v.length === 0)) return `${f.name}: required in ${spec.name}`;
  }
  return spec.check ? spec.check(obj) : null;
}

function languagesOf(variants: LocalizedText[] | undefined): string | null {
  if (!variants || variants.length < 2) return null;
  const seen = new Set<string>();
  for (let i = 0; i < variants.length; i++) {
    const lang = (variants[i]!.language ?? '').toLowerCase();
    if (seen.has(lang)) return `variants[${i}].language: duplicate language ${lang}`;
    seen.add(lang);
  }
  return null;
}

specOf('TextMessage').check = (obj) => {
  const variants = obj['variants'] as LocalizedText[] | undefined;
  if (!variants || variants.length === 0) return 'variants: at least one language variant required (FR-18)';
  return languagesOf(variants);
};
specOf('PublicAlert').check = (obj) => {
  const variants = obj['variants'] as LocalizedText[] | undefined;
  if ((!variants || variants.length === 0) && obj['kind'] !== AlertKind.ALERT_END_OF_ALERT)
    return 'variants: at least one language variant required';
  return languagesOf(variants);
};
specOf('TouSchedule').check = (obj) => {
  const n = (obj['intervals'] as unknown[] | undefined)?.length ?? 0;
  const minutes = (obj['intervalMinutes'] as number | undefined) ?? 0;
  if (n < 1 || n > 96) return `intervals: 1..96 intervals expected, got ${n}`;
  if (minutes < 1) return 'intervalMinutes: required';
  if (n * minutes > 1440) return `intervals: ${n} x ${minutes} min exceeds 24 hours`;
  return null;
};

/** HAN devices receive exactly one language variant (FR-19); CDCS-internal and broadcast may carry several. */
export const SINGLE_LANGUAGE_DESTINATIONS: ReadonlySet<number> = new Set<number>([
  ActorKind.ACTOR_APPLIANCE,
  ActorKind.ACTOR_IHD,
  ActorKind.ACTOR_EMS,
]);

function checkEnvelope(env: unknown): Problem | null {
  if (typeof env !== 'object' || env === null || Array.isArray(env) || looksLikeBytes(env))
    return { cls: 'invalid-field', msg: `envelope: object expected, got ${describe(env)}` };
  const e = env as Record<string, unknown>;
  const shape = shapeProblem(e, ENVELOPE_SPEC.fields);
  if (shape) return { cls: 'invalid-field', msg: shape.startsWith(':') ? `envelope${shape}` : shape };
  if (e['header'] == null) return { cls: 'missing-header', msg: 'header: required' };
  let kind: BodyKind | undefined;
  for (const k in e) {
    if (IS_BODY_KIND[k] !== true || e[k] == null) continue;
    if (kind !== undefined) return { cls: 'multiple-bodies', msg: `${k}: body already set by ${kind}` };
    kind = k as BodyKind;
  }
  if (kind === undefined) return { cls: 'empty-body', msg: 'body: exactly one body expected, none set' };
  const err = checkMessage(ENVELOPE_SPEC, e);
  if (err) return { cls: 'invalid-field', msg: err };
  return hanLanguageProblem(e, kind);
}

/** FR-19: a text / alert to a HAN device carries exactly one variant, in the header's language. */
function hanLanguageProblem(e: Record<string, unknown>, kind: BodyKind): Problem | null {
  if (kind === 'textMessage' || kind === 'publicAlert') {
    const header = e['header'] as Header;
    const dest = header.destination?.kind ?? 0;
    const variants = (e[kind] as { variants?: LocalizedText[] }).variants ?? [];
    if (SINGLE_LANGUAGE_DESTINATIONS.has(dest) && variants.length > 0) {
      if (variants.length !== 1)
        return {
          cls: 'invalid-field',
          msg: `${kind}.variants: exactly one language variant on the wire to a HAN device (FR-19), got ${variants.length}`,
        };
      const lang = variants[0]!.language ?? '';
      if ((header.language ?? '').toLowerCase() !== lang.toLowerCase())
        return {
          cls: 'invalid-field',
          msg: `header.language: ${describe(header.language ?? '')} must equal the variant's language ${describe(lang)}`,
        };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Fast paths (compile.ts): generated per-type validators, encoders and decoders
// ---------------------------------------------------------------------------------------------------------

const SPEC_LIST = [...SPECS.values()];
const FAST = compileSchema(SPEC_LIST, { isLanguageTag, isWellFormed, kindByNumber: KIND_BY_NUMBER });
const HEADER_FIELD = ENVELOPE_SPEC.byName.get('header')!;
const HEADER_VALID = FAST.valid[HEADER_FIELD.msg!.index]!;
const HEADER_ENCODE = FAST.encode[HEADER_FIELD.msg!.index]!;
const ENVELOPE_DECODE = FAST.decode[ENVELOPE_SPEC.index]!;
const ENVELOPE_DECODE_TRUSTED = FAST.trusted[ENVELOPE_SPEC.index]!;
if (HEADER_FIELD.id !== 1 || HEADER_FIELD.repeated) throw new Error('codec: Envelope.header must be field 1');

/** Envelope.body cases: name -> index into the BODY_* tables. */
const BODY_INDEX: Record<string, number> = Object.create(null) as Record<string, number>;
const BODY_NAME: string[] = [];
const BODY_TAG: number[] = [];
const BODY_VALID: ((o: Record<string, unknown>) => boolean)[] = [];
const BODY_ENCODE: ((o: Record<string, unknown>) => void)[] = [];
for (const f of ENVELOPE_SPEC.fields) {
  if (f.name === 'header') continue;
  if (f.oneofIndex < 0 || f.kind !== 'msg' || f.repeated) throw new Error(`codec: Envelope.${f.name} is not a body case`);
  BODY_INDEX[f.name] = BODY_NAME.length;
  BODY_NAME.push(f.name);
  BODY_TAG.push(((f.id << 3) | WIRE_LEN) >>> 0);
  BODY_VALID.push(FAST.valid[f.msg!.index]!);
  BODY_ENCODE.push(FAST.encode[f.msg!.index]!);
}

/** An object whose prototype is Object.prototype or null (so no array, typed array or prototype trick). */
const isPlainMessage = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * The body index of an envelope that certainly passes the original validation (checkEnvelope, then protobufjs
 * verify), else -1 ("not sure": run the original checks for the exact verdict and message).
 * Certain means: a plain object (prototype Object.prototype or null); every enumerable key is own and is `header`,
 * a body case or holds null / undefined; there are no non-enumerable own properties; exactly one
 * body; header and body pass the generated validators (stricter than checkMessage and verify); FR-19 holds.
 * Then protobufjs would write exactly the header and that body, which is what writeEnvelope does.
 */
function certainBody(env: unknown): number {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return -1;
  const proto: unknown = Object.getPrototypeOf(env);
  if (proto !== Object.prototype && proto !== null) return -1; // class instances, fakes: the original checks decide
  const e = env as Record<string, unknown>;
  let keys = 0;
  let header: unknown;
  let body = -1;
  for (const k in e) {
    if (!hasOwn.call(e, k)) return -1;
    keys++;
    const v = e[k];
    if (v === undefined || v === null) continue;
    if (k === 'header') {
      header = v;
      continue;
    }
    const b = BODY_INDEX[k];
    if (b === undefined || body !== -1) return -1; // unknown field or a second body
    body = b;
  }
  if (body < 0 || header === undefined || Object.getOwnPropertyNames(e).length !== keys) return -1;
  if (!isPlainMessage(header) || !HEADER_VALID(header)) return -1;
  const b = e[BODY_NAME[body]!];
  if (!isPlainMessage(b) || !BODY_VALID[body]!(b)) return -1;
  if (body === TEXT_MESSAGE || body === PUBLIC_ALERT) {
    if (hanLanguageProblem(e, BODY_NAME[body] as BodyKind) !== null) return -1;
  }
  return body;
}
const TEXT_MESSAGE = BODY_INDEX['textMessage']!;
const PUBLIC_ALERT = BODY_INDEX['publicAlert']!;

/** Writes header + body as protobufjs would (fields by number; both are length-delimited messages). */
function writeEnvelope(e: Record<string, unknown>, body: number): void {
  startWrite();
  writeVarint32(((HEADER_FIELD.id << 3) | WIRE_LEN) >>> 0);
  let at = beginNested();
  HEADER_ENCODE(e['header'] as Record<string, unknown>);
  endNested(at);
  writeVarint32(BODY_TAG[body]!);
  at = beginNested();
  BODY_ENCODE[body]!(e[BODY_NAME[body]!] as Record<string, unknown>);
  endNested(at);
}

/**
 * Validates an envelope object as encodeEnvelope would. Returns null when valid, else "<field path>: <what is
 * wrong>".
 */
export function validateEnvelope(env: unknown): string | null {
  if (certainBody(env) >= 0) return null;
  return checkEnvelope(env)?.msg ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Encode
// ---------------------------------------------------------------------------------------------------------

/**
 * Verifies before encoding: the codec's strict check (types, ranges, unknown keys, message rules; gives the field
 * path), then protobufjs' own Type.verify as a second opinion on what its encoder accepts.
 */
function assertValid(env: unknown, fn: string): void {
  const p = checkEnvelope(env);
  if (p) throw new Error(`${fn}: invalid envelope: ${p.msg}`);
  const verr = EnvelopeType.verify(env as Record<string, unknown>);
  if (verr) throw new Error(`${fn}: invalid envelope: ${verr}`);
}

/**
 * Encodes an envelope. Throws an Error naming the bad field if the object is not a valid envelope.
 *
 * Fast path: certainBody() proves the envelope valid, and the generated encoder writes the same bytes as
 * protobufjs. Anything else (invalid, or valid but unusual, e.g. inherited or non-enumerable properties) goes the
 * original way: checkEnvelope + verify (same errors), then protobufjs.
 */
export function encodeEnvelope(env: EnvelopeObject): Uint8Array {
  const body = certainBody(env);
  if (body < 0) {
    assertValid(env, 'encodeEnvelope');
    return EnvelopeType.encode(env).finish();
  }
  writeEnvelope(env as unknown as Record<string, unknown>, body);
  return finishWrite();
}

/** Encoded size in bytes of an envelope (what encodeEnvelope would return), without copying the bytes. */
export function encodedSize(env: EnvelopeObject): number {
  const body = certainBody(env);
  if (body < 0) {
    assertValid(env, 'encodedSize');
    return EnvelopeType.encode(env).len;
  }
  writeEnvelope(env as unknown as Record<string, unknown>, body);
  return abandonWrite();
}

/**
 * One function per body kind returning `{ header, <kind>: body }` as a plain literal: an object literal with a
 * computed key (`{ header, [kind]: body }`) goes through the runtime and comes out in dictionary mode, which every
 * later read of the envelope pays for; these give each kind's envelopes one fixed shape.
 */
const MAKE_ENVELOPE = new Map<string, (header: Header, body: unknown) => EnvelopeObject>(
  BODY_NAME.map((k) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(k)) throw new Error(`codec: body case ${k} is not an identifier`);
    return [k, new Function('h', 'b', `return { header: h, ${k}: b };`) as (header: Header, body: unknown) => EnvelopeObject];
  }),
);

/** The envelope carrying `body` as its `kind` under `header` (what the world sends). */
export function makeEnvelope(header: Header, kind: BodyKind, body: unknown): EnvelopeObject {
  const make = MAKE_ENVELOPE.get(kind);
  if (make === undefined) throw new Error(`makeEnvelope: ${String(kind)} is not an Envelope body case`);
  return make(header, body);
}

/**
 * encodedSize(makeEnvelope(header, kind, body)), the envelope's own shape being known: only the header and the body
 * are checked (the same generated validators; anything they are not sure of goes through encodedSize for the
 * exact verdict), and the bytes are written to scratch and dropped.
 */
export function encodedSizeOf(header: Header, kind: BodyKind, body: unknown, headerLength = -1): number {
  const size = provenSizeOf(header, kind, body, headerLength);
  return size >= 0 ? size : encodedSize(makeEnvelope(header, kind, body));
}

/**
 * encodedSizeOf where the generated validators prove makeEnvelope(header, kind, body) valid (`headerLength` ≥ 0:
 * the header's values were proven by headerLength, and the header object may then be undefined, except for text
 * messages and public alerts, whose FR-19 rule reads it), else -1 (not sure: encodedSize gives the exact verdict). An
 * envelope proven here may be encoded later by encodeProven, which does not check it again.
 */
export function provenSizeOf(header: Header | undefined, kind: BodyKind, body: unknown, headerLength = -1): number {
  const b = BODY_INDEX[kind];
  if (b === undefined) return -1;
  if (b === TEXT_MESSAGE || b === PUBLIC_ALERT) {
    // FR-19's language rule reads header and body together: the whole-envelope proof (none without a header).
    if (header === undefined) return -1;
    const env = makeEnvelope(header, kind, body);
    if (certainBody(env) !== b) return -1;
    writeEnvelope(env as unknown as Record<string, unknown>, b);
    return abandonWrite();
  }
  if ((headerLength < 0 && (!isPlainMessage(header) || !HEADER_VALID(header))) || !isPlainMessage(body) || !BODY_VALID[b]!(body)) return -1;
  startWrite();
  if (headerLength < 0) {
    writeVarint32(((HEADER_FIELD.id << 3) | WIRE_LEN) >>> 0);
    const at = beginNested();
    HEADER_ENCODE(header as unknown as Record<string, unknown>);
    endNested(at);
  }
  writeVarint32(BODY_TAG[b]!);
  const at = beginNested();
  BODY_ENCODE[b]!(body);
  endNested(at);
  const written = abandonWrite();
  return headerLength < 0 ? written : HEADER_TAG_BYTES + varintBytes(headerLength) + headerLength + written;
}

/**
 * provenSizeOf(header, kind, body, headerLength) ≥ 0 without the size: true where the generated validators prove
 * makeEnvelope(header, kind, body) valid, else false (not sure: encodedSize gives the exact verdict). For a message
 * whose size nobody reads (no link carries it): the check without writing the bytes.
 */
export function provenValid(header: Header | undefined, kind: BodyKind, body: unknown, headerLength = -1): boolean {
  const b = BODY_INDEX[kind];
  if (b === undefined) return false;
  if (b === TEXT_MESSAGE || b === PUBLIC_ALERT) return header !== undefined && certainBody(makeEnvelope(header, kind, body)) === b;
  return (headerLength >= 0 || (isPlainMessage(header) && HEADER_VALID(header))) && isPlainMessage(body) && BODY_VALID[b]!(body);
}

/**
 * encodeEnvelope(makeEnvelope(header, kind, body)) where the generated validators prove that envelope valid, as
 * provenSizeOf does (`headerLength` ≥ 0: the header's values were proven by headerLength), else undefined (not
 * sure: encodedSize gives the exact verdict). For a message that will cross a partition boundary: one pass makes
 * its frame, where provenSizeOf then encodeProven would write the body twice. The frame is a view into the
 * encoder's pool, as encodeEnvelope's.
 */
export function provenFrameOf(header: Header | undefined, kind: BodyKind, body: unknown, headerLength = -1): Uint8Array | undefined {
  const b = BODY_INDEX[kind];
  if (b === undefined) return undefined;
  if (b === TEXT_MESSAGE || b === PUBLIC_ALERT) {
    if (header === undefined) return undefined;
    const env = makeEnvelope(header, kind, body);
    if (certainBody(env) !== b) return undefined;
    writeEnvelope(env as unknown as Record<string, unknown>, b);
    return finishWrite();
  }
  if ((headerLength < 0 && (!isPlainMessage(header) || !HEADER_VALID(header))) || !isPlainMessage(body) || !BODY_VALID[b]!(body)) return undefined;
  startWrite();
  writeVarint32(((HEADER_FIELD.id << 3) | WIRE_LEN) >>> 0);
  let at = beginNested();
  HEADER_ENCODE(header as unknown as Record<string, unknown>);
  endNested(at);
  writeVarint32(BODY_TAG[b]!);
  at = beginNested();
  BODY_ENCODE[b]!(body);
  endNested(at);
  return finishWrite();
}

/**
 * encodeEnvelope(env) for an envelope makeEnvelope(…, kind, …) made and provenSizeOf proved valid, unchanged
 * since: the same bytes without checking it again (the check is about a third of encodeEnvelope's cost, paid by
 * every message that crosses a partition boundary). Any other envelope: encodeEnvelope.
 */
export function encodeProven(env: EnvelopeObject, kind: BodyKind): Uint8Array {
  writeEnvelope(env as unknown as Record<string, unknown>, BODY_INDEX[kind]!);
  return finishWrite();
}

// ---------------------------------------------------------------------------------------------------------
// Header length from its values (the world's per-message path)
// ---------------------------------------------------------------------------------------------------------

/** Bytes of a non-negative integer (≤ 2^53) as a varint. */
function varintBytes(n: number): number {
  let bytes = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    bytes++;
  }
  return bytes;
}

function singular(spec: TypeSpec, name: string, kind: Kind): FieldSpec {
  const f = spec.byName.get(name);
  const varint = kind === 'u64' || kind === 'u32' || kind === 'enum';
  const type = kind === 'u64' ? 'uint64' : kind === 'u32' ? 'uint32' : kind === 'enum' ? 'enum' : f?.type;
  if (f === undefined || f.repeated || f.kind !== kind || f.oneofIndex >= 0 || f.type !== type || (varint && f.wire !== WIRE_VARINT)) throw new Error(`codec: headerLength expects ${spec.name}.${name} to be a singular ${kind}`);
  return f;
}
const HEADER_SPEC = HEADER_FIELD.msg!;
const H_ID = singular(HEADER_SPEC, 'id', 'u64');
const H_CORRELATION = singular(HEADER_SPEC, 'correlationId', 'u64');
const H_VISIBILITY = singular(HEADER_SPEC, 'visibility', 'enum');
const H_PRIORITY = singular(HEADER_SPEC, 'priority', 'enum');
const H_LANGUAGE = singular(HEADER_SPEC, 'language', 'string');
const H_SOURCE = singular(HEADER_SPEC, 'source', 'msg');
const H_DESTINATION = singular(HEADER_SPEC, 'destination', 'msg');
const H_SENT_AT = singular(HEADER_SPEC, 'sentAtMs', 'u64');
const REF_SPEC = H_SOURCE.msg!;
const R_KIND = singular(REF_SPEC, 'kind', 'enum');
const R_ID = singular(REF_SPEC, 'id', 'u32');
if (HEADER_SPEC.fields.length !== 8 || REF_SPEC.fields.length !== 2 || H_DESTINATION.msg !== REF_SPEC || HEADER_SPEC.check || REF_SPEC.check)
  throw new Error('codec: Header or ActorRef changed: update headerLength');
const HEADER_TAG_BYTES = varintBytes(((HEADER_FIELD.id << 3) | WIRE_LEN) >>> 0);
const tagBytes = (f: FieldSpec): number => varintBytes(((f.id << 3) | f.wire) >>> 0);

/** Bytes of an integer field holding v (written when not null, zero included), or -1 when v breaks its rules. */
function integerField(f: FieldSpec, v: number): number {
  if (!Number.isSafeInteger(v) || v < f.min || v > f.max || (f.required && v === 0)) return -1;
  return tagBytes(f) + varintBytes(v);
}
function enumField(f: FieldSpec, v: number): number {
  if (typeof v !== 'number' || f.enumValues![v] === undefined || v < 0 || (f.required && v === 0)) return -1;
  return tagBytes(f) + varintBytes(v);
}
function refField(f: FieldSpec, kind: number, id: number): number {
  const k = enumField(R_KIND, kind), i = integerField(R_ID, id);
  if (k < 0 || i < 0) return -1;
  return tagBytes(f) + varintBytes(k + i) + k + i;
}
/** UTF-8 bytes of the language tags seen (a study has a handful), each checked once. */
const LANGUAGE_BYTES = new Map<string, number>();
function languageField(tag: string): number {
  let n = LANGUAGE_BYTES.get(tag);
  if (n === undefined) {
    if (typeof tag !== 'string' || !isWellFormed(tag) || (tag.length > 0 && !isLanguageTag(tag))) return -1;
    n = Buffer.byteLength(tag, 'utf8');
    if (LANGUAGE_BYTES.size < 1024) LANGUAGE_BYTES.set(tag, n);
  }
  return tagBytes(H_LANGUAGE) + varintBytes(n) + n;
}

/**
 * The encoded length of the Header { id, correlationId (when not undefined), visibility, priority, language (when
 * not undefined), source { kind, id }, destination { kind, id }, sentAtMs } — from the values, checked against the
 * same rules as the validator — or -1 when a value breaks one (encode that header for the exact error). With
 * encodedSizeOf's `headerLength`, a message's size costs no walk of its header object.
 */
export function headerLength(
  id: number, correlationId: number | undefined, visibility: number, priority: number, language: string | undefined,
  sourceKind: number, sourceId: number, destinationKind: number, destinationId: number, sentAtMs: number,
): number {
  // Each part is -1 (a broken value) or its bytes; no array, no object: this runs for every message.
  const a = integerField(H_ID, id);
  const b = correlationId === undefined ? 0 : integerField(H_CORRELATION, correlationId);
  const c = enumField(H_VISIBILITY, visibility);
  const d = enumField(H_PRIORITY, priority);
  const e = language === undefined ? 0 : languageField(language);
  const f = refField(H_SOURCE, sourceKind, sourceId);
  const g = refField(H_DESTINATION, destinationKind, destinationId);
  const h = integerField(H_SENT_AT, sentAtMs);
  if (a < 0 || b < 0 || c < 0 || d < 0 || e < 0 || f < 0 || g < 0 || h < 0) return -1;
  return a + b + c + d + e + f + g + h;
}

// ---------------------------------------------------------------------------------------------------------
// Decode
// ---------------------------------------------------------------------------------------------------------

/**
 * Decodes a frame. Never throws: malformed or invalid frames return { ok: false, error, detail } where error is
 * one of DECODE_ERROR_CLASSES. Bytes fields of the result are views into `bytes` (copy them to keep them if
 * the frame buffer is reused).
 *
 * One pass (compile.ts): the strict wire scan, protobufjs decode + toObject({ longs: Number }) semantics, and the
 * value rules, which only flag; a flagged value goes through checkEnvelope for the exact error class and text.
 */
export function decodeEnvelope(bytes: Uint8Array): DecodeResult {
  try {
    if (!isBytes(bytes)) return { ok: false, error: 'not-bytes', detail: `got ${describe(bytes)}` };
    startRead(bytes);
    const value = ENVELOPE_DECODE(bytes, bytes.length, 0) as EnvelopeObject | null;
    if (value === null) return { ok: false, error: R.err ?? 'decode-failed', detail: R.detail };
    const kind = KIND_BY_NUMBER[R.oneof];
    if (
      R.bad ||
      value.header === undefined ||
      kind === undefined ||
      ((kind === 'textMessage' || kind === 'publicAlert') &&
        hanLanguageProblem(value as unknown as Record<string, unknown>, kind) !== null)
    ) {
      const p = checkEnvelope(value);
      if (p) return { ok: false, error: p.cls, detail: p.msg };
    }
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: 'decode-failed', detail: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * decodeEnvelope(bytes) for a frame this process's encoder wrote (encodeEnvelope / encodeProven) from a valid
 * envelope, whose bytes nothing has touched since: a partner partition's mail (the wire is not real there; a
 * frame that was real wire, and may be corrupted, does not come here). The same wire scan builds the same
 * object, without the value rules (ranges, enums, language tags, UTF-8, required fields), which such a frame
 * passes by construction. Whatever the scan itself rejects goes to decodeEnvelope for its exact error.
 */
export function decodeTrusted(bytes: Uint8Array): DecodeResult {
  try {
    startRead(bytes);
    const value = ENVELOPE_DECODE_TRUSTED(bytes, bytes.length, 0) as EnvelopeObject | null;
    if (value === null || value.header === undefined || KIND_BY_NUMBER[R.oneof] === undefined) return decodeEnvelope(bytes);
    return { ok: true, value };
  } catch {
    return decodeEnvelope(bytes);
  }
}

/** The protobufjs reflection of Envelope (read-only use: tests, tools). */
export const envelopeReflection: protobuf.Type = EnvelopeType;
