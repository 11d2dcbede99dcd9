import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../scenarios/load.ts';
import { SUMMARY_CONTRACT, type AnySpec } from './summary-contract.ts';
import { runScenario } from './world/run-scenario.ts';

/**
 * The summary.json contract is exact: a real run's summary.json has every path the contract requires, and
 * nothing the contract does not describe, with the types it says. (Thresholds are validated against the
 * contract, so a field missing here would make a valid threshold look like a typo, and an extra one would
 * let a typo through.)
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every difference between a JSON value and the contract, both ways, as readable lines. */
function mismatches(value: unknown, spec: AnySpec, path = ''): string[] {
  const at = path === '' ? '(root)' : path;
  const join = (k: string) => (path === '' ? k : `${path}.${k}`);
  switch (spec.type) {
    case 'number':
      return typeof value === 'number' || (spec.nullable && value === null) ? [] : [`${at}: contract says number, summary has ${JSON.stringify(value)}`];
    case 'string':
    case 'boolean':
      return typeof value === spec.type ? [] : [`${at}: contract says ${spec.type}, summary has ${JSON.stringify(value)}`];
    case 'list':
      return Array.isArray(value) ? value.flatMap((v, i) => mismatches(v, spec.item, join(String(i)))) : [`${at}: contract says list, summary has ${typeof value}`];
    case 'fields':
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: contract says ${spec.type}, summary has ${JSON.stringify(value)}`];
      const o = value as Record<string, unknown>;
      const out: string[] = [];
      const known = spec.type === 'fields' ? Object.keys(spec.fields) : spec.keys;
      const required = spec.type === 'fields' || spec.every ? known : [];
      for (const k of required) if (!Object.hasOwn(o, k)) out.push(`${join(k)}: in the contract, missing from summary.json`);
      for (const k of Object.keys(o)) {
        if (!known.includes(k)) out.push(`${join(k)}: in summary.json, missing from the contract`);
        else out.push(...mismatches(o[k], spec.type === 'fields' ? spec.fields[k] : spec.value, join(k)));
      }
      return out;
    }
  }
}

describe('summary.json contract', () => {
  it('a real run (quickstart, 300 customers) matches the contract both ways', async () => {
    const loaded = await loadScenarioFile(join(ROOT, 'scenarios/quickstart.yaml'), ['population.customers=300']);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const result = await runScenario(loaded.scenario, { runId: 'contract-test' });
    const written = JSON.parse(JSON.stringify(result.summary)) as Record<string, unknown>;
    expect(mismatches(written, SUMMARY_CONTRACT)).toEqual([]);
    // The run exercised the maps whose keys depend on the run, so their entries were compared too.
    const delivery = written.delivery as { by_kind: object };
    expect(Object.keys(delivery.by_kind).length).toBeGreaterThan(10);
    expect((written.thresholds as unknown[]).length).toBeGreaterThan(0);
    expect(((written.load as { events: unknown[] }).events).length).toBeGreaterThan(0);
    expect(Object.keys((written.sla as { by_kind: object }).by_kind).length).toBeGreaterThan(5);
  }, 600_000);

  it('the comparison catches a field the contract lacks, a field the summary lacks, and a wrong type', () => {
    const spec: AnySpec = { type: 'fields', fields: { a: { type: 'number' }, m: { type: 'map', keys: ['x', 'y'], every: false, value: { type: 'number' } } } };
    expect(mismatches({ a: 1, m: { x: 2 } }, spec)).toEqual([]);
    expect(mismatches({ m: { x: 'no', z: 1 }, b: 2 }, spec)).toEqual([
      'a: in the contract, missing from summary.json',
      'm.x: contract says number, summary has "no"',
      'm.z: in summary.json, missing from the contract',
      'b: in summary.json, missing from the contract',
    ]);
  });
});
