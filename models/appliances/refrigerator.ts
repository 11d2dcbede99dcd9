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
import { BASE, flagFields, floatFields } from './record.ts';
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

/** A refrigerator's record (record.ts). */
const F = floatFields([
  /** Compressor kW, cooling W, UA W/K, heat capacity J/K, room °C, set point and deadband °C, food limit °C. */
  'kw', 'Qc', 'UA', 'C', 'room', 'setpoint', 'deadband', 'limit',
  /** Defrost heater kW and duration ms. */
  'defKw', 'defMs',
  /** State: compartment °C, defrost end, compressor run since the last defrost (ms). */
  'T', 'defEnd', 'runMs',
  /** When the defrost fell due (NaN: not due). */
  'dueSince',
  'lastSw',
  /** When the food went above the limit (NaN: below). */
  'aboveSince',
] as const);
/**
 * Compressor, thermostat calling, safety latch, defrosting; whether this excursion above the limit was counted;
 * DR held the compressor off since the food was last back at the lower deadband edge.
 */
const B = flagFields(['comp', 'call', 'safe', 'defrosting', 'counted', 'held'] as const);
const T_LAST = BASE.tLast;

export class RefrigeratorFleet extends FleetBase<RefrigeratorParams, typeof F, typeof B> {
  readonly type = 'refrigerator';

  constructor(count: number, seed: number, firstActorId: number, params: Partial<RefrigeratorParams> = {}) {
    const p = { ...REFRIGERATOR_DEFAULTS, ...params };
    super(count, seed, firstActorId, p, 0, F, B);
  }

  protected initDevice(i: number, t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed, f = this.f, b = this.b, r = i * F.stride, rb = r * 8;
    f[r + F.kw] = paramIn(s, a, 0, p.compressorKw);
    f[r + F.Qc] = f[r + F.kw] * 1000 * paramIn(s, a, 1, p.copCooling);
    const freezer = paramIn(s, a, 5, [0, 1]) < p.freezerShare;
    const cmp = freezer ? p.freezer : p.fridge;
    f[r + F.UA] = paramIn(s, a, 2, freezer ? p.freezer.uaWPerK : p.uaWPerK);
    f[r + F.C] = paramIn(s, a, 3, p.heatCapacityJPerK);
    f[r + F.room] = paramIn(s, a, 4, p.roomC);
    f[r + F.setpoint] = paramIn(s, a, 6, cmp.setpointC);
    f[r + F.deadband] = paramIn(s, a, 7, cmp.deadbandC);
    f[r + F.limit] = cmp.limitC;
    f[r + F.defKw] = paramIn(s, a, 8, p.defrostKw);
    f[r + F.defMs] = Math.round(paramIn(s, a, 9, p.defrostMs));
    f[r + F.T] = f[r + F.setpoint] + f[r + F.deadband] * (uniformAt(s, a, S_INIT, 0) - 0.5);
    f[r + F.runMs] = Math.floor(uniformAt(s, a, S_INIT, 1) * p.defrostEveryRunMs); // stagger defrosts
    b[rb + B.comp] = 0; b[rb + B.call] = 0; b[rb + B.safe] = 0; b[rb + B.defrosting] = 0; b[rb + B.counted] = 0; b[rb + B.held] = 0;
    f[r + F.defEnd] = NaN; f[r + F.dueSince] = NaN; f[r + F.aboveSince] = f[r + F.T] > f[r + F.limit] ? t : NaN;
    f[r + F.lastSw] = t - p.minOffMs;
  }

  powerKw(i: number): number {
    const r = i * F.stride, rb = r * 8;
    return this.b[rb + B.comp] ? this.f[r + F.kw] : this.b[rb + B.defrosting] ? this.f[r + F.defKw] : 0;
  }

  discomfort(i: number, _t: number): number {
    // Customers notice a warm fridge; this is mostly informational since safety acts first.
    const f = this.f, r = i * F.stride;
    return clamp((f[r + F.T] - (f[r + F.setpoint] + f[r + F.deadband] / 2)) / 2, 0, 1);
  }

  private teq(r: number): number {
    const f = this.f, rb = r * 8;
    const q = (this.b[rb + B.comp] ? -f[r + F.Qc] : 0) + (this.b[rb + B.defrosting] ? this.p.defrostHeatFraction * f[r + F.defKw] * 1000 : 0);
    return f[r + F.room] + q / f[r + F.UA];
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    const f = this.f, b = this.b, r = i * F.stride, rb = r * 8;
    const p = this.p, t0 = f[r + T_LAST], L = (t - t0) / 1000;
    const tau = f[r + F.C] / f[r + F.UA], Teq = this.teq(r), T0 = f[r + F.T];
    const T1 = expAt(T0, Teq, tau, L);
    const lim = f[r + F.limit];
    // Food-safety clock: crossings of the limit inside this monotone piece.
    if (T0 <= lim && T1 > lim) {
      f[r + F.aboveSince] = t0 + expTimeTo(T0, Teq, tau, lim) * 1000;
      b[rb + B.counted] = 0;
    } else if (T0 > lim && T1 <= lim) {
      const down = t0 + expTimeTo(T0, Teq, tau, lim) * 1000;
      if (!b[rb + B.counted] && b[rb + B.held] && down - f[r + F.aboveSince] > p.limitMs) this.violate(i);
      f[r + F.aboveSince] = NaN;
      b[rb + B.counted] = 0;
    }
    if (T1 > lim && !b[rb + B.counted] && b[rb + B.held] && t - f[r + F.aboveSince] > p.limitMs) {
      this.violate(i);
      b[rb + B.counted] = 1;
    }
    f[r + F.T] = T1;
    if (b[rb + B.comp]) {
      const before = f[r + F.runMs];
      f[r + F.runMs] = before + (t - t0);
      if (before < p.defrostEveryRunMs && f[r + F.runMs] >= p.defrostEveryRunMs) f[r + F.dueSince] = t0 + (p.defrostEveryRunMs - before);
    }
  }

