/** summary.json `rate_advice` (OI-5) from the advisor's records: the distribution of savings and who would switch. */
import type { RateAdviceSummary } from '../run-result.ts';
import type { RateAdvice } from '../../scenarios/types.ts';
import type { AdviceRecord } from './advisor.ts';

const BINS = 10;
const money = (mills: number) => Math.round(mills) / 1000;
const moneyOrNull = (mills: number | null) => (mills === null ? null : money(mills));

/** The value at quantile q of sorted values (nearest rank); null for none. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function adviceSummary(records: readonly AdviceRecord[], advice: RateAdvice | null): RateAdviceSummary {
  // Savings only of customers whose current rate could be billed (the others have none to state).
  const savings = records.flatMap((r) => (r.savingMills === null ? [] : [r.savingMills])).sort((a, b) => a - b);
  const total = savings.reduce((a, b) => a + b, 0);
  const max = savings.length ? savings[savings.length - 1] : 0;
  const histogram: RateAdviceSummary['histogram'] = [];
  if (savings.length > 0) {
    const width = Math.max(1, Math.ceil(max / BINS));
    for (let i = 0; i < BINS; i++) histogram.push({ from: money(i * width), to: money((i + 1) * width), customers: 0 });
    for (const s of savings) histogram[Math.min(BINS - 1, Math.floor(s / width))].customers++;
  }
  return {
    customers: records.length,
    advised: records.filter((r) => r.sent > 0).length,
    would_switch: records.filter((r) => r.recommended !== r.current && r.savingMills !== null && r.savingMills > 0).length,
    saving_total: money(total),
    saving_mean: savings.length ? money(total / savings.length) : null,
    saving_p50: moneyOrNull(quantile(savings, 0.5)),
    saving_p90: moneyOrNull(quantile(savings, 0.9)),
    saving_max: savings.length ? money(max) : null,
    recommended: (advice?.rates ?? []).map((rate, i) => ({
      rate: rate.id,
      customers: records.filter((r) => r.recommended === i).length,
      not_billable: records.filter((r) => r.notBillable.includes(i)).length,
    })),
    histogram,
  };
}
