import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StudyTime } from '../../conformance/checks/local-time.ts';
import { LocalClock } from './clock.ts';

const HOUR = 3_600_000;

describe('LocalClock: simulated time → local wall clock of the study', () => {
  it('agrees with an independent Intl reading on the hour of day and the next local hour, DST days included', () => {
    const ZONES = ['America/Los_Angeles', 'Europe/Paris', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];
    const DAYS = ['2026-03-07', '2026-03-08', '2026-03-29', '2026-04-05', '2026-07-15', '2026-10-04', '2026-10-25', '2026-11-01'];
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.constantFrom(...DAYS), fc.constantFrom(0, 9, 13, 21), fc.integer({ min: 0, max: 72 * HOUR }), (zone, day, hour, t) => {
        const start = `${day}T${String(hour).padStart(2, '0')}:00:00`;
        const clock = new LocalClock(start, zone);
        const ref = new StudyTime(start, zone);
        expect(clock.startEpochMs).toBe(ref.epoch0);
        expect(clock.hourOfDay(t)).toBe(ref.hourAt(t));
        expect(clock.nextIntervalAt(t)).toBe(ref.nextHourAt(t));
      }),
      { numRuns: 300 },
    );
  });

  it('has 23 local hours on the spring-forward day and 25 on the fall-back day (Los Angeles, 2026)', () => {
    const hoursOfDay = (day: string) => {
      const clock = new LocalClock(`${day}T00:00:00`, 'America/Los_Angeles');
      const seen: number[] = [];
      for (let t = 0; clock.localMs(t) - clock.localMs(0) < 24 * HOUR; t = clock.nextIntervalAt(t)) seen.push(clock.hourOfDay(t));
      return seen;
    };
    expect(hoursOfDay('2026-03-08')).toEqual([0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3)]);
    expect(hoursOfDay('2026-11-01')).toEqual([0, 1, 1, ...Array.from({ length: 22 }, (_, i) => i + 2)]);
  });
});
