import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fitProblem, machineBudget } from '../cli/estimate.ts';
import { buildWorld } from '../models/world/run-scenario.ts';
import { formatDuration } from './durations.ts';
import { describe as describeValue } from './errors.ts';
import { estimateRun } from './estimate.ts';
import { LIMITS, type Limit } from './limits.ts';
import { parseScenario } from './load.ts';
import { numericFields, type NumericKind } from './schema-limits.ts';

/**
 * Every numeric field schema.json declares, at the edges of its range and far beyond: the limit, one past
 * it, huge, tiny, negative and non-finite values. Validation either accepts the value — and then the study
 * is either refused by the estimate (exit 2) or runs without a throw — or rejects it with an error at that
 * field naming its range. A value past the limit is never accepted. Nothing ever throws.
 */
const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, 'schema.json'), 'utf8'));
const FIELDS = [...numericFields(schema)];
/** A fixed, modest machine, so the outcome does not depend on the machine the test runs on. */
const BUDGET = machineBudget({ SCSIM_MEMORY_MB: '2000' });

/** A small study that has every field (one action of each kind, a fault, a group), so each can be set. */
function baseStudy(): Record<string, any> {
  const text = { en: 'hi' };
  return {
    name: 'edges',
    duration: '2h',
    seed: 3,
    population: {
      customers: 3,
      regions: [{ name: 'r', share: 1 }],
      groups: [{ name: 'g', share: 0.5 }],
      appliance_mix: { thermostat: 2, water_heater: 1 },
      languages: { en: 1 },
      registration: { start: 0, window: '10m' },
    },
    programs: [
      { id: 'tou', kind: 'TOU' },
      { id: 'cpp', kind: 'CPP' },
      { id: 'dlc', kind: 'DLC' },
    ],
    timeline: [
      { at: '30m', action: 'tou_schedule', program: 'tou', target: { device: 1 } },
      { at: '35m', action: 'current_price', program: 'cpp', price: 0.3 },
      { at: '40m', action: 'day_ahead_notice', program: 'cpp', event_start: '1h' },
      { at: '45m', action: 'dr_event', program: 'dlc', duration: '30m' },
      { at: '50m', action: 'load_control_schedule', program: 'dlc', duration: '30m' },
      { at: '55m', action: 'power_system_condition', frequency_hz: 59.9 },
      { at: '58m', action: 'text_message', text },
      { at: '59m', action: 'public_alert', alert: 'weather', text },
    ],
    network: { faults: [{ at: '1h', kind: 'han', index: 0, duration: '5m' }], background: { firmware: { at: '1h10m', bytes: 4096, block_bytes: 1024 } } },
    weather: { hourly_c: Array.from({ length: 24 }, (_, h) => 20 + (h % 12)) },
    pricing: {
      series: join(here, 'data', 'test-2days.csv'),
      adders: { distribution: 0.05 },
      hourly_programs: ['cpp'],
      tou_programs: ['tou'],
      tou_prices: Array.from({ length: 24 }, () => 0.1),
      events: [{ program: 'cpp', forecast: 'temperature', trigger: 20, start_hour: 1, hours: 1, notice_lead: '30m' }],
    },
    rate_advice: {
      at: '1h50m',
      rates: [
        { id: 'f', kind: 'flat', price: 0.2 },
        { id: 't', kind: 'tiered', tiers: [{ up_to_kwh: 10, price: 0.1 }, { up_to_kwh: null, price: 0.3 }] },
        { id: 'u', kind: 'tou', hourly: Array.from({ length: 24 }, () => 0.2) },
        { id: 'c', kind: 'cpp', hourly: Array.from({ length: 24 }, () => 0.2), event_price: 1 },
        { id: 'p', kind: 'ptr', hourly: Array.from({ length: 24 }, () => 0.2), rebate_per_kwh: 0.5 },
      ],
    },
  };
}

/**
 * The concrete path of a limit key in baseStudy (`timeline[dr_event].criticality` → `timeline[3].criticality`,
 * `population.languages.*` → `population.languages.en`), and a setter for the value there.
 */
function place(doc: Record<string, any>, key: string): { path: string; set: (v: unknown) => void } {
  let cur: any = doc;
  let parent: any = doc;
  let slot: string | number = '';
  const path: string[] = [];
  for (const seg of key.split('.')) {
    const [, raw, sel] = /^([^[\]]+)(?:\[(\w*)\])?$/.exec(seg)!;
    const name = raw === '*' ? Object.keys(cur)[0] : raw;
    if (cur[name] === undefined) cur[name] = sel === undefined ? {} : [];
    [parent, slot, cur] = [cur, name, cur[name]];
    path.push(name);
    if (sel === undefined) continue;
    if (name === 'prices') cur.splice(0, cur.length, ...Array.from({ length: 24 }, () => 0.1));
    const index = sel === '' ? 0 : cur.findIndex((a: { action?: string; kind?: string }) => a.action === sel || a.kind === sel);
    [parent, slot, cur] = [cur, index, cur[index]];
    path[path.length - 1] += `[${index}]`;
  }
  return { path: path.join('.'), set: (v) => void (parent[slot] = v) };
}

interface Edge {
  label: string;
  value: unknown;
  /** Within the range of limits.ts (so validation may accept it), or past it (so it must not). */
  inRange: boolean;
}

