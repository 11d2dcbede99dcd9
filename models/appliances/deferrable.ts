/**
 * Deferrable cycle appliances (clothes washer, clothes dryer, dishwasher): at most one job a day, requested at
 * a time drawn from an hourly profile (common random numbers by day), run for a fixed cycle at constant power.
 *
 * DR: a waiting job does not start while a program event (shed, cycle, curtail, grid-friendly shed) is in force
 * or before a delay's untilMs, but it always starts by its latest start: the customer's deadline minus the
 * cycle, and for a dryer the wet-laundry limit. A running cycle is never stopped (FR-37: orderly operation);
 * only a dryer's heater may pause while the drum keeps tumbling (as in the PNNL Grid Friendly Appliance
 * demonstration), for at most maxPauseMs per load.
 */
import { FleetBase, clamp } from './fleet.ts';
import { BASE, flagFields, floatFields } from './record.ts';
import { COMMON_DEFAULTS, DAY, HOUR, MINUTE, type CommonParams, type Range, type Weather } from './types.ts';
import { S_JOB_OCC, S_JOB_TIME, dayStart, localDay, paramIn, timeOfDayFromProfile, uniformAt } from './usage.ts';

export interface DeferrableParams extends CommonParams {
  kw: Range;
  cycleMs: Range;
  /** Probability of a job on a given day. */
  jobsPerDay: Range;
  /** Hourly profile of request times (relative weights). */
  profile: readonly number[];
  /** The customer wants the cycle finished within this time of the request. */
  flexMs: Range;
  /** Wet laundry must start drying within this time of the request (dryer); Infinity otherwise. */
  wetLimitMs: number;
  /** Share of the power that can pause (dryer heater); 0: not pausable. */
  pausableShare: number;
  maxPauseMs: number;
}

export const DEFERRABLE_COMMON = {
  ...COMMON_DEFAULTS,
  wetLimitMs: Infinity,
  pausableShare: 0,
  maxPauseMs: 0,
};

const IDLE = 0, WAITING = 1, RUNNING = 2;

/** A deferrable appliance's record (record.ts). */
const F = floatFields([
  /** Power kW, cycle ms, probability of a job a day, the customer's window ms. */
  'kw', 'cycleMs', 'jobProb', 'flexMs',
  /** State: request and start of the current job. */
  'reqT', 'startT',
  /** Cycle time still to run (ms, not counting pauses), pause time used. */
  'remaining', 'pauseUsed',
  /** Next local day whose job has not been looked at, and no job before this time (set at init). */
  'nextDay', 'notBefore',
] as const);
/** State: 0 idle, 1 waiting, 2 running; heater paused. */
const B = flagFields(['state', 'paused'] as const);
const T_LAST = BASE.tLast;

export class DeferrableFleet extends FleetBase<DeferrableParams, typeof F, typeof B> {
  constructor(readonly type: string, count: number, seed: number, firstActorId: number, p: DeferrableParams) {
    super(count, seed, firstActorId, p, 0, F, B);
  }

  protected initDevice(i: number, t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed, f = this.f, r = i * F.stride, rb = r * 8;
    f[r + F.kw] = paramIn(s, a, 0, p.kw);
    f[r + F.cycleMs] = Math.round(paramIn(s, a, 1, p.cycleMs));
    f[r + F.jobProb] = paramIn(s, a, 2, p.jobsPerDay);
    f[r + F.flexMs] = Math.max(f[r + F.cycleMs], Math.round(paramIn(s, a, 3, p.flexMs)));
    this.b[rb + B.state] = IDLE; this.b[rb + B.paused] = 0;
    f[r + F.reqT] = NaN; f[r + F.startT] = NaN; f[r + F.remaining] = 0; f[r + F.pauseUsed] = 0;
    f[r + F.nextDay] = localDay(t, p.dayStartMs);
    f[r + F.notBefore] = t;
  }

  /** Request time of device i's job on local day d, or NaN if it has none that day. */
  jobOn(i: number, d: number): number {
    const a = this.actor(i);
    if (!(uniformAt(this.seed, a, S_JOB_OCC, d) < this.f[i * F.stride + F.jobProb])) return NaN;
    return Math.floor(dayStart(d, this.p.dayStartMs) + timeOfDayFromProfile(this.p.profile, uniformAt(this.seed, a, S_JOB_TIME, d)));
  }

  /** Latest start that still meets the customer's deadline and the wet-laundry limit. */
  latestStart(i: number): number {
    return this.latestStartAt(i * F.stride);
  }

  private latestStartAt(r: number): number {
    const f = this.f;
    return f[r + F.reqT] + Math.min(f[r + F.flexMs] - f[r + F.cycleMs], this.p.wetLimitMs - 15 * MINUTE);
  }

