/**
 * `schema.json` and `limits.ts` side by side: where each limit lives in the schema, the bounds it puts
 * there, and every numeric field the schema declares. `limits.test.ts` checks that the schema carries
 * exactly the limits; `node --import tsx scenarios/sync-schema-limits.ts` writes them in after a change.
 */
import { LIMITS, rangeText, type Limit } from './limits.ts';

type Json = Record<string, any>;

/** The range sentence a duration field's description ends with. */
const RANGE_NOTE = /\s*Range: .*$/s;

function deref(schema: Json, s: Json): Json {
  let cur = s;
  while (typeof cur.$ref === 'string') cur = cur.$ref.slice(2).split('/').reduce((o: Json, k: string) => o[k], schema);
  return cur;
}

/** The property `name` of a mapping schema, looking through anyOf (a target is `all` or a mapping). */
function property(schema: Json, node: Json, name: string): Json | undefined {
  const d = deref(schema, node);
  if (d.properties?.[name]) return d.properties[name];
  for (const alt of d.anyOf ?? []) {
    const p = property(schema, alt, name);
    if (p) return p;
  }
  return undefined;
}

/** The schema nodes (not dereferenced) a limit key names; several for a field every timeline action has. */
export function schemaNodes(schema: Json, key: string): Json[] {
  let cur: Json[] = [schema];
  for (const seg of key.split('.')) {
    const m = /^([^[\]]+)(?:\[(\w*)\])?$/.exec(seg);
    if (!m) throw new Error(`limit key ${key}: bad segment ${seg}`);
    const [, name, sel] = m;
    const next: Json[] = [];
    for (const c of cur) {
      const node = name === '*' ? deref(schema, c).additionalProperties : property(schema, c, name);
      if (typeof node !== 'object' || node === null) throw new Error(`limit key ${key}: schema.json has no ${seg}`);
      if (sel === undefined) {
        next.push(node);
        continue;
      }
      const items = deref(schema, deref(schema, node).items);
      const members: Json[] = items.oneOf ?? [items];
      // A timeline action by its `action`, a rate by its `kind`.
      const picked = sel === '' ? members : members.filter((i) => i.properties?.action?.const === sel || i.properties?.kind?.const === sel);
      if (picked.length === 0) throw new Error(`limit key ${key}: schema.json has no timeline action ${sel}`);
      next.push(...picked);
    }
    cur = next;
  }
  return cur;
}

/** Writes limit `l` into schema node `node` (in place); idempotent. */
function apply(schema: Json, node: Json, l: Limit): void {
  switch (l.kind) {
    case 'number': {
      // A number or null (a tier's open upper end): the bounds go on the number.
      const d0 = deref(schema, node);
      const d = d0.anyOf ? (d0.anyOf as Json[]).find((a) => a.type === 'number' || a.type === 'integer') ?? d0 : d0;
      delete d.minimum;
      delete d.maximum;
      delete d.exclusiveMinimum;
      d.type = l.int ? 'integer' : 'number';
      if (l.min !== undefined) d.minimum = l.min;
      if (l.above !== undefined) d.exclusiveMinimum = l.above;
      if (l.max !== undefined) d.maximum = l.max;
      return;
    }
    case 'duration': {
      const base = typeof node.description === 'string' ? node.description.replace(RANGE_NOTE, '') : '';
      node.description = `${base}${base === '' ? '' : ' '}Range: ${rangeText(l)}.`;
      return;
    }
    case 'items': {
      const isList = deref(schema, node).type === 'array';
      const [lo, hi] = isList ? ['minItems', 'maxItems'] : ['minProperties', 'maxProperties'];
      if ((l.min ?? 0) > 0) node[lo] = l.min;
      node[hi] = l.max;
      return;
    }
  }
}

/** Writes every limit of `limits.ts` into a parsed schema.json (in place). */
export function applyLimits(schema: Json): Json {
  for (const [key, l] of Object.entries(LIMITS)) for (const node of schemaNodes(schema, key)) apply(schema, node, l as Limit);
  return schema;
}

/** Numeric field kinds as the schema declares them: a number, or a duration (seconds or a "15m" string). */
export type NumericKind = 'number' | 'integer' | 'duration' | 'duration_ms';

/**
 * Every numeric field of the schema, keyed as in limits.ts (`a.b`, `list[]`, `map.*`, and
 * `timeline[<action>].field` for a field of one action, `timeline[].field` for one all actions share).
 */
export function numericFields(schema: Json): Map<string, NumericKind> {
  const out = new Map<string, NumericKind>();
  const kindOf = (node: Json): NumericKind | undefined => {
    const refs = [node.$ref, ...(node.anyOf ?? []).map((a: Json) => a.$ref)];
    if (refs.includes('#/$defs/duration')) return 'duration';
    if (refs.includes('#/$defs/duration_ms')) return 'duration_ms';
    const d = deref(schema, node);
    return d.type === 'number' || d.type === 'integer' ? d.type : undefined;
  };
  const walk = (node: Json, path: string): void => {
    const k = kindOf(node);
    if (k) {
      out.set(path, k);
      return;
    }
    const d = deref(schema, node);
    const join = (name: string) => (path === '' ? name : `${path}.${name}`);
    for (const [name, sub] of Object.entries((d.properties ?? {}) as Record<string, Json>)) walk(sub, join(name));
    for (const alt of (d.anyOf ?? []) as Json[]) if (alt.$ref === undefined || alt.$ref === '#/$defs/target') walk(alt, path);
    if (typeof d.additionalProperties === 'object') walk(d.additionalProperties, join('*'));
    if (d.items) {
      const items = deref(schema, d.items);
      if (!items.oneOf) return walk(items, `${path}[]`);
      for (const member of items.oneOf as Json[]) {
        // A timeline action by its `action`, a rate (rate_advice.rates) by its `kind`.
        const action = (member.properties.action ?? member.properties.kind).const as string;
        for (const [name, sub] of Object.entries(member.properties as Record<string, Json>)) {
          const shared = (items.oneOf as Json[]).every((m) => m.properties[name] !== undefined);
          walk(sub, `${path}[${shared ? '' : action}].${name}`);
        }
      }
    }
  };
  walk(schema, '');
  return out;
}
