import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../reports/test-support/fixture-run-result.ts';
import type { Summary } from './run-result.ts';
import { summaryJson, UnpublishableSummaryError } from './summary-json.ts';

/** summary.json never publishes NaN or ±Infinity (JSON would turn them into null silently), nor a null the contract does not allow. */
const fresh = (): Summary => structuredClone(fixtureRunResult({ breach: false }).summary);

describe('summaryJson', () => {
  it('writes a valid summary as JSON, nulls where the contract allows them', () => {
    const s = fresh();
    s.load.event_shed_kw_mean = null;
    s.overrides.rate = null;
    s.rate_advice.saving_p90 = null;
    const back = JSON.parse(summaryJson(s)) as Summary;
    expect(back.load.event_shed_kw_mean).toBeNull();
    expect(back.overrides.rate).toBeNull();
    expect(back.digest).toBe(s.digest);
  });

  it('refuses NaN and infinities anywhere, naming each field path', () => {
    const s = fresh();
    s.load.event_shed_kw_mean = NaN;
    s.load.events[0]!.snapback_peak_pct = Infinity;
    s.delivery.by_priority.high.p99_s = -Infinity;
    expect(() => summaryJson(s)).toThrow(UnpublishableSummaryError);
    const message = (() => {
      try {
        summaryJson(s);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain('load.event_shed_kw_mean is NaN');
    expect(message).toContain('load.events[0].snapback_peak_pct is Infinity');
    expect(message).toContain('delivery.by_priority.high.p99_s is -Infinity');
  });

  it('refuses a null where the figure always has a population (a count, a sum)', () => {
    const s = fresh();
    (s.load as { energy_shed_kwh: number | null }).energy_shed_kwh = null;
    (s.population as { customers: number | null }).customers = null;
    expect(() => summaryJson(s)).toThrow(/population\.customers is null, which the contract does not allow; load\.energy_shed_kwh is null/);
  });

  it('searches fields the contract does not describe for non-finite numbers too', () => {
    const s = fresh() as Summary & { extra?: unknown };
    s.extra = { deep: [1, NaN] };
    expect(() => summaryJson(s)).toThrow(/extra\.deep\[1\] is NaN/);
  });
});
