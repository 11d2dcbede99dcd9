import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { didYouMean } from './errors.ts';
import { loadScenarioFile, parseScenario } from './load.ts';

// Each wrong line names the error path(s) it must produce after "# ✗".
const BAD = `name: ""                                   # ✗ name
descripton: typo                           # ✗ descripton
start: 2026-02-30T12:00:00                 # ✗ start
time_zone: Mars/Olympus_Mons               # ✗ time_zone
duration: 6h
seed: -1                                   # ✗ seed
sla_s: 0                                   # ✗ sla_s
population:
  customers: 2.5                           # ✗ population.customers
  regions:                                 # ✗ population.regions
    - {name: north, share: 0.7}
    - {name: north, share: 0.2}            # ✗ population.regions[1].name
  appliance_mix: {thermostat: 1, toaster: 2}   # ✗ population.appliance_mix.toaster
  approved_types: [thermostat, fridge]     # ✗ population.approved_types[1]
  registration_rate: 1.5                   # ✗ population.registration_rate
  languages: {en: 1, es: 1}
  registration: {start: 0s, window: -5m}   # ✗ population.registration.window
programs:
  - {id: cpp, kind: CPX}                   # ✗ programs[0].kind
  - {id: cpp, kind: TOU}                   # ✗ programs[1].id
network:
  priority_queuing: "yes"                  # ✗ network.priority_queuing
  rf_mesh:
    loss: 0.5
    los: 0.1                               # ✗ network.rf_mesh.los
    hops: {min: 0, max: 3}                 # ✗ network.rf_mesh.hops.min
  han: {bandwidth_Bps: 0}                  # ✗ network.han.bandwidth_Bps
behaviour:
  override_probability: high               # ✗ behaviour.override_probability
  override_delay_mean: fast                # ✗ behaviour.override_delay_mean
timeline:
  - {at: 7h, action: billing_cycle_start}  # ✗ timeline[0].at
  - {at: 1h, action: dr_event, program: nope}   # ✗ timeline[1].program
  - {at: 1h, action: text_message, text: {en: Hi}}   # ✗ timeline[2].text.es
  - {at: 1h, action: diagnostic_test, priority: urgent}   # ✗ timeline[3].priority
  - {at: 1h, action: diagnostic_test, target: {region: south}}   # ✗ timeline[4].target.region
  - {at: 1h, action: diagnostic_test, target: {region: north, group: x}}   # ✗ timeline[5].target
  - {at: 1h, action: public_alert, alert: fire, text: {en: a, es: b}}   # ✗ timeline[6].alert
  - {at: 1h, action: diagnostic_test, visibility: secret}   # ✗ timeline[7].visibility
  - {at: 1h, action: tou_schedule, program: cpp, prices: [1, 2]}   # ✗ timeline[8].prices
thresholds:
  - "delivery.by_priority.high.p99_s < 120"
  - "p99 is small"                         # ✗ thresholds[1]
`;

function expectedMarks(text: string): { path: string; line: number }[] {
  return text.split('\n').flatMap((l, i) => {
    const m = /# ✗ (.+)$/.exec(l);
    return m ? m[1].split(',').map((p) => ({ path: p.trim(), line: i + 1 })) : [];
  });
}

describe('a scenario with many mistakes', () => {
  const r = parseScenario(BAD, 'bad.yaml');
  const errors = r.ok ? [] : r.errors;
  const marks = expectedMarks(BAD);

  it('gets every mistake reported at once, each with its path and line', () => {
    expect(r.ok).toBe(false);
    expect(new Set(marks.map((m) => m.path)).size).toBeGreaterThanOrEqual(20);
    const found = errors.map((e) => ({ path: e.path, line: e.line }));
    for (const m of marks) expect(found).toContainEqual(m);
  });

  it('reports nothing beyond the mistakes', () => {
    for (const e of errors) expect(marks).toContainEqual({ path: e.path, line: e.line });
  });

  it('writes each as one readable line: <file>:<line>: <path>: expected …, found …', () => {
    for (const e of errors) {
      expect(e.message).toBe(`bad.yaml:${e.line}: ${e.path}: expected ${e.expected}, found ${e.found}`);
      expect(e.message).not.toContain('\n');
    }
  });

  it('says what was expected and what was found', () => {
    const by = (p: string) => errors.find((e) => e.path === p)!;
    const line = marks.find((m) => m.path === 'behaviour.override_delay_mean')!.line;
    expect(by('behaviour.override_delay_mean').message).toBe(
      `bad.yaml:${line}: behaviour.override_delay_mean: expected a number of seconds or a duration like "15m", above zero, found "fast"`,
    );
    expect(by('network.rf_mesh.los')).toMatchObject({ expected: 'a known field (did you mean "loss"?)', found: 'unknown field "los"' });
    expect(by('descripton').expected).toContain('did you mean "description"?');
    expect(by('population.customers')).toMatchObject({ expected: 'a positive whole number', found: '2.5' });
    expect(by('network.priority_queuing')).toMatchObject({ expected: 'true or false', found: '"yes"' });
    expect(by('population.regions').found).toBe('a sum of 0.9');
    expect(by('programs[1].id').found).toContain('already programs[0].id');
    expect(by('timeline[0].at').expected).toBe('a time within the run (0s to 6h)');
    expect(by('timeline[1].program').expected).toContain('declared program');
    expect(by('timeline[2].text.es').expected).toContain('FR-19');
    expect(by('timeline[5].target').found).toBe('region and group');
    expect(by('programs[0].kind').expected).toBe('one of TOU, CPP, PTR, RTP, DLC (did you mean CPP?)');
  });
});

