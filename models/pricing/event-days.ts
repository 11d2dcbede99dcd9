/**
 * Which days a CPP/PTR program calls (OI-6): each local day whose day-ahead forecast (the daily maximum of the
 * study's temperature or system-load series) reaches the rule's trigger is called, in date order, unless a limit
 * of the program forbids it — the season's event count is spent, or the days called in a row just before it
 * reach `consecutive_days`. Pure: the same forecast and limits give the same days.
 */
import type { EventLimits } from '../../scenarios/types.ts';

export interface CandidateDay {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Day number (local days since 1970-01-01), so "yesterday" is day − 1 across month ends. */
  day: number;
  /** The forecast daily maximum, or null when the series has no hour of that day. */
  forecast: number | null;
}

export type DayVerdict = 'called' | 'below_trigger' | 'season_limit' | 'consecutive_limit';

export interface DayDecision extends CandidateDay {
  verdict: DayVerdict;
}

/** The verdict on every candidate day, in date order (the actor's decisions, made a notice lead ahead of each). */
export function decideEventDays(days: readonly CandidateDay[], trigger: number, limits: EventLimits): DayDecision[] {
  let called = 0;
  let run = 0;
  let lastCalled = Number.NEGATIVE_INFINITY;
  return [...days]
    .sort((a, b) => a.day - b.day)
    .map((d) => {
      const inRow = lastCalled === d.day - 1 ? run : 0;
      let verdict: DayVerdict;
      if (d.forecast === null || d.forecast < trigger) verdict = 'below_trigger';
      else if (called >= limits.per_season) verdict = 'season_limit';
      else if (inRow >= limits.consecutive_days) verdict = 'consecutive_limit';
      else verdict = 'called';
      if (verdict === 'called') {
        called++;
        run = inRow + 1;
        lastCalled = d.day;
      }
      return { ...d, verdict };
    });
}
