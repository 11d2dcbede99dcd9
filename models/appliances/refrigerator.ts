/**
 * Refrigerator (or freezer) compartment, first order as in GridLAB-D's refrigerator model:
 *   C dT/dt = UA (Troom − T) − Qc·compressor + f·Pdefrost·defrosting  ⇒  exponential toward Teq.
 * Thermostat with deadband and minimum on/off times; an adaptive defrost (heater ~0.5 kW for ~30 min) falls
 * due after a set compressor run time and starts at the end of a compressor run. DR may hold the compressor
 * off and defer the defrost (up to maxDefrostDelayMs). Food safety beats DR: at limitC + safetyMarginC the
 * compressor runs whatever the control until the lower deadband edge; food above limitC for more than limitMs,
 * after DR held the compressor off, is a violation (FR-37). (A unit too small for its room is not DR's doing.)
 */
import { EPS as EPS_, FleetBase, clamp } from './fleet.ts';
import { expAt, expTimeTo } from './thermal.ts';
import { COMMON_DEFAULTS, HOUR, MINUTE, type CommonParams, type Range, type Weather } from './types.ts';
import { S_INIT, paramIn, uniformAt } from './usage.ts';

const EPS = EPS_; // module-local: imported bindings cost a getter call under some loaders

export interface CompartmentParams {
  setpointC: Range;
  deadbandC: Range;
  limitC: number;
}

export interface RefrigeratorParams extends CommonParams {
  compressorKw: Range;
  /** Heat removed per unit of electric power. */
  copCooling: Range;
  uaWPerK: Range;
  heatCapacityJPerK: Range;
  roomC: Range;
  fridge: CompartmentParams;
  /** Freezers are better insulated than the fresh-food compartment. */
  freezer: CompartmentParams & { uaWPerK: Range };
  /** Share of devices that are freezers (default 0: the type is "refrigerator"). */
  freezerShare: number;
  minOnMs: number;
  minOffMs: number;
  defrostKw: Range;
  defrostMs: Range;
  defrostEveryRunMs: number;
  maxDefrostDelayMs: number;
  /** Share of the defrost heat that ends up in the compartment. */
  defrostHeatFraction: number;
  safetyMarginC: number;
  limitMs: number;
}

export const REFRIGERATOR_DEFAULTS: RefrigeratorParams = {
  ...COMMON_DEFAULTS,
  compressorKw: [0.12, 0.18],
  copCooling: [1.2, 1.5],
  uaWPerK: [3, 4.5],
  heatCapacityJPerK: [1.2e5, 1.8e5],
  roomC: [20, 25],
  fridge: { setpointC: [1.7, 3.9], deadbandC: [1.1, 1.7], limitC: 4 },
  freezer: { setpointC: [-19, -17], deadbandC: [1.1, 1.7], limitC: -15, uaWPerK: [1.8, 2.6] },
  freezerShare: 0,
  minOnMs: 2 * MINUTE,
  minOffMs: 5 * MINUTE,
  defrostKw: [0.45, 0.55],
  defrostMs: [25 * MINUTE, 40 * MINUTE],
  defrostEveryRunMs: 10 * HOUR,
  maxDefrostDelayMs: 8 * HOUR,
  defrostHeatFraction: 0.05,
  safetyMarginC: 0.3,
  limitMs: 2 * HOUR,
};

export class RefrigeratorFleet extends FleetBase<RefrigeratorParams> {
  readonly type = 'refrigerator';
  readonly kw: Float64Array;
  readonly Qc: Float64Array;
  readonly UA: Float64Array;
  readonly C: Float64Array;
  readonly room: Float64Array;
  readonly setpoint: Float64Array;
  readonly deadband: Float64Array;
  readonly limit: Float64Array;
  readonly defKw: Float64Array;
  readonly defMs: Float64Array;
  /** State. */
  readonly T: Float64Array;
  readonly comp: Uint8Array;
  readonly call: Uint8Array;
  readonly safe: Uint8Array;
  readonly defrosting: Uint8Array;
  readonly defEnd: Float64Array;
  readonly runMs: Float64Array;
  /** When the defrost fell due (NaN: not due). */
  readonly dueSince: Float64Array;
  readonly lastSw: Float64Array;
  /** When the food went above the limit (NaN: below), and whether this excursion was counted. */
  readonly aboveSince: Float64Array;
  private readonly counted: Uint8Array;
  /** DR held the compressor off since the food was last back at the lower deadband edge. */
  private readonly held: Uint8Array;

