/**
 * The rate advisor, CDCS's (OI-5): it keeps every customer's reported usage (the energy periods of the S2-08
 * reports CDCS receives) and, at the study's `rate_advice.at`, bills each customer's history under every
 * offered rate and sends the result to the customer's IHD as a private, low-priority `rateAdvice`.
 */
import type { RateAdvice } from '../../scenarios/types.ts';
import { Cls } from '../world/events.ts';
import { CDCS } from '../world/ids.ts';
import { IHD } from '../world/population.ts';
import type { Own } from '../world/actor-context.ts';
import { advise, calledEvents, type ReportedPeriod } from './rate-advice.ts';
import { effectiveTimeline } from '../pricing/plan.ts';

/** One customer's advice, for summary.json (plain data: it crosses threads with the partition's totals). */
export interface AdviceRecord {
  customer: number;
  recommended: number;
  current: number;
  savingMills: number;
  /** IHDs the advice was sent to. */
  sent: number;
}

export class RateAdvisor {
  private readonly periods: ReportedPeriod[][];
  readonly records: AdviceRecord[] = [];

  constructor(
    readonly advice: RateAdvice,
    customers: number,
  ) {
    this.periods = Array.from({ length: customers }, () => []);
  }

  /** An S2-08 report reached CDCS: its energy periods join the customer's history. */
  record(customer: number, energy: readonly { startS?: number; intervalMinutes?: number; energyWh?: number }[] | undefined): void {
    for (const e of energy ?? []) {
      this.periods[customer].push({ start: (e.startS ?? 0) * 1000, length: (e.intervalMinutes ?? 0) * 60_000, wh: e.energyWh ?? 0 });
    }
  }

  /** At `rate_advice.at`: every customer with a reported history is billed; those with an IHD are told. */
  send(w: Own<'cdcs'>): void {
    const a = this.advice, p = w.p;
    const ctx = {
      rates: a.rates,
      current: Math.max(0, a.rates.findIndex((r) => r.id === a.current)),
      until: w.sim.now,
      hourAt: (t: number) => w.hooks.adviceHour(w.clock, t),
      nextHourAt: (t: number) => w.clock.nextIntervalAt(t),
      // The timeline's events and those the pricing actor called (OI-6).
      events: calledEvents({ programs: w.s.programs, timeline: effectiveTimeline(w.s) }),
    };
    const ihds: number[][] = Array.from({ length: p.customers }, () => []);
    for (let d = 0; d < p.devices; d++) if (p.type[d] === IHD && w.cdcs.configured[d]) ihds[p.owner[d]].push(d);
    for (let c = 0; c < p.customers; c++) {
      if (this.periods[c].length === 0) continue;
      const r = advise(this.periods[c], ctx);
      const body = {
        adviceId: c + 1,
        currentRate: a.rates[ctx.current].id,
        recommendedRate: a.rates[r.recommended].id,
        savingMills: r.savingMills,
        periodStartS: 0,
        periodMinutes: Math.floor(w.sim.now / 60_000),
        bills: a.rates.map((rate, i) => ({ rateId: rate.id, billMills: r.billsMills[i] })),
      };
      for (const d of ihds[c]) w.down(CDCS, d, 'rateAdvice', body, Cls.LOW);
      this.records.push({ customer: c, recommended: r.recommended, current: ctx.current, savingMills: r.savingMills, sent: ihds[c].length });
    }
  }
}
