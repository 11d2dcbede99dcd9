/** The report's OI-6 section: each rule's forecast against its trigger, the called and skipped days, the event-day table. */
import { describe, expect, test } from 'vitest';
import { renderReport } from './render-report.ts';
import { fixtureRunResult } from './test-support/fixture-run-result.ts';

function withPricing() {
  const result = fixtureRunResult();
  const days = [
    { date: '2026-07-01', forecast: 35, verdict: 'below_trigger' },
    { date: '2026-07-02', forecast: 40, verdict: 'called' },
    { date: '2026-07-03', forecast: 41, verdict: 'consecutive_limit' },
    { date: '2026-07-04', forecast: null, verdict: 'below_trigger' },
  ];
  result.summary.pricing = {
    hourly_prices: 96,
    retail_price_mean: 0.123,
    retail_price_max: 0.2,
    billing_cycles: 1,
    tou_schedules: 1,
    event_days_called: 1,
    event_days: [{ program: 'cpp', date: '2026-07-02', forecast: 40, trigger: 39, notice_s: 0, start_s: 3600, end_s: 7200, shed_kw_mean: 123.4, energy_shed_kwh: 456.7 }],
    skipped_days: [{ program: 'cpp', date: '2026-07-03', forecast: 41, reason: 'consecutive_limit' }],
    rules: [{ program: 'cpp', forecast: 'temperature', trigger: 39, days }],
  };
  return result;
}

describe('pricing section', () => {
  test('draws each rule: the forecast of every day with one, the called and the skipped day, and the trigger', () => {
    const html = renderReport(withPricing());
    const start = html.indexOf('data-chart="pricing-cpp"');
    expect(start).toBeGreaterThan(0);
    const fig = html.slice(start, html.indexOf('</figure>', start));
    // 3 forecast points (one day has none), 1 called, 1 skipped.
    expect(fig).toContain('data-points="5"');
    expect(fig).toContain('trigger 39 °C');
  });

  test('lists every called day with its shed', () => {
    const html = renderReport(withPricing());
    const table = html.slice(html.indexOf('data-table="pricing-event-days"'));
    expect(table).toMatch(/<td>2026-07-02<\/td><td>cpp<\/td><td class="num">40<\/td><td class="num">123\.4<\/td><td class="num">456\.7<\/td>/);
  });

  test('says so when the study has no pricing section', () => {
    const html = renderReport(fixtureRunResult());
    expect(html).toMatch(/no <code>pricing<\/code> section/);
  });
});
