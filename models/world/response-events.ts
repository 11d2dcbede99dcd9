/**
 * The response windows of a study: every span of time in which appliances may be holding load down, and
 * why (issue 11: shed, energy and rebound count every response, not only programmed DR events):
 *
 * - `program`: a DR event (`dr_event`, S2-04) or a CPP/PTR event announced by `day_ahead_notice`;
 * - `price`: a `current_price` above the price threshold of an RTP or CPP program (price curtailment);
 * - `autonomous`: a `power_system_condition` of under-frequency or low voltage (OI-1, grid-friendly response).
 *
 * Windows come from the study alone, never from what the run measured, so a reader can check the figures
 * against the load series over the same span. A window is nominal: from the signal's start to its stated
 * end (the condition's validity for OI-1); load after it (randomized ends, deferred loads, restoration) is
 * the recovery. Signals that announce the same window of the same program (a day-ahead notice, its reminder,
 * the event itself and a CPP price over the same span) make one event, of the first cause of program, price,
 * autonomous among them. Price windows follow price-windows.ts (a newer signal replaces an older one), as
 * devices curtail; windows of one cause, name and region that abut or overlap are one (mergeRuns).
 */
import type { Scenario, TimelineAction } from '../../scenarios/types.ts';
import { effectiveTimeline } from '../pricing/plan.ts';
import { priceWindows, respondingPrograms } from './price-windows.ts';

export const RESPONSE_CAUSES = ['program', 'price', 'autonomous'] as const;
export type ResponseCause = (typeof RESPONSE_CAUSES)[number];

/** How long an appliance holds an OI-1 response: the validity CDCS puts in a power-system condition. */
export const CONDITION_VALID_MINUTES = 10;

/** The frequency below which a power-system condition is an under-frequency (outside 60 Hz ± 0.05). */
export const UNDER_FREQUENCY_HZ = 59.95;

export interface ResponseWindow {
  cause: ResponseCause;
  /** Program id, or the condition (`under_frequency`, `low_voltage`) for autonomous responses. */
  name: string;
  /** The timeline action whose delivery counts for the event (the latest signal sent at or before its start). */
  signal: TimelineAction['action'];
  /** Timeline index of that signal. */
  signalIndex: number;
  /** The region it reaches, or null for every region. */
  region: string | null;
  /** Simulated ms. */
  start: number;
  end: number;
  /**
   * Indices (study order) of the programs whose participants respond in it, so its figures are measured on
   * their load alone (response-figures.ts); null for an autonomous response, which every appliance makes.
   */
  programs: number[] | null;
}

/** The response windows of a study, in order of start (then cause, then timeline order). */
export function responseWindows(s: Scenario): ResponseWindow[] {
  const byKey = new Map<string, ResponseWindow & { signalAt: number }>();
  const timeline = effectiveTimeline(s);
  const candidates: { a: TimelineAction; index: number; w: Pick<ResponseWindow, 'cause' | 'name' | 'start' | 'end' | 'programs'>; region: string | null }[] = [];
  timeline.forEach((a, index) => {
    const w = windowOf(s, a);
    if (w) candidates.push({ a, index, w, region: 'region' in a.target ? a.target.region : null });
  });
  for (const p of priceWindows(s, timeline)) {
    candidates.push({ a: timeline[p.signalIndex], index: p.signalIndex, w: { cause: 'price', name: p.name, start: p.start, end: p.end, programs: p.programs }, region: p.region });
  }
  candidates.sort((x, y) => x.index - y.index);
  for (const { a, index, w, region } of candidates) {
    if (w.end <= w.start) continue;
    // One event per program (or condition), region and span, whatever signals it: a CPP event's price is the event's.
    const key = `${w.name}|${region}|${w.start}|${w.end}`;
    const prev = byKey.get(key);
    const rank = prev ? causeRank(w.cause) - causeRank(prev.cause) : -1;
    // The event is every signal's: devices that respond to any of them respond in it.
    const programs = prev ? unionPrograms(prev.programs, w.programs) : w.programs;
    if (rank < 0 || (rank === 0 && countsOver(a.at, prev!.signalAt, w.start))) byKey.set(key, { ...w, programs, signal: a.action, signalIndex: index, region, signalAt: a.at });
    else prev!.programs = programs;
  }
  const sorted = [...byKey.values()]
    .map(({ signalAt: _, ...w }) => w)
    .sort((x, y) => x.start - y.start || causeRank(x.cause) - causeRank(y.cause) || x.signalIndex - y.signalIndex);
  return mergeRuns(sorted);
}

/**
 * Windows of one cause, name and region that abut or overlap are one window, from the first start to the last
 * end, counted for the first signal: devices hold their response through them (a price handed on, a DR event
 * followed by the next, a condition renewed), so the load one window defers and the next one uses belongs to one
 * response. Counted apart, the second would show the first's rebound as a negative shed.
 */
function mergeRuns(sorted: ResponseWindow[]): ResponseWindow[] {
  const open = new Map<string, ResponseWindow>();
  const out: ResponseWindow[] = [];
  for (const w of sorted) {
    const key = `${w.cause}|${w.name}|${w.region}`;
    const prev = open.get(key);
    if (prev && w.start <= prev.end) {
      prev.end = Math.max(prev.end, w.end);
      prev.programs = unionPrograms(prev.programs, w.programs);
      continue;
    }
    open.set(key, w);
    out.push(w);
  }
  return out;
}

/** Programs responding to either of two windows (null, every appliance, absorbs any list), in study order. */
function unionPrograms(a: number[] | null, b: number[] | null): number[] | null {
  if (a === null || b === null) return null;
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** The signal that counts: the latest sent at or before the start (the event itself over its notice), else the first. */
function countsOver(at: number, prevAt: number, start: number): boolean {
  const before = at <= start, prevBefore = prevAt <= start;
  if (before !== prevBefore) return before;
  return before ? at >= prevAt : at < prevAt;
}

/** Program before price before autonomous: which cause a minute belongs to when windows start together. */
export function causeRank(c: ResponseCause): number {
  return RESPONSE_CAUSES.indexOf(c);
}

function windowOf(s: Scenario, a: TimelineAction): Pick<ResponseWindow, 'cause' | 'name' | 'start' | 'end' | 'programs'> | null {
  switch (a.action) {
    case 'dr_event': {
      // A device acts on a load control event of its own program only (device.ts).
      const i = s.programs.findIndex((p) => p.id === a.program);
      return { cause: 'program', name: a.program, start: a.at, end: a.at + a.duration, programs: i >= 0 ? [i] : [] };
    }
    case 'day_ahead_notice': {
      // Every CPP or PTR device the notice reaches acts on it (device.ts), whichever program it names.
      const programs = respondingPrograms(s, a).filter((p) => p.kind === 'CPP' || p.kind === 'PTR').map((p) => s.programs.indexOf(p));
      if (programs.length === 0) return null;
      return { cause: 'program', name: a.program, start: a.event_start, end: a.event_start + a.duration, programs };
    }
    case 'power_system_condition':
      // The condition the message carries (timeline.ts): low voltage first, else under-frequency.
      if (!a.low_voltage && !(a.frequency_hz < UNDER_FREQUENCY_HZ)) return null;
      return { cause: 'autonomous', name: a.low_voltage ? 'low_voltage' : 'under_frequency', start: a.at, end: a.at + CONDITION_VALID_MINUTES * 60_000, programs: null };
    default:
      return null;
  }
}
