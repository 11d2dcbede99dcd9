// Schema-specialised fast paths of the codec (used by codec.ts; not a public API).
//
// For every message type, three functions are generated once at import (like protobufjs' own generated code,
// with `new Function`), straight-line code with named property accesses instead of per-call reflection:
//
// - valid_T(obj): boolean — a conservative version of codec.ts' checkMessage + protobufjs' verify. true means
//   both would accept obj; false means "not sure": the caller then runs the original checks, which produce the
//   exact error (so error messages and rejected inputs are unchanged).
// - encode_T(obj), for an obj that passed valid_T — writes the bytes protobufjs' generated encoder writes (fields
//   by number; a singular field when `!= null` and own — valid_T makes sure every non-null field is own — a
//   repeated one when `!= null && .length`; proto3 packing; the same varint / zig-zag / 64-bit / UTF-8 rules), but
//   straight into a pooled output buffer: no Writer op list, no second verify.
// - decode_T(buf, end, depth) — one pass that does what codec.ts used to do in three: the strict wire scan (same
//   checks in the same order, so the same error class), protobufjs' decode and toObject({ longs: Number })
//   (same values, same key order: by field number, no empty arrays, bytes as views / Buffer.alloc(0) when
//   empty), and the value rules of checkMessage, which only raise a flag (R.bad): on a flag the caller runs the
//   original validation on the decoded object to get the exact error class and text.
//
// codec.equivalence.property.test.ts compares all of this against the pre-optimisation implementation
// (codec.reference.ts) on random valid envelopes, randomly broken objects and random mutations of valid frames.
import { types } from 'node:util';
import protobuf from 'protobufjs';
import type { DecodeErrorClass } from './codec.ts';

export type Kind = 'u32' | 'i32' | 'u64' | 'i64' | 'f64' | 'f32' | 'bool' | 'string' | 'bytes' | 'enum' | 'msg';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export interface FieldSpec {
  readonly name: string; // JS (camelCase) name
  readonly id: number;
  readonly kind: Kind;
  readonly type: string; // protobuf scalar type ("uint32", "sint32", ...), "enum" or "message"
  readonly repeated: boolean;
  readonly wire: number; // wire type of one element
  readonly varint64: boolean; // varint may take up to 10 bytes
  readonly packable: boolean; // repeated scalar: may arrive packed
  readonly packed: boolean; // protobufjs encodes it packed
  readonly oneofIndex: number; // index of the real (non-synthetic) oneof, -1 if none
  readonly enumValues: Readonly<Record<number, string>> | null;
  msg: TypeSpec | null; // set after all specs exist
  // rules (from codec.ts RULES)
  min: number;
  max: number;
  required: boolean; // must be present and non-default (non-zero / non-empty)
  bytesLength: number; // exact length for non-empty bytes, 0 = any
  language: boolean; // BCP 47 tag when non-empty
  bodyRef: boolean; // 0 or a known Envelope.body field number
}

export interface TypeSpec {
  readonly name: string; // short name, e.g. "LoadControlEvent"
  readonly index: number; // position in the list given to compileSchema
  readonly fields: FieldSpec[];
  readonly byName: Map<string, FieldSpec>;
  readonly byId: (FieldSpec | undefined)[];
  readonly required: FieldSpec[];
  check: ((obj: Record<string, unknown>) => string | null) | null;
}

/** Maximum nesting of messages accepted by decode (the schema needs 5). */
export const MAX_DEPTH = 16;

const U32_MAX = 0xffffffff;
const I32_MIN = -0x80000000;
const I32_MAX = 0x7fffffff;
export const F32_MAX = 3.4028234663852886e38;

// ---------------------------------------------------------------------------------------------------------
// Decode runtime. Module-level state, no allocation per field: the reader position, the first error, the
// "some value breaks a rule" flag, and the body field number of the last message with a oneof.
// ---------------------------------------------------------------------------------------------------------

export const R = {
  pos: 0,
  err: null as DecodeErrorClass | null,
  detail: '',
  bad: false,
  oneof: 0,
  isBuffer: false, // input is a Buffer: bytes fields are Buffer views (protobufjs BufferReader), else subarrays
  lo: 0, // last 64-bit value read, as two uint32 halves
  hi: 0,
};

/** Resets the reader for a new frame. */
export function startRead(bytes: Uint8Array): void {
  R.pos = 0;
  R.err = null;
  R.detail = '';
  R.bad = false;
  R.oneof = 0;
  R.isBuffer = Buffer.isBuffer(bytes);
}

function fail(cls: DecodeErrorClass, detail: string): null {
  R.err = cls;
  R.detail = `${detail} at offset ${R.pos}`;
  return null;
}

/** Reads a varint of at most 32 bits (5 bytes, 5th byte <= 0x0f). Returns -1 on error (R.err set). */
function varint32(buf: Uint8Array, end: number): number {
  let pos = R.pos;
  if (pos < end) {
    const b = buf[pos]!;
    if (b < 0x80) {
      R.pos = pos + 1;
      return b;
    }
  }
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (pos >= end) {
      R.pos = pos;
      fail('truncated', 'varint cut short');
      return -1;
    }
    const b = buf[pos++]!;
    if (i === 4) {
      R.pos = pos;
      if (b > 0x0f) {
        fail('bad-varint', 'varint overflows 32 bits');
        return -1;
      }
      return (value + b * 0x10000000) >>> 0;
    }
    value |= (b & 0x7f) << (7 * i);
    if (b < 0x80) {
      R.pos = pos;
      return value >>> 0;
    }
  }
  return -1; // unreachable
}