  constructor(count: number, seed: number, firstActorId: number, params: Partial<RefrigeratorParams> = {}) {
    const p = { ...REFRIGERATOR_DEFAULTS, ...params };
    super(count, seed, firstActorId, p, 0);
    const f = () => this.col(new Float64Array(count));
    const b = () => this.col(new Uint8Array(count));
    this.kw = f(); this.Qc = f(); this.UA = f(); this.C = f(); this.room = f(); this.setpoint = f(); this.deadband = f(); this.limit = f();
    this.defKw = f(); this.defMs = f();
    this.T = f(); this.defEnd = f(); this.runMs = f(); this.dueSince = f(); this.lastSw = f(); this.aboveSince = f();
    this.comp = b(); this.call = b(); this.safe = b(); this.defrosting = b(); this.counted = b(); this.held = b();
  }

  protected initDevice(i: number, t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed;
    this.kw[i] = paramIn(s, a, 0, p.compressorKw);
    this.Qc[i] = this.kw[i] * 1000 * paramIn(s, a, 1, p.copCooling);
    const freezer = paramIn(s, a, 5, [0, 1]) < p.freezerShare;
    const cmp = freezer ? p.freezer : p.fridge;
    this.UA[i] = paramIn(s, a, 2, freezer ? p.freezer.uaWPerK : p.uaWPerK);
    this.C[i] = paramIn(s, a, 3, p.heatCapacityJPerK);
    this.room[i] = paramIn(s, a, 4, p.roomC);
    this.setpoint[i] = paramIn(s, a, 6, cmp.setpointC);
    this.deadband[i] = paramIn(s, a, 7, cmp.deadbandC);
    this.limit[i] = cmp.limitC;
    this.defKw[i] = paramIn(s, a, 8, p.defrostKw);
    this.defMs[i] = Math.round(paramIn(s, a, 9, p.defrostMs));
    this.T[i] = this.setpoint[i] + this.deadband[i] * (uniformAt(s, a, S_INIT, 0) - 0.5);
    this.runMs[i] = Math.floor(uniformAt(s, a, S_INIT, 1) * p.defrostEveryRunMs); // stagger defrosts
    this.comp[i] = 0; this.call[i] = 0; this.safe[i] = 0; this.defrosting[i] = 0; this.counted[i] = 0; this.held[i] = 0;
    this.defEnd[i] = NaN; this.dueSince[i] = NaN; this.aboveSince[i] = this.T[i] > this.limit[i] ? t : NaN;
    this.lastSw[i] = t - p.minOffMs;
  }

  powerKw(i: number): number {
    return this.comp[i] ? this.kw[i] : this.defrosting[i] ? this.defKw[i] : 0;
  }

  discomfort(i: number, _t: number): number {
    // Customers notice a warm fridge; this is mostly informational since safety acts first.
    return clamp((this.T[i] - (this.setpoint[i] + this.deadband[i] / 2)) / 2, 0, 1);
  }

  private teq(i: number): number {
    const q = (this.comp[i] ? -this.Qc[i] : 0) + (this.defrosting[i] ? this.p.defrostHeatFraction * this.defKw[i] * 1000 : 0);
    return this.room[i] + q / this.UA[i];
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    const p = this.p, t0 = this.tLast[i], L = (t - t0) / 1000;
    const tau = this.C[i] / this.UA[i], Teq = this.teq(i), T0 = this.T[i];
    const T1 = expAt(T0, Teq, tau, L);
    const lim = this.limit[i];
    // Food-safety clock: crossings of the limit inside this monotone piece.
    if (T0 <= lim && T1 > lim) {
      this.aboveSince[i] = t0 + expTimeTo(T0, Teq, tau, lim) * 1000;
      this.counted[i] = 0;
    } else if (T0 > lim && T1 <= lim) {
      const down = t0 + expTimeTo(T0, Teq, tau, lim) * 1000;
      if (!this.counted[i] && this.held[i] && down - this.aboveSince[i] > p.limitMs) this.violate(i);
      this.aboveSince[i] = NaN;
      this.counted[i] = 0;
    }
    if (T1 > lim && !this.counted[i] && this.held[i] && t - this.aboveSince[i] > p.limitMs) {
      this.violate(i);
      this.counted[i] = 1;
    }
    this.T[i] = T1;
    if (this.comp[i]) {
      const before = this.runMs[i];
      this.runMs[i] = before + (t - t0);
      if (before < p.defrostEveryRunMs && this.runMs[i] >= p.defrostEveryRunMs) this.dueSince[i] = t0 + (p.defrostEveryRunMs - before);
    }
  }

