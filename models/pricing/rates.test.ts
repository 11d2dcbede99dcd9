import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { billOf, hourlyPrices, type Rate, type UsageInterval } from './rates.ts';

const hour = (h: number, kwh: number, extra: Partial<UsageInterval> = {}): UsageInterval => ({ kwh, hour: h, cycle: 0, event: false, ...extra });
const tou: number[] = Array.from({ length: 24 }, (_, h) => (h >= 14 && h < 18 ? 0.4 : 0.1));

describe('rate schedules', () => {
  it('flat: every kWh at one price', () => {
    expect(billOf({ id: 'f', kind: 'flat', price: 0.2 }, [hour(3, 1), hour(15, 2.5)])).toBeCloseTo(0.7, 12);
  });

  it('tiered: blocks fill within a billing cycle and restart at the next', () => {
    const r: Rate = { id: 't', kind: 'tiered', tiers: [{ up_to_kwh: 10, price: 0.1 }, { up_to_kwh: 20, price: 0.2 }, { up_to_kwh: null, price: 0.5 }] };
    // Cycle 0: 8 + 8 kWh = 10 at 0.1, 6 at 0.2, then 9 more: 4 at 0.2, 5 at 0.5. Cycle 1: 12 kWh = 10 at 0.1, 2 at 0.2.
    const usage = [hour(0, 8), hour(1, 8), hour(2, 9), hour(0, 12, { cycle: 1 })];
    expect(billOf(r, usage)).toBeCloseTo(1 + 1.2 + 0.8 + 2.5 + 1 + 0.4, 12);
  });

  it('TOU: each kWh at its local hour', () => {
    expect(billOf({ id: 'u', kind: 'tou', hourly: tou }, [hour(13, 1), hour(14, 1), hour(17, 2), hour(18, 1)])).toBeCloseTo(0.1 + 0.4 + 0.8 + 0.1, 12);
  });

  it('CPP: event hours at the event price, other hours on the schedule', () => {
    const r: Rate = { id: 'c', kind: 'cpp', hourly: tou, event_price: 1.5 };
    expect(billOf(r, [hour(15, 2, { event: true }), hour(15, 2)])).toBeCloseTo(3 + 0.8, 12);
  });

  it('PTR: a rebate on kWh below the baseline in event hours, never a charge above it', () => {
    const r: Rate = { id: 'p', kind: 'ptr', hourly: tou, rebate_per_kwh: 0.75 };
    const below = hour(15, 1, { event: true, baseline_kwh: 3 });
    const above = hour(16, 4, { event: true, baseline_kwh: 3 });
    expect(billOf(r, [below, above])).toBeCloseTo(0.4 - 1.5 + 1.6, 12);
  });

  it('PTR with no baseline: an event interval cannot be billed (null), not billed with no rebate', () => {
    const r: Rate = { id: 'p', kind: 'ptr', hourly: tou, rebate_per_kwh: 0.75 };
    expect(billOf(r, [hour(3, 1), hour(15, 1, { event: true })])).toBeNull();
    // Without event intervals there is nothing to rebate: the schedule alone.
    expect(billOf(r, [hour(3, 1), hour(15, 2)])).toBeCloseTo(0.1 + 0.8, 12);
    // The other kinds need no baseline.
    expect(billOf({ id: 'c', kind: 'cpp', hourly: tou, event_price: 1.5 }, [hour(15, 1, { event: true })])).toBeCloseTo(1.5, 12);
  });

  it('hourly prices: 24 of them, the schedule for TOU-based rates and flat for flat and tiered', () => {
    expect(hourlyPrices({ id: 'u', kind: 'cpp', hourly: tou, event_price: 2 })).toEqual(tou);
    expect(hourlyPrices({ id: 'f', kind: 'flat', price: 0.3 })).toEqual(new Array(24).fill(0.3));
    expect(hourlyPrices({ id: 't', kind: 'tiered', tiers: [{ up_to_kwh: 5, price: 0.12 }, { up_to_kwh: null, price: 0.3 }] })).toEqual(new Array(24).fill(0.12));
  });

  it('a tiered bill lies between all kWh at the lowest and all at the highest tier, and splitting intervals changes nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 30 }), (kwhs) => {
        const r: Rate = { id: 't', kind: 'tiered', tiers: [{ up_to_kwh: 40, price: 0.1 }, { up_to_kwh: null, price: 0.3 }] };
        const total = kwhs.reduce((a, b) => a + b, 0);
        const bill = billOf(r, kwhs.map((k) => hour(0, k)))!;
        const halves = billOf(r, kwhs.flatMap((k) => [hour(0, k / 2), hour(0, k / 2)]))!;
        // Theory: min(total, 40) at 0.1 and the rest at 0.3.
        const expected = Math.min(total, 40) * 0.1 + Math.max(0, total - 40) * 0.3;
        return Math.abs(bill - expected) < 1e-9 * (1 + expected) && Math.abs(halves - expected) < 1e-9 * (1 + expected);
      }),
    );
  });
});
