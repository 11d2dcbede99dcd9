import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArb } from './arbitraries.ts';
import { loadScenarioFile, parseScenario } from './load.ts';
import { resolvedYaml } from './resolved-yaml.ts';

/** resolved.yaml must load back to exactly the study it was written from: a run folder's study re-runs as is. */
const HERE = fileURLToPath(new URL('.', import.meta.url));

describe('resolved.yaml', () => {
  it('any valid study, written as resolved.yaml, loads back to exactly itself', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = parseScenario(resolvedYaml(s, ['a comment', 'two\nlines']), 'resolved.yaml');
        if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
        expect(r.scenario).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it('every library study, with --set overrides, round-trips; durations are written with units', async () => {
    const studies = readdirSync(HERE).filter((f) => f.endsWith('.yaml'));
    expect(studies.length).toBeGreaterThan(3);
    for (const f of studies) {
      const loaded = await loadScenarioFile(join(HERE, f), ['population.customers=123', 'network.priority_queuing=false', 'seed=7']);
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
      const text = resolvedYaml(loaded.scenario);
      const again = parseScenario(text, `${f} resolved`);
      if (!again.ok) throw new Error(again.errors.map((e) => e.message).join('\n'));
      expect(again.scenario, f).toEqual(loaded.scenario);
      expect(text).toMatch(/^duration: \d+[dhms]/m);
      expect(text).toMatch(/^ {2}customers: 123$/m);
    }
  });
});