/** Reads a varint of at most 64 bits (10 bytes, 10th byte <= 1) into R.lo / R.hi (as protobufjs readLongVarint). */
function varint64(buf: Uint8Array, end: number): boolean {
  let lo = 0;
  let hi = 0;
  let pos = R.pos;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) {
      R.pos = pos;
      fail('truncated', 'varint cut short');
      return false;
    }
    const b = buf[pos++]!;
    if (i === 9 && b > 1) {
      R.pos = pos;
      fail('bad-varint', 'varint overflows 64 bits');
      return false;
    }
    if (i < 4) lo = (lo | ((b & 127) << (i * 7))) >>> 0;
    else if (i === 4) {
      lo = (lo | ((b & 127) << 28)) >>> 0;
      hi = (hi | ((b & 127) >> 4)) >>> 0;
    } else hi = (hi | ((b & 127) << ((i - 5) * 7 + 3))) >>> 0;
    if (b < 0x80) {
      R.pos = pos;
      R.lo = lo;
      R.hi = hi;
      return true;
    }
  }
  R.pos = pos;
  fail('bad-varint', 'varint longer than 10 bytes');
  return false;
}

/** LongBits(lo, hi).toNumber(unsigned) of protobufjs. */
function longToNumber(lo: number, hi: number, unsigned: boolean): number {
  if (!unsigned && hi >>> 31) {
    const l = (~lo + 1) >>> 0;
    let h = ~hi >>> 0;
    if (!l) h = (h + 1) >>> 0;
    return -(l + h * 4294967296);
  }
  return lo + hi * 4294967296;
}

/** LongBits.zzDecode + toNumber(false). */
function zigZagLongToNumber(lo: number, hi: number): number {
  const mask = -(lo & 1);
  const l = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
  const h = ((hi >>> 1) ^ mask) >>> 0;
  return longToNumber(l, h, false);
}

const floatScratch = new DataView(new ArrayBuffer(8));
const floatBytes = new Uint8Array(floatScratch.buffer);

function readFixed32(buf: Uint8Array, p: number): number {
  return (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
}
function readF64(buf: Uint8Array, p: number): number {
  for (let i = 0; i < 8; i++) floatBytes[i] = buf[p + i]!;
  return floatScratch.getFloat64(0, true);
}
function readF32(buf: Uint8Array, p: number): number {
  for (let i = 0; i < 4; i++) floatBytes[i] = buf[p + i]!;
  return floatScratch.getFloat32(0, true);
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

const utf8Slice = (Buffer.prototype as unknown as { utf8Slice(this: Uint8Array, s: number, e: number): string }).utf8Slice;

/**
 * Decodes buf[start, end), already checked to be well-formed UTF-8. For such input protobufjs' two readers
 * (utf8Slice for a Buffer, @protobufjs/utf8 otherwise) and this function return the same string.
 */
function readString(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 24) {
    let s = '';
    let i = start;
    for (; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) break;
      s += String.fromCharCode(c);
    }
    if (i === end) return s;
  }
  return utf8Slice.call(buf, start, end);
}

const bufferSlice = Buffer.prototype.slice;
const u8Subarray = Uint8Array.prototype.subarray;

/** protobufjs Reader#bytes: empty -> Buffer.alloc(0); Buffer input -> Buffer view; else subarray. */
function readBytes(buf: Uint8Array, start: number, end: number): Uint8Array {
  if (start === end) return Buffer.alloc(0);
  return R.isBuffer ? bufferSlice.call(buf as Buffer, start, end) : u8Subarray.call(buf, start, end);
}

// ---------------------------------------------------------------------------------------------------------
// Encode runtime: the message is written straight into a pooled buffer (like Buffer.allocUnsafe's pool) and
// returned as a Buffer view of exactly its bytes. A nested message reserves one length byte and is shifted in
// the rare case its length needs more.
// ---------------------------------------------------------------------------------------------------------

const POOL_SIZE = 8 * 1024; // as Buffer.poolSize: a retained frame keeps at most this much alive
let pool: Buffer = Buffer.allocUnsafeSlow(POOL_SIZE);
let start = 0; // where the message being written begins in pool
let wpos = 0;

/** Starts a message. */
export function startWrite(): void {
  if (pool.length - wpos < 1024) newPool();
  start = wpos;
}

/** Ends the message: a Buffer view of its bytes (the pool is not written there again). */
export function finishWrite(): Buffer {
  const out = Buffer.from(pool.buffer, pool.byteOffset + start, wpos - start); // a Buffer, like allocUnsafe's
  wpos = (wpos + 7) & ~7; // 8-byte alignment, as Node's own pool
  if (wpos > pool.length) wpos = pool.length;
  if (pool.length > POOL_SIZE) newPool(); // grown for a big message: leave it to that message alone
  return out;
}

/** Ends the message without keeping its bytes; returns its length. */
export function abandonWrite(): number {
  const len = wpos - start;
  wpos = start;
  if (pool.length > POOL_SIZE) newPool();
  return len;
}

