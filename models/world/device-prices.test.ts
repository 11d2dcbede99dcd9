import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { parseScenario } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { StudyTime } from '../../conformance/checks/local-time.ts';
import { buildWorld } from './run-scenario.ts';
import { MessageLog } from '../../conformance/message-log.ts';

const HOUR = 3_600_000;

/** A small study whose TOU devices get `prices` 30 minutes in and are then watched for `hours`. */
function touStudy(start: string, zone: string, prices: number[], hours = 30): Scenario {
  return makeScenario({
    name: 'tou-local-time',
    start,
    time_zone: zone,
    duration: `${hours}h`,
    seed: 5,
    population: { customers: 4, registration_rate: 1, enrollment_rate: 1, registration: { start: '0s', window: '5m' }, appliance_mix: { thermostat: 1 } },
    programs: [{ id: 'tou', kind: 'TOU' }],
    timeline: [{ at: '30m', action: 'tou_schedule', program: 'tou', prices, target: { program: 'tou' } }],
  });
}

/**
 * Runs the study and, at each probe time, reads what every device that holds the schedule says its current
 * and next prices are.
 */
function pricesAt(s: Scenario, times: number[]): { t: number; d: number; price: number; next: number }[] {
  const { sim, world: w } = buildWorld(s);
  const log = new MessageLog(w);
  const out: { t: number; d: number; price: number; next: number }[] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    sim.run({ until: t });
    const holders = new Set(log.accepted.filter(({ m }) => log.kindName(m) === 'touSchedule').map(({ d }) => d));
    for (const d of holders) out.push({ t, d, price: w.dev.price[d], next: w.dev.nextPrice[d] });
  }
  return out;
}

/** The schedule of a parsed study (the validator fills in the default shape when the file gives none). */
function scheduleOf(s: Scenario): number[] {
  const a = s.timeline.find((x) => x.action === 'tou_schedule');
  if (!a || a.action !== 'tou_schedule') throw new Error('study has no TOU schedule');
  return a.prices;
}

describe('TOU prices on the device follow the local clock (hour 0 = local midnight)', () => {
  it('cpp-day: at local 09:00 and 17:30 every TOU device holds the schedule of the study file', () => {
    const r = parseScenario(readFileSync(new URL('../../scenarios/cpp-day.yaml', import.meta.url), 'utf8'), 'cpp-day.yaml', ['population.customers=150']);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const s = r.scenario;
    const prices = scheduleOf(s);
    const local = new StudyTime(s.start, s.time_zone);
    // Local 09:00 and 17:30 of the event day, found from the study's own start and zone.
    const nine = local.hourStarts(HOUR, s.duration).find((t) => local.hourAt(t) === 9)!;
    const half5 = local.hourStarts(HOUR, s.duration).find((t) => local.hourAt(t) === 17)! + 30 * 60_000;
    const seen = pricesAt(s, [nine, half5]);
    expect(seen.filter((x) => x.t === nine).length).toBeGreaterThan(10);
    for (const x of seen) {
      const h = local.hourAt(x.t);
      expect({ d: x.d, h, price: x.price, next: x.next }).toEqual({ d: x.d, h, price: prices[h], next: prices[(h + 1) % 24] });
    }
    expect(seen.filter((x) => x.t === half5).length).toBeGreaterThan(10);
  });

  it('across DST changes: the hour after 01:59 PST is 03:00 PDT; 01:00–02:00 happens twice in November', () => {
    const prices = Array.from({ length: 24 }, (_, h) => (h + 1) / 100);
    const spring = pricesAt(touStudy('2026-03-08T00:00:00', 'America/Los_Angeles', prices), [HOUR + 30 * 60_000 + 60_000, 2 * HOUR + 30 * 60_000]);
    // 00:00 PST + 2h30 = 03:30 PDT.
    expect(new Set(spring.filter((x) => x.t === 2 * HOUR + 30 * 60_000).map((x) => `${x.price}/${x.next}`))).toEqual(new Set([`${prices[3]}/${prices[4]}`]));
    // 00:00 PST + 1h31 = 01:31 PST: the next hour is 03:00.
    expect(new Set(spring.filter((x) => x.t < 2 * HOUR).map((x) => `${x.price}/${x.next}`))).toEqual(new Set([`${prices[1]}/${prices[3]}`]));
    const fall = pricesAt(touStudy('2026-11-01T00:00:00', 'America/Los_Angeles', prices), [HOUR + 30 * 60_000, 2 * HOUR + 30 * 60_000, 3 * HOUR + 30 * 60_000]);
    const at = (t: number) => new Set(fall.filter((x) => x.t === t).map((x) => `${x.price}/${x.next}`));
    expect(at(HOUR + 30 * 60_000)).toEqual(new Set([`${prices[1]}/${prices[1]}`])); // 01:30 PDT, then 01:00 PST
    expect(at(2 * HOUR + 30 * 60_000)).toEqual(new Set([`${prices[1]}/${prices[2]}`])); // 01:30 PST
    expect(at(3 * HOUR + 30 * 60_000)).toEqual(new Set([`${prices[2]}/${prices[3]}`])); // 02:30 PST
  });

  it('in any zone, on DST days too, the price at every local hour is the schedule at that hour', () => {
    const ZONES = ['America/Los_Angeles', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Sydney', 'Asia/Tokyo', 'UTC'];
    const DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-07-15', '2026-10-04', '2026-10-25', '2026-11-01'];
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...DAYS),
        fc.constantFrom(0, 5, 9, 13, 17, 21),
        fc.constantFrom(0, 15, 30, 45),
        fc.array(fc.integer({ min: 5, max: 60 }), { minLength: 24, maxLength: 24 }),
        (zone, day, hour, minute, cents) => {
          const start = `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`;
          const prices = cents.map((c) => c / 100);
          const s = touStudy(start, zone, prices, 26);
          const local = new StudyTime(start, zone);
          const starts = local.hourStarts(HOUR, s.duration - HOUR);
          // Just after each local hour starts, in its middle, and just before it ends.
          const times = starts.flatMap((b) => [b, b + 30 * 60_000, local.nextHourAt(b) - 1000]);
          const seen = pricesAt(s, times);
          expect(seen.length).toBeGreaterThan(0);
          for (const x of seen) {
            const want = { price: prices[local.hourAt(x.t)], next: prices[local.hourAt(local.nextHourAt(x.t))] };
            expect({ t: x.t, price: x.price, next: x.next }).toEqual({ t: x.t, ...want });
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
