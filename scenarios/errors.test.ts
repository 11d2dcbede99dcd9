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
  faults:
    - {at: 7h, kind: wan, index: 0, duration: 15m}          # ✗ network.faults[0].at
    - {at: 1h, kind: link, index: 0, duration: 1m}          # ✗ network.faults[1].kind
    - {at: 1h, kind: han, index: -1, duration: 0s}          # ✗ network.faults[2].index, network.faults[2].duration
    - {at: 1h, kind: rf, index: 0, duration: 1m, down: 1}   # ✗ network.faults[3].down
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
    expect(by('population.customers')).toMatchObject({ expected: 'a whole number from 1 to 10000000 (SCE serves about 5 million meters)', found: '2.5' });
    expect(by('network.priority_queuing')).toMatchObject({ expected: 'true or false', found: '"yes"' });
    expect(by('population.regions').found).toBe('a sum of 0.9');
    expect(by('programs[1].id').found).toContain('already programs[0].id');
    expect(by('timeline[0].at').expected).toBe('a time within the run (0s to 6h)');
    expect(by('timeline[1].program').expected).toContain('declared program');
    expect(by('timeline[2].text.es').expected).toContain('FR-19');
    expect(by('timeline[5].target').found).toBe('region and group');
    expect(by('programs[0].kind').expected).toBe('one of TOU, CPP, PTR, RTP, DLC, DEMAND_LIMIT (did you mean CPP?)');
    expect(by('network.faults[0].at').expected).toBe('a time within the run (0s to 6h)');
    expect(by('network.faults[1].kind').expected).toBe('one of wan, rf, han, meter');
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

