/**
 * A figure over an empty population is not applicable: null in summary.json, "n/a" in the end-of-run table and
 * in report.html, and a threshold on it fails with value null. A DR planner must never read "mean shed 0 kW"
 * for a run that had no response window, or "0 overrides per participant" for one with no participant.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../models/run-result.ts';
import { SUMMARY_CONTRACT } from '../models/summary-contract.ts';
import { unpublishable } from '../models/summary-json.ts';
import { runScenario } from '../models/world/run-scenario.ts';
import { renderReport } from '../reports/render-report.ts';
import { makeScenario } from '../test/support/scenario.ts';
import { scsim } from '../test/support/cli.ts';
import { summaryTable } from './summary-table.ts';

const TMP = mkdtempSync(join(tmpdir(), 'scsim-not-applicable-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** 30 customers for an hour with a DLC program; `timeline` decides whether anything responds. */
const study = (timeline: string, extra = '') => `name: empty-sets
duration: 1h
seed: 7
population:
  customers: 30
  registration: {start: 0s, window: 10m}
  ihd_share: 0.3
${extra}programs:
  - {id: dlc, kind: DLC}
timeline: ${timeline}
network:
  meters_per_collector: 15
thresholds:
  - "load.event_shed_kw_mean > 0"
  - "overrides.rate <= 1"
  - "load.baseline_peak_kw > 0"
  - "delivery.by_priority.high.p99_s < 120"
`;

/** The text of a report card: `<span class="label">label</span><span class="value">…</span>`. */
const card = (html: string, label: string) => html.match(new RegExp(`<span class="label">${label}</span><span class="value">([^<]*)</span>`))?.[1];

