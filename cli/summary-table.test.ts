/** The end-of-run table always shows NFR-04's verdict, and never says "all thresholds met" alone over a missed SLA. */
import { describe, expect, it } from 'vitest';
import type { SlaStats, Summary } from '../models/run-result.ts';
import { fixtureRunResult } from '../reports/test-support/fixture-run-result.ts';
import { summaryTable } from './summary-table.ts';

const stats = (count: number, within: number, dropped = 0): SlaStats => ({
  count,
  delivered: count - dropped,
  dropped,
  late_in_flight: 0,
  within,
  missed: count - within,
  within_sla: within / count,
  p99_s: 190,
  max_s: 242,
  ok: count === within,
});

function summary(missedHigh: number, dropped: number, thresholds: Summary['thresholds']): Summary {
  const s = fixtureRunResult({ breach: false }).summary;
  s.sla = {
    sla_s: 120,
    verdict: missedHigh ? 'missed' : 'met',
    ...stats(1700, 1700 - missedHigh, dropped),
    by_priority: { high: stats(1000, 1000 - missedHigh, dropped), medium: stats(500, 500), low: stats(200, 200) },
    by_kind: { loadControlEvent: stats(600, 600 - missedHigh, dropped), priceSignal: stats(1100, 1100) },
  };
  s.thresholds = thresholds;
  return s;
}

const lines = (s: Summary) => summaryTable(s, 'out').split('\n');

describe('summaryTable: NFR-04', () => {
  it('shows a missed SLA with no thresholds set, per priority and by kind', () => {
    const out = lines(summary(70, 4, []));
    expect(out).toContain('NFR-04      MISSED: 70 of 1,700 covered messages not delivered within 120 s (4 dropped); p99 190.00 s, max 242.00 s');
    expect(out.find((l) => l.startsWith('  missed'))).toContain('high 70 (93.00% within), medium 0 (100.00% within), low 0 (100.00% within)');
    expect(out.find((l) => l.startsWith('  worst'))).toContain('loadControlEvent 70 (88.33% within, 4 dropped)');
    expect(out.at(-2)).toBe('no thresholds, but NFR-04 is MISSED (no threshold catches it: add "sla.missed == 0")');
  });

  it('does not close with a bare "all thresholds met" when NFR-04 is missed', () => {
    const out = lines(summary(70, 0, [{ name: 'load.event_shed_kw_mean > 0', ok: true, value: 5 }]));
    expect(out.at(-2)).toMatch(/^all thresholds met, but NFR-04 is MISSED/);
  });

  it('says when a breached threshold goes with a missed SLA', () => {
    const out = lines(summary(70, 0, [{ name: 'sla.by_priority.high.missed == 0', ok: false, value: 70 }]));
    expect(out).toContain('FAIL  sla.by_priority.high.missed == 0  (value 70)');
    expect(out.at(-2)).toBe('1 threshold(s) breached; NFR-04 missed');
  });

  it('shows a met SLA', () => {
    const out = lines(summary(0, 0, [{ name: 'sla.missed == 0', ok: true, value: 0 }]));
    expect(out).toContain('NFR-04      met: all 1,700 covered messages delivered within 120 s (p99 190.00 s, max 242.00 s)');
    expect(out.at(-2)).toBe('all thresholds met');
  });
});
