// REFERENCE ONLY (tests and bench/codec.ts): the straightforward codec as it was before the fast paths in
// codec.ts (validate with checkEnvelope + protobufjs verify, encode with protobufjs; decode = scan, protobufjs
// decode + toObject, checkEnvelope). codec.property.test.ts checks that codec.ts gives the same bytes, values and
// error classes as this file. Do not import it from model code.
// Encode / decode of the C5 Envelope (models/proto/envelope.proto) with protobufjs.
//
// - The .proto files are parsed once, at import (schema.ts resolves them relative to this module, so any cwd
//   and worker threads work). Per-type validation tables are built once; no reflection lookups per call.
// - encodeEnvelope / encodedSize validate first and throw an Error naming the bad field path: a bad object
//   is a programmer error.
// - decodeEnvelope never throws. It (1) scans the wire format against the schema (unknown field, wrong wire
//   type, truncation, over-long varints, invalid UTF-8, two bodies, a singular field twice), (2) decodes with protobufjs and converts
//   to a plain object (uint64 -> JS number, so no Long objects leak), (3) runs the same validation as encode.
//   Random bytes that happen to parse as protobuf are rejected by (1) or (3). Failures carry a short error
//   class (DecodeErrorClass) for counting, and a human-readable detail.
// - 64-bit values exist only in Header (id, correlation_id, sent_at_ms): uint64 on the wire, JS numbers in
//   the API, limited to safe integers (<= 2^53 - 1).
import protobuf from 'protobufjs';
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
const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = { longs: Number };

type Kind = 'u32' | 'i32' | 'u64' | 'i64' | 'f64' | 'f32' | 'bool' | 'string' | 'bytes' | 'enum' | 'msg';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

interface FieldSpec {
  readonly name: string; // JS (camelCase) name
  readonly id: number;
  readonly kind: Kind;
  readonly repeated: boolean;
  readonly wire: number; // wire type of one element
  readonly varint64: boolean; // varint may take up to 10 bytes
  readonly packable: boolean;
  readonly oneofIndex: number; // index of the real (non-synthetic) oneof, -1 if none
  readonly enumValues: Readonly<Record<number, string>> | null;
  msg: TypeSpec | null; // set after all specs exist
  // rules (from RULES below)
  min: number;
  max: number;
  required: boolean; // must be present and non-default (non-zero / non-empty)
  bytesLength: number; // exact length for non-empty bytes, 0 = any
  language: boolean; // BCP 47 tag when non-empty
  bodyRef: boolean; // 0 or a known Envelope.body field number
}

interface TypeSpec {
  readonly name: string; // short name, e.g. "LoadControlEvent"
  readonly fields: FieldSpec[];
  readonly byName: Map<string, FieldSpec>;
  readonly byId: (FieldSpec | undefined)[];
  readonly required: FieldSpec[];
  check: ((obj: Record<string, unknown>) => string | null) | null;
}

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
const F32_MAX = 3.4028234663852886e38;

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

