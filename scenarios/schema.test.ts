import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scenarioArb, toYamlObject } from './arbitraries.ts';
import { ACTION_BASE, ACTION_FIELDS, FAULT_KINDS, FIELDS, PRIORITIES, PUBLIC_ALERTS, TARGET_KEYS, VISIBILITIES } from './fields.ts';
import { checkSchema, unknownKeywords } from './json-schema-lite.ts';
import { parseScenario } from './load.ts';
import { APPLIANCE_TYPES, PROGRAM_KINDS } from './types.ts';

type Json = Record<string, any>;
const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, 'schema.json'), 'utf8')) as Json;
const studies = readdirSync(here).filter((f) => f.endsWith('.yaml')).sort();

function deref(s: Json): Json {
  let cur = s;
  while (typeof cur.$ref === 'string') cur = cur.$ref.slice(2).split('/').reduce((o: Json, k: string) => o[k], schema);
  return cur;
}

/** The schema of the mapping at a FIELDS key such as `programs[].response`. */
function schemaAt(key: string): Json {
  let cur = schema;
  if (key === '') return cur;
  for (const part of key.split('.')) {
    const name = part.replace(/\[\]$/, '');
    cur = deref(deref(cur).properties[name]);
    if (part.endsWith('[]')) cur = deref(cur.items);
  }
  // A list item that is a text or a mapping (public_alerts.cap[]): the mapping's fields.
  cur = deref(cur);
  return cur.anyOf?.find((x: Json) => x.properties) ?? cur;
}

describe('scenarios/schema.json', () => {
  it('is a draft 2020-12 JSON Schema using only keywords the test checker understands', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(unknownKeywords(schema)).toEqual([]);
  });

  it('lists exactly the fields the loader accepts, in every mapping', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...FIELDS['']].sort());
    for (const [key, fields] of Object.entries(FIELDS)) {
      expect(Object.keys(schemaAt(key).properties ?? {}).sort(), key).toEqual([...fields].sort());
      expect(schemaAt(key).additionalProperties, key).toBe(false);
    }
  });

  it('has one timeline item schema per action, with the loader\'s fields', () => {
    const items = schemaAt('timeline[]').oneOf as Json[];
    expect(items.map((i) => i.properties.action.const).sort()).toEqual(Object.keys(ACTION_FIELDS).sort());
    for (const item of items) {
      const action = item.properties.action.const as keyof typeof ACTION_FIELDS;
      expect(Object.keys(item.properties).sort(), action).toEqual([...ACTION_BASE, ...ACTION_FIELDS[action]].sort());
    }
  });

  it('has the loader\'s enumerations', () => {
    expect(schema.$defs.appliance_type.enum).toEqual([...APPLIANCE_TYPES]);
    expect(schemaAt('programs[]').properties.kind.enum).toEqual([...PROGRAM_KINDS]);
    expect(schema.$defs.priority.enum).toEqual([...PRIORITIES]);
    expect(schema.$defs.visibility.enum).toEqual([...VISIBILITIES]);
    expect(Object.keys(schema.$defs.target.anyOf[1].properties)).toEqual([...TARGET_KEYS]);
    const alert = (schemaAt('timeline[]').oneOf as Json[]).find((i) => i.properties.action.const === 'public_alert')!;
    expect(alert.properties.alert.enum).toEqual([...PUBLIC_ALERTS]);
    expect(schemaAt('network.faults[]').properties.kind.enum).toEqual([...FAULT_KINDS]);
  });

  it.each(studies)('%s passes both the loader and the schema', (file) => {
    const text = readFileSync(join(here, file), 'utf8');
    const r = parseScenario(text, join(here, file));
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([]);
    expect(checkSchema(schema, parse(text))).toEqual([]);
  });

  it('accepts every generated valid scenario (property)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(checkSchema(schema, toYamlObject(s))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects what the loader rejects structurally', () => {
    const ok = { name: 'x', population: { customers: 1 } };
    expect(checkSchema(schema, ok)).toEqual([]);
    expect(checkSchema(schema, { ...ok, durration: '1h' })).not.toEqual([]);
    expect(checkSchema(schema, { name: 'x' })).not.toEqual([]);
    expect(checkSchema(schema, { ...ok, duration: 'fast' })).not.toEqual([]);
    expect(checkSchema(schema, { ...ok, timeline: [{ action: 'dr_event', program: 'p', text: { en: 'x' } }] })).not.toEqual([]);
    expect(checkSchema(schema, { ...ok, timeline: [{ action: 'diagnostic_test', target: { region: 'a', group: 'b' } }] })).not.toEqual([]);
    expect(checkSchema(schema, { ...ok, network: { rf_mesh: { los: 0.1 } } })).not.toEqual([]);
    const fault = { at: '2h', kind: 'wan', index: 0, duration: '15m' };
    expect(checkSchema(schema, { ...ok, network: { faults: [fault] } })).toEqual([]);
    expect(checkSchema(schema, { ...ok, network: { faults: [{ ...fault, kind: 'lan' }] } })).not.toEqual([]);
    expect(checkSchema(schema, { ...ok, network: { faults: [{ ...fault, index: -1 }] } })).not.toEqual([]);
    expect(checkSchema(schema, { ...ok, network: { faults: [{ at: '2h', kind: 'wan', index: 0 }] } })).not.toEqual([]);
    expect(checkSchema(schema, { ...ok, network: { faults: [{ ...fault, link: 'x' }] } })).not.toEqual([]);
  });
});