describe('figures over empty sets are "not applicable"', () => {
  it('no response window: null in summary.json, n/a in the table and the report, thresholds on them fail (scsim run)', async () => {
    const file = join(TMP, 'no-windows.yaml'), out = join(TMP, 'no-windows');
    writeFileSync(file, study('[]'));
    const r = await scsim(['run', file, '--out', out]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(3);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(s.load.events).toEqual([]);
    expect(s.load.baseline_peak_kw).toBeGreaterThan(0);
    expect(s.load.participants).toBe(0);
    for (const v of [s.load.event_shed_kw_mean, s.load.shed_kw_per_participant, s.load.shed_kw_per_household, s.load.rebound_peak_kw, s.overrides.rate]) expect(v).toBeNull();
    for (const c of ['program', 'price', 'autonomous'] as const) expect(s.load.by_cause[c]).toMatchObject({ events: 0, shed_kw_mean: null, rebound_peak_kw: null, energy_shed_kwh: 0 });
    // Sums over nothing stay 0: they are true totals.
    expect(s.load.energy_shed_kwh).toBe(0);
    // No rate advice and no hourly prices in the study: their means and quantiles are not applicable either.
    expect(s.rate_advice).toMatchObject({ customers: 0, saving_total: 0, saving_mean: null, saving_p50: null, saving_p90: null, saving_max: null });
    expect(s.pricing).toMatchObject({ hourly_prices: 0, retail_price_mean: null, retail_price_max: null });
    expect(s.thresholds).toEqual([
      { name: 'load.event_shed_kw_mean > 0', ok: false, value: null },
      { name: 'overrides.rate <= 1', ok: false, value: null },
      { name: 'load.baseline_peak_kw > 0', ok: true, value: s.load.baseline_peak_kw },
      // Not "0 s < 120 s": with no high-priority message there is no p99 to hold.
      { name: 'delivery.by_priority.high.p99_s < 120', ok: false, value: null },
    ]);
    // No high-priority message (no DR event): its latencies and share within the SLA are not applicable.
    expect(s.delivery.by_priority.high).toEqual({ count: 0, p50_s: null, p95_s: null, p99_s: null, max_s: null, within_sla: null });
    expect(s.sla.by_priority.high).toMatchObject({ count: 0, missed: 0, within_sla: null, p99_s: null, max_s: null, ok: true });
    expect(s.delivery.by_priority.medium.count).toBeGreaterThan(0);
    expect(typeof s.delivery.by_priority.medium.p99_s).toBe('number');
    expect(unpublishable(s, SUMMARY_CONTRACT)).toEqual([]);

    expect(r.stdout).toMatch(/^ {2}high +0 +n\/a +n\/a +n\/a +n\/a +n\/a$/m);
    expect(r.stdout).toMatch(/^load {8}baseline peak \d+ kW, DR peak \d+ kW, shed n\/a kW mean, rebound peak n\/a kW$/m);
    expect(r.stdout).toContain('FAIL  load.event_shed_kw_mean > 0  (value n/a)');
    expect(r.stdout).toContain('FAIL  overrides.rate <= 1  (value n/a)');
    expect(r.stdout).toContain('FAIL  delivery.by_priority.high.p99_s < 120  (value n/a)');

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const label of ['Mean shed during response windows', 'Shed per participating device', 'Shed per participating household', 'Rebound peak above baseline', 'Overrides per participating device'])
      expect(card(html, label), label).toBe('n/a');
    expect(card(html, 'Energy shed during response windows')).toBe('0');
    expect(html).toMatch(/<tr data-cause="total"><th scope="row">all responses<\/th><td class="num">0<\/td><td class="num">n\/a<\/td>/);
    expect(html).toMatch(/<code>load\.event_shed_kw_mean &gt; 0<\/code><\/td><td class="num">n\/a<\/td>/);
    // The by-priority delivery table: no high-priority delivery, so n/a rather than 0 s and 100 % within.
    expect(html).toContain('<tr><td>high</td><td class="num">0</td>' + '<td class="num">n/a</td>'.repeat(5));
  }, 300_000);

  it('a DR event with no participant (nobody enrolled): shed is measured, per-participant figures are n/a', async () => {
    const scenario = makeScenario({
      name: 'no-participants',
      duration: '1h',
      seed: 7,
      population: { customers: 30, registration: { start: '0s', window: '10m' }, ihd_share: 0, ems_share: 0, enrollment_rate: 0 },
      programs: [{ id: 'dlc', kind: 'DLC' }],
      timeline: [{ at: '20m', action: 'dr_event', program: 'dlc', duration: '20m', priority: 'high' }],
      network: { meters_per_collector: 15 },
      thresholds: ['overrides.rate <= 1'],
    });
    const result = await runScenario(scenario, { runId: 'no-participants' });
    const s = JSON.parse(JSON.stringify(result.summary)) as Summary;
    expect(s.population.enrolled).toBe(0);
    expect(s.load.participants).toBe(0);
    expect(s.load.events.length).toBeGreaterThan(0);
    // The window exists, so its mean shed is a number (about 0: nobody responds); per participant it is not applicable.
    expect(typeof s.load.event_shed_kw_mean).toBe('number');
    expect(s.load.shed_kw_per_participant).toBeNull();
    expect(s.load.shed_kw_per_household).toBeNull();
    expect(s.overrides).toMatchObject({ count: 0, rate: null });
    expect(s.thresholds).toEqual([{ name: 'overrides.rate <= 1', ok: false, value: null }]);
    // No IHD or EMS subscribes to the meter's feed: no held value, no feed delivery, so no ages or latencies.
    expect(s.metering.subscribers).toBe(0);
    expect(s.metering.age).toMatchObject({ p50_s: null, p99_s: null, max_s: null, held_device_hours: 0, verdict: 'none' });
    expect(s.metering.latency).toMatchObject({ count: 0, p99_s: null, within_sla: null });
    expect(unpublishable(s, SUMMARY_CONTRACT)).toEqual([]);
    expect(summaryTable(s, 'out')).toContain('FAIL  overrides.rate <= 1  (value n/a)');
    const html = renderReport(result, { name: 'no participants' });
    expect(card(html, 'Shed per participating device')).toBe('n/a');
    expect(card(html, 'Overrides per participating device')).toBe('n/a');
    expect(card(html, 'Mean shed during response windows')).not.toBe('n/a');
    expect(html).not.toMatch(/NaN|Infinity/);
  }, 300_000);
});
