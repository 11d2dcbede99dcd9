import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { StudyTime } from '../../conformance/checks/local-time.ts';
import { runScenario } from './run-scenario.ts';

describe('bill change (summary.load.bill_change) prices each minute at its local hour', () => {
  it('on the day DST ends: the load series priced by the schedule at the local hour (an independent clock)', async () => {
    // Every local hour has its own price, so pricing an hour off changes the bill.
    const prices = Array.from({ length: 24 }, (_, h) => 0.1 + 0.05 * h);
    const s = makeScenario({
      name: 'bill-dst',
      start: '2026-11-01T00:00:00',
      time_zone: 'America/Los_Angeles',
      duration: '18h',
      seed: 3,
      population: { customers: 60, registration_rate: 1, enrollment_rate: 1, registration: { start: '0s', window: '20m' }, appliance_mix: { thermostat: 3, water_heater: 2, pool_pump: 1 } },
      programs: [{ id: 'tou', kind: 'TOU' }, { id: 'dlc', kind: 'DLC' }],
      timeline: [
        { at: '1h', action: 'tou_schedule', program: 'tou', prices },
        { at: '11h', action: 'dr_event', program: 'dlc', duration: '4h', priority: 'high' },
      ],
    });
    const r = await runScenario(s);
    const local = new StudyTime(s.start, s.time_zone);
    // The load series: baseline minus DR load per minute, summed over every group.
    const shedKw = new Map<number, number>();
    for (const p of r.points) if (p.measurement === 'load') shedKw.set(p.t, (shedKw.get(p.t) ?? 0) + Number(p.fields.baseline_kw) - Number(p.fields.dr_kw));
    let bill = 0;
    for (const [t, kw] of shedKw) bill -= (kw / 60) * prices[local.hourAt(t)];
    expect(shedKw.size).toBe(18 * 60);
    expect(Math.abs(bill)).toBeGreaterThan(1);
    // Points carry kW to 1e-6 per group; the summary rounds to 1e-3.
    expect(Math.abs(r.summary.load.bill_change - bill)).toBeLessThan(0.002);
  });
});
