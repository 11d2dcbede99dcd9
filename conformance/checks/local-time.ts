/**
 * Local wall-clock time of a study, for oracles: written apart from the model's `LocalClock`
 * (models/world/clock.ts) so a mistake there cannot hide here. It reads each instant's local fields straight
 * from Intl and finds t = 0 by trying every whole quarter-hour offset, rather than correcting an offset guess.
 */

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export class StudyTime {
  /** Epoch ms of the study's t = 0. */
  readonly epoch0: number;
  private readonly fmt: Intl.DateTimeFormat;
  private readonly hours = new Map<number, number>();

  constructor(
    readonly start: string,
    readonly timeZone: string,
  ) {
    this.fmt = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(start);
    if (!m) throw new Error(`local-time: not a local date-time: ${start}`);
    const want: Fields = { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +(m[6] ?? 0) };
    const wall = Date.UTC(want.year, want.month - 1, want.day, want.hour, want.minute, want.second);
    // The earliest instant whose local fields read `start` (UTC offsets run from −12 h to +14 h).
    let found = NaN;
    for (let q = 14 * 4; q >= -12 * 4; q--) {
      const candidate = wall - q * 15 * 60_000;
      const f = this.fields(candidate);
      if (f.year === want.year && f.month === want.month && f.day === want.day && f.hour === want.hour && f.minute === want.minute && f.second === want.second) {
        found = candidate;
        break;
      }
    }
    if (found !== found) throw new Error(`local-time: ${start} does not exist in ${timeZone}`);
    this.epoch0 = found;
  }

  private fields(epoch: number): Fields {
    const get: Record<string, number> = {};
    for (const p of this.fmt.formatToParts(new Date(epoch))) if (p.type !== 'literal') get[p.type] = Number(p.value);
    return { year: get.year, month: get.month, day: get.day, hour: get.hour, minute: get.minute, second: get.second };
  }

  /** Local hour of day at simulated time t (ms from the start), 0–23. */
  hourAt(t: number): number {
    let h = this.hours.get(t);
    if (h === undefined) this.hours.set(t, (h = this.fields(this.epoch0 + t).hour));
    return h;
  }

  /** The first simulated time after t at which a new local hour starts. */
  nextHourAt(t: number): number {
    const epoch = this.epoch0 + t;
    const f = this.fields(epoch);
    const intoHour = (f.minute * 60 + f.second) * 1000 + (((epoch % 1000) + 1000) % 1000);
    return t + 3_600_000 - intoHour;
  }

  /** Every simulated time in [from, to] at which a local hour starts. */
  hourStarts(from: number, to: number): number[] {
    const out: number[] = [];
    for (let b = this.nextHourAt(from - 1); b <= to; b = this.nextHourAt(b)) out.push(b);
    return out;
  }
}
