/** The report always shows NFR-04's verdict, and its by-kind table marks the kinds NFR-04 covers. */
import { describe, expect, test } from 'vitest';
import type { RunResult, SlaStats } from '../models/run-result.ts';
import { renderReport } from './render-report.ts';
import { fixtureRunResult } from './test-support/fixture-run-result.ts';

const stats = (count: number, within: number, dropped = 0): SlaStats => ({
  count,
  delivered: count - dropped,
  dropped,
  late_in_flight: 0,
  within,
  missed: count - within,
  within_sla: within / count,
  p99_s: 150,
  max_s: 190,
  ok: count === within,
});

/** The fixture with a given sla block and thresholds. */
function withSla(missedHigh: number, thresholds: RunResult['summary']['thresholds']): RunResult {
  const r = fixtureRunResult({ breach: false });
  const high = stats(1000, 1000 - missedHigh);
  const medium = stats(500, 500);
  const low = stats(200, 200);
  const all = stats(1700, 1700 - missedHigh);
  r.summary.sla = {
    sla_s: 120,
    verdict: missedHigh ? 'missed' : 'met',
    ...all,
    by_priority: { high, medium, low },
    by_kind: { dr_event: stats(1000, 1000 - missedHigh), price: stats(700, 700) },
  };
  r.summary.thresholds = thresholds;
  return r;
}

function section(html: string, attr: string): string {
  const start = html.indexOf(attr);
  expect(start, attr).toBeGreaterThan(0);
  return html.slice(html.lastIndexOf('<section', start), html.indexOf('</section>', start));
}

describe('NFR-04 in the report', () => {
  test('a missed SLA shows even when the study sets no threshold', () => {
    const html = renderReport(withSla(70, []));
    expect(html).toContain('data-verdict="none"');
    const banner = section(html, 'data-section="sla-verdict"');
    expect(banner).toContain('data-sla-verdict="missed"');
    expect(banner).toContain('NFR-04 missed');
    expect(banner).toMatch(/70 of 1,700 covered messages/);
    expect(banner).toMatch(/high: 70 of 1,000 missed \(93\.00 % within/);
    expect(banner).toContain('does not reflect it');
  });

  test('a missed SLA shows beside thresholds that all pass', () => {
    const html = renderReport(withSla(70, [{ name: 'load.event_shed_kw_mean > 0', ok: true, value: 5 }]));
    expect(html).toContain('data-verdict="ok"');
    expect(section(html, 'data-section="sla-verdict"')).toContain('data-sla-verdict="missed"');
  });

  test('a met SLA says so', () => {
    const html = renderReport(withSla(0, [{ name: 'sla.missed == 0', ok: true, value: 0 }]));
    const banner = section(html, 'data-section="sla-verdict"');
    expect(banner).toContain('data-sla-verdict="met"');
    expect(banner).toContain('all 1,700 covered messages were delivered within 120 s');
  });

  test('the NFR-04 table lists each priority and the total', () => {
    const html = renderReport(withSla(70, []));
    const table = html.slice(html.indexOf('data-table="sla"'), html.indexOf('</table>', html.indexOf('data-table="sla"')));
    expect(table).toMatch(/data-key="high" data-sla-ok="false"/);
    expect(table).toMatch(/data-key="medium" data-sla-ok="true"/);
    expect(table).toMatch(/data-key="all" data-sla-ok="false"/);
  });

  test('the by-kind table marks covered kinds, and only those', () => {
    const html = renderReport(withSla(70, []));
    const row = (kind: string) => {
      const i = html.indexOf(`<tr data-key="${kind}"><td>${kind}</td><td class="num">`);
      expect(i, kind).toBeGreaterThan(0);
      return html.slice(i, html.indexOf('</tr>', i));
    };
    expect(row('dr_event')).toContain('data-nfr04="yes"');
    expect(row('dr_event')).toContain('70 missed');
    expect(row('price')).toContain('data-nfr04="yes"');
    expect(row('report')).toContain('data-nfr04="no"');
    expect(row('public_alert')).toContain('data-nfr04="no"');
  });
});
