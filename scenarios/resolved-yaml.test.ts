import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('every library study, with --set overrides, round-trips from its run folder, moved too, with no other file; durations are written with units', async () => {
    const studies = readdirSync(HERE).filter((f) => f.endsWith('.yaml'));
    expect(studies.length).toBeGreaterThan(3);
    const tmp = mkdtempSync(join(tmpdir(), 'scsim-resolved-'));
    try {
      for (const f of studies) {
        const loaded = await loadScenarioFile(join(HERE, f), ['population.customers=123', 'network.priority_queuing=false', 'seed=7']);
        if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
        const dir = join(tmp, f);
        mkdirSync(dir);
        writeFileSync(join(dir, 'resolved.yaml'), resolvedYaml(loaded.scenario));
        const moved = join(tmp, `moved-${f}`);
        renameSync(dir, moved);
        const again = await loadScenarioFile(join(moved, 'resolved.yaml'));
        if (!again.ok) throw new Error(again.errors.map((e) => e.message).join('\n'));
        expect(again.scenario, f).toEqual(loaded.scenario);
        const text = readFileSync(join(moved, 'resolved.yaml'), 'utf8');
        expect(text).toMatch(/^duration: \d+[dhms]/m);
        expect(text).toMatch(/^ {2}customers: 123$/m);
        // No path of this machine: every file the study read is inline, with its SHA-256.
        expect(text).not.toContain(HERE);
        expect(text).not.toContain(tmp);
        if (loaded.scenario.pricing) expect(text).toContain(`sha256: ${loaded.scenario.pricing.series.sha256}`);
        for (const c of loaded.scenario.public_alerts.cap) expect(text).toContain(`sha256: ${c.sha256}`);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
