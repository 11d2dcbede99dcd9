import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { leafPaths, scenarioArb, setAtPath, toYamlObject } from './arbitraries.ts';
import { parseScenario } from './load.ts';

const yamlOf = (o: unknown) => stringify(o, { lineWidth: 0 });

describe('properties (fast-check prints the seed on failure)', () => {
  it('a valid scenario, serialized to YAML, loads back to exactly itself', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = parseScenario(yamlOf(toYamlObject(s)), 'gen.yaml');
        if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
        expect(r.scenario).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it('one field changed to a wrong type gives an error at that field', () => {
    const wrong = [
      ['fast', (v: unknown) => typeof v !== 'string'],
      [true, (v: unknown) => typeof v !== 'boolean'],
      [[1], () => true],
      [{ oops: 1 }, () => true],
    ] as const;
    fc.assert(
      fc.property(scenarioArb, fc.nat(), fc.nat(), (s, pick, pickWrong) => {
        const doc = toYamlObject(s);
        const leaves = leafPaths(doc);
        const leaf = leaves[pick % leaves.length];
        const options = wrong.filter(([, ok]) => ok(leaf.value));
        const [bad] = options[pickWrong % options.length];
        setAtPath(doc, leaf.path, bad);
        const r = parseScenario(yamlOf(doc), 'gen.yaml');
        expect(r.ok, `${leaf.path} = ${JSON.stringify(bad)} was accepted`).toBe(false);
        if (r.ok) return;
        const paths = r.errors.map((e) => e.path);
        // At the field, or inside it when the field was an empty mapping and {oops: 1} is an unknown key there.
        const at = (p: string) => p === leaf.path || p.startsWith(`${leaf.path}.`);
        expect(paths.filter(at), `${leaf.path} = ${JSON.stringify(bad)}: errors at ${paths.join(', ')}`).not.toEqual([]);
        const e = r.errors.find((x) => at(x.path))!;
        expect(e.line).toBeGreaterThan(0);
        expect(e.message).toBe(`gen.yaml:${e.line}: ${e.path}: expected ${e.expected}, found ${e.found}`);
      }),
      { numRuns: 300 },
    );
  });
});