describe('bad input never throws', () => {
  it('YAML syntax errors name their lines', () => {
    const r = parseScenario('name: x\npopulation:\n  customers: 1\n  customers: 2\nlist: [1, 2\n', 's.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.length).toBeGreaterThanOrEqual(2);
    expect(r.errors[0]).toMatchObject({ path: '', expected: 'valid YAML', line: 4 });
    expect(r.errors[0].message).toMatch(/^s\.yaml:4: expected valid YAML, found .*DUPLICATE_KEY/);
  });

  it('an empty file or a non-mapping top level is one clear error', () => {
    for (const text of ['', '- 1\n- 2\n', '42\n']) {
      const r = parseScenario(text, 'e.yaml');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.path)).toContain('');
    }
  });

  it('a missing file is one error', async () => {
    const r = await loadScenarioFile('/nonexistent/study.yaml');
    expect(r).toEqual({
      ok: false,
      errors: [{ path: '', expected: 'a readable scenario file', found: 'no such file', message: '/nonexistent/study.yaml: expected a readable scenario file, found no such file' }],
    });
  });

  it('arbitrary text and arbitrary YAML values give errors, not exceptions (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything().map((v) => stringify(v) ?? '')), (text) => {
        const r = parseScenario(text, 'x.yaml');
        if (!r.ok) for (const e of r.errors) expect(typeof e.message).toBe('string');
      }),
    );
  });

  it('random values at the top-level fields give errors, not exceptions (property)', () => {
    const keys = ['name', 'population', 'programs', 'timeline', 'network', 'behaviour', 'thresholds', 'duration', 'start'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.anything()), (doc) => {
        const r = parseScenario(stringify(doc), 'x.yaml');
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});

describe('didYouMean', () => {
  it.each([
    ['los', ['loss', 'latency_ms'], 'loss'],
    ['bandwidth_bps', ['bandwidth_Bps'], 'bandwidth_Bps'],
    ['custmers', ['customers', 'regions'], 'customers'],
    ['durration', ['duration'], 'duration'],
    ['zzz', ['loss', 'hops'], undefined],
  ] as const)('%s → %s', (word, known, guess) => {
    expect(didYouMean(word, known)).toBe(guess);
  });
});

describe('field-specific wording', () => {
  const errs = (yaml: string) => {
    const r = parseScenario(`name: t\npopulation: {customers: 1}\n${yaml}`, 'w.yaml');
    return r.ok ? [] : r.errors.map((e) => `${e.path}: expected ${e.expected}, found ${e.found}`);
  };

  it('fields in milliseconds say so, and need a unit in text', () => {
    expect(errs('network: {wan: {latency_ms: 0.5}}')).toEqual(['network.wan.latency_ms: expected a number of milliseconds or a duration like "250ms" (a whole number of milliseconds), found 0.5']);
    expect(errs('network: {wan: {latency_ms: "250"}}')).toEqual(['network.wan.latency_ms: expected a number of milliseconds or a duration like "250ms" (a text needs a unit), found "250"']);
    expect(errs('network: {wan: {latency_ms: 2s, retry_timeout_ms: 1500}}')).toEqual([]);
  });

  it('appliance types suggest the closest name', () => {
    expect(errs('population2: 1')[0]).toContain('did you mean "population"?');
    const r = parseScenario('name: t\npopulation: {customers: 1, appliance_mix: {thermostats: 1}}\n', 'w.yaml');
    expect(!r.ok && r.errors[0].expected).toBe('an appliance type (did you mean thermostat?)');
  });
});
