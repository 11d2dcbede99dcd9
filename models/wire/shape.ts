// What the wire validators accept as the *shape* of a message object, before its values are checked.
//
// A message's fields are its own, enumerable data-or-accessor properties. protobufjs' encoder silently leaves out
// an inherited field (an envelope whose header sits on its prototype encodes without a header) and writes a
// non-enumerable one that a `for…in` check never saw, so both are rejected by name. The walk reads property
// descriptors, never inherited getters: a built-in getter such as RegExp.prototype.source (Header has a `source`
// field) throws a TypeError on any other receiver.
import { types } from 'node:util';

const hasOwn = Object.prototype.hasOwnProperty;
const isEnumerable = Object.prototype.propertyIsEnumerable;
const OBJECT_PROTO: object = Object.prototype;
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
export function shapeProblem(obj: object, fields: readonly { readonly name: string }[]): string | null {
  let depth = 0;
  for (let p: unknown = getProto(obj); p !== null && p !== undefined; p = getProto(p)) {
    // A proxy lets a prototype chain loop back on itself; a lookup on such an object never ends.
    if (++depth > MAX_PROTOTYPE_DEPTH) return `: prototype chain deeper than ${MAX_PROTOTYPE_DEPTH} objects`;
    const problem = p === OBJECT_PROTO ? fromObjectPrototype(obj, fields) : fromPrototype(obj, p as object, fields);
    if (problem) return problem;
  }
  // Hidden fields: only when the object has any non-enumerable own property at all (two native counts).
  if (ownNames(obj).length !== Object.keys(obj).length) {
    for (const { name } of fields) {
      if (hasOwn.call(obj, name) && !isEnumerable.call(obj, name) && holdsSomething(descriptor(obj, name)))
        return `${name}: non-enumerable property (fields must be enumerable)`;
    }
  }
  return null;
}

const inherited = (key: string): string => `${key}: inherited property (fields must be own properties of the object)`;

/** Object.prototype (every plain object's): its enumerable keys (none unless polluted) and any field names on it. */
function fromObjectPrototype(obj: object, fields: readonly { readonly name: string }[]): string | null {
  for (const key of Object.keys(OBJECT_PROTO))
    if (!hasOwn.call(obj, key) && holdsSomething(descriptor(OBJECT_PROTO, key))) return inherited(key);
  for (const { name } of fields)
    if (hasOwn.call(OBJECT_PROTO, name) && !hasOwn.call(obj, name) && holdsSomething(descriptor(OBJECT_PROTO, name)))
      return inherited(name);
  return null;
}

/** Any other prototype: its enumerable keys and field names, unless the object shadows them. */
function fromPrototype(obj: object, p: object, fields: readonly { readonly name: string }[]): string | null {
  for (const key of ownNames(p)) {
    if (!isEnumerable.call(p, key) && !fields.some((f) => f.name === key)) continue; // built-ins such as toString
    if (!hasOwn.call(obj, key) && holdsSomething(descriptor(p, key))) return inherited(key);
  }
  return null;
}

/** A value other than null / undefined, or a getter or setter. */
function holdsSomething(d: PropertyDescriptor | undefined): boolean {
  return d !== undefined && (d.get !== undefined || d.set !== undefined || d.value != null);
}