function newPool(): void {
  pool = Buffer.allocUnsafeSlow(POOL_SIZE);
  start = 0;
  wpos = 0;
}

/** Makes room for n more bytes: moves the message begun at `start` to a new (larger if needed) pool. */
function grow(n: number): void {
  const used = wpos - start;
  const size = Math.max(POOL_SIZE, 2 * (used + n));
  const next = Buffer.allocUnsafeSlow(size);
  pool.copy(next, 0, start, wpos);
  pool = next;
  start = 0;
  wpos = used;
}

function ensure(n: number): void {
  if (wpos + n > pool.length) grow(n);
}

/** protobufjs writeVarint32 of an unsigned 32-bit value. */
function wVarint32(v: number): void {
  if (wpos + 5 > pool.length) grow(5);
  while (v > 127) {
    pool[wpos++] = (v & 127) | 128;
    v >>>= 7;
  }
  pool[wpos++] = v;
}

/** protobufjs writeVarint64. */
function wVarint64(lo: number, hi: number): void {
  if (wpos + 10 > pool.length) grow(10);
  while (hi) {
    pool[wpos++] = (lo & 127) | 128;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  while (lo > 127) {
    pool[wpos++] = (lo & 127) | 128;
    lo = lo >>> 7;
  }
  pool[wpos++] = lo;
}

// LongBits.from(value) of protobufjs, into (longLo, longHi).
let longLo = 0;
let longHi = 0;
function toLongBits(value: unknown): void {
  if (typeof value === 'number') {
    if (value === 0) {
      longLo = 0;
      longHi = 0;
      return;
    }
    const sign = value < 0;
    if (sign) value = -value;
    let lo = (value as number) >>> 0;
    let hi = (((value as number) - lo) / 4294967296) >>> 0;
    if (sign) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
      if (++lo > 4294967295) {
        lo = 0;
        if (++hi > 4294967295) hi = 0;
      }
    }
    longLo = lo;
    longHi = hi;
    return;
  }
  const bits = protobuf.util.LongBits.from(value as number);
  longLo = bits.lo;
  longHi = bits.hi;
}

/** Writer#int32: negative values take 10 bytes. */
function wInt32(v: number): void {
  if (v < 0) {
    toLongBits(v);
    wVarint64(longLo, longHi);
  } else wVarint32(v >>> 0);
}
function wLong(v: unknown): void {
  toLongBits(v);
  wVarint64(longLo, longHi);
}
function wSLong(v: unknown): void {
  toLongBits(v);
  const mask = longHi >> 31;
  const hi = (((longHi << 1) | (longLo >>> 31)) ^ mask) >>> 0;
  const lo = ((longLo << 1) ^ mask) >>> 0;
  wVarint64(lo, hi);
}
function wFixed32(v: number): void {
  if (wpos + 4 > pool.length) grow(4);
  pool[wpos++] = v & 255;
  pool[wpos++] = (v >>> 8) & 255;
  pool[wpos++] = (v >>> 16) & 255;
  pool[wpos++] = v >>> 24;
}
function wFixedLong(v: unknown): void {
  toLongBits(v);
  const hi = longHi;
  wFixed32(longLo);
  wFixed32(hi);
}
function wDouble(v: number): void {
  floatScratch.setFloat64(0, v, true);
  if (wpos + 8 > pool.length) grow(8);
  for (let i = 0; i < 8; i++) pool[wpos++] = floatBytes[i]!;
}
function wFloat(v: number): void {
  floatScratch.setFloat32(0, v, true);
  if (wpos + 4 > pool.length) grow(4);
  for (let i = 0; i < 4; i++) pool[wpos++] = floatBytes[i]!;
}

/** @protobufjs/utf8 write (what BufferWriter uses for strings shorter than 40 code units). */
function utf8Write(s: string, buf: Uint8Array, offset: number): void {
  for (let i = 0; i < s.length; ++i) {
    let c1 = s.charCodeAt(i);
    let c2: number;
    if (c1 < 128) {
      buf[offset++] = c1;
    } else if (c1 < 2048) {
      buf[offset++] = (c1 >> 6) | 192;
      buf[offset++] = (c1 & 63) | 128;
    } else if ((c1 & 0xfc00) === 0xd800 && ((c2 = s.charCodeAt(i + 1)) & 0xfc00) === 0xdc00) {
      c1 = 0x10000 + ((c1 & 0x03ff) << 10) + (c2 & 0x03ff);
      ++i;
      buf[offset++] = (c1 >> 18) | 240;
      buf[offset++] = ((c1 >> 12) & 63) | 128;
      buf[offset++] = ((c1 >> 6) & 63) | 128;
      buf[offset++] = (c1 & 63) | 128;
    } else {
      buf[offset++] = (c1 >> 12) | 224;
      buf[offset++] = ((c1 >> 6) & 63) | 128;
      buf[offset++] = (c1 & 63) | 128;
    }
  }
}

/** BufferWriter#string: length = Buffer.byteLength, bytes by @protobufjs/utf8 (< 40 units) or utf8Write. */
function wString(s: string): void {
  const n = s.length;
  if (n < 40) {
    // ASCII fast path: byteLength = n < 128, one length byte.
    if (wpos + n + 1 > pool.length) grow(n + 1);
    let p = wpos + 1;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      pool[p++] = c;
    }
    if (i === n) {
      pool[wpos] = n;
      wpos = p;
      return;
    }
  }
  const len = Buffer.byteLength(s);
  wVarint32(len);
  if (len) {
    ensure(len);
    if (n < 40) utf8Write(s, pool, wpos);
    else (pool as unknown as { utf8Write(s: string, offset: number): number }).utf8Write(s, wpos);
    wpos += len;
  }
}

