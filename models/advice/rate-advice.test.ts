import { describe, expect, it } from 'vitest';
import type { Rate } from '../pricing/rates.ts';
import { advise, calledEvents, usagePieces, type AdviceContext } from './rate-advice.ts';

const H = 3_600_000;
const RATES: Rate[] = [
  { id: 'flat', kind: 'flat', price: 0.2 },
  // 720 kWh a 30-day cycle: 10 kWh over a 10-hour history.
  { id: 'tiered', kind: 'tiered', tiers: [{ up_to_kwh: 720, price: 0.1 }, { up_to_kwh: null, price: 0.5 }] },
  { id: 'tou', kind: 'tou', hourly: Array.from({ length: 24 }, (_, h) => (h < 12 ? 0.1 : 0.3)) },
  { id: 'cpp', kind: 'cpp', hourly: Array.from({ length: 24 }, () => 0.1), event_price: 1 },
  { id: 'ptr', kind: 'ptr', hourly: Array.from({ length: 24 }, () => 0.2), rebate_per_kwh: 0.5 },
];

/** Hours counted from t = 0 (a zone at UTC starting at midnight); an event 6h–8h; advice at 10h. */
const ctx: AdviceContext = {
  rates: RATES,
  current: 0,
  until: 10 * H,
  hourAt: (t) => Math.floor(t / H) % 24,
  nextHourAt: (t) => (Math.floor(t / H) + 1) * H,
  events: [[6 * H, 8 * H]],
};

describe('rate advice (OI-5): the bill of reported usage under each rate', () => {
  it('a steady 2 kW for 10 hours: hand-computed bills, the cheapest, the saving', () => {
    const a = advise([{ start: 0, length: 10 * H, wh: 20_000 }], ctx)!;
    // flat 20 × 0.2; tiered 10 × 0.1 + 10 × 0.5; TOU all morning 20 × 0.1; CPP 16 × 0.1 + 4 × 1; PTR at its baseline: no rebate.
    expect(a.billsMills).toEqual([4000, 6000, 2000, 5600, 4000]);
    expect(a.recommended).toBe(2);
    expect(a.savingMills).toBe(2000);
    expect(a.kwh).toBeCloseTo(20, 9);
  });

  it('PTR pays for kWh below the mean outside events, and a bill can go below zero', () => {
    const a = advise(
      [
        { start: 5.5 * H, length: 1 * H, wh: 3_000 },
        { start: 6.5 * H, length: 2.5 * H, wh: 0 },
      ],
      ctx,
    )!;
    // Outside events: 1.5 kWh over 5h30–6h and 8h–9h (1.5 h) = 1 kW. In the event: 6h–6h30 1.5 kWh (above 0.5),
    // 6h30–8h 0 kWh against 1.5 kWh: a rebate of 0.75 on 3 kWh × 0.2.
    expect(a.billsMills[4]).toBe(-150);
    expect(a.recommended).toBe(4);
    expect(a.savingMills).toBe(600 + 150);
  });

  it('PTR with no usage outside events has no baseline: its bill is null and the advice is among the other rates', () => {
    // 3 kWh, all inside the 6h–8h event: no time outside events, so no baseline to rebate against.
    const a = advise([{ start: 6 * H, length: 2 * H, wh: 3_000 }], ctx)!;
    // flat 3 × 0.2; tiered 3 × 0.1 (under 10 kWh); TOU 6h–8h 3 × 0.1; CPP 3 × 1 at the event price.
    expect(a.billsMills).toEqual([600, 300, 300, 3000, null]);
    expect(a.recommended).toBe(1);
    expect(a.savingMills).toBe(300);
    // On PTR itself there is no bill to save from: no saving, still a recommendation.
    const onPtr = advise([{ start: 6 * H, length: 2 * H, wh: 3_000 }], { ...ctx, current: 4 })!;
    expect(onPtr.recommended).toBe(1);
    expect(onPtr.savingMills).toBeNull();
    // Only PTR offered: nothing can be billed, nothing recommended.
    const only = advise([{ start: 6 * H, length: 2 * H, wh: 3_000 }], { ...ctx, rates: [RATES[4]], current: 0 })!;
    expect(only.billsMills).toEqual([null]);
    expect(only.recommended).toBeNull();
    expect(only.savingMills).toBeNull();
  });

  it('a history with no usage before the advice is not billed (no bills of 0)', () => {
    expect(advise([], ctx)).toBeNull();
    expect(advise([{ start: 2 * H, length: 0, wh: 0 }, { start: 11 * H, length: H, wh: 500 }], ctx)).toBeNull();
  });

  it('cuts usage at local hour boundaries and event edges, and stops at the advice', () => {
    const pieces = usagePieces([{ start: 5.5 * H, length: 6 * H, wh: 6_000 }], ctx);
    expect(pieces.map((p) => [p.hour, p.event, p.ms / H])).toEqual([
      [5, false, 0.5],
      [6, true, 1],
      [7, true, 1],
      [8, false, 1],
      [9, false, 1],
    ]);
    expect(pieces.reduce((s, p) => s + p.kwh, 0)).toBeCloseTo(4.5, 9);
  });

  it('called events are the CPP and PTR dr_events and day-ahead notices of the timeline', () => {
    const s = {
      programs: [
        { id: 'c', kind: 'CPP' },
        { id: 'd', kind: 'DLC' },
      ],
      timeline: [
        { at: 1 * H, action: 'day_ahead_notice', program: 'c', event_start: 20 * H, duration: 4 * H },
        { at: 2 * H, action: 'dr_event', program: 'd', duration: H },
        { at: 3 * H, action: 'dr_event', program: 'c', duration: 2 * H },
      ],
    };
    expect(calledEvents(s as never)).toEqual([
      [3 * H, 5 * H],
      [20 * H, 24 * H],
    ]);
  });
});
