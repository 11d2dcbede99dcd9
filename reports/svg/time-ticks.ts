/**
 * Local clock time for simulated time. The run's `start_instant` is an ISO instant with a UTC offset
 * ("2025-08-14T12:00:00-07:00"); simulated ms are counted from it, and labels show the wall clock at that
 * offset. (A run that crosses a DST change keeps the starting offset; the axis title names it.)
 */
import { formatNumber } from './format.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface Instant {
  /** Unix epoch ms of the instant. */
  epochMs: number;
  /** The written UTC offset in ms (−07:00 → −25,200,000); 0 for "Z" or no offset. */
  offsetMs: number;
}

/** Parses an ISO instant, keeping its written offset. Throws on an unparsable string. */
export function parseInstant(iso: string): Instant {
  const epochMs = Date.parse(iso);
  if (!Number.isFinite(epochMs)) throw new RangeError(`not an ISO instant: ${JSON.stringify(iso)}`);
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso.trim());
  const offsetMs = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * HOUR + Number(m[3]) * MIN) : 0;
  return { epochMs, offsetMs };
}

/** "UTC−07:00", "UTC+05:30", "UTC". */
export function offsetLabel(offsetMs: number): string {
  if (offsetMs === 0) return 'UTC';
  const sign = offsetMs < 0 ? '\u2212' : '+';
  const a = Math.abs(offsetMs);
  return `UTC${sign}${String(Math.floor(a / HOUR)).padStart(2, '0')}:${String(Math.floor((a % HOUR) / MIN)).padStart(2, '0')}`;
}

/** Local wall-clock ms (epoch ms shifted by the offset, read with UTC getters) at simulated time `simMs`. */
function localMs(start: Instant, simMs: number): number {
  return start.epochMs + start.offsetMs + simMs;
}

/** "14:05" at simulated time `simMs`. */
export function clockLabel(start: Instant, simMs: number): string {
  return new Date(localMs(start, simMs)).toISOString().slice(11, 16);
}

/** "2025-08-14 14:05" at simulated time `simMs`. */
export function dateTimeLabel(start: Instant, simMs: number): string {
  const iso = new Date(localMs(start, simMs)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** "Aug 14". */
function dayLabel(start: Instant, simMs: number): string {
  const d = new Date(localMs(start, simMs));
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

export interface Tick {
  value: number;
  label: string;
}

/** Candidate tick steps: whole minutes below an hour, round hours from one hour, then days. */
export const TIME_STEPS = [MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

/** The smallest step in `TIME_STEPS` giving at most `maxTicks` ticks over `spanMs`. */
export function timeStep(spanMs: number, maxTicks = 8): number {
  for (const s of TIME_STEPS) if (spanMs / s <= maxTicks) return s;
  const weeks = Math.ceil(spanMs / (7 * DAY) / maxTicks);
  return weeks * 7 * DAY;
}

/**
 * Ticks over simulated [t0, t1] ms at round local clock times (every hour, 2 hours…, local midnight for
 * day steps), labelled "HH:MM", with "Mon D" at local midnights when the span crosses a day.
 */
export function timeTicks(start: Instant, t0: number, t1: number, maxTicks = 8): Tick[] {
  if (!(t1 > t0)) return [{ value: t0, label: clockLabel(start, t0) }];
  const step = timeStep(t1 - t0, maxTicks);
  const l0 = localMs(start, t0);
  const l1 = localMs(start, t1);
  const multiDay = Math.floor(l0 / DAY) !== Math.floor(l1 / DAY) && t1 - t0 > 12 * HOUR;
  const out: Tick[] = [];
  for (let l = Math.ceil(l0 / step) * step; l <= l1; l += step) {
    const sim = l - start.epochMs - start.offsetMs;
    const midnight = l % DAY === 0;
    const label = step >= DAY || (multiDay && midnight) ? dayLabel(start, sim) : clockLabel(start, sim);
    out.push({ value: sim, label });
  }
  return out;
}

/** Axis title for local time: "local time (UTC−07:00)". */
export function timeAxisLabel(start: Instant): string {
  return `local time (${offsetLabel(start.offsetMs)})`;
}

/** Simulated minutes as a short elapsed label: "+1 h 30 min" — used in captions. */
export function elapsedLabel(simMs: number): string {
  const m = Math.round(simMs / MIN);
  return m < 60 ? `+${formatNumber(m)} min` : `+${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