  powerKw(i: number): number {
    const r = i * F.stride, rb = r * 8;
    if (this.b[rb + B.state] !== RUNNING) return 0;
    return this.b[rb + B.paused] ? this.f[r + F.kw] * (1 - this.p.pausableShare) : this.f[r + F.kw];
  }

  discomfort(i: number, t: number): number {
    const f = this.f, r = i * F.stride, rb = r * 8, state = this.b[rb + B.state];
    if (state === WAITING) {
      const span = this.latestStartAt(r) - f[r + F.reqT];
      return span > 0 ? clamp((t - f[r + F.reqT]) / span, 0, 1) : 1;
    }
    if (state === RUNNING && this.b[rb + B.paused] && this.p.maxPauseMs > 0) return clamp(f[r + F.pauseUsed] / this.p.maxPauseMs, 0, 1) / 2;
    return 0;
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    const f = this.f, r = i * F.stride, rb = r * 8;
    if (this.b[rb + B.state] !== RUNNING) return;
    const dt = t - f[r + T_LAST];
    if (this.b[rb + B.paused]) f[r + F.pauseUsed] += dt;
    else f[r + F.remaining] = Math.max(0, f[r + F.remaining] - dt);
  }

  /** Loads the next job whose request time has come (jobs earlier than init are skipped). */
  private pickUp(i: number, t: number): void {
    const p = this.p, f = this.f, r = i * F.stride, rb = r * 8;
    for (let guard = 0; guard < 400 && this.b[rb + B.state] === IDLE; guard++) {
      const d = f[r + F.nextDay];
      if (dayStart(d, p.dayStartMs) > t) return;
      const q = this.jobOn(i, d);
      if (!Number.isNaN(q) && q > t) return; // not yet requested
      f[r + F.nextDay] = d + 1;
      if (Number.isNaN(q) || q < f[r + F.notBefore]) continue;
      this.b[rb + B.state] = WAITING;
      f[r + F.reqT] = q;
    }
  }

  protected settle(i: number, t: number, _w: Weather): void {
    const p = this.p, f = this.f, b = this.b, r = i * F.stride, rb = r * 8;
    if (b[rb + B.state] === RUNNING && f[r + F.remaining] <= 0) {
      b[rb + B.state] = IDLE;
      b[rb + B.paused] = 0;
    }
    if (b[rb + B.state] === IDLE) this.pickUp(i, t);
    if (b[rb + B.state] === WAITING && (t >= this.latestStartAt(r) || !this.ctl.startBlocked(r, t))) {
      if (t - f[r + F.reqT] > p.wetLimitMs) this.violate(i);
      b[rb + B.state] = RUNNING;
      f[r + F.startT] = t;
      f[r + F.remaining] = f[r + F.cycleMs];
      f[r + F.pauseUsed] = 0;
    }
    if (b[rb + B.state] === RUNNING) {
      b[rb + B.paused] = p.pausableShare > 0 && f[r + F.pauseUsed] < p.maxPauseMs && this.ctl.blocked(r, t) ? 1 : 0;
    }
  }

  protected next(i: number, t: number, _w: Weather): number {
    const p = this.p, f = this.f, r = i * F.stride, rb = r * 8;
    const horizon = t + p.horizonMs;
    switch (this.b[rb + B.state]) {
      case RUNNING: {
        if (!this.b[rb + B.paused]) {
          const end = t + f[r + F.remaining];
          return p.pausableShare > 0 ? Math.min(end, this.ctl.nextBoundary(r, t)) : end;
        }
        return Math.min(t + (p.maxPauseMs - f[r + F.pauseUsed]), this.ctl.nextBoundary(r, t));
      }
      case WAITING:
        return Math.min(this.latestStartAt(r), this.ctl.nextStartBoundary(r, t), horizon);
      default: {
        for (let d = f[r + F.nextDay]; dayStart(d, p.dayStartMs) <= horizon; d++) {
          const q = this.jobOn(i, d);
          if (!Number.isNaN(q) && q >= f[r + F.notBefore] && q > t) return Math.min(q, horizon);
        }
        return horizon;
      }
    }
  }
}

/** GridLAB-D residential-clotheswasher-default, weekday-summer, by hour (relative). */
export const LAUNDRY_PROFILE = [
  0.0029, 0.0019, 0.0014, 0.0013, 0.0018, 0.0026, 0.0055, 0.0126, 0.0181, 0.0208, 0.0229, 0.0216,
  0.0193, 0.017, 0.0145, 0.0135, 0.0135, 0.0142, 0.0145, 0.0148, 0.0146, 0.0141, 0.011, 0.0062,
] as const;

export { DAY, HOUR, MINUTE };
