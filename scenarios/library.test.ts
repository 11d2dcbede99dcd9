import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BEHAVIOUR, DEFAULT_METERING, DEFAULT_WEATHER, DEFAULT_NETWORK, DEFAULT_POPULATION, DEFAULT_TOP } from './defaults.ts';
import { ACTION_FIELDS, ACTION_NAMES, FIELDS } from './fields.ts';
import { loadScenarioFile, parseScenario } from './load.ts';
import type { Scenario } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const STUDIES = readdirSync(here).filter((f) => f.endsWith('.yaml')).sort();

async function load(file: string): Promise<Scenario> {
  const r = await loadScenarioFile(join(here, file));
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

describe('the library of studies', () => {
  it('has the promised studies', () => {
    expect(STUDIES).toEqual(expect.arrayContaining(['quickstart.yaml', 'cpp-heat-wave.yaml', 'registration-surge.yaml', 'grid-emergency-broadcast.yaml', 'sla-capacity.yaml']));
  });

  it.each(STUDIES)('%s loads without errors', async (file) => {
    const s = await load(file);
    expect(s.name).toBe(file.replace(/\.yaml$/, ''));
    // Registrations start early so later messages reach registered devices.
    expect(s.population.registration.start + s.population.registration.window).toBeLessThanOrEqual(s.duration / 2);
  });

  it('quickstart exercises every step S1-01…S2-08', async () => {
    const s = await load('quickstart.yaml');
    const p = s.population;
    expect(p.customers).toBeGreaterThanOrEqual(1500);
    expect(p.customers).toBeLessThanOrEqual(2500);
    expect(s.duration).toBe(6 * 3_600_000);
    // S1-02 rejections: an installed type that is not approved.
    const unapproved = Object.entries(p.appliance_mix).filter(([t, w]) => w > 0 && !p.approved_types.includes(t as never));
    expect(unapproved.length).toBeGreaterThan(0);
    expect(p.mismatch_rate).toBeGreaterThan(0); // S1-09 rejections
    expect(p.duplicate_rate).toBeGreaterThan(0); // FR-10
    expect(p.registration_rate).toBeLessThan(1); // unregistered devices
    expect(p.enrollment_rate).toBeLessThan(1); // BR-03
    expect(Object.keys(p.languages).length).toBeGreaterThanOrEqual(3);
    expect(p.ihd_share).toBeGreaterThan(0);
    expect(p.ems_share).toBeGreaterThan(0);
    expect(p.groups.length).toBeGreaterThan(0);
    expect(new Set(s.programs.map((x) => x.kind))).toEqual(new Set(['TOU', 'CPP', 'DLC']));
    // S2-01: every kind of message, every priority, public and private.
    expect(new Set(s.timeline.map((a) => a.action))).toEqual(new Set(ACTION_NAMES));
    expect(new Set(s.timeline.map((a) => a.priority))).toEqual(new Set(['low', 'medium', 'high']));
    expect(new Set(s.timeline.map((a) => a.visibility))).toEqual(new Set(['public', 'private']));
    for (const a of s.timeline) if (a.action === 'text_message' || a.action === 'public_alert') expect(Object.keys(a.text).sort()).toEqual(Object.keys(p.languages).sort());
    // S2-05…S2-07: DR events with a customer override rate; S2-08: periodic reports.
    expect(s.timeline.some((a) => a.action === 'dr_event')).toBe(true);
    expect(s.behaviour.override_probability).toBeGreaterThan(0);
    expect(s.behaviour.report_interval).toBeLessThan(s.duration);
    expect(s.thresholds.map((t) => t.path)).toEqual([
      'delivery.by_priority.high.p99_s',
      'delivery.by_priority.high.within_sla',
      'sla.by_priority.high.missed',
      'sla.by_priority.medium.missed',
      'sla.by_priority.low.missed',
      'metering.age.p99_s',
    ]);
    // NFR-03: IHDs and EMSs get the meter's usage feed.
    expect(s.metering.subscribers).toEqual(expect.arrayContaining(['ihd', 'ems']));
  });

  it('cpp-heat-wave has a day-ahead notice and a 14:00–18:00 CPP event for the big loads', async () => {
    const s = await load('cpp-heat-wave.yaml');
    expect(s.population.customers).toBe(10_000);
    const ev = s.timeline.find((a) => a.action === 'dr_event');
    const notice = s.timeline.find((a) => a.action === 'day_ahead_notice');
    expect(ev && notice).toBeTruthy();
    if (ev?.action !== 'dr_event' || notice?.action !== 'day_ahead_notice') return;
    // t = 0 is 12:00, so 14:00 the next day is 26 h.
    expect(ev.at).toBe(26 * 3_600_000);
    expect(ev.duration).toBe(4 * 3_600_000);
    expect(notice.event_start).toBe(ev.at);
    expect(ev.at - notice.at).toBeGreaterThanOrEqual(20 * 3_600_000);
    const cpp = s.programs.find((p) => p.id === ev.program);
    expect(cpp?.appliance_types).toEqual(expect.arrayContaining(['thermostat', 'water_heater', 'pool_pump', 'ev_charger']));
  });

  it('grid-emergency-broadcast sends a high-priority public grid alert to all', async () => {
    const s = await load('grid-emergency-broadcast.yaml');
    const alert = s.timeline.find((a) => a.action === 'public_alert' && a.alert === 'grid_reliability');
    expect(alert).toMatchObject({ priority: 'high', visibility: 'public', target: { all: true } });
    expect(s.population.registration_rate).toBeLessThan(1);
  });

  it('registration-surge registers in a short window; sla-capacity loads the mesh', async () => {
    const surge = await load('registration-surge.yaml');
    expect(surge.population.registration.window).toBeLessThanOrEqual(15 * 60_000);
    const cap = await load('sla-capacity.yaml');
    expect(cap.network.background.meter_reads.interval).toBeLessThan(DEFAULT_NETWORK.background.meter_reads.interval);
    expect(cap.network.background.meter_reads.bytes).toBeGreaterThan(DEFAULT_NETWORK.background.meter_reads.bytes);
    expect(cap.thresholds.some((t) => t.name === 'delivery.by_priority.high.p99_s < 120')).toBe(true);
    const off = await loadScenarioFile(join(here, 'sla-capacity.yaml'), ['network.priority_queuing=false']);
    expect(off.ok && off.scenario.network.priority_queuing).toBe(false);
  });
});

describe('the README', () => {
  const readme = readFileSync(join(here, 'README.md'), 'utf8');

  it('has an annotated example that loads', () => {
    const example = /## An annotated example\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const r = parseScenario(example!, 'README example');
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([]);
  });

  it('documents every field', () => {
    const all = [...Object.values(FIELDS), ...Object.values(ACTION_FIELDS), ACTION_NAMES].flat();
    for (const f of all) expect(readme, f).toMatch(new RegExp(`\\b${f}\\b`));
  });
});

describe('defaults', () => {
  it('fill every optional field of a minimal study', () => {
    const r = parseScenario('name: tiny\npopulation:\n  customers: 10\n', 'tiny.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario).toEqual({
      name: 'tiny',
      ...DEFAULT_TOP,
      population: { customers: 10, ...DEFAULT_POPULATION },
      programs: [],
      timeline: [],
      network: DEFAULT_NETWORK,
      behaviour: DEFAULT_BEHAVIOUR,
      weather: DEFAULT_WEATHER,
      pricing: null,
      metering: DEFAULT_METERING,
      thresholds: [],
      public_alerts: { cap: [], areas: {} },
      rate_advice: null,
    });
    expect(r.scenario.sla_s).toBe(120);
  });

  it('fill a partly written section field by field', () => {
    const r = parseScenario('name: t\npopulation: {customers: 1}\nnetwork:\n  rf_mesh: {loss: 0.2}\n', 't.yaml');
    expect(r.ok && r.scenario.network.rf_mesh).toEqual({ ...DEFAULT_NETWORK.rf_mesh, loss: 0.2 });
  });

  it('fill timeline actions and programs', () => {
    const yaml = `name: t
population: {customers: 1}
programs: [{id: sdp, kind: DLC}]
timeline:
  - {action: dr_event, program: sdp}
  - {action: public_alert, alert: weather, text: {en: Hot}}
`;
    const r = parseScenario(yaml, 't.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.programs[0]).toMatchObject({ appliance_types: ['thermostat', 'pool_pump', 'water_heater'], opt_out_limit: 5, response: { cycling_percent: 50, randomize_start: 1_800_000 } });
    expect(r.scenario.timeline[0]).toEqual({ at: 0, priority: 'medium', visibility: 'private', target: { all: true }, action: 'dr_event', program: 'sdp', duration: 14_400_000, criticality: 2, in_progress_every: 3_600_000 });
    expect(r.scenario.timeline[1]).toMatchObject({ visibility: 'public', priority: 'medium' });
  });
});