function isString(v: unknown): v is string {
  return typeof v === 'string' || v instanceof String;
}

/** BufferWriter#bytes. */
function wBytes(v: Uint8Array | string): void {
  if (isString(v)) v = Buffer.from(v as string, 'base64');
  const len = v.length >>> 0;
  wVarint32(len);
  if (len) {
    ensure(len);
    pool.set(v as Uint8Array, wpos);
    wpos += len;
  }
}

// Tag + value in one call (the generated encoders write every singular field this way).
function wTag(tag: number): void {
  if (tag < 128) {
    if (wpos >= pool.length) grow(1);
    pool[wpos++] = tag;
  } else wVarint32(tag);
}
function tU32(tag: number, v: number): void {
  wTag(tag);
  wVarint32(v >>> 0);
}
function tI32(tag: number, v: number): void {
  wTag(tag);
  wInt32(v);
}
function tS32(tag: number, v: number): void {
  wTag(tag);
  wVarint32(((v << 1) ^ (v >> 31)) >>> 0);
}
function tBool(tag: number, v: unknown): void {
  wTag(tag);
  wVarint32(v ? 1 : 0);
}
function tLong(tag: number, v: unknown): void {
  wTag(tag);
  wLong(v);
}
function tSLong(tag: number, v: unknown): void {
  wTag(tag);
  wSLong(v);
}
function tFixed32(tag: number, v: number): void {
  wTag(tag);
  wFixed32(v >>> 0);
}
function tFixedLong(tag: number, v: unknown): void {
  wTag(tag);
  wFixedLong(v);
}
function tDouble(tag: number, v: number): void {
  wTag(tag);
  wDouble(v);
}
function tFloat(tag: number, v: number): void {
  wTag(tag);
  wFloat(v);
}
function tString(tag: number, v: string): void {
  wTag(tag);
  wString(v);
}
function tBytes(tag: number, v: Uint8Array | string): void {
  wTag(tag);
  wBytes(v);
}
/** Tag of a length-delimited field, then begin(). */
function tBegin(tag: number): number {
  wTag(tag);
  return begin();
}

/** Reserves one length byte for a nested message; returns where its content starts. */
function begin(): number {
  if (wpos >= pool.length) grow(1);
  wpos++;
  return wpos - start;
}

/** Writes the length of the nested message begun at `at` (relative to start), shifting it if > 127 bytes. */
function end(at: number): void {
  const from = start + at;
  let len = wpos - from;
  if (len < 128) {
    pool[from - 1] = len;
    return;
  }
  const extra = len < 0x4000 ? 1 : len < 0x200000 ? 2 : len < 0x10000000 ? 3 : 4;
  ensure(extra);
  const f = start + at; // start may have moved in ensure()
  pool.copyWithin(f + extra, f, wpos);
  let p = f - 1;
  while (len > 127) {
    pool[p++] = (len & 127) | 128;
    len >>>= 7;
  }
  pool[p] = len;
  wpos += extra;
}

/** For codec.ts, which writes the Envelope level itself. */
export { begin as beginNested, end as endNested, wVarint32 as writeVarint32 };

// ---------------------------------------------------------------------------------------------------------
// Code generation
// ---------------------------------------------------------------------------------------------------------

export interface CompileContext {
  isLanguageTag: (tag: string) => boolean;
  isWellFormed: (s: string) => boolean;
  kindByNumber: readonly unknown[]; // Envelope.body field number -> kind (holes elsewhere)
}

export type Validator = (obj: Record<string, unknown>) => boolean;
export type Encoder = (obj: Record<string, unknown>) => void;
export type Decoder = (buf: Uint8Array, end: number, depth: number) => Record<string, unknown> | null;

export interface Compiled {
  valid: Validator[];
  encode: Encoder[];
  decode: Decoder[];
  /** decode without the value rules: only for frames this process encoded from valid values (see compileSchema). */
  trusted: Decoder[];
  source: string;
}

