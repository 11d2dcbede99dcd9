// What the wire validators accept as the *shape* of a message object, before its values are checked.
//
// A message's fields are its own, enumerable data-or-accessor properties. protobufjs' encoder silently leaves out
// an inherited field (an envelope whose header sits on its prototype encodes without a header) and writes a
// non-enumerable one that a `for…in` check never saw, so both are rejected by name. The walk reads property
// descriptors, never inherited getters: a built-in getter such as RegExp.prototype.source (Header has a `source`
// field) throws a TypeError on any other receiver.
import { types } from 'node:util';

const hasOwn = Object.prototype.hasOwnProperty;
const getProto = Object.getPrototypeOf;
const ownNames = Object.getOwnPropertyNames;
const descriptor = Object.getOwnPropertyDescriptor;

const MAX_PROTOTYPE_DEPTH = 32;
const U8_PROTO: object = Uint8Array.prototype;

/**
 * `v instanceof Uint8Array` that cannot run away: a proxy lets a prototype chain loop back on itself, where
 * `instanceof` (and any inherited lookup) recurses until the stack overflows. A chain past 32 links is "no".
 */
function inheritsFromUint8Array(v: object): boolean {
  let p: unknown = v;
  for (let i = 0; i < MAX_PROTOTYPE_DEPTH && p !== null && p !== undefined; i++) {
    p = getProto(p);
    if (p === U8_PROTO) return true;
  }
  return false;
}

/** A real Uint8Array (Buffer included), not an object that merely inherits from Uint8Array.prototype. */
export function isBytes(v: unknown): v is Uint8Array {
  return types.isUint8Array(v) && inheritsFromUint8Array(v);
}

/** A Uint8Array, or something that poses as one: never a message object. */
export function looksLikeBytes(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (types.isUint8Array(v) || inheritsFromUint8Array(v));
}

/** How a validator describes a wrong value, without coercing it (no toString / valueOf / toPrimitive call). */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (isBytes(v)) return `${v.length} bytes`;
  if (looksLikeBytes(v)) return 'an object posing as a Uint8Array';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  return String(v);
}

/**
 * "<key>: <problem>" for the first field of `obj` that is not an own enumerable property: one inherited (any
 * enumerable key or field name on the prototype chain holding a value or a getter) or hidden (a field name held
 * by an own non-enumerable property with a value or a getter), or ": prototype chain deeper than …" for the
 * object itself. Null when the shape is plain.
 */
export function shapeProblem(obj: object, fields: { has(name: string): boolean }): string | null {
  let depth = 0;
  for (let p: unknown = getProto(obj); p !== null && p !== undefined; p = getProto(p)) {
    // A proxy lets a prototype chain loop back on itself; a lookup on such an object never ends.
    if (++depth > MAX_PROTOTYPE_DEPTH) return `: prototype chain deeper than ${MAX_PROTOTYPE_DEPTH} objects`;
    for (const key of ownNames(p)) {
      if (hasOwn.call(obj, key)) continue; // shadowed by an own property
      const d = descriptor(p, key);
      if (d === undefined || (!d.enumerable && !fields.has(key))) continue; // built-ins such as toString
      if (d.get !== undefined || d.set !== undefined || d.value != null)
        return `${key}: inherited property (fields must be own properties of the object)`;
    }
  }
  for (const key of ownNames(obj)) {
    const d = descriptor(obj, key);
    if (d === undefined || d.enumerable || !fields.has(key)) continue; // a hidden non-field is never encoded
    if (d.get !== undefined || d.set !== undefined || d.value != null)
      return `${key}: non-enumerable property (fields must be enumerable)`;
  }
  return null;
}
