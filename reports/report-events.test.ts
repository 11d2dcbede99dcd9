/** The report's response windows: shaded on every time chart, one table row per event, a table by cause. */
import { describe, expect, test } from 'vitest';
import { renderReport } from './render-report.ts';
import { CONDITION, EVENT, FIXTURE_REGIONS, fixtureRunResult } from './test-support/fixture-run-result.ts';

const MIN = 60_000;
const TIME_CHARTS = ['load-total', 'load-by-region', 'load-by-type', 'shed', 'latency-p99', 'queue-depth', 'in-flight', 'background', 'overrides'];

function figure(html: string, id: string): string {
  const start = html.indexOf(`data-chart="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</figure>', start));
}

/** `data-band`, `data-from`, `data-to` of every shaded band in some markup. */
function bands(markup: string): [string, number, number][] {
  return [...markup.matchAll(/<rect class="band" data-band="([^"]+)" data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => [m[1]!, Number(m[2]), Number(m[3])]);
}

function panel(markup: string, key: string): string {
  const start = markup.indexOf(`data-panel="${key}"`);
  expect(start, key).toBeGreaterThan(0);
  const next = markup.indexOf('data-panel="', start + 1);
  return markup.slice(start, next < 0 ? undefined : next);
}

describe('response windows in the report', () => {
  const result = fixtureRunResult();
  const html = renderReport(result);
  const program: [string, number, number] = ['program', EVENT.start * MIN, EVENT.end * MIN];
  const autonomous: [string, number, number] = ['autonomous', CONDITION.start * MIN, CONDITION.end * MIN];

  test.each(TIME_CHARTS)('%s shades the DR event and the autonomous response, and says so in its legend', (id) => {
    const f = figure(html, id);
    const found = bands(f);
    expect(found).toContainEqual(program);
    expect(found).toContainEqual(autonomous);
    expect(f).toContain('shaded: DR program event window');
    expect(f).toContain('shaded: autonomous response (OI-1) window');
  });

  test('region panels shade only the windows that reach their region', () => {
    const f = figure(html, 'load-by-region');
    expect(bands(panel(f, 'coastal'))).toEqual([program, autonomous]);
    expect(bands(panel(f, 'inland_empire'))).toEqual([program]);
  });

  test('the latency CDF has no time axis and no bands', () => {
    expect(bands(figure(html, 'latency-cdf'))).toEqual([]);
  });

  test('one table row per event with its window, whose load it is measured on, devices reached in time, shed, recovery and snapback', () => {
    const events = result.summary.load.events;
    const rows = [...html.matchAll(/<tr data-event-cause="([^"]+)" data-region="([^"]+)">(.*?)<\/tr>/g)];
    expect(rows.map((r) => [r[1], r[2]])).toEqual(events.map((e) => [e.cause, e.region]));
    const cells = (i: number) => [...rows[i]![3]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    const coastal = events.findIndex((e) => e.cause === 'program' && e.region === 'coastal');
    const e = events[coastal]!;
    expect(cells(coastal)).toEqual([
      'program',
      'cpp',
      'coastal',
      'cpp participants',
      '14:00',
      '16:00',
      `${e.devices_reached_within_sla.toLocaleString('en-US')} of ${e.devices_reached.toLocaleString('en-US')}`,
      e.shed_kw_mean!.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      e.energy_shed_kwh.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      e.energy_recovered_kwh.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      `${Math.round(e.snapback_peak_kw!).toLocaleString('en-US')} (+${Math.round(e.snapback_peak_pct!)} %)`,
    ]);
    // Devices that had the signal late are marked.
    expect(rows[coastal]![3]).toContain('<span class="bad-mark">');
    expect(cells(events.findIndex((x) => x.cause === 'autonomous')).slice(0, 6)).toEqual(['autonomous', 'low_voltage', 'coastal', 'every appliance', '17:30', '17:40']);
  });

  test('the by-cause table adds up to the totals', () => {
    const L = result.summary.load;
    const row = (c: string) => html.match(new RegExp(`<tr data-cause="${c}">(.*?)</tr>`))![1]!;
    const num = (c: string) => [...row(c).matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(num('program')[0]).toBe(FIXTURE_REGIONS.length);
    expect(num('autonomous')[0]).toBe(1);
    // No price response: energies are 0 (sums over nothing), its mean shed and rebound peak are not applicable.
    expect([...row('price').matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['0', 'n/a', '0.0', '0.0', 'n/a']);
    expect(num('total')[2]).toBeCloseTo(L.energy_shed_kwh, 1);
    expect(num('program')[2]! + num('autonomous')[2]!).toBeCloseTo(num('total')[2]!, 0);
  });

  test('a summary without response events (an older run) shades nothing and says why there is no table', () => {
    const old = fixtureRunResult();
    const load = old.summary.load as Partial<typeof old.summary.load>;
    delete load.events;
    delete load.by_cause;
    delete load.energy_recovered_kwh;
    const page = renderReport(old);
    expect(bands(page)).toEqual([]);
    expect(page).toContain('No response window in this run');
    expect(page).not.toContain('shaded:');
  });
});