const lit = (x: unknown): string => JSON.stringify(x);
function num(x: number): string {
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

/** Natural range of a decoded value of this protobuf type (checks outside it are dropped on decode). */
function naturalRange(f: FieldSpec): [number, number] {
  switch (f.type) {
    case 'uint32':
    case 'fixed32':
      return [0, U32_MAX];
    case 'int32':
    case 'sint32':
    case 'sfixed32':
    case 'enum':
      return [I32_MIN, I32_MAX];
    default:
      return [-Infinity, Infinity];
  }
}

/** Compiles validators, encoders and decoders for the given types (spec.index = position in the list). */
export function compileSchema(specs: readonly TypeSpec[], ctx: CompileContext): Compiled {
  const consts: unknown[] = [];
  const constName = new Map<unknown, string>();
  const K = (value: unknown): string => {
    let name = constName.get(value);
    if (name === undefined) {
      name = `k${consts.length}`;
      consts.push(value);
      constName.set(value, name);
    }
    return name;
  };
  const out: string[] = [];

  // ---------- validators ----------
  const elemCheck = (f: FieldSpec, x: string): string => {
    const rng = (): string => {
      const parts: string[] = [];
      if (f.min !== -Infinity) parts.push(`${x} < ${num(f.min)}`);
      if (f.max !== Infinity) parts.push(`${x} > ${num(f.max)}`);
      return parts.length ? ` || ${parts.join(' || ')}` : '';
    };
    switch (f.kind) {
      case 'u32':
      case 'i32':
        return `if (typeof ${x} !== "number" || !isInteger(${x})${rng()}) return false;`;
      case 'u64':
      case 'i64':
        return `if (typeof ${x} !== "number" || !isSafeInteger(${x})${rng()}) return false;`;
      case 'f64':
      case 'f32':
        return (
          `if (typeof ${x} !== "number" || !isFinite(${x})` +
          (f.kind === 'f32' ? ` || ${x} > F32_MAX || ${x} < -F32_MAX` : '') +
          `${rng()}) return false;`
        );
      case 'bool':
        return `if (typeof ${x} !== "boolean") return false;`;
      case 'string':
        return (
          `if (typeof ${x} !== "string" || !isWellFormed(${x})) return false;` +
          (f.language ? ` if (${x}.length > 0 && !isLanguageTag(${x})) return false;` : '')
        );
      case 'bytes':
        return (
          `if (!isU8(${x}) || ((p = getProto(${x})) !== U8P && p !== BUFP)) return false;` +
          (f.bytesLength !== 0 ? ` if (${x}.length !== 0 && ${x}.length !== ${f.bytesLength}) return false;` : '')
        );
      case 'enum':
        return `if (typeof ${x} !== "number" || ${K(f.enumValues)}[${x}] === undefined) return false;`;
      case 'msg':
        return `if (typeof ${x} !== "object" || ${x} === null || !valid${f.msg!.index}(${x})) return false;`;
    }
  };

  for (const spec of specs) {
    const hasOneof = spec.fields.some((f) => f.oneofIndex >= 0);
    const lines: string[] = [];
    lines.push(`function valid${spec.index}(o) { // ${spec.name}`);
    lines.push(`  var k, v, x, p, i, c = 0, n = 0, c1 = 0, n1 = 0;`);
    // A plain object (prototype Object.prototype or null; not an array or typed array): fields are then read by
    // name below without running an inherited getter (RegExp.prototype.source throws on other receivers) and
    // without a prototype chain that a proxy made endless.
    lines.push(`  p = getProto(o); if ((p !== OBJECT_PROTO && p !== null) || isArray(o)) return false;`);
    // Every enumerable key holding a value must be an own field (null / undefined are skipped by every check);
    // c counts them (c1 the oneof cases among them).
    lines.push(`  for (k in o) {`);
    lines.push(`    v = o[k];`);
    lines.push(`    if (v === undefined || v === null) continue;`);
    lines.push(`    if (!hasOwn.call(o, k)) return false;`);
    lines.push(`    switch (k) {`);
    const plain = spec.fields.filter((f) => f.oneofIndex < 0);
    const oneof = spec.fields.filter((f) => f.oneofIndex >= 0);
    if (plain.length) lines.push(`      ${plain.map((f) => `case ${lit(f.name)}:`).join(' ')} c++; break;`);
    if (oneof.length) lines.push(`      ${oneof.map((f) => `case ${lit(f.name)}:`).join(' ')} c++; c1++; break;`);
    lines.push(`      default: return false;`);
    lines.push(`    }`);
    lines.push(`  }`);
    // Every field, read by name (own or inherited, enumerable or not: stricter than both original checks).
    for (const f of spec.fields) {
      lines.push(`  v = o[${lit(f.name)}];`);
      lines.push(`  if (v !== undefined && v !== null) {`);
      if (f.repeated) {
        lines.push(`    if (!isArray(v) || getProto(v) !== ARRAY_PROTO) return false;`);
        if (f.required) lines.push(`    if (v.length === 0) return false;`);
        lines.push(`    for (i = 0; i < v.length; i++) { x = v[i]; ${elemCheck(f, 'x')} }`);
      } else {
        lines.push(`    ${elemCheck(f, 'v')}`);
        if (f.bodyRef) lines.push(`    if (v !== 0 && KIND[v] === undefined) return false;`);
        if (f.required) lines.push(`    if (v === 0 || v === "") return false;`);
      }
      lines.push(f.oneofIndex >= 0 ? `    n++; n1++;` : `    n++;`);
      lines.push(f.required ? `  } else return false;` : `  }`);
    }
    // n = c: every field holding a value is an own enumerable property, i.e. exactly what checkMessage iterates,
    // what verify checks and what protobufjs' encoder writes (no inherited or hidden field values).
    lines.push(`  if (n !== c) return false;`);
    // One oneof case at most.
    if (hasOneof) lines.push(`  if (n1 !== c1 || c1 > 1) return false;`);
    if (spec.check) lines.push(`  if (${K(spec.check)}(o) !== null) return false;`);
    lines.push(`  return true;`, `}`);
    out.push(lines.join('\n'));
  }

  // ---------- encoders ----------
  /** A singular field: tag and value in one helper call. */
  const writeField = (f: FieldSpec, tag: number, x: string): string => {
    switch (f.type) {
      case 'uint32':
        return `tU32(${tag}, ${x});`;
      case 'int32':
      case 'enum':
        return `tI32(${tag}, ${x});`;
      case 'sint32':
        return `tS32(${tag}, ${x});`;
      case 'bool':
        return `tBool(${tag}, ${x});`;
      case 'uint64':
      case 'int64':
        return `tLong(${tag}, ${x});`;
      case 'sint64':
        return `tSLong(${tag}, ${x});`;
      case 'fixed64':
      case 'sfixed64':
        return `tFixedLong(${tag}, ${x});`;
      case 'fixed32':
      case 'sfixed32':
        return `tFixed32(${tag}, ${x});`;
      case 'double':
        return `tDouble(${tag}, ${x});`;
      case 'float':
        return `tFloat(${tag}, ${x});`;
      case 'string':
        return `tString(${tag}, ${x});`;
      case 'bytes':
        return `tBytes(${tag}, ${x});`;
      case 'message':
        return `s = tBegin(${tag}); encode${f.msg!.index}(${x}); end(s);`;
      default:
        throw new Error(`codec: no encoder for ${f.type}`);
    }
  };
  /** One element of a packed run (no tag). */
  const writeValue = (f: FieldSpec, x: string): string => {
    switch (f.type) {
      case 'uint32':
        return `wVarint32(${x} >>> 0);`;
      case 'int32':
      case 'enum':
        return `wInt32(${x});`;
      case 'sint32':
        return `wVarint32((${x} << 1 ^ ${x} >> 31) >>> 0);`;
      case 'bool':
        return `wVarint32(${x} ? 1 : 0);`;
      case 'uint64':
      case 'int64':
        return `wLong(${x});`;
      case 'sint64':
        return `wSLong(${x});`;
      case 'fixed64':
      case 'sfixed64':
        return `wFixedLong(${x});`;
      case 'fixed32':
      case 'sfixed32':
        return `wFixed32(${x} >>> 0);`;
      case 'double':
        return `wDouble(${x});`;
      case 'float':
        return `wFloat(${x});`;
      default:
        throw new Error(`codec: no packed encoder for ${f.type}`);
    }
  };

  for (const spec of specs) {
    const lines: string[] = [];
    lines.push(`function encode${spec.index}(o) { // ${spec.name}`);
    lines.push(`  var v, i, s;`);
    // protobufjs writes a singular field when `v != null && hasOwn(o, name)`; after valid_T(o), every non-null
    // field is an own property, so `v != null` decides alone.
    for (const f of [...spec.fields].sort((a, b) => a.id - b.id)) {
      lines.push(`  v = o[${lit(f.name)}];`);
      const tag = ((f.id << 3) | f.wire) >>> 0;
      if (!f.repeated) {
        lines.push(`  if (v != null) { ${writeField(f, tag, 'v')} }`);
      } else if (f.packed && f.packable) {
        lines.push(
          `  if (v != null && v.length) { s = tBegin(${((f.id << 3) | WIRE_LEN) >>> 0}); ` +
            `for (i = 0; i < v.length; ++i) { ${writeValue(f, 'v[i]')} } end(s); }`,
        );
      } else {
        lines.push(`  if (v != null && v.length) for (i = 0; i < v.length; ++i) { ${writeField(f, tag, 'v[i]')} }`);
      }
    }
    lines.push(`}`);
    out.push(lines.join('\n'));
  }

  // ---------- decoders ----------
  /** Reads one element of f (wire type = f.wire) into v; on error returns null from the decoder. */
  const readValue = (spec: TypeSpec, f: FieldSpec, endVar: string, trusted: boolean): string => {
    const where = `${spec.name}.${f.name}`;
    switch (f.wire) {
      case WIRE_VARINT:
        if (f.varint64) {
          const conv =
            f.type === 'uint64'
              ? 'R.lo + R.hi * 4294967296'
              : f.type === 'sint64'
                ? 'zigZagLongToNumber(R.lo, R.hi)'
                : 'longToNumber(R.lo, R.hi, false)';
          return `if (!varint64(buf, ${endVar})) return null; v = ${conv};`;
        } else {
          const conv =
            f.type === 'uint32'
              ? 'v'
              : f.type === 'bool'
                ? 'v !== 0'
                : f.type === 'sint32'
                  ? '(v >>> 1 ^ -(v & 1)) | 0'
                  : 'v | 0'; // int32, enum
          return (
            `if (R.pos < ${endVar} && (v = buf[R.pos]) < 128) R.pos++; else { v = varint32(buf, ${endVar}); if (v < 0) return null; }` +
            (conv === 'v' ? '' : ` v = ${conv};`)
          );
        }
      case WIRE_FIXED64: {
        const conv =
          f.type === 'double'
            ? 'readF64(buf, R.pos)'
            : `longToNumber(readFixed32(buf, R.pos), readFixed32(buf, R.pos + 4), ${f.type === 'fixed64'})`;
        return `if (${endVar} - R.pos < 8) return fail("truncated", "fixed64 cut short"); v = ${conv}; R.pos += 8;`;
      }
      case WIRE_FIXED32: {
        const conv =
          f.type === 'float'
            ? 'readF32(buf, R.pos)'
            : f.type === 'fixed32'
              ? 'readFixed32(buf, R.pos)'
              : 'readFixed32(buf, R.pos) | 0';
        return `if (${endVar} - R.pos < 4) return fail("truncated", "fixed32 cut short"); v = ${conv}; R.pos += 4;`;
      }
      default: {
        const head =
          `if (R.pos < ${endVar} && (len = buf[R.pos]) < 128) R.pos++; else { len = varint32(buf, ${endVar}); if (len < 0) return null; } ` +
          `if (len > ${endVar} - R.pos) return fail("truncated", ${lit(`${where}: length `)} + len + " past the end"); ` +
          `stop = R.pos + len;`;
        if (f.kind === 'msg') return `${head} v = ${trusted ? 'trusted' : 'decode'}${f.msg!.index}(buf, stop, depth + 1); if (v === null) return null; R.pos = stop;`;
        if (f.kind === 'string' && !trusted)
          return `${head} if (!validUtf8(buf, R.pos, stop)) return fail("invalid-utf8", ${lit(`${where}: invalid UTF-8`)}); v = readString(buf, R.pos, stop); R.pos = stop;`;
        if (f.kind === 'string') return `${head} v = readString(buf, R.pos, stop); R.pos = stop;`;
        return `${head} v = readBytes(buf, R.pos, stop); R.pos = stop;`;
      }
    }
  };
  /** The value rules of checkValue on a decoded element v (types are right by construction). */
  const ruleCheck = (f: FieldSpec): string => {
    const conds: string[] = [];
    switch (f.kind) {
      case 'u32':
      case 'i32': {
        const [lo, hi] = naturalRange(f);
        if (f.min > lo) conds.push(`v < ${num(f.min)}`);
        if (f.max < hi) conds.push(`v > ${num(f.max)}`);
        break;
      }
      case 'u64':
      case 'i64':
        conds.push('!(v >= -9007199254740991 && v <= 9007199254740991)');
        if (f.min !== -Infinity) conds.push(`v < ${num(f.min)}`);
        if (f.max !== Infinity) conds.push(`v > ${num(f.max)}`);
        break;
      case 'f64':
      case 'f32':
        conds.push('!isFinite(v)');
        if (f.kind === 'f32') conds.push('v > F32_MAX || v < -F32_MAX');
        if (f.min !== -Infinity) conds.push(`v < ${num(f.min)}`);
        if (f.max !== Infinity) conds.push(`v > ${num(f.max)}`);
        break;
      case 'string':
        if (f.language) conds.push('(v.length > 0 && !isLanguageTag(v))');
        break;
      case 'bytes':
        if (f.bytesLength !== 0) conds.push(`(v.length !== 0 && v.length !== ${f.bytesLength})`);
        break;
      case 'enum':
        conds.push(`${K(f.enumValues)}[v] === undefined`);
        break;
      default:
        break;
    }
    if (f.bodyRef && !f.repeated) conds.push('(v !== 0 && KIND[v] === undefined)');
    return conds.length ? ` if (${conds.join(' || ')}) R.bad = true;` : '';
  };

  // decodeN: the full decoder; trustedN: the same wire scan without the value rules (no R.bad, no UTF-8 or
  // required-field checks), for frames this process's encoder wrote from envelopes proven valid (codec.decodeTrusted).
  for (const trusted of [false, true]) for (const spec of specs) {
    const sorted = [...spec.fields].sort((a, b) => a.id - b.id);
    const local = new Map<FieldSpec, string>(spec.fields.map((f, i) => [f, `x${i}`]));
    const hasOneof = spec.fields.some((f) => f.oneofIndex >= 0);
    const lines: string[] = [];
    lines.push(`function ${trusted ? 'trusted' : 'decode'}${spec.index}(buf, end, depth) { // ${spec.name}`);
    lines.push(`  if (depth > ${MAX_DEPTH}) return fail("too-deep", "nesting deeper than ${MAX_DEPTH}");`);
    lines.push(`  var t, id, wt, v, len, stop${hasOneof ? ', oneof = 0' : ''};`);
    if (spec.fields.length) lines.push(`  var ${spec.fields.map((f) => local.get(f)).join(', ')};`);
    lines.push(`  while (R.pos < end) {`);
    lines.push(`    if ((t = buf[R.pos]) < 128) R.pos++; else { t = varint32(buf, end); if (t < 0) return null; }`);
    lines.push(`    id = t >>> 3; wt = t & 7;`);
    lines.push(`    if (id === 0) return fail("bad-tag", "field number 0");`);
    lines.push(`    if (wt !== 0 && wt !== 1 && wt !== 2 && wt !== 5) return fail("bad-wire-type", "wire type " + wt);`);
    lines.push(`    switch (id) {`);
    for (const f of spec.fields) {
      const x = local.get(f)!;
      const where = `${spec.name}.${f.name}`;
      const packed = f.packable; // may arrive packed (wire type 2) whatever f.packed says
      lines.push(`    case ${f.id}:`);
      lines.push(
        `      if (wt !== ${f.wire}${packed ? ' && wt !== 2' : ''}) return fail("bad-wire-type", "wire type " + wt + ${lit(` for ${where} (expects ${f.wire})`)});`,
      );
      if (f.oneofIndex >= 0)
        lines.push(`      if (oneof !== 0 && oneof !== ${f.id}) return fail("multiple-bodies", ${lit(`${spec.name}: second oneof case ${f.name}`)}); oneof = ${f.id};`);
      if (!f.repeated && f.id < 64) lines.push(`      if (${x} !== undefined) return fail("duplicate-field", ${lit(`${where} occurs twice`)});`);
      if (packed) {
        const size = f.wire === WIRE_FIXED64 ? 8 : 4;
        lines.push(`      if (wt === 2) {`);
        lines.push(
          `        len = varint32(buf, end); if (len < 0) return null; ` +
            `if (len > end - R.pos) return fail("truncated", ${lit(`${where}: length `)} + len + " past the end"); stop = R.pos + len;`,
        );
        if (f.wire !== WIRE_VARINT)
          lines.push(
            `        if (len % ${size} !== 0) return fail("truncated", ${lit(`${where}: packed length `)} + len + " not a multiple of the element size");`,
          );
        lines.push(`        if (${x} === undefined) ${x} = [];`);
        lines.push(`        while (R.pos < stop) { ${readValue(spec, f, 'stop', trusted)}${trusted ? '' : ruleCheck(f)} ${x}.push(v); }`);
        lines.push(`        R.pos = stop;`);
        lines.push(`      } else {`);
        lines.push(`        ${readValue(spec, f, 'end', trusted)}${trusted ? '' : ruleCheck(f)} if (${x} === undefined) ${x} = []; ${x}.push(v);`);
        lines.push(`      }`);
      } else if (f.repeated) {
        lines.push(`      ${readValue(spec, f, 'end', trusted)}${trusted ? '' : ruleCheck(f)} if (${x} === undefined) ${x} = []; ${x}.push(v);`);
      } else {
        lines.push(`      ${readValue(spec, f, 'end', trusted)}${trusted ? '' : ruleCheck(f)} ${x} = v;`);
      }
      lines.push(`      break;`);
    }
    lines.push(`    default: return fail("unknown-field", "field " + id + ${lit(` is not in ${spec.name}`)});`);
    lines.push(`    }`);
    lines.push(`  }`);
    // toObject: keys in field-number order, empty repeated fields left out.
    lines.push(`  var o = {};`);
    for (const f of sorted) {
      const x = local.get(f)!;
      lines.push(
        f.repeated
          ? `  if (${x} !== undefined && ${x}.length !== 0) o[${lit(f.name)}] = ${x};`
          : `  if (${x} !== undefined) o[${lit(f.name)}] = ${x};`,
      );
    }
    // checkMessage: a required value must not be null, 0, '' or [] (decoded values have the field's type).
    if (!trusted) for (const f of spec.required) {
      const x = local.get(f)!;
      const empty = f.repeated
        ? ` || ${x}.length === 0`
        : f.kind === 'string'
          ? ` || ${x} === ""`
          : f.kind === 'msg' || f.kind === 'bytes' || f.kind === 'bool'
            ? ''
            : ` || ${x} === 0`;
      lines.push(`  if (${x} === undefined${empty}) R.bad = true;`);
    }
    if (spec.check && !trusted) lines.push(`  if (!R.bad && ${K(spec.check)}(o) !== null) R.bad = true;`);
    if (hasOneof) lines.push(`  R.oneof = oneof;`);
    lines.push(`  return o;`, `}`);
    out.push(lines.join('\n'));
  }

  const helpers: Record<string, unknown> = {
    R,
    fail,
    varint32,
    varint64,
    longToNumber,
    zigZagLongToNumber,
    readFixed32,
    readF64,
    readF32,
    validUtf8,
    readString,
    readBytes,
    wVarint32,
    wInt32,
    wLong,
    wSLong,
    wFixed32,
    wFixedLong,
    wDouble,
    wFloat,
    tU32,
    tI32,
    tS32,
    tBool,
    tLong,
    tSLong,
    tFixed32,
    tFixedLong,
    tDouble,
    tFloat,
    tString,
    tBytes,
    tBegin,
    end,
    hasOwn: Object.prototype.hasOwnProperty,
    isArray: Array.isArray,
    isInteger: Number.isInteger,
    isSafeInteger: Number.isSafeInteger,
    isFinite: Number.isFinite,
    isWellFormed: ctx.isWellFormed,
    isLanguageTag: ctx.isLanguageTag,
    KIND: ctx.kindByNumber,
    isU8: types.isUint8Array,
    U8P: Uint8Array.prototype,
    BUFP: Buffer.prototype,
    getProto: Object.getPrototypeOf,
    OBJECT_PROTO: Object.prototype,
    ARRAY_PROTO: Array.prototype,
    F32_MAX,
  };
  const prologue =
    `"use strict";\n` +
    Object.keys(helpers)
      .map((h) => `const ${h} = H.${h};`)
      .join('\n') +
    '\n' +
    consts.map((_, i) => `const k${i} = C[${i}];`).join('\n');
  const list = (p: string): string => `[${specs.map((s) => `${p}${s.index}`).join(', ')}]`;
  const source = `${prologue}\n${out.join('\n\n')}\nreturn { valid: ${list('valid')}, encode: ${list('encode')}, decode: ${list('decode')}, trusted: ${list('trusted')} };`;
  // Generated once from the schema, as protobufjs generates its own encode / decode / verify.
  const fns = new Function('H', 'C', source)(helpers, consts) as Omit<Compiled, 'source'>;
  return { ...fns, source };
}
