/** summary.json `pricing` (OI-6): what the pricing actor had CDCS send, and each called event day with its shed. */
import type { Scenario } from '../../scenarios/types.ts';
import type { LoadEvent, PricingSummary } from '../run-result.ts';
import { pricingPlan } from './plan.ts';

export function pricingSummary(s: Scenario, events: readonly LoadEvent[]): PricingSummary {
  const plan = pricingPlan(s);
  const count = (name: string) => plan.actions.filter((a) => a.action === name).length;
  const prices = plan.hourlyRetail;
  const skipped = plan.decisions.flatMap((r) =>
    r.days.filter((d) => d.verdict === 'season_limit' || d.verdict === 'consecutive_limit').map((d) => ({ program: r.program, date: d.date, forecast: round3(d.forecast!), reason: d.verdict })),
  );
  return {
    hourly_prices: count('current_price'),
    retail_price_mean: prices.length ? round5(prices.reduce((a, b) => a + b, 0) / prices.length) : null,
    retail_price_max: prices.length ? round5(prices.reduce((a, b) => Math.max(a, b), -Infinity)) : null,
    billing_cycles: count('billing_cycle_start'),
    tou_schedules: count('tou_schedule'),
    event_days_called: plan.called.length,
    event_days: plan.called.map((c) => {
      // The event's window in load.events: same program and span, one row per region it reached.
      const rows = events.filter((e) => e.cause === 'program' && e.name === c.program && e.start_s === c.start / 1000 && e.end_s === c.end / 1000);
      // Regions whose row has no shed figure (none of its minutes in the run) are left out, not read as 0.
      const sheds = rows.flatMap((e) => (e.shed_kw_mean === null ? [] : [e.shed_kw_mean]));
      return {
        program: c.program,
        date: c.date,
        forecast: round3(c.forecast),
        trigger: c.trigger,
        notice_s: c.noticeAt / 1000,
        start_s: c.start / 1000,
        end_s: c.end / 1000,
        shed_kw_mean: sheds.length ? round3(sheds.reduce((a, x) => a + x, 0)) : null,
        energy_shed_kwh: round3(rows.reduce((a, e) => a + e.energy_shed_kwh, 0)),
      };
    }),
    skipped_days: skipped,
    rules: plan.decisions.map((r) => {
      const rule = s.pricing!.events.find((e) => e.program === r.program)!;
      return { program: r.program, forecast: rule.forecast, trigger: rule.trigger, days: r.days.map((d) => ({ date: d.date, forecast: d.forecast === null ? null : round3(d.forecast), verdict: d.verdict })) };
    }),
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
