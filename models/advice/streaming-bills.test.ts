/**
 * The streaming advisor bills as reports arrive and keeps no history; its advice must be the old computation's:
 * advise() over every period the customer reported (kept whole), on random report streams (several devices a
 * customer, periods of any length and start, arriving interleaved), random called events and every kind of rate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATES, type Rate } from '../pricing/rates.ts';
import { advise, type AdviceContext, type ReportedPeriod } from './rate-advice.ts';
import { StreamingBills } from './streaming-bills.ts';

const H = 3_600_000;
const CUSTOMERS = 5;

const ratesArb: fc.Arbitrary<Rate[]> = fc
  .record({
    flat: fc.double({ min: 0.05, max: 0.4, noNaN: true }),
    tier1: fc.double({ min: 1, max: 400, noNaN: true }),
    eventPrice: fc.double({ min: 0.5, max: 2, noNaN: true }),
    rebate: fc.double({ min: 0.1, max: 1, noNaN: true }),
  })
  .map((x) => [
    ...DEFAULT_RATES,
    { id: 'flat2', kind: 'flat', price: x.flat },
    { id: 'tiered2', kind: 'tiered', tiers: [{ up_to_kwh: x.tier1, price: 0.1 }, { up_to_kwh: x.tier1 * 1.3, price: 0.2 }, { up_to_kwh: null, price: 0.3 }] },
    { id: 'cpp2', kind: 'cpp', hourly: DEFAULT_RATES[2].kind === 'tou' ? DEFAULT_RATES[2].hourly : [], event_price: x.eventPrice },
    { id: 'ptr2', kind: 'ptr', hourly: Array.from({ length: 24 }, (_, h) => 0.1 + h / 100), rebate_per_kwh: x.rebate },
  ]);

const caseArb = fc
  .record({
    rates: ratesArb,
    current: fc.nat({ max: 8 }),
    untilH: fc.integer({ min: 12, max: 24 * 40 }),
    offsetH: fc.integer({ min: -8, max: 8 }),
    events: fc.array(fc.record({ startH: fc.double({ min: 0, max: 24 * 40, noNaN: true }), hours: fc.double({ min: 0.25, max: 6, noNaN: true }) }), { maxLength: 6 }),
    reports: fc.array(
      fc.record({
        customer: fc.nat({ max: CUSTOMERS - 1 }),
        startS: fc.integer({ min: 0, max: 24 * 40 * 3600 }),
        minutes: fc.integer({ min: 0, max: 1440 }),
        wh: fc.integer({ min: 0, max: 50_000 }),
      }),
      { maxLength: 60 },
    ),
  })
  .map((x) => x);

describe('streaming rate advice (OI-5)', () => {
  it('gives the bills, the recommendation and the saving of advise() over the whole kept history', () => {
    fc.assert(
      fc.property(caseArb, (x) => {
        const ctx: AdviceContext = {
          rates: x.rates,
          current: x.current,
          until: x.untilH * H,
          hourAt: (t) => (((Math.floor(t / H) + x.offsetH) % 24) + 24) % 24,
          nextHourAt: (t) => (Math.floor(t / H) + 1) * H,
          events: x.events.map((e) => [Math.round(e.startH * H), Math.round((e.startH + e.hours) * H)] as const).sort((a, b) => a[0] - b[0]),
        };
        const kept: ReportedPeriod[][] = Array.from({ length: CUSTOMERS }, () => []);
        const stream = new StreamingBills(ctx, CUSTOMERS);
        for (const r of x.reports) {
          const p = { start: r.startS * 1000, length: r.minutes * 60_000, wh: r.wh };
          kept[r.customer].push(p);
          stream.add(r.customer, p);
        }
        for (let c = 0; c < CUSTOMERS; c++) {
          const old = advise(kept[c], ctx);
          expect(stream.has(c)).toBe(old !== null);
          if (old === null) continue;
          const now = stream.advice(c);
          expect(now.billsMills).toEqual(old.billsMills);
          expect(now.recommended).toBe(old.recommended);
          expect(now.savingMills).toBe(old.savingMills);
          expect(now.kwh).toBe(old.kwh);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a customer with usage only inside events has no PTR baseline: a null PTR bill, not one with no rebate', () => {
    const ctx: AdviceContext = { rates: DEFAULT_RATES, current: 4, until: 10 * H, hourAt: (t) => Math.floor(t / H) % 24, nextHourAt: (t) => (Math.floor(t / H) + 1) * H, events: [[2 * H, 6 * H]] };
    const bills = new StreamingBills(ctx, 2);
    bills.add(0, { start: 2 * H, length: 4 * H, wh: 4_000 });
    bills.add(1, { start: 1 * H, length: 2 * H, wh: 2_000 });
    const a = bills.advice(0);
    expect(a.billsMills[4]).toBeNull();
    expect(a.billsMills.slice(0, 4).every((b) => typeof b === 'number')).toBe(true);
    expect(a.savingMills).toBeNull();
    // One hour outside the event (1 kW) is a baseline: 1 kWh used in the event hour 2h–3h against 1 kWh, no rebate.
    expect(bills.advice(1).billsMills[4]).toBe(Math.round(2 * 0.1 * 1000));
    // A period of no length (or after the advice) is no usage: nothing to bill.
    bills.add(1, { start: 11 * H, length: H, wh: 5 });
    const none = new StreamingBills(ctx, 1);
    none.add(0, { start: 3 * H, length: 0, wh: 0 });
    expect(none.has(0)).toBe(false);
  });
});