describe('network.faults', () => {
  // 2,500 customers at 1,000 meters per collector: collectors 0…2, customers 0…2499.
  const HEAD = 'name: t\nduration: 6h\npopulation: {customers: 2500}\nnetwork:\n  meters_per_collector: 1000\n  faults:\n';
  const load = (faults: string, sets: string[] = []) => parseScenario(HEAD + faults, 'f.yaml', sets);
  const errs = (faults: string, sets: string[] = []) => {
    const r = load(faults, sets);
    return r.ok ? [] : r.errors.map((e) => `${e.path}: expected ${e.expected}, found ${e.found}`);
  };

  it('parses to times in ms, in the order written', () => {
    const r = load(`    - {at: 2h, kind: wan, index: 0, duration: 15m}
    - {at: 3h, kind: rf, index: 1, duration: 5m}
    - {at: 4h, kind: han, index: 12, duration: 10m}
    - {at: 5h, kind: meter, index: 7, duration: 1m}
    - {at: 90, kind: wan, index: 2, duration: 1h30m}
`);
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([]);
    expect(r.ok && r.scenario.network.faults).toEqual([
      { at: 2 * 3_600_000, kind: 'wan', index: 0, duration: 15 * 60_000 },
      { at: 3 * 3_600_000, kind: 'rf', index: 1, duration: 5 * 60_000 },
      { at: 4 * 3_600_000, kind: 'han', index: 12, duration: 10 * 60_000 },
      { at: 5 * 3_600_000, kind: 'meter', index: 7, duration: 60_000 },
      { at: 90_000, kind: 'wan', index: 2, duration: 90 * 60_000 },
    ]);
  });

  it('defaults to none, also when written empty', () => {
    for (const text of ['name: t\npopulation: {customers: 1}\n', 'name: t\npopulation: {customers: 1}\nnetwork: {faults: []}\n', 'name: t\npopulation: {customers: 1}\nnetwork: {faults: }\n']) {
      const r = parseScenario(text, 'f.yaml');
      expect(r.ok && r.scenario.network.faults).toEqual([]);
    }
  });

  it('accepts the last collector and the last customer, and a fault at the very end of the run', () => {
    expect(errs('    - {at: 6h, kind: rf, index: 2, duration: 1m}\n    - {at: 0s, kind: meter, index: 2499, duration: 1ms}\n')).toEqual([]);
  });

  const collectors = 'a collector index from 0 to 2 (3 collectors: population.customers / network.meters_per_collector, rounded up)';
  const customers = 'a customer index from 0 to 2499 (population.customers is 2500)';
  it.each([
    ['{at: 7h, kind: wan, index: 0, duration: 1m}', 'network.faults[0].at: expected a time within the run (0s to 6h), found "7h"'],
    ['{at: soon, kind: wan, index: 0, duration: 1m}', 'network.faults[0].at: expected a number of seconds or a duration like "15m", found "soon"'],
    ['{kind: wan, index: 0, duration: 1m}', 'network.faults[0].at: expected a number of seconds or a duration like "15m", found nothing (the field is missing)'],
    ['{at: 1h, kind: lan, index: 0, duration: 1m}', 'network.faults[0].kind: expected one of wan, rf, han, meter (did you mean wan?), found "lan"'],
    ['{at: 1h, index: 0, duration: 1m}', 'network.faults[0].kind: expected one of wan, rf, han, meter, found nothing (the field is missing)'],
    ['{at: 1h, kind: wan, index: 1.5, duration: 1m}', 'network.faults[0].index: expected a whole number from 0 to 499999999 (a collector or customer index), found 1.5'],
    ['{at: 1h, kind: han, index: -1, duration: 1m}', 'network.faults[0].index: expected a whole number from 0 to 499999999 (a collector or customer index), found -1'],
    ['{at: 1h, kind: meter, duration: 1m}', 'network.faults[0].index: expected a whole number from 0 to 499999999 (a collector or customer index), found nothing (the field is missing)'],
    ['{at: 1h, kind: wan, index: 3, duration: 1m}', `network.faults[0].index: expected ${collectors}, found 3`],
    ['{at: 1h, kind: rf, index: 2500, duration: 1m}', `network.faults[0].index: expected ${collectors}, found 2500`],
    ['{at: 1h, kind: han, index: 2500, duration: 1m}', `network.faults[0].index: expected ${customers}, found 2500`],
    ['{at: 1h, kind: meter, index: 9999, duration: 1m}', `network.faults[0].index: expected ${customers}, found 9999`],
    ['{at: 1h, kind: wan, index: 0, duration: 0s}', 'network.faults[0].duration: expected a number of seconds or a duration like "15m", above zero, found "0s"'],
    ['{at: 1h, kind: wan, index: 0}', 'network.faults[0].duration: expected a number of seconds or a duration like "15m", above zero, found nothing (the field is missing)'],
    ['{at: 1h, kind: wan, index: 0, duration: 1m, link: 3}', 'network.faults[0].link: expected one of the fields at, kind, index, duration, found unknown field "link"'],
    ['{at: 1h, kind: wan, index: 0, durration: 1m}', 'network.faults[0].duration: expected a number of seconds or a duration like "15m", above zero, found nothing (the field is missing)'],
    ['wan', 'network.faults[0]: expected a fault mapping such as {at: 2h, kind: wan, index: 0, duration: 15m}, found "wan"'],
  ])('- %s is one error naming its field', (fault, message) => {
    const got = errs(`    - ${fault}\n`);
    if (fault.includes('durration')) {
      expect(got).toEqual(['network.faults[0].durration: expected a known field (did you mean "duration"?), found unknown field "durration"', message]);
    } else {
      expect(got).toEqual([message]);
    }
  });

  it('a non-list is one error at network.faults', () => {
    const r = parseScenario('name: t\npopulation: {customers: 1}\nnetwork: {faults: {at: 1h}}\n', 'f.yaml');
    expect(!r.ok && r.errors.map((e) => [e.path, e.expected])).toEqual([['network.faults', 'a list of faults, each such as {at: 2h, kind: wan, index: 0, duration: 15m}']]);
  });

  it('reports every bad fault at once, each at its own index and line', () => {
    const r = load(`    - {at: 1h, kind: wan, index: 0, duration: 1m}
    - {at: 1h, kind: wan, index: 3, duration: 1m}
    - {at: 9h, kind: hen, index: 0, duration: 0}
`);
    expect(!r.ok && r.errors.map((e) => `${e.line} ${e.path}`)).toEqual([
      '8 network.faults[1].index',
      '9 network.faults[2].at',
      '9 network.faults[2].kind',
      '9 network.faults[2].duration',
    ]);
  });

  it('checks index ranges only against counts that are themselves right', () => {
    const r = parseScenario('name: t\npopulation: {customers: 2.5}\nnetwork:\n  meters_per_collector: 0\n  faults: [{at: 1h, kind: wan, index: 99, duration: 1m}, {at: 1h, kind: han, index: 99, duration: 1m}]\n', 'f.yaml');
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['population.customers', 'network.meters_per_collector']);
    const noMpc = parseScenario('name: t\npopulation: {customers: 10}\nnetwork:\n  meters_per_collector: 0\n  faults: [{at: 1h, kind: wan, index: 99, duration: 1m}, {at: 1h, kind: han, index: 99, duration: 1m}]\n', 'f.yaml');
    expect(!noMpc.ok && noMpc.errors.map((e) => e.path)).toEqual(['network.meters_per_collector', 'network.faults[1].index']);
  });

  it('--set can move a fault, and a bad value says where it came from', () => {
    const fault = '    - {at: 1h, kind: han, index: 0, duration: 1m}\n';
    const r = load(fault, ['network.faults[0].index=2499', 'network.faults[0].at=2h']);
    expect(r.ok && r.scenario.network.faults).toEqual([{ at: 2 * 3_600_000, kind: 'han', index: 2499, duration: 60_000 }]);
    expect(errs(fault, ['network.faults[0].index=2500'])).toEqual([`network.faults[0].index: expected ${customers}, found 2500`]);
    const bad = load(fault, ['network.faults[0].index=2500']);
    expect(!bad.ok && bad.errors[0].message).toContain('(from --set network.faults[0].index=2500)');
  });
});
