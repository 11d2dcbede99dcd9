/**
 * A small JSON Schema (2020-12) checker for the keywords `schema.json` uses — test support, so the library of
 * studies can be checked against the schema without another dependency. It refuses keywords it does not know,
 * so the schema cannot silently outgrow it.
 */
type Schema = Record<string, unknown> | boolean;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs', '$comment', 'examples', 'default']);
const KNOWN = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'uniqueItems', 'enum', 'const',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern', 'minLength', 'anyOf', 'oneOf', 'allOf', '$ref',
  'minProperties', 'maxProperties', 'propertyNames',
]);

export function unknownKeywords(schema: unknown, at = '#'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (!ANNOTATIONS.has(k) && !KNOWN.has(k)) out.push(`${at}/${k}`);
    if (k === 'properties' || k === '$defs') for (const [n, sub] of Object.entries(v as object)) out.push(...unknownKeywords(sub, `${at}/${k}/${n}`));
    if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') (v as unknown[]).forEach((sub, i) => out.push(...unknownKeywords(sub, `${at}/${k}/${i}`)));
    if (k === 'items' || k === 'additionalProperties' || k === 'propertyNames') out.push(...unknownKeywords(v, `${at}/${k}`));
  }
  return out;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

/** Errors as `<instance path>: <problem>`; empty when `value` is valid. */
export function checkSchema(root: Record<string, unknown>, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
    let cur: unknown = root;
    for (const part of ref.slice(2).split('/')) cur = (cur as Record<string, unknown>)[part];
    if (cur === undefined) throw new Error(`unresolved $ref ${ref}`);
    return cur as Schema;
  };
  const check = (schema: Schema, v: unknown, path: string, out: string[]): void => {
    if (schema === true) return;
    if (schema === false) return void out.push(`${path}: not allowed`);
    const s = schema;
    if (typeof s.$ref === 'string') check(resolve(s.$ref), v, path, out);
    if (typeof s.type === 'string' && !typeMatches(v, s.type)) return void out.push(`${path}: expected ${s.type}, found ${typeOf(v)}`);
    if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v)) out.push(`${path}: expected ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) out.push(`${path}: expected one of ${s.enum.join(', ')}`);
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) out.push(`${path}: below minimum ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) out.push(`${path}: above maximum ${s.maximum}`);
      if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) out.push(`${path}: not above ${s.exclusiveMinimum}`);
      if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) out.push(`${path}: not below ${s.exclusiveMaximum}`);
    }
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' && [...v].length < s.minLength) out.push(`${path}: shorter than ${s.minLength}`);
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) out.push(`${path}: does not match ${s.pattern}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) out.push(`${path}: fewer than ${s.minItems} items`);
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) out.push(`${path}: more than ${s.maxItems} items`);
      if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) out.push(`${path}: items not unique`);
      if (s.items !== undefined) v.forEach((x, i) => check(s.items as Schema, x, `${path}[${i}]`, out));
    }
    if (typeOf(v) === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      const props = (s.properties ?? {}) as Record<string, Schema>;
      if (typeof s.minProperties === 'number' && keys.length < s.minProperties) out.push(`${path}: fewer than ${s.minProperties} fields`);
      if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) out.push(`${path}: more than ${s.maxProperties} fields`);
      for (const r of (s.required ?? []) as string[]) if (!(r in o)) out.push(`${path}: missing ${r}`);
      for (const k of keys) {
        const sub = `${path === '' ? '' : path + '.'}${k}`;
        if (s.propertyNames !== undefined) check(s.propertyNames as Schema, k, `${sub} (name)`, out);
        if (k in props) check(props[k], o[k], sub, out);
        else if (s.additionalProperties !== undefined) check(s.additionalProperties as Schema, o[k], sub, out);
      }
    }
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) check(sub, v, path, out);
    const passing = (subs: Schema[]): number => subs.filter((sub) => {
      const tmp: string[] = [];
      check(sub, v, path, tmp);
      return tmp.length === 0;
    }).length;
    if (Array.isArray(s.anyOf) && passing(s.anyOf as Schema[]) === 0) out.push(`${path}: matches none of anyOf`);
    if (Array.isArray(s.oneOf)) {
      const n = passing(s.oneOf as Schema[]);
      if (n !== 1) out.push(`${path}: matches ${n} of oneOf (expected exactly 1)`);
    }
  };
  check(root, value, '', errors);
  return errors;
}