  protected settle(i: number, t: number, _w: Weather): void {
    const p = this.p, T = this.T[i];
    if (this.defrosting[i] && t >= this.defEnd[i]) {
      this.defrosting[i] = 0;
      this.runMs[i] = 0;
      this.dueSince[i] = NaN; // the compressor has been off all along: it may start at once
    }
    const sp = this.setpoint[i], half = this.deadband[i] / 2;
    if (!this.call[i] && T >= sp + half - EPS) this.call[i] = 1;
    else if (this.call[i] && T <= sp - half + EPS) this.call[i] = 0;
    if (T <= sp - half + EPS) this.held[i] = 0;
    if (!this.safe[i] && T >= this.limit[i] + p.safetyMarginC - EPS) this.safe[i] = 1;
    else if (this.safe[i] && T <= sp - half + EPS) this.safe[i] = 0;
    if (this.defrosting[i]) return;
    const blocked = this.ctl.blocked(i, t) && !this.safe[i];
    const want = (this.call[i] || this.safe[i]) && !blocked;
    if ((this.call[i] || this.safe[i]) && blocked) this.held[i] = 1;
    if (this.comp[i] && (blocked || (!want && t >= this.lastSw[i] + p.minOnMs))) {
      this.comp[i] = 0;
      this.lastSw[i] = t;
    }
    if (!this.comp[i] && !Number.isNaN(this.dueSince[i]) && !this.call[i] && !this.safe[i]) {
      // Defrost right after a run, deferred while a DR event asks, but not beyond maxDefrostDelayMs.
      if (!this.ctl.startBlocked(i, t) || t >= this.dueSince[i] + p.maxDefrostDelayMs) {
        this.defrosting[i] = 1;
        this.defEnd[i] = t + this.defMs[i];
        return;
      }
    }
    if (!this.comp[i] && want && t >= this.lastSw[i] + p.minOffMs) {
      this.comp[i] = 1;
      this.lastSw[i] = t;
    }
  }

  protected next(i: number, t: number, _w: Weather): number {
    const p = this.p;
    if (this.defrosting[i]) return this.defEnd[i];
    let best = Math.min(this.ctl.nextBoundary(i, t), t + p.horizonMs);
    const tau = this.C[i] / this.UA[i], Teq = this.teq(i), T = this.T[i];
    const sp = this.setpoint[i], half = this.deadband[i] / 2;
    if (this.comp[i]) {
      if (this.call[i] || this.safe[i]) best = reachedBy(best, t, T, Teq, tau, sp - half, this.lastSw[i] + p.minOnMs);
      else best = Math.min(best, this.lastSw[i] + p.minOnMs);
    } else {
      const blockedRaw = this.ctl.blocked(i, t);
      if ((this.call[i] || this.safe[i]) && (!blockedRaw || this.safe[i])) best = Math.min(best, this.lastSw[i] + p.minOffMs);
      if (!this.call[i]) best = reachedBy(best, t, T, Teq, tau, sp + half, blockedRaw ? t : this.lastSw[i] + p.minOffMs);
      if (!this.safe[i] && blockedRaw) best = reachedBy(best, t, T, Teq, tau, this.limit[i] + p.safetyMarginC, this.lastSw[i] + p.minOffMs);
      if (!Number.isNaN(this.dueSince[i]) && !this.call[i]) best = Math.min(best, this.dueSince[i] + p.maxDefrostDelayMs);
    }
    return best;
  }
}

/** The earlier of `best` and when the compartment, from T at t, reaches `target` (not before notBefore). No closure: this runs at every step. */
function reachedBy(best: number, t: number, T: number, Teq: number, tau: number, target: number, notBefore: number): number {
  const s = expTimeTo(T, Teq, tau, target);
  return s < Infinity ? Math.min(best, Math.max(Math.ceil(t + s * 1000), notBefore)) : best;
}
