import { describe, expect, it } from 'vitest';
import { APPLIANCE_TYPES, type ApplianceType } from '../../scenarios/types.ts';
import type { FleetBase } from './fleet.ts';
import { createFleet } from './index.ts';
import { Records, flagFields, floatFields } from './record.ts';
import { simulate, type Action } from './test-harness.ts';
import { HOUR, MINUTE } from './types.ts';
import { hourlyWeather } from './weather.ts';

const w = hourlyWeather([27, 26, 26, 25, 25, 26, 28, 30, 33, 35, 37, 39, 40, 41, 41, 41, 40, 39, 37, 35, 33, 31, 29, 28]);

/** Every kind of control and a grid condition, on device `i` only. */
function everyControl(i: number): Action[] {
  return [
    { t: 9 * HOUR, i, control: { mode: 'cycle', offFraction: 0.5, periodMs: 30 * MINUTE, phaseMs: 0 } },
    { t: 11 * HOUR, i, control: { mode: 'offset', coolingOffsetC: 2, precoolC: 1 } },
    { t: 14 * HOUR, i, control: { mode: 'curtail', loadFraction: 0.4 } },
    { t: 15 * HOUR, i, condition: { cond: { underFrequency: true, lowVoltage: false }, durationMs: 20 * MINUTE } },
    { t: 16 * HOUR, i, control: { mode: 'shed' } },
    { t: 18 * HOUR, i, control: { mode: 'delay', untilMs: 20 * HOUR } },
    { t: 21 * HOUR, i, control: { mode: 'normal' } },
  ];
}

const snapshot = (f: unknown, i: number): number[] => (f as FleetBase<never>).snapshot(i);

describe('device records', () => {
  it.each(APPLIANCE_TYPES as readonly ApplianceType[])('%s: driving one device never touches its neighbours', (type) => {
    const g = createFleet(type, 3, 5, 700);
    for (let i = 0; i < 3; i++) g.init(i, 0);
    const before0 = snapshot(g, 0), before1 = snapshot(g, 1), before2 = snapshot(g, 2);
    // Only device 1 moves: through a day, under every kind of control.
    let t = 0;
    for (const a of everyControl(1)) {
      for (let next = g.advance(1, t, w); next < a.t; next = g.advance(1, next, w)) t = next;
      t = a.t;
      if (a.control) g.setControl(1, a.control, t);
      else g.respondToCondition(1, a.condition!.cond, t, a.condition!.durationMs);
    }
    g.advance(1, t, w);
    expect(snapshot(g, 0)).toEqual(before0);
    expect(snapshot(g, 2)).toEqual(before2);
    expect(snapshot(g, 1)).not.toEqual(before1);
  });

  it.each(APPLIANCE_TYPES as readonly ApplianceType[])('%s: a device behaves the same in any position of a fleet', (type) => {
    // Device 2 of a fleet whose first actor is 700 is actor 702: alone in a fleet starting at 702 it is the same device.
    const many = createFleet(type, 4, 9, 700), one = createFleet(type, 1, 9, 702);
    for (let i = 0; i < 4; i++) many.init(i, 0);
    one.init(0, 0);
    const a = simulate(many, w, 0, 30 * HOUR, { actions: everyControl(2) });
    const b = simulate(one, w, 0, 30 * HOUR, { actions: everyControl(0) });
    expect(b.traces[0]).toEqual(a.traces[2]);
    expect(b.traces[0].t.length).toBeGreaterThan(2);
  });

  it('a copy carries the whole record, bytes as they are', () => {
    const a = new Records(3, 4), b = new Records(2, 4);
    for (let k = 0; k < a.b.length; k++) a.b[k] = (k * 37 + 11) & 255;
    b.copy(a, 2, 0);
    expect([...b.b.subarray(0, 32)]).toEqual([...a.b.subarray(64, 96)]);
    expect([...b.b.subarray(32)]).toEqual(new Array(32).fill(0));
  });

  it('layouts name each field once and hold at most 11 flags', () => {
    expect(() => floatFields(['a', 'a'] as const)).toThrow(/twice/);
    expect(() => flagFields(['a', 'a'] as const)).toThrow(/twice/);
    expect(() => floatFields(['stride'] as const)).toThrow(/stride/);
    expect(() => flagFields(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'] as const)).toThrow(/at most 11/);
    const F = floatFields(['x', 'y'] as const);
    expect(F.y - F.x).toBe(1);
    expect(F.stride).toBe(F.y + 1);
  });

  it('field reads a named field and refuses an unknown name or device', () => {
    const f = createFleet('smart_plug', 2, 1, 100) as unknown as FleetBase<never> & { field(i: number, n: string): number };
    f.init(0, 0);
    expect(f.field(0, 'on')).toBe(1);
    expect(f.field(0, 'kw')).toBe(f.powerKw(0));
    expect(() => f.field(0, 'nope')).toThrow(RangeError);
    expect(() => f.field(0, 'stride')).toThrow(RangeError);
    expect(() => f.field(2, 'kw')).toThrow(RangeError);
  });
});
