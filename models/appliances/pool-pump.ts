/**
 * Pool pump: 1–1.5 kW, a daily runtime of 6–8 h starting at a usual hour. Shiftable: while DR holds it off it
 * stops, and it makes up the missed runtime afterwards the same day (the rebound), as GridLAB-D's
 * passive_controller pool-pump DUTYCYCLE mode assumes. Unfinished runtime at midnight is lost (the water
 * quality deficit shows as discomfort, not as a safety violation).
 */
import { FleetBase, clamp } from './fleet.ts';
import { BASE, flagFields, floatFields } from './record.ts';
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

/** A pool pump's record (record.ts). */
const F = floatFields([
  /** Power kW, daily runtime ms, usual start ms after local midnight. */
  'kw', 'runMsPerDay', 'startOffsetMs',
  /** State: the local day being counted, runtime so far that day. */
  'day', 'runMs',
] as const);
/** Pump on. */
const B = flagFields(['on'] as const);
const T_LAST = BASE.tLast;

export class PoolPumpFleet extends FleetBase<PoolPumpParams, typeof F, typeof B> {
  readonly type = 'pool_pump';

  constructor(count: number, seed: number, firstActorId: number, params: Partial<PoolPumpParams> = {}) {
    super(count, seed, firstActorId, { ...POOL_PUMP_DEFAULTS, ...params }, 0, F, B);
  }

  protected initDevice(i: number, t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed, f = this.f, r = i * F.stride;
    f[r + F.kw] = paramIn(s, a, 0, p.kw);
    f[r + F.runMsPerDay] = Math.round(paramIn(s, a, 1, p.runHours) * HOUR);
    f[r + F.startOffsetMs] = Math.round(paramIn(s, a, 2, p.startHour) * HOUR);
    const d = localDay(t, p.dayStartMs);
    f[r + F.day] = d;
    // Started mid-day: assume the run so far went as usual.
    f[r + F.runMs] = clamp(t - (dayStart(d, p.dayStartMs) + f[r + F.startOffsetMs]), 0, f[r + F.runMsPerDay]);
    this.b[r * 8 + B.on] = 0;
  }

  powerKw(i: number): number {
    const r = i * F.stride;
    return this.b[r * 8 + B.on] ? this.f[r + F.kw] : 0;
  }

  discomfort(i: number, t: number): number {
    const f = this.f, r = i * F.stride;
    const start = dayStart(f[r + F.day], this.p.dayStartMs) + f[r + F.startOffsetMs];
    const expected = clamp(t - start, 0, f[r + F.runMsPerDay]);
    return clamp((expected - f[r + F.runMs]) / f[r + F.runMsPerDay], 0, 1);
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    const f = this.f, r = i * F.stride;
    if (this.b[r * 8 + B.on]) f[r + F.runMs] += t - f[r + T_LAST];
  }

  protected settle(i: number, t: number, _w: Weather): void {
    const p = this.p, d = localDay(t, p.dayStartMs), f = this.f, r = i * F.stride;
    if (d !== f[r + F.day]) {
      f[r + F.day] = d;
      f[r + F.runMs] = 0;
    }
    const start = dayStart(d, p.dayStartMs) + f[r + F.startOffsetMs];
    this.b[r * 8 + B.on] = t >= start && f[r + F.runMs] < f[r + F.runMsPerDay] && !this.ctl.blocked(r, t) ? 1 : 0;
  }

  protected next(i: number, t: number, _w: Weather): number {
    const f = this.f, r = i * F.stride;
    const p = this.p, d = f[r + F.day];
    const midnight = dayStart(d + 1, p.dayStartMs);
    const start = dayStart(d, p.dayStartMs) + f[r + F.startOffsetMs];
    let best = Math.min(this.ctl.nextBoundary(r, t), t + p.horizonMs, midnight);
    if (this.b[r * 8 + B.on]) return Math.min(best, t + (f[r + F.runMsPerDay] - f[r + F.runMs]));
    // Off: either before today's start, held off by DR (boundary), or done for the day (midnight).
    if (f[r + F.runMs] < f[r + F.runMsPerDay] && t < start) best = Math.min(best, start);
    return best;
  }
}