/** As the YAML holds it: seconds for durations, milliseconds for `*_ms` durations. */
function edges(kind: NumericKind, l: Limit): Edge[] {
  const weird: Edge[] = [
    { label: 'huge', value: 1e300, inRange: false },
    { label: 'negative', value: -1, inRange: false },
    { label: 'NaN', value: NaN, inRange: false },
    { label: '+Infinity', value: Infinity, inRange: false },
    { label: '-Infinity', value: -Infinity, inRange: false },
  ];
  if (l.kind === 'duration') {
    const scale = kind === 'duration_ms' ? 1 : 1000;
    return [
      { label: 'the minimum', value: formatDuration(l.min), inRange: true },
      { label: 'the maximum', value: formatDuration(l.max), inRange: true },
      { label: 'the maximum + 1 ms', value: formatDuration(l.max + 1), inRange: false },
      { label: 'the maximum, as a plain number', value: l.max / scale, inRange: true },
      ...(l.min > 0 && !l.orZero ? [{ label: 'zero', value: 0, inRange: false }] : []),
      ...(l.min > 1 ? [{ label: 'the minimum − 1 ms', value: formatDuration(l.min - 1), inRange: false }] : []),
      // A duration is a whole number of ms within 1e-6 ms: a tiny one is 0, fine where 0 is.
      { label: 'tiny', value: 1e-300, inRange: l.min === 0 || l.orZero === true },
      ...weird,
    ];
  }
  if (l.kind !== 'number') throw new Error('a numeric field with an items limit');
  const values: [string, number][] = [
    ['the maximum', l.max!],
    ['the maximum + 1', l.max! + 1],
    ['tiny', 1e-300],
    ['huge', 1e300],
    ['negative', -1],
    ['NaN', NaN],
    ['+Infinity', Infinity],
    ['-Infinity', -Infinity],
  ];
  if (l.min !== undefined) values.push(['the minimum', l.min], ['the minimum − 1', l.min - 1]);
  if (l.above !== undefined) values.push(['the exclusive minimum', l.above]);
  if (l.int) values.push(['a fraction', l.max! - 0.5]);
  return values.map(([label, value]) => ({ label, value, inRange: within(l, value) }));
}

function within(l: Extract<Limit, { kind: 'number' }>, v: number): boolean {
  return Number.isFinite(v) && (!l.int || Number.isInteger(v)) && (l.min === undefined || v >= l.min) && (l.above === undefined || v > l.above) && (l.max === undefined || v <= l.max);
}

/** Validation, then the estimate, then a short run: the whole path a user's value takes, with nothing thrown. */
function attempt(doc: Record<string, unknown>): { ok: true; refused: boolean } | { ok: false; errors: { path: string; message: string }[] } {
  const r = parseScenario(stringify(doc), 'edges.yaml');
  if (!r.ok) return { ok: false, errors: r.errors };
  const s = r.scenario;
  if (fitProblem(s, estimateRun(s), BUDGET) !== undefined) return { ok: true, refused: true };
  const { sim } = buildWorld(s);
  sim.run({ until: s.duration, maxEvents: 20_000 });
  return { ok: true, refused: false };
}

describe('every numeric field of schema.json, at and past its limits', () => {
  it('finds the fields (schema.json declares numbers and durations)', () => {
    expect(FIELDS.length).toBeGreaterThan(60);
  });

  it.each(FIELDS)('%s', (key, kind) => {
    const l = LIMITS[key as keyof typeof LIMITS] as Limit;
    for (const edge of edges(kind, l)) {
      const doc = baseStudy();
      const { path, set } = place(doc, key);
      set(edge.value);
      const what = `${key} = ${edge.label} (${String(edge.value)})`;
      let got: ReturnType<typeof attempt>;
      try {
        got = attempt(doc);
      } catch (e) {
        throw new Error(`${what}: threw ${e instanceof Error ? e.stack : String(e)}`);
      }
      if (!edge.inRange) {
        expect(got.ok, `${what} was accepted`).toBe(false);
        if (!got.ok) expect(got.errors.map((e) => e.path), what).toContain(path);
      } else if (!got.ok) {
        // In range, but it may clash with a neighbour (mean > max, a share sum): the error names a field.
        expect(got.errors.length, what).toBeGreaterThan(0);
        for (const e of got.errors) expect(e.message, what).toMatch(/: expected .+, found /);
      }
    }
  });

  it('random values: past the range always refused at the field, naming the range and the value (property)', () => {
    const numbers = FIELDS.filter(([key]) => (LIMITS[key as keyof typeof LIMITS] as Limit).kind === 'number');
    fc.assert(
      fc.property(fc.constantFrom(...numbers), fc.oneof(fc.double(), fc.integer({ min: -1e6, max: 1e10 })), ([key], v) => {
        const l = LIMITS[key as keyof typeof LIMITS] as Extract<Limit, { kind: 'number' }>;
        const doc = baseStudy();
        const { path, set } = place(doc, key);
        set(v);
        const r = parseScenario(stringify(doc), 'edges.yaml');
        if (within(l, v)) return; // in range: parsing did not throw; the edges above run such values
        const atField = r.ok ? [] : r.errors.filter((e) => e.path === path);
        expect(atField).toHaveLength(1);
        expect(atField[0].message).toContain(String(l.max));
        expect(atField[0].message).toContain(`found ${describeValue(v)}`);
      }),
      { numRuns: 300 },
    );
  });
});
