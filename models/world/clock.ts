/**
 * Simulated time anchored at the scenario's local start time in its IANA time zone. `LocalClock` is the one
 * place that turns simulated time into local wall-clock time (hour of day, the next local hour): TOU prices on
 * the devices, their FR-30 alerts and the bill in summary.json all read it, so they agree, DST included.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Zone offsets change only on quarter hours of UTC (every zone's offset is a multiple of 15 minutes). */
const SLOT_MS = 15 * MINUTE_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset (local − UTC, ms) at an instant, DST-aware. */
function offsetMs(epochMs: number, timeZone: string): number {
  const parts = formatterOf(timeZone).formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(epochMs / 1000) * 1000;
}

/** Epoch ms of a local ISO date-time (no offset) in `timeZone`, DST-aware. */
export function zonedEpochMs(localIso: string, timeZone: string): number {
  const asUtc = Date.parse(localIso.endsWith('Z') ? localIso : `${localIso}Z`);
  if (!Number.isFinite(asUtc)) throw new Error(`start: not a date-time: ${localIso}`);
  // The zone's offset at a guess, refined once (enough except inside a DST gap).
  let guess = asUtc - offsetMs(asUtc, timeZone);
  guess = asUtc - offsetMs(guess, timeZone);
  return guess;
}

/** ISO instant with the zone's offset, e.g. 2026-07-15T12:00:00-07:00. */
export function isoWithOffset(epochMs: number, timeZone: string): string {
  const off = offsetMs(epochMs, timeZone);
  const local = new Date(epochMs + off).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / 60_000;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Milliseconds after local midnight of the scenario's start ("2026-07-15T12:00:00" → 12 h), read from the
 * start text. Appliance physics and weather use it as a fixed daily phase (they do not follow DST).
 */
export function localMsOfDay(start: string): number {
  const m = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(start);
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 : 0;
}

const mod = (a: number, b: number) => ((a % b) + b) % b;

/** Local wall-clock time of simulated time t (ms from the scenario's start) in the study's zone. */
export class LocalClock {
  /** Epoch ms of t = 0. */
  readonly startEpochMs: number;
  /** Offset per quarter hour of UTC, filled as asked (same answers in any order: a pure function of the slot). */
  private readonly offsets = new Map<number, number>();

  constructor(
    start: string,
    readonly timeZone: string,
  ) {
    this.startEpochMs = zonedEpochMs(start, timeZone);
  }

  /** Local wall-clock time at t as ms since 1970-01-01T00:00 local (a number to take days and hours of). */
  localMs(t: number): number {
    const epoch = this.startEpochMs + t;
    const slot = Math.floor(epoch / SLOT_MS);
    let off = this.offsets.get(slot);
    if (off === undefined) {
      off = offsetMs(slot * SLOT_MS, this.timeZone);
      this.offsets.set(slot, off);
    }
    return epoch + off;
  }

  /** Milliseconds since local midnight at t. */
  msOfDay(t: number): number {
    return mod(this.localMs(t), DAY_MS);
  }

  /** Local hour of day at t, 0–23 (hour 0 is local midnight). */
  hourOfDay(t: number): number {
    return Math.floor(this.msOfDay(t) / HOUR_MS);
  }

  /**
   * The first simulated time after t at which a local interval of `intervalMs` (a divisor of a day: an hour, a
   * quarter hour) starts. Across a DST change the wall clock jumps, and the next interval is the one the clock
   * jumps into (spring forward at 02:00 → 03:00; fall back at 02:00 PDT → 01:00 PST).
   */
  nextIntervalAt(t: number, intervalMs = HOUR_MS): number {
    return t + intervalMs - mod(this.localMs(t), intervalMs);
  }
}
