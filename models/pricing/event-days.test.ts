import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideEventDays, type CandidateDay } from './event-days.ts';

/** Random candidate days (some missing, so "yesterday" is not always a candidate) and limits. */
const daysArb = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 3 }), forecast: fc.option(fc.integer({ min: 25, max: 45 }), { nil: null }) }), { maxLength: 60 })
  .map((xs) => {
    let day = 20_000;
    return xs.map((x): CandidateDay => ({ date: `d${(day += x.gap)}`, day, forecast: x.forecast }));
  });
const limitsArb = fc.record({ per_season: fc.integer({ min: 0, max: 20 }), hours_per_day: fc.constant(4), consecutive_days: fc.integer({ min: 1, max: 6 }) });

describe('decideEventDays', () => {
  it('calls only days at or above the trigger, within the season count and the consecutive-day limit (property)', () => {
    fc.assert(
      fc.property(daysArb, fc.integer({ min: 25, max: 45 }), limitsArb, (days, trigger, limits) => {
        const called = decideEventDays(days, trigger, limits).filter((d) => d.verdict === 'called');
        expect(called.length).toBeLessThanOrEqual(limits.per_season);
        for (const d of called) expect(d.forecast).not.toBeNull();
        for (const d of called) expect(d.forecast!).toBeGreaterThanOrEqual(trigger);
        // No run of calendar-consecutive called days longer than the limit.
        const set = new Set(called.map((d) => d.day));
        for (const d of called) {
          let run = 1;
          while (set.has(d.day - run)) run++;
          expect(run).toBeLessThanOrEqual(limits.consecutive_days);
        }
      }),
    );
  });

  it('calls every day meeting the trigger unless the season is spent or the days just before it were all called (property)', () => {
    fc.assert(
      fc.property(daysArb, fc.integer({ min: 25, max: 45 }), limitsArb, (days, trigger, limits) => {
        const decided = decideEventDays(days, trigger, limits);
        const calledDays = new Set(decided.filter((d) => d.verdict === 'called').map((d) => d.day));
        for (const d of decided) {
          if (d.forecast === null || d.forecast < trigger || calledDays.has(d.day)) continue;
          const before = [...calledDays].filter((x) => x < d.day).length;
          const prior = Array.from({ length: limits.consecutive_days }, (_, k) => d.day - 1 - k);
          const forbidden = before >= limits.per_season || prior.every((x) => calledDays.has(x));
          expect(forbidden, `day ${d.day} (${d.forecast} ≥ ${trigger}) not called`).toBe(true);
        }
      }),
    );
  });

  it('a hot week under a 3-in-a-row limit and a season of 5: called, called, called, skipped, called, called', () => {
    const week = Array.from({ length: 7 }, (_, i): CandidateDay => ({ date: `2026-07-0${i + 1}`, day: 100 + i, forecast: i === 6 ? 30 : 40 }));
    const v = decideEventDays(week, 39, { per_season: 5, hours_per_day: 4, consecutive_days: 3 }).map((d) => d.verdict);
    expect(v).toEqual(['called', 'called', 'called', 'consecutive_limit', 'called', 'called', 'below_trigger']);
    const spent = decideEventDays(week, 39, { per_season: 2, hours_per_day: 4, consecutive_days: 3 }).map((d) => d.verdict);
    expect(spent).toEqual(['called', 'called', 'season_limit', 'season_limit', 'season_limit', 'season_limit', 'below_trigger']);
  });
});