  protected settle(i: number, t: number, _w: Weather): void {
    const f = this.f, b = this.b, r = i * F.stride, rb = r * 8;
    const p = this.p, T = f[r + F.T];
    if (b[rb + B.defrosting] && t >= f[r + F.defEnd]) {
      b[rb + B.defrosting] = 0;
      f[r + F.runMs] = 0;
      f[r + F.dueSince] = NaN; // the compressor has been off all along: it may start at once
    }
    const sp = f[r + F.setpoint], half = f[r + F.deadband] / 2;
    if (!b[rb + B.call] && T >= sp + half - EPS) b[rb + B.call] = 1;
    else if (b[rb + B.call] && T <= sp - half + EPS) b[rb + B.call] = 0;
    if (T <= sp - half + EPS) b[rb + B.held] = 0;
    if (!b[rb + B.safe] && T >= f[r + F.limit] + p.safetyMarginC - EPS) b[rb + B.safe] = 1;
    else if (b[rb + B.safe] && T <= sp - half + EPS) b[rb + B.safe] = 0;
    if (b[rb + B.defrosting]) return;
    const blocked = this.ctl.blocked(r, t) && !b[rb + B.safe];
    const want = (b[rb + B.call] || b[rb + B.safe]) && !blocked;
    if ((b[rb + B.call] || b[rb + B.safe]) && blocked) b[rb + B.held] = 1;
    if (b[rb + B.comp] && (blocked || (!want && t >= f[r + F.lastSw] + p.minOnMs))) {
      b[rb + B.comp] = 0;
      f[r + F.lastSw] = t;
    }
    if (!b[rb + B.comp] && !Number.isNaN(f[r + F.dueSince]) && !b[rb + B.call] && !b[rb + B.safe]) {
      // Defrost right after a run, deferred while a DR event asks, but not beyond maxDefrostDelayMs.
      if (!this.ctl.startBlocked(r, t) || t >= f[r + F.dueSince] + p.maxDefrostDelayMs) {
        b[rb + B.defrosting] = 1;
        f[r + F.defEnd] = t + f[r + F.defMs];
        return;
      }
    }
    if (!b[rb + B.comp] && want && t >= f[r + F.lastSw] + p.minOffMs) {
      b[rb + B.comp] = 1;
      f[r + F.lastSw] = t;
    }
  }

  protected next(i: number, t: number, _w: Weather): number {
    const f = this.f, b = this.b, r = i * F.stride, rb = r * 8;
    const p = this.p;
    if (b[rb + B.defrosting]) return f[r + F.defEnd];
    let best = Math.min(this.ctl.nextBoundary(r, t), t + p.horizonMs);
    const tau = f[r + F.C] / f[r + F.UA], Teq = this.teq(r), T = f[r + F.T];
    const sp = f[r + F.setpoint], half = f[r + F.deadband] / 2, lastSw = f[r + F.lastSw];
    if (b[rb + B.comp]) {
      if (b[rb + B.call] || b[rb + B.safe]) best = reachedBy(best, t, T, Teq, tau, sp - half, lastSw + p.minOnMs);
      else best = Math.min(best, lastSw + p.minOnMs);
    } else {
      const blockedRaw = this.ctl.blocked(r, t);
      if ((b[rb + B.call] || b[rb + B.safe]) && (!blockedRaw || b[rb + B.safe])) best = Math.min(best, lastSw + p.minOffMs);
      if (!b[rb + B.call]) best = reachedBy(best, t, T, Teq, tau, sp + half, blockedRaw ? t : lastSw + p.minOffMs);
      if (!b[rb + B.safe] && blockedRaw) best = reachedBy(best, t, T, Teq, tau, f[r + F.limit] + p.safetyMarginC, lastSw + p.minOffMs);
      const due = f[r + F.dueSince];
      if (!Number.isNaN(due) && !b[rb + B.call]) best = Math.min(best, due + p.maxDefrostDelayMs);
    }
    return best;
  }
}

/** The earlier of `best` and when the compartment, from T at t, reaches `target` (not before notBefore). No closure: this runs at every step. */
function reachedBy(best: number, t: number, T: number, Teq: number, tau: number, target: number, notBefore: number): number {
  const s = expTimeTo(T, Teq, tau, target);
  return s < Infinity ? Math.min(best, Math.max(Math.ceil(t + s * 1000), notBefore)) : best;
}
