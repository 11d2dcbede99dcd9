/**
 * Level 2 EV charger (2009: 3.3 kW; up to 7.2 kW). Each day the car may arrive in the evening and leave the
 * next morning needing a drawn amount of energy (common random numbers by day); it charges at full rate on
 * arrival. DR holds charging off (shed / cycle / delay / grid-friendly shed) or lowers the rate (curtail, as a
 * J1772 pilot current limit), but safety beats DR: once the time left before departure (less a margin) is just
 * enough at full rate, it charges at full rate whatever the control. Leaving below the target is a violation.
 */
import { FleetBase, clamp } from './fleet.ts';
import { M_CURTAIL } from './control.ts';
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

export class EvChargerFleet extends FleetBase<EvChargerParams> {
  readonly type = 'ev_charger';
  readonly kw: Float64Array;
  /** State: session day, arrival, departure, energy still to add (kWh), energy needed this session, charging rate (kW). */
  readonly sess: Float64Array;
  readonly arrive: Float64Array;
  readonly depart: Float64Array;
  readonly remaining: Float64Array;
  readonly need: Float64Array;
  readonly rate: Float64Array;

  constructor(count: number, seed: number, firstActorId: number, params: Partial<EvChargerParams> = {}) {
    super(count, seed, firstActorId, { ...EV_CHARGER_DEFAULTS, ...params }, 0);
    const f = () => this.col(new Float64Array(count));
    this.kw = f(); this.sess = f(); this.arrive = f(); this.depart = f(); this.remaining = f(); this.need = f(); this.rate = f();
  }

  /** Loads session d (evening of local day d to the next morning) into device i. */
  private loadSession(i: number, d: number): void {
    const p = this.p, a = this.actor(i), s = this.seed;
    const hour = (spec: readonly [number, number, number, number], stream: number) =>
      clamp(normalAt(s, a, stream, d, spec[0], spec[1]), spec[2], spec[3]) * HOUR;
    const plugged = uniformAt(s, a, S_EV_NEED, 2 * d + 1) < p.plugInProb;
    this.sess[i] = d;
    this.arrive[i] = Math.round(dayStart(d, p.dayStartMs) + hour(p.arriveHour, S_EV_ARRIVE));
    this.depart[i] = Math.round(dayStart(d + 1, p.dayStartMs) + hour(p.departHour, S_EV_DEPART));
    const [mean, cv] = p.needKwh;
    const s2 = Math.log1p(cv * cv);
    const drawn = Math.exp(normalAt(s, a, S_EV_NEED, 2 * d, Math.log(mean) - s2 / 2, Math.sqrt(s2)));
    const reachable = (this.kw[i] * (this.depart[i] - this.arrive[i] - 2 * p.marginMs)) / HOUR;
    this.need[i] = plugged ? Math.max(0, Math.min(Math.max(drawn, 0.5), reachable)) : 0;
    this.remaining[i] = this.need[i];
  }

  protected initDevice(i: number, t: number): void {
    this.kw[i] = paramIn(this.seed, this.actor(i), 0, this.p.kw);
    const d = localDay(t, this.p.dayStartMs);
    this.loadSession(i, d - 1);
    if (this.depart[i] <= t) this.loadSession(i, d);
    else this.remaining[i] = Math.max(0, this.need[i] - (this.kw[i] * Math.max(0, t - this.arrive[i])) / HOUR); // charged as usual so far
    this.rate[i] = 0;
  }

  powerKw(i: number): number {
    return this.rate[i];
  }

  discomfort(i: number, t: number): number {
    if (t < this.arrive[i] || t >= this.depart[i] || this.need[i] <= 0) return 0;
    const expected = Math.max(0, this.need[i] - (this.kw[i] * (t - this.arrive[i])) / HOUR);
    return clamp((this.remaining[i] - expected) / this.need[i], 0, 1);
  }

  /** Latest time full-rate charging can start and still finish a margin before departure. */
  private mustStart(i: number): number {
    return this.depart[i] - this.p.marginMs - (this.remaining[i] / this.kw[i]) * HOUR;
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    if (this.rate[i] > 0) this.remaining[i] = Math.max(0, this.remaining[i] - (this.rate[i] * (t - this.tLast[i])) / HOUR);
  }

  protected settle(i: number, t: number, _w: Weather): void {
    for (let guard = 0; guard < 400 && t >= this.depart[i]; guard++) {
      if (this.remaining[i] > 1e-6) this.violate(i);
      this.loadSession(i, this.sess[i] + 1);
    }
    const kw = this.kw[i];
    if (t < this.arrive[i] || this.remaining[i] <= EPS_KWH) {
      this.rate[i] = 0;
    } else if (t >= this.mustStart(i) - 1) {
      this.rate[i] = kw; // safety: the owner's target by departure beats DR
    } else if (this.ctl.gfaActive(i, t)) {
      this.rate[i] = 0;
    } else if (this.ctl.mode[i] === M_CURTAIL) {
      this.rate[i] = kw * this.ctl.a[i];
    } else {
      this.rate[i] = this.ctl.blocked(i, t) ? 0 : kw;
    }
  }

  protected next(i: number, t: number, _w: Weather): number {
    const p = this.p, kw = this.kw[i], rate = this.rate[i];
    let best = Math.min(t + p.horizonMs, this.depart[i]);
    if (t < this.arrive[i]) return Math.min(best, this.arrive[i]);
    if (this.remaining[i] <= EPS_KWH) return best;
    if (rate < kw) {
      best = Math.min(best, this.ctl.nextBoundary(i, t));
      // mustStart moves later as charging adds energy: solve t' = mustStart(t') for the current rate.
      const slack = this.mustStart(i) - t;
      best = Math.min(best, Math.max(t + 1, Math.ceil(t + slack / (1 - rate / kw))));
    }
    if (rate > 0) best = Math.min(best, Math.ceil(t + (this.remaining[i] / rate) * HOUR));
    return best;
  }
}
