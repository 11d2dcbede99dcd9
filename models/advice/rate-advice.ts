/**
 * OI-5, rate advice: a customer's reported usage (the S2-08 reports CDCS received: energy per report period)
 * billed under every offered rate. Pure arithmetic over plain data; the advisor (advisor.ts) feeds it.
 *
 * - Each reported period's energy is spread evenly over its span and cut at local hour boundaries and at the
 *   edges of called CPP/PTR events, so each piece has one local hour and is inside or outside an event.
 * - A tiered rate's blocks are per 30-day cycle: over a history of H hours they are scaled by H / 720 (as a
 *   utility prorates a baseline allowance over a short billing period).
 * - A PTR baseline is the customer's mean power outside events over the history (a flat baseline). A customer
 *   with usage inside events and none outside has no baseline: the PTR bill is not applicable (null), never a
 *   bill with no rebate, and the advice is chosen among the rates that can be billed.
 * - Bills are rounded to mills; the recommended rate has the least bill (the first offered on a tie); the saving
 *   is the current rate's bill less the recommended one's (null when the current rate cannot be billed).
 * - A history with no usage piece (no period of positive length before the advice) is not billed at all.
 */
import { billOf, type Rate, type UsageInterval } from '../pricing/rates.ts';
import type { Scenario } from '../../scenarios/types.ts';

const HOUR = 3_600_000;
const CYCLE_MS = 30 * 24 * HOUR;

export interface ReportedPeriod {
  /** Simulated ms the period starts at, its length in ms, and the energy used in it. */
  start: number;
  length: number;
  wh: number;
}

export interface AdviceContext {
  rates: readonly Rate[];
  /** Index of the customer's current rate in `rates`. */
  current: number;
  /** End of the history billed (the advice time): usage in [0, until). */
  until: number;
  /** Local hour at simulated time t, and the next local hour boundary after t. */
  hourAt(t: number): number;
  nextHourAt(t: number): number;
  /** Called CPP/PTR event windows [start, end), simulated ms. */
  events: readonly (readonly [number, number])[];
}

export interface Advice {
  /** Bill under each offered rate, mills, in the study's order; null where the rate cannot be billed (PTR without a baseline). */
  billsMills: (number | null)[];
  /** The cheapest rate that can be billed; null when none can. */
  recommended: number | null;
  /** Current bill less the recommended one; null when either cannot be billed. */
  savingMills: number | null;
  kwh: number;
}

/** The pieces of one customer's usage, each within one local hour and inside or outside every event. */
export function usagePieces(periods: readonly ReportedPeriod[], ctx: AdviceContext): (UsageInterval & { ms: number })[] {
  const out: (UsageInterval & { ms: number })[] = [];
  for (const p of periods) {
    const end = Math.min(p.start + p.length, ctx.until);
    if (p.length <= 0 || end <= p.start) continue;
    for (let t = Math.max(0, p.start); t < end; ) {
      let next = Math.min(end, ctx.nextHourAt(t));
      const inEvent = ctx.events.some(([a, b]) => t >= a && t < b);
      for (const [a, b] of ctx.events) {
        if (a > t && a < next) next = a;
        if (b > t && b < next) next = b;
      }
      out.push({ kwh: (p.wh / 1000) * ((next - t) / p.length), hour: ctx.hourAt(t), cycle: 0, event: inEvent, ms: next - t });
      t = next;
    }
  }
  return out;
}

/** The advice over a customer's reported periods; null when none of them has usage before the advice. */
export function advise(periods: readonly ReportedPeriod[], ctx: AdviceContext): Advice | null {
  const pieces = usagePieces(periods, ctx);
  if (pieces.length === 0) return null;
  let offKwh = 0, offMs = 0, kwh = 0;
  for (const x of pieces) {
    kwh += x.kwh;
    if (!x.event) [offKwh, offMs] = [offKwh + x.kwh, offMs + x.ms];
  }
  // No time outside events: no baseline, and the PTR bill of event pieces is not applicable (billOf gives null).
  if (offMs > 0) for (const x of pieces) if (x.event) x.baseline_kwh = (offKwh / (offMs / HOUR)) * (x.ms / HOUR);
  const billsMills = billedRates(ctx).map((rate) => toMills(billOf(rate, pieces)));
  return choose(billsMills, ctx.current, kwh);
}

/** A bill in currency units rounded to mills; null stays null (not applicable). */
export function toMills(bill: number | null): number | null {
  return bill === null ? null : Math.round(bill * 1000);
}

/** The rates as billed over the history: a tiered rate's blocks prorated by until / 30 days. */
export function billedRates(ctx: Pick<AdviceContext, 'rates' | 'until'>): Rate[] {
  const scale = ctx.until / CYCLE_MS;
  return ctx.rates.map((r) => (r.kind === 'tiered' ? { ...r, tiers: r.tiers.map((t) => ({ price: t.price, up_to_kwh: t.up_to_kwh === null ? null : t.up_to_kwh * scale })) } : r));
}

/** The least bill among the rates that can be billed (the first offered on a tie) and the saving over the current rate's. */
export function choose(billsMills: (number | null)[], current: number, kwh: number): Advice {
  let recommended: number | null = null;
  for (let i = 0; i < billsMills.length; i++) {
    const b = billsMills[i];
    if (b !== null && (recommended === null || b < billsMills[recommended]!)) recommended = i;
  }
  const now = billsMills[current], best = recommended === null ? null : billsMills[recommended];
  return { billsMills, recommended, savingMills: now === null || best === null ? null : now - best, kwh };
}

/** Called CPP/PTR event windows of a study's timeline: dr_events and day-ahead notices of CPP or PTR programs. */
export function calledEvents(s: Pick<Scenario, 'programs' | 'timeline'>): [number, number][] {
  const kind = new Map(s.programs.map((p) => [p.id, p.kind]));
  const out: [number, number][] = [];
  for (const a of s.timeline) {
    if (a.action !== 'dr_event' && a.action !== 'day_ahead_notice') continue;
    const k = kind.get(a.program);
    if (k !== 'CPP' && k !== 'PTR') continue;
    const start = a.action === 'dr_event' ? a.at : a.event_start;
    out.push([start, start + a.duration]);
  }
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}
