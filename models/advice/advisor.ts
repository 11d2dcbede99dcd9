/**
 * The rate advisor, CDCS's (OI-5): it bills every customer's reported usage (the energy periods of the S2-08
 * reports CDCS receives) under every offered rate as the reports arrive (streaming-bills.ts: nothing of a period
 * is kept but its bills) and, at the study's `rate_advice.at`, sends the result to the customer's IHD as a
 * private, low-priority `rateAdvice`.
 */
import type { RateAdvice } from '../../scenarios/types.ts';
import { Cls } from '../world/events.ts';
import { CDCS } from '../world/ids.ts';
import { IHD } from '../world/population.ts';
import type { Own } from '../world/actor-context.ts';
import { calledEvents, type AdviceContext } from './rate-advice.ts';
import { StreamingBills } from './streaming-bills.ts';
import { effectiveTimeline } from '../pricing/plan.ts';

/** One customer's advice, for summary.json (plain data: it crosses threads with the partition's totals). */
export interface AdviceRecord {
  customer: number;
  /** The cheapest rate that can be billed; null when none can (no advice sent). */
  recommended: number | null;
  current: number;
  /** Null when the current rate cannot be billed (a PTR customer with no baseline): no saving to state. */
  savingMills: number | null;
  /** Indices of the offered rates that could not be billed on this customer's history. */
  notBillable: number[];
  /** IHDs the advice was sent to. */
  sent: number;
}

export class RateAdvisor {
  /** Built at the first report (it needs CDCS's clock and hooks); the history ends at the advice time. */
  private bills: StreamingBills | null = null;
  private sent = false;
  readonly records: AdviceRecord[] = [];

  constructor(
    readonly advice: RateAdvice,
    private readonly customers: number,
  ) {}

  /** An S2-08 report reached CDCS: its energy periods are billed into the customer's bills (none after the advice). */
  record(w: Own<'cdcs'>, customer: number, energy: readonly { startS?: number; intervalMinutes?: number; energyWh?: number }[] | undefined): void {
    if (this.sent) return;
    const bills = (this.bills ??= new StreamingBills(this.context(w), this.customers));
    for (const e of energy ?? []) bills.add(customer, { start: (e.startS ?? 0) * 1000, length: (e.intervalMinutes ?? 0) * 60_000, wh: e.energyWh ?? 0 });
  }

  /**
   * At `rate_advice.at`: every customer with a reported history is billed; those with an IHD are told, unless no
   * offered rate can be billed. A bill that cannot be computed travels absent, never as 0.
   */
  send(w: Own<'cdcs'>): void {
    this.sent = true;
    const a = this.advice, p = w.p, bills = this.bills;
    if (!bills) return;
    const current = Math.max(0, a.rates.findIndex((r) => r.id === a.current));
    const ihds: number[][] = Array.from({ length: p.customers }, () => []);
    for (let d = 0; d < p.devices; d++) if (p.type[d] === IHD && w.cdcs.configured[d]) ihds[p.owner[d]].push(d);
    for (let c = 0; c < p.customers; c++) {
      if (!bills.has(c)) continue;
      const r = bills.advice(c);
      const notBillable = r.billsMills.flatMap((b, i) => (b === null ? [i] : []));
      const to = r.recommended === null ? [] : ihds[c];
      if (r.recommended !== null && to.length > 0) {
        const body = {
          adviceId: c + 1,
          currentRate: a.rates[current].id,
          recommendedRate: a.rates[r.recommended].id,
          savingMills: r.savingMills ?? undefined,
          periodStartS: 0,
          periodMinutes: Math.floor(w.sim.now / 60_000),
          bills: a.rates.map((rate, i) => ({ rateId: rate.id, billMills: r.billsMills[i] ?? undefined })),
        };
        for (const d of to) w.down(CDCS, d, 'rateAdvice', body, Cls.LOW);
      }
      this.records.push({ customer: c, recommended: r.recommended, current, savingMills: r.savingMills, notBillable, sent: to.length });
    }
  }

  /** What the bills need: the rates, the advice time (the history's end), local hours and the called events. */
  private context(w: Own<'cdcs'>): AdviceContext {
    const a = this.advice;
    return {
      rates: a.rates,
      current: Math.max(0, a.rates.findIndex((r) => r.id === a.current)),
      until: a.at,
      hourAt: (t: number) => w.hooks.adviceHour(w.clock, t),
      nextHourAt: (t: number) => w.clock.nextIntervalAt(t),
      // The timeline's events and those the pricing actor called (OI-6).
      events: calledEvents({ programs: w.s.programs, timeline: effectiveTimeline(w.s) }),
    };
  }
}