/** True for a (simplified) BCP 47 language tag: language[-Script][-REGION][-variant]*. */
export function isLanguageTag(tag: string): boolean {
  return tag.length <= 35 && LANGUAGE_TAG.test(tag);
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
    if (f.resolvedType instanceof protobuf.Enum) {
      kind = 'enum';
      wire = WIRE_VARINT;
      enumValues = f.resolvedType.valuesById;
    } else if (f.resolvedType instanceof protobuf.Type) {
      kind = 'msg';
      wire = WIRE_LEN;
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
      repeated: f.repeated,
      wire,
      varint64,
      packable: f.repeated && wire !== WIRE_LEN,
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

/**
 * Validates an envelope object as encodeEnvelope would. Returns null when valid, else "<field path>: <what is
 * wrong>".
 */
export function validateEnvelope(env: unknown): string | null {
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

/** Encodes an envelope. Throws an Error naming the bad field if the object is not a valid envelope. */
export function encodeEnvelope(env: EnvelopeObject): Uint8Array {
  assertValid(env, 'encodeEnvelope');
  return EnvelopeType.encode(env).finish();
}

/** Encoded size in bytes of an envelope (what encodeEnvelope would return), without copying the bytes. */
export function encodedSize(env: EnvelopeObject): number {
  assertValid(env, 'encodedSize');
  return EnvelopeType.encode(env).len;
}

// ---------------------------------------------------------------------------------------------------------
// Decode
// ---------------------------------------------------------------------------------------------------------

/** Maximum nesting of messages accepted (the schema needs 5). */
const MAX_DEPTH = 16;

// Scanner state: cursor and error (module-level to avoid allocations on the hot path).
let pos = 0;
let scanError: DecodeErrorClass | null = null;
let scanDetail = '';

function fail(cls: DecodeErrorClass, detail: string): false {
  scanError = cls;
  scanDetail = `${detail} at offset ${pos}`;
  return false;
}

/** Reads a varint of at most 32 bits (5 bytes, 5th byte <= 0x0f). Returns -1 on error (scanError set). */
function varint32(buf: Uint8Array, end: number): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (pos >= end) {
      fail('truncated', 'varint cut short');
      return -1;
    }
    const b = buf[pos++]!;
    if (i === 4) {
      if (b > 0x0f) {
        fail('bad-varint', 'varint overflows 32 bits');
        return -1;
      }
      return (value + b * 0x10000000) >>> 0;
    }
    value |= (b & 0x7f) << (7 * i);
    if (b < 0x80) return value >>> 0;
  }
  return -1; // unreachable
}

/** Skips a varint of at most 64 bits (10 bytes, 10th byte <= 1). */
function skipVarint64(buf: Uint8Array, end: number): boolean {
  for (let i = 0; i < 10; i++) {
    if (pos >= end) return fail('truncated', 'varint cut short');
    const b = buf[pos++]!;
    if (i === 9 && b > 1) return fail('bad-varint', 'varint overflows 64 bits');
    if (b < 0x80) return true;
  }
  return fail('bad-varint', 'varint longer than 10 bytes');
}

/** True when buf[start, end) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
function validUtf8(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      if (i + 1 >= end || (buf[i + 1]! & 0xc0) !== 0x80) return false;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      if (i + 2 >= end) return false;
      const b1 = buf[i + 1]!;
      if ((b1 & 0xc0) !== 0x80 || (buf[i + 2]! & 0xc0) !== 0x80) return false;
      if (b === 0xe0 && b1 < 0xa0) return false; // overlong
      if (b === 0xed && b1 > 0x9f) return false; // surrogate
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      if (i + 3 >= end) return false;
      const b1 = buf[i + 1]!;
      if ((b1 & 0xc0) !== 0x80 || (buf[i + 2]! & 0xc0) !== 0x80 || (buf[i + 3]! & 0xc0) !== 0x80) return false;
      if (b === 0xf0 && b1 < 0x90) return false; // overlong
      if (b === 0xf4 && b1 > 0x8f) return false; // > U+10FFFF
      i += 4;
    } else return false;
  }
  return true;
}

/** Checks buf[pos, end) is a well-formed encoding of `spec`. Leaves pos at end on success. */
function scanMessage(buf: Uint8Array, end: number, spec: TypeSpec, depth: number): boolean {
  if (depth > MAX_DEPTH) return fail('too-deep', `nesting deeper than ${MAX_DEPTH}`);
  let oneofSeen = 0; // field number of the (only) oneof case seen; schema has at most one real oneof per type
  let seenLo = 0; // bitmaps of singular field numbers 1..31 and 32..63 already seen
  let seenHi = 0;
  while (pos < end) {
    const tag = varint32(buf, end);
    if (tag < 0) return false;
    const id = tag >>> 3;
    const wt = tag & 7;
    if (id === 0) return fail('bad-tag', 'field number 0');
    if (wt !== WIRE_VARINT && wt !== WIRE_FIXED64 && wt !== WIRE_LEN && wt !== WIRE_FIXED32)
      return fail('bad-wire-type', `wire type ${wt}`);
    const f = spec.byId[id];
    if (f === undefined) return fail('unknown-field', `field ${id} is not in ${spec.name}`);
    const packed = wt === WIRE_LEN && f.packable;
    if (wt !== f.wire && !packed)
      return fail('bad-wire-type', `wire type ${wt} for ${spec.name}.${f.name} (expects ${f.wire})`);
    if (f.oneofIndex >= 0) {
      if (oneofSeen !== 0 && oneofSeen !== id)
        return fail('multiple-bodies', `${spec.name}: second oneof case ${f.name}`);
      oneofSeen = id;
    }
    if (!f.repeated && id < 64) {
      const bit = 1 << (id & 31);
      if (id < 32) {
        if ((seenLo & bit) !== 0) return fail('duplicate-field', `${spec.name}.${f.name} occurs twice`);
        seenLo |= bit;
      } else {
        if ((seenHi & bit) !== 0) return fail('duplicate-field', `${spec.name}.${f.name} occurs twice`);
        seenHi |= bit;
      }
    }
    switch (wt) {
      case WIRE_VARINT:
        if (f.varint64) {
          if (!skipVarint64(buf, end)) return false;
        } else if (varint32(buf, end) < 0) return false;
        break;
      case WIRE_FIXED64:
        if (end - pos < 8) return fail('truncated', 'fixed64 cut short');
        pos += 8;
        break;
      case WIRE_FIXED32:
        if (end - pos < 4) return fail('truncated', 'fixed32 cut short');
        pos += 4;
        break;
      default: {
        const len = varint32(buf, end);
        if (len < 0) return false;
        if (len > end - pos) return fail('truncated', `${spec.name}.${f.name}: length ${len} past the end`);
        const stop = pos + len;
        if (f.kind === 'msg') {
          if (!scanMessage(buf, stop, f.msg!, depth + 1)) return false;
        } else if (packed) {
          if (f.wire === WIRE_VARINT) {
            while (pos < stop) {
              if (f.varint64 ? !skipVarint64(buf, stop) : varint32(buf, stop) < 0) return false;
            }
          } else if (len % (f.wire === WIRE_FIXED64 ? 8 : 4) !== 0) {
            return fail('truncated', `${spec.name}.${f.name}: packed length ${len} not a multiple of the element size`);
          }
        } else if (f.kind === 'string' && !validUtf8(buf, pos, stop)) {
          return fail('invalid-utf8', `${spec.name}.${f.name}: invalid UTF-8`);
        }
        pos = stop;
      }
    }
  }
  return true;
}

function classifyThrown(e: unknown): DecodeErrorClass {
  const m = e instanceof Error ? e.message : String(e);
  if (m.includes('index out of range')) return 'truncated';
  if (m.includes('invalid wire type')) return 'bad-wire-type';
  if (m.includes('invalid varint')) return 'bad-varint';
  if (m.includes('nesting depth')) return 'too-deep';
  return 'decode-failed';
}

/**
 * Decodes a frame. Never throws: malformed or invalid frames return { ok: false, error, detail } where error is
 * one of DECODE_ERROR_CLASSES. Bytes fields of the result are views into `bytes` (copy them to keep them if
 * the frame buffer is reused).
 */
export function decodeEnvelope(bytes: Uint8Array): DecodeResult {
  try {
    if (!isBytes(bytes)) return { ok: false, error: 'not-bytes', detail: `got ${describe(bytes)}` };
    pos = 0;
    scanError = null;
    if (!scanMessage(bytes, bytes.length, ENVELOPE_SPEC, 0)) {
      return { ok: false, error: scanError ?? 'decode-failed', detail: scanDetail };
    }
    let value: EnvelopeObject;
    try {
      const msg = EnvelopeType.decode(bytes);
      value = EnvelopeType.toObject(msg, TO_OBJECT_OPTIONS) as EnvelopeObject;
    } catch (e) {
      return { ok: false, error: classifyThrown(e), detail: e instanceof Error ? e.message : String(e) };
    }
    const p = checkEnvelope(value);
    if (p) return { ok: false, error: p.cls, detail: p.msg };
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: 'decode-failed', detail: e instanceof Error ? e.message : String(e) };
  }
}

/** The protobufjs reflection of Envelope (read-only use: tests, tools). */
export const envelopeReflection: protobuf.Type = EnvelopeType;
