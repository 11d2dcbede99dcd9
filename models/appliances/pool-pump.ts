/**
 * Pool pump: 1–1.5 kW, a daily runtime of 6–8 h starting at a usual hour. Shiftable: while DR holds it off it
 * stops, and it makes up the missed runtime afterwards the same day (the rebound), as GridLAB-D's
 * passive_controller pool-pump DUTYCYCLE mode assumes. Unfinished runtime at midnight is lost (the water
 * quality deficit shows as discomfort, not as a safety violation).
 */
import { FleetBase, clamp } from './fleet.ts';
import { COMMON_DEFAULTS, HOUR, type CommonParams, type Range, type Weather } from './types.ts';
import { dayStart, localDay, paramIn } from './usage.ts';

export interface PoolPumpParams extends CommonParams {
  kw: Range;
  runHours: Range;
  /** Local hour the daily run normally starts. */
  startHour: Range;
}

export const POOL_PUMP_DEFAULTS: PoolPumpParams = {
  ...COMMON_DEFAULTS,
  kw: [1, 1.5],
  runHours: [6, 8],
  startHour: [8, 11],
};

export class PoolPumpFleet extends FleetBase<PoolPumpParams> {
  readonly type = 'pool_pump';
  readonly kw: Float64Array;
  readonly runMsPerDay: Float64Array;
  readonly startOffsetMs: Float64Array;
  /** State: the local day being counted, runtime so far that day, pump on. */
  readonly day: Float64Array;
  readonly runMs: Float64Array;
  readonly on: Uint8Array;

  constructor(count: number, seed: number, firstActorId: number, params: Partial<PoolPumpParams> = {}) {
    super(count, seed, firstActorId, { ...POOL_PUMP_DEFAULTS, ...params }, 0);
    const f = () => this.col(new Float64Array(count));
    this.kw = f(); this.runMsPerDay = f(); this.startOffsetMs = f(); this.day = f(); this.runMs = f();
    this.on = this.col(new Uint8Array(count));
  }

  protected initDevice(i: number, t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed;
    this.kw[i] = paramIn(s, a, 0, p.kw);
    this.runMsPerDay[i] = Math.round(paramIn(s, a, 1, p.runHours) * HOUR);
    this.startOffsetMs[i] = Math.round(paramIn(s, a, 2, p.startHour) * HOUR);
    const d = localDay(t, p.dayStartMs);
    this.day[i] = d;
    // Started mid-day: assume the run so far went as usual.
    this.runMs[i] = clamp(t - (dayStart(d, p.dayStartMs) + this.startOffsetMs[i]), 0, this.runMsPerDay[i]);
    this.on[i] = 0;
  }

  powerKw(i: number): number {
    return this.on[i] ? this.kw[i] : 0;
  }

  discomfort(i: number, t: number): number {
    const start = dayStart(this.day[i], this.p.dayStartMs) + this.startOffsetMs[i];
    const expected = clamp(t - start, 0, this.runMsPerDay[i]);
    return clamp((expected - this.runMs[i]) / this.runMsPerDay[i], 0, 1);
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    if (this.on[i]) this.runMs[i] += t - this.tLast[i];
  }

  protected settle(i: number, t: number, _w: Weather): void {
    const p = this.p, d = localDay(t, p.dayStartMs);
    if (d !== this.day[i]) {
      this.day[i] = d;
      this.runMs[i] = 0;
    }
    const start = dayStart(d, p.dayStartMs) + this.startOffsetMs[i];
    this.on[i] = t >= start && this.runMs[i] < this.runMsPerDay[i] && !this.ctl.blocked(i, t) ? 1 : 0;
  }

  protected next(i: number, t: number, _w: Weather): number {
    const p = this.p, d = this.day[i];
    const midnight = dayStart(d + 1, p.dayStartMs);
    const start = dayStart(d, p.dayStartMs) + this.startOffsetMs[i];
    let best = Math.min(this.ctl.nextBoundary(i, t), t + p.horizonMs, midnight);
    if (this.on[i]) return Math.min(best, t + (this.runMsPerDay[i] - this.runMs[i]));
    // Off: either before today's start, held off by DR (boundary), or done for the day (midnight).
    if (this.runMs[i] < this.runMsPerDay[i] && t < start) best = Math.min(best, start);
    return best;
  }
}

