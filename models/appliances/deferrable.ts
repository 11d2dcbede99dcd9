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

export class DeferrableFleet extends FleetBase<DeferrableParams> {
  readonly kw: Float64Array;
  readonly cycleMs: Float64Array;
  readonly jobProb: Float64Array;
  readonly flexMs: Float64Array;
  /** State: 0 idle, 1 waiting, 2 running. */
  readonly state: Uint8Array;
  readonly paused: Uint8Array;
  readonly reqT: Float64Array;
  readonly startT: Float64Array;
  /** Cycle time still to run (ms, not counting pauses), pause time used. */
  readonly remaining: Float64Array;
  readonly pauseUsed: Float64Array;
  /** Next local day whose job has not been looked at, and no job before this time (set at init). */
  readonly nextDay: Float64Array;
  readonly notBefore: Float64Array;

  constructor(readonly type: string, count: number, seed: number, firstActorId: number, p: DeferrableParams) {
    super(count, seed, firstActorId, p, 0);
    const f = () => this.col(new Float64Array(count));
    this.kw = f(); this.cycleMs = f(); this.jobProb = f(); this.flexMs = f();
    this.reqT = f(); this.startT = f(); this.remaining = f(); this.pauseUsed = f(); this.nextDay = f(); this.notBefore = f();
    this.state = this.col(new Uint8Array(count));
    this.paused = this.col(new Uint8Array(count));
  }

  protected initDevice(i: number, t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed;
    this.kw[i] = paramIn(s, a, 0, p.kw);
    this.cycleMs[i] = Math.round(paramIn(s, a, 1, p.cycleMs));
    this.jobProb[i] = paramIn(s, a, 2, p.jobsPerDay);
    this.flexMs[i] = Math.max(this.cycleMs[i], Math.round(paramIn(s, a, 3, p.flexMs)));
    this.state[i] = IDLE; this.paused[i] = 0;
    this.reqT[i] = NaN; this.startT[i] = NaN; this.remaining[i] = 0; this.pauseUsed[i] = 0;
    this.nextDay[i] = localDay(t, p.dayStartMs);
    this.notBefore[i] = t;
  }

  /** Request time of device i's job on local day d, or NaN if it has none that day. */
  jobOn(i: number, d: number): number {
    const a = this.actor(i);
    if (!(uniformAt(this.seed, a, S_JOB_OCC, d) < this.jobProb[i])) return NaN;
    return Math.floor(dayStart(d, this.p.dayStartMs) + timeOfDayFromProfile(this.p.profile, uniformAt(this.seed, a, S_JOB_TIME, d)));
  }

  /** Latest start that still meets the customer's deadline and the wet-laundry limit. */
  latestStart(i: number): number {
    return this.reqT[i] + Math.min(this.flexMs[i] - this.cycleMs[i], this.p.wetLimitMs - 15 * MINUTE);
  }

  powerKw(i: number): number {
    if (this.state[i] !== RUNNING) return 0;
    return this.paused[i] ? this.kw[i] * (1 - this.p.pausableShare) : this.kw[i];
  }

  discomfort(i: number, t: number): number {
    if (this.state[i] === WAITING) {
      const span = this.latestStart(i) - this.reqT[i];
      return span > 0 ? clamp((t - this.reqT[i]) / span, 0, 1) : 1;
    }
    if (this.state[i] === RUNNING && this.paused[i] && this.p.maxPauseMs > 0) return clamp(this.pauseUsed[i] / this.p.maxPauseMs, 0, 1) / 2;
    return 0;
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    if (this.state[i] !== RUNNING) return;
    const dt = t - this.tLast[i];
    if (this.paused[i]) this.pauseUsed[i] += dt;
    else this.remaining[i] = Math.max(0, this.remaining[i] - dt);
  }

  /** Loads the next job whose request time has come (jobs earlier than init are skipped). */
  private pickUp(i: number, t: number): void {
    const p = this.p;
    for (let guard = 0; guard < 400 && this.state[i] === IDLE; guard++) {
      const d = this.nextDay[i];
      if (dayStart(d, p.dayStartMs) > t) return;
      const r = this.jobOn(i, d);
      if (!Number.isNaN(r) && r > t) return; // not yet requested
      this.nextDay[i] = d + 1;
      if (Number.isNaN(r) || r < this.notBefore[i]) continue;
      this.state[i] = WAITING;
      this.reqT[i] = r;
    }
  }

  protected settle(i: number, t: number, _w: Weather): void {
    const p = this.p;
    if (this.state[i] === RUNNING && this.remaining[i] <= 0) {
      this.state[i] = IDLE;
      this.paused[i] = 0;
    }
    if (this.state[i] === IDLE) this.pickUp(i, t);
    if (this.state[i] === WAITING && (t >= this.latestStart(i) || !this.ctl.startBlocked(i, t))) {
      if (t - this.reqT[i] > p.wetLimitMs) this.violate(i);
      this.state[i] = RUNNING;
      this.startT[i] = t;
      this.remaining[i] = this.cycleMs[i];
      this.pauseUsed[i] = 0;
    }
    if (this.state[i] === RUNNING) {
      this.paused[i] = p.pausableShare > 0 && this.pauseUsed[i] < p.maxPauseMs && this.ctl.blocked(i, t) ? 1 : 0;
    }
  }

  protected next(i: number, t: number, _w: Weather): number {
    const p = this.p;
    const horizon = t + p.horizonMs;
    switch (this.state[i]) {
      case RUNNING: {
        if (!this.paused[i]) {
          const end = t + this.remaining[i];
          return p.pausableShare > 0 ? Math.min(end, this.ctl.nextBoundary(i, t)) : end;
        }
        return Math.min(t + (p.maxPauseMs - this.pauseUsed[i]), this.ctl.nextBoundary(i, t));
      }
      case WAITING:
        return Math.min(this.latestStart(i), this.ctl.nextStartBoundary(i, t), horizon);
      default: {
        for (let d = this.nextDay[i]; dayStart(d, p.dayStartMs) <= horizon; d++) {
          const r = this.jobOn(i, d);
          if (!Number.isNaN(r) && r >= this.notBefore[i] && r > t) return Math.min(r, horizon);
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
