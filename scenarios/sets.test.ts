import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';
import { parseSet } from './sets.ts';

const BASE = `name: base
duration: 6h
population:
  customers: 100
programs:
  - {id: cpp, kind: CPP}
timeline:
  - {at: 1h, action: diagnostic_test}
  - {at: 2h, action: dr_event, program: cpp}
  - {at: 3h, action: billing_cycle_start}
`;

const load = (sets: string[]) => parseScenario(BASE, 'base.yaml', sets);

describe('--set path=value', () => {
  it('parses paths with indices and values as YAML scalars', () => {
    expect(parseSet('population.customers=5000')).toMatchObject({ segments: ['population', 'customers'], path: 'population.customers', value: 5000 });
    expect(parseSet('network.priority_queuing=false')).toMatchObject({ value: false });
    expect(parseSet('timeline[2].at=3h')).toMatchObject({ segments: ['timeline', 2, 'at'], path: 'timeline[2].at', value: '3h' });
    expect(parseSet('description=Hot day: CPP')).toMatchObject({ value: 'Hot day: CPP' });
    expect(parseSet('name=Run #2')).toMatchObject({ value: 'Run #2' });
    expect(parseSet('name="42"')).toMatchObject({ value: '42' });
    expect(parseSet('timeline[0].target={region: north}')).toMatchObject({ value: { region: 'north' } });
    expect(parseSet('network.background.firmware.at=')).toMatchObject({ value: null });
    expect(parseSet('population.languages.zh-Hant=1')).toMatchObject({ segments: ['population', 'languages', 'zh-Hant'] });
    for (const bad of ['customers', '=5', '.a=1', 'a..b=1', 'a[x]=1', '[0]=1', 'a.[0]=1', 'a b=1']) expect(parseSet(bad), bad).toBeUndefined();
  });

  it('overrides fields before validation', () => {
    const r = load(['population.customers=5000', 'network.priority_queuing=false', 'timeline[2].at=5h', 'network.rf_mesh.loss=0.1', 'seed=9']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.population.customers).toBe(5000);
    expect(r.scenario.network.priority_queuing).toBe(false);
    expect(r.scenario.timeline[2].at).toBe(5 * 3_600_000);
    expect(r.scenario.network.rf_mesh.loss).toBe(0.1);
    expect(r.scenario.seed).toBe(9);
  });

  it('later overrides win', () => {
    const r = load(['population.customers=5', 'population.customers=7']);
    expect(r.ok && r.scenario.population.customers).toBe(7);
  });

  it('validates overridden values the same way, naming the field and the --set', () => {
    const r = load(['population.customers=-3']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: 'population.customers', expected: 'a whole number from 1 to 10000000 (SCE serves about 5 million meters)', found: '-3' });
    expect(r.errors[0].line).toBeUndefined();
    expect(r.errors[0].message).toBe('base.yaml: population.customers: expected a whole number from 1 to 10000000 (SCE serves about 5 million meters), found -3 (from --set population.customers=-3)');
  });

  it('checks cross-references after an override', () => {
    const r = load(['timeline[1].program=nope', 'timeline[0].at=7h', 'duration=1h']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    // duration=1h puts the original timeline[2] (3h) outside the run too, and that error keeps its line.
    expect(paths).toEqual(expect.arrayContaining(['timeline[1].program', 'timeline[0].at', 'timeline[2].at']));
    expect(r.errors.find((e) => e.path === 'timeline[2].at')?.line).toBe(10);
  });

  it('an unknown field set on the command line is an unknown field', () => {
    const r = load(['population.custmers=5']);
    expect(!r.ok && r.errors[0]).toMatchObject({ path: 'population.custmers', expected: 'a known field (did you mean "customers"?)' });
  });

  it('a malformed --set is an error at path --set, and the others still apply and are checked', () => {
    const r = load(['customers', 'timeline[9].at=1h', 'name.x=1', 'population.customers=0']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.filter((e) => e.path === '--set')).toHaveLength(3);
    for (const e of r.errors.filter((x) => x.path === '--set')) {
      expect(e.line).toBeUndefined();
      expect(e.message).toMatch(/^base\.yaml: --set: expected .+, found "/);
    }
    expect(r.errors.map((e) => e.path)).toContain('population.customers');
  });

  it('creates missing sections', () => {
    const r = load(['behaviour.override_probability=0.3', 'network.background.meter_reads.interval=15m']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.behaviour.override_probability).toBe(0.3);
    expect(r.scenario.network.background.meter_reads.interval).toBe(900_000);
  });
});
