/**
 * Level 2 EV charger (2009: 3.3 kW; up to 7.2 kW). Each day the car may arrive in the evening and leave the
 * next morning needing a drawn amount of energy (common random numbers by day); it charges at full rate on
 * arrival. DR holds charging off (shed / cycle / delay / grid-friendly shed) or lowers the rate (curtail, as a
 * J1772 pilot current limit), but safety beats DR: once the time left before departure (less a margin) is just
 * enough at full rate, it charges at full rate whatever the control. Leaving below the target is a violation.
 */
import { FleetBase, clamp } from './fleet.ts';
import { M_CURTAIL } from './control.ts';
import { BASE, flagFields, floatFields } from './record.ts';
import { COMMON_DEFAULTS, HOUR, MINUTE, type CommonParams, type Range, type Weather } from './types.ts';
import { S_EV_ARRIVE, S_EV_DEPART, S_EV_NEED, dayStart, localDay, normalAt, paramIn, uniformAt } from './usage.ts';

export interface EvChargerParams extends CommonParams {
  kw: Range;
  /** Probability the car is plugged in on a given evening. */
  plugInProb: number;
  /** Arrival and departure hours ~ N(mean, sd), clipped; departure is on the next day. */
  arriveHour: readonly [mean: number, sd: number, lo: number, hi: number];
  departHour: readonly [mean: number, sd: number, lo: number, hi: number];
  /** Energy to add per session, kWh: lognormal (mean, cv), at most what full-rate charging can add minus the margin. */
  needKwh: readonly [mean: number, cv: number];
  marginMs: number;
}

export const EV_CHARGER_DEFAULTS: EvChargerParams = {
  ...COMMON_DEFAULTS,
  kw: [3.3, 3.3],
  plugInProb: 0.9,
  arriveHour: [18, 1.5, 15, 23],
  departHour: [7.5, 1, 5, 10],
  needKwh: [9, 0.5],
  marginMs: 15 * MINUTE,
};

const EPS_KWH = 1e-9;

/** An EV charger's record (record.ts). */
const F = floatFields([
  'kw',
  /** State: session day, arrival, departure, energy still to add (kWh), energy needed this session, charging rate (kW). */
  'sess', 'arrive', 'depart', 'remaining', 'need', 'rate',
] as const);
const B = flagFields([] as const);
const T_LAST = BASE.tLast;

export class EvChargerFleet extends FleetBase<EvChargerParams, typeof F, typeof B> {
  readonly type = 'ev_charger';

  constructor(count: number, seed: number, firstActorId: number, params: Partial<EvChargerParams> = {}) {
    super(count, seed, firstActorId, { ...EV_CHARGER_DEFAULTS, ...params }, 0, F, B);
  }

  /** Loads session d (evening of local day d to the next morning) into device i. */
  private loadSession(i: number, d: number): void {
    const p = this.p, a = this.actor(i), s = this.seed, f = this.f, r = i * F.stride;
    const hour = (spec: readonly [number, number, number, number], stream: number) =>
      clamp(normalAt(s, a, stream, d, spec[0], spec[1]), spec[2], spec[3]) * HOUR;
    const plugged = uniformAt(s, a, S_EV_NEED, 2 * d + 1) < p.plugInProb;
    f[r + F.sess] = d;
    f[r + F.arrive] = Math.round(dayStart(d, p.dayStartMs) + hour(p.arriveHour, S_EV_ARRIVE));
    f[r + F.depart] = Math.round(dayStart(d + 1, p.dayStartMs) + hour(p.departHour, S_EV_DEPART));
    const [mean, cv] = p.needKwh;
    const s2 = Math.log1p(cv * cv);
    const drawn = Math.exp(normalAt(s, a, S_EV_NEED, 2 * d, Math.log(mean) - s2 / 2, Math.sqrt(s2)));
    const reachable = (f[r + F.kw] * (f[r + F.depart] - f[r + F.arrive] - 2 * p.marginMs)) / HOUR;
    f[r + F.need] = plugged ? Math.max(0, Math.min(Math.max(drawn, 0.5), reachable)) : 0;
    f[r + F.remaining] = f[r + F.need];
  }

  protected initDevice(i: number, t: number): void {
    const f = this.f, r = i * F.stride;
    f[r + F.kw] = paramIn(this.seed, this.actor(i), 0, this.p.kw);
    const d = localDay(t, this.p.dayStartMs);
    this.loadSession(i, d - 1);
    if (f[r + F.depart] <= t) this.loadSession(i, d);
    else f[r + F.remaining] = Math.max(0, f[r + F.need] - (f[r + F.kw] * Math.max(0, t - f[r + F.arrive])) / HOUR); // charged as usual so far
    f[r + F.rate] = 0;
  }

  powerKw(i: number): number {
    return this.f[i * F.stride + F.rate];
  }

  discomfort(i: number, t: number): number {
    const f = this.f, r = i * F.stride, need = f[r + F.need];
    if (t < f[r + F.arrive] || t >= f[r + F.depart] || need <= 0) return 0;
    const expected = Math.max(0, need - (f[r + F.kw] * (t - f[r + F.arrive])) / HOUR);
    return clamp((f[r + F.remaining] - expected) / need, 0, 1);
  }

  /** Latest time full-rate charging can start and still finish a margin before departure. */
  private mustStart(r: number): number {
    const f = this.f;
    return f[r + F.depart] - this.p.marginMs - (f[r + F.remaining] / f[r + F.kw]) * HOUR;
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    const f = this.f, r = i * F.stride, rate = f[r + F.rate];
    if (rate > 0) f[r + F.remaining] = Math.max(0, f[r + F.remaining] - (rate * (t - f[r + T_LAST])) / HOUR);
  }

  protected settle(i: number, t: number, _w: Weather): void {
    const f = this.f, r = i * F.stride;
    for (let guard = 0; guard < 400 && t >= f[r + F.depart]; guard++) {
      if (f[r + F.remaining] > 1e-6) this.violate(i);
      this.loadSession(i, f[r + F.sess] + 1);
    }
    const kw = f[r + F.kw];
    if (t < f[r + F.arrive] || f[r + F.remaining] <= EPS_KWH) {
      f[r + F.rate] = 0;
    } else if (t >= this.mustStart(r) - 1) {
      f[r + F.rate] = kw; // safety: the owner's target by departure beats DR
    } else if (this.ctl.gfaActive(r, t)) {
      f[r + F.rate] = 0;
    } else if (this.ctl.mode(r) === M_CURTAIL) {
      f[r + F.rate] = kw * this.ctl.a(r);
    } else {
      f[r + F.rate] = this.ctl.blocked(r, t) ? 0 : kw;
    }
  }

  protected next(i: number, t: number, _w: Weather): number {
    const f = this.f, r = i * F.stride;
    const p = this.p, kw = f[r + F.kw], rate = f[r + F.rate];
    let best = Math.min(t + p.horizonMs, f[r + F.depart]);
    if (t < f[r + F.arrive]) return Math.min(best, f[r + F.arrive]);
    if (f[r + F.remaining] <= EPS_KWH) return best;
    if (rate < kw) {
      best = Math.min(best, this.ctl.nextBoundary(r, t));
      // mustStart moves later as charging adds energy: solve t' = mustStart(t') for the current rate.
      const slack = this.mustStart(r) - t;
      best = Math.min(best, Math.max(t + 1, Math.ceil(t + slack / (1 - rate / kw))));
    }
    if (rate > 0) best = Math.min(best, Math.ceil(t + (f[r + F.remaining] / rate) * HOUR));
    return best;
  }
}
