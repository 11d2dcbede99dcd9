/**
 * Electric resistance water heater, GridLAB-D's hybrid tank model simplified to closed forms:
 *  - full tank, no draw (one node):  C dTw/dt = P·on − UA (Tw − Tamb)                  (exponential);
 *  - partial tank or drawing (two zones, hot water at Tw over cold at Tin, thermocline moving):
 *      ρc (Tw − Tin) dVhot/dt = P·on − UA (Tw − Tamb) − ρc q (Tw − Tin)                 (linear),
 *    i.e. stored enthalpy above Tin is conserved exactly: electric in = Δstored + jacket loss + drawn.
 * As in GridLAB-D, the element runs whenever the tank is partial (the lower thermostat sees cold water) and
 * by the deadband when full. Hot-water draws are random but common to a device and its shadow: each 10-minute
 * slot holds at most one draw, with probability following GridLAB-D's residential water-heater load shape.
 *
 * DR: shed / cycle / curtail / delay hold the element off; offset lowers the set point (precoolC raises it
 * first: "load up"). Safety beats DR: once the hot volume falls to reserveFraction of the tank, or the water
 * to safetyMinC, the element heats until the tank is full and at its set point again.
 *
 * Accounting: a violation is water below 45 °C at a draw while DR held the element off (the safety logic
 * failed). A heavy cluster of draws can still empty a tank that DR left short although the element is back
 * on — no rule that cannot foresee draws avoids that — so those are counted apart as `shortfalls`, with the
 * tank's deficit against its no-DR twin as the attribution.
 */
import { EPS as EPS_, FleetBase, clamp } from './fleet.ts';
import { flagFields, floatFields } from './record.ts';
import { expAt, expTimeTo } from './thermal.ts';
import { COMMON_DEFAULTS, HOUR, MINUTE, type CommonParams, type Range, type Weather } from './types.ts';
import { S_DRAW_OCC, S_DRAW_OFF, S_DRAW_VOL, S_INIT, normalAt, paramIn, paramNormal, profileSum, uniformAt } from './usage.ts';

// Module-local copies of hot-path constants (imported bindings cost a getter call under some loaders).
const EPS = EPS_;
const H_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Volumetric heat capacity of water, J/(L·K). */
export const RHO_C = 4186;

/** GridLAB-D residential-waterheater-default, weekday-summer, by hour (relative). */
export const WATER_DRAW_PROFILE = [
  0.21, 0.16, 0.13, 0.12, 0.15, 0.26, 0.51, 0.76, 0.77, 0.76, 0.71, 0.61,
  0.54, 0.49, 0.43, 0.41, 0.43, 0.52, 0.6, 0.6, 0.59, 0.6, 0.55, 0.37,
] as const;

export interface WaterHeaterParams extends CommonParams {
  /** Tank sizes (L) and their shares. */
  tankL: readonly number[];
  tankShare: readonly number[];
  elementKw: Range;
  /** Jacket UA of a 50-gal tank, W/K; scaled with volume. */
  ua50galWPerK: Range;
  /** Set point ~ N(mean, sd) clipped to [lo, hi], °C. */
  setpointC: readonly [mean: number, sd: number, lo: number, hi: number];
  deadbandC: Range;
  inletC: number;
  ambientC: Range;
  /** Household hot-water use, L/day. */
  dailyHotWaterL: Range;
  drawMeanL: number;
  drawCv: number;
  drawMaxL: number;
  flowLpm: number;
  slotMs: number;
  profile: readonly number[];
  reserveFraction: number;
  /** A draw starting while DR has left the tank below this fraction hot turns the safety heating on (0: off). */
  drawGuardFraction: number;
  safetyMinC: number;
  /** A draw that gets water below this while DR held the element off is a violation. */
  violationC: number;
  maxSetpointC: number;
  precoolMs: number;
}

export const WATER_HEATER_DEFAULTS: WaterHeaterParams = {
  ...COMMON_DEFAULTS,
  tankL: [151, 189, 303],
  tankShare: [0.3, 0.6, 0.1],
  elementKw: [4.5, 4.5],
  ua50galWPerK: [0.95, 1.15],
  setpointC: [51, 1.5, 48.5, 57],
  deadbandC: [1.1, 2.8],
  inletC: 15.6,
  ambientC: [24, 27],
  dailyHotWaterL: [180, 320],
  drawMeanL: 25,
  drawCv: 0.8,
  drawMaxL: 75,
  flowLpm: 8,
  slotMs: 10 * MINUTE,
  profile: WATER_DRAW_PROFILE,
  reserveFraction: 1 / 3,
  drawGuardFraction: 0,
  safetyMinC: 47,
  violationC: 45,
  maxSetpointC: 60,
  precoolMs: 2 * HOUR,
};

/** A draw inside slot k: [start, end) in simulation ms and its flow in L/s; start is NaN when the slot has none. */
export interface Draw {
  start: number;
  end: number;
  flowLps: number;
}

/** A water heater's record (record.ts). */
const F = floatFields([
  /** Tank (L), element (kW), jacket UA (W/K), set point and deadband (°C), ambient (°C), daily hot water (L). */
  'V', 'kw', 'UA', 'setpoint', 'deadband', 'ambient', 'dailyL',
  /** State: hot-zone temperature, hot volume (L). */
  'Tw', 'Vh',
  /**
   * Hot water (L) the tank lacks compared with the same tank never held off by DR: grows at the element's
   * recovery rate while DR holds it off, shrinks while it catches up after the no-DR tank would be full.
   */
  'deficit',
  /** Draws that ran out of hot water while the tank was short because of DR (a count). */
  'shortfallCount',
  /** The draw slot last counted as a violation, as a shortfall (−1: none). */
  'lastViolSlot', 'lastShortSlot',
] as const);
/** Element on, heat needed, safety latch. */
const B = flagFields(['on', 'need', 'safe'] as const);

export class WaterHeaterFleet extends FleetBase<WaterHeaterParams, typeof F, typeof B> {
  readonly type = 'water_heater';
  private readonly scratch: Draw = { start: NaN, end: NaN, flowLps: 0 };
  // Draw-model constants: P(draw in a slot) per litre of daily use per unit of profile, lognormal volume.
  private readonly probPerL: number;
  private readonly volMu: number;
  private readonly volSigma: number;
  private readonly flowLps: number;

  constructor(count: number, seed: number, firstActorId: number, params: Partial<WaterHeaterParams> = {}) {
    const p = { ...WATER_HEATER_DEFAULTS, ...params };
    super(count, seed, firstActorId, p, p.precoolMs, F, B);
    this.probPerL = (p.slotMs / H_MS) / (p.drawMeanL * profileSum(p.profile));
    const s2 = Math.log1p(p.drawCv * p.drawCv);
    this.volMu = Math.log(p.drawMeanL) - s2 / 2;
    this.volSigma = Math.sqrt(s2);
    this.flowLps = p.flowLpm / 60;
  }

  protected initDevice(i: number, _t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed, f = this.f, r = i * F.stride, rb = r * 8;
    const u = paramIn(s, a, 0, [0, 1]);
    let k = 0;
    for (let acc = p.tankShare[0]; k < p.tankL.length - 1 && u >= acc; ) acc += p.tankShare[++k];
    f[r + F.V] = p.tankL[k];
    f[r + F.kw] = paramIn(s, a, 1, p.elementKw);
    f[r + F.UA] = (paramIn(s, a, 2, p.ua50galWPerK) * f[r + F.V]) / 189.3;
    const [mu, sd, lo, hi] = p.setpointC;
    f[r + F.setpoint] = paramNormal(s, a, 3, mu, sd, lo, hi);
    f[r + F.deadband] = paramIn(s, a, 4, p.deadbandC);
    f[r + F.ambient] = paramIn(s, a, 5, p.ambientC);
    f[r + F.dailyL] = paramIn(s, a, 6, p.dailyHotWaterL);
    f[r + F.Tw] = f[r + F.setpoint] + f[r + F.deadband] * (uniformAt(s, a, S_INIT, 0) - 0.5);
    f[r + F.Vh] = f[r + F.V];
    this.b[rb + B.on] = 0; this.b[rb + B.need] = 0; this.b[rb + B.safe] = 0;
    f[r + F.deficit] = 0;
    f[r + F.shortfallCount] = 0;
    f[r + F.lastViolSlot] = -1;
    f[r + F.lastShortSlot] = -1;
  }

  /** The draw (if any) in local slot k of device i: a pure function of (seed, device, slot). */
  drawInSlot(i: number, k: number, out: Draw = this.scratch): Draw {
    const p = this.p, a = this.actor(i), slotMs = p.slotMs;
    const slotStart = k * slotMs - p.dayStartMs;
    const hour = Math.floor((((k * slotMs) % DAY_MS) + DAY_MS) % DAY_MS / H_MS);
    const prob = Math.min(0.95, this.f[i * F.stride + F.dailyL] * this.probPerL * p.profile[hour]);
    out.flowLps = this.flowLps;
    if (!(uniformAt(this.seed, a, S_DRAW_OCC, k) < prob)) {
      out.start = out.end = NaN;
      return out;
    }
    const vol = clamp(Math.exp(normalAt(this.seed, a, S_DRAW_VOL, k, this.volMu, this.volSigma)), 1, p.drawMaxL);
    const dur = Math.round((vol / p.flowLpm) * 60_000);
    out.start = slotStart + Math.floor(uniformAt(this.seed, a, S_DRAW_OFF, k) * (slotMs - dur));
    out.end = out.start + dur;
    return out;
  }

  powerKw(i: number): number {
    const r = i * F.stride;
    return this.b[r * 8 + B.on] ? this.f[r + F.kw] : 0;
  }

  discomfort(i: number, _t: number): number {
    const p = this.p, f = this.f, r = i * F.stride;
    const setpoint = f[r + F.setpoint];
    const low = clamp((1 - f[r + F.Vh] / f[r + F.V]) / (1 - p.reserveFraction), 0, 1);
    const cool = clamp((setpoint - f[r + F.deadband] / 2 - f[r + F.Tw]) / (setpoint - p.violationC), 0, 1);
    return Math.max(low, cool);
  }

  private effSetpoint(r: number, t: number): number {
    return clamp(this.f[r + F.setpoint] - this.ctl.setpointShift(r, t), this.p.safetyMinC + this.f[r + F.deadband], this.p.maxSetpointC);
  }

  private drawing(i: number, t: number): boolean {
    const d = this.drawInSlot(i, Math.floor((t + this.p.dayStartMs) / this.p.slotMs));
    return d.start <= t && t < d.end;
  }

  /**
   * Walks from t0 to t1 with the element held. Search mode (`search` true) returns the first time a decision
   * can change (NaN if none before t1) and changes nothing; otherwise it stores the state at t1 and records
   * violations. Pieces end at draw boundaries, at refill (partial → full) and at t1.
   */
  private walk(i: number, t0: number, t1: number, search: boolean): number {
    const p = this.p, f = this.f, r = i * F.stride, rb = r * 8;
    const V = f[r + F.V], UA = f[r + F.UA], Tin = p.inletC, Tamb = f[r + F.ambient];
    const on = this.b[rb + B.on], safe = this.b[rb + B.safe];
    const P = on ? f[r + F.kw] * 1000 : 0;
    const C = RHO_C * V, tau = C / UA;
    const sp = this.effSetpoint(r, t0), half = f[r + F.deadband] / 2;
    const Ton = sp - half, Toff = sp + half, TonBase = f[r + F.setpoint] - half;
    const ctlBlocked = this.ctl.blocked(r, t0);
    const blocked = ctlBlocked && !safe;
    const reserve = p.reserveFraction * V;
    const kwRated = f[r + F.kw] * 1000;
    // The element is held off by DR (not by the thermostat) over this walk.
    const heldOff = P === 0 && this.b[rb + B.need] === 1 && blocked;
    let Tw = f[r + F.Tw], Vh = f[r + F.Vh], D = f[r + F.deficit], s = t0;
    while (s < t1) {
      const k = Math.floor((s + p.dayStartMs) / p.slotMs);
      const d = this.drawInSlot(i, k);
      const slotEnd = (k + 1) * p.slotMs - p.dayStartMs;
      const inDraw = d.start <= s && s < d.end;
      let e = inDraw ? d.end : d.start > s ? d.start : slotEnd;
      e = Math.min(e, t1);
      if (inDraw && !search && s === d.start && heldOff && Tw < p.violationC) this.violateDraw(i, k);
      if (!inDraw && Vh >= V - EPS) {
        // One node.
        const Teq = Tamb + P / UA;
        const L = (e - s) / 1000;
        if (search) {
          let tc = Infinity;
          if (P > 0) {
            if (safe && ctlBlocked) tc = Math.min(tc, expTimeTo(Tw, Teq, tau, TonBase));
            tc = Math.min(tc, expTimeTo(Tw, Teq, tau, Toff));
          } else {
            tc = Math.min(tc, expTimeTo(Tw, Teq, tau, blocked ? p.safetyMinC : Ton));
          }
          if (tc <= L) return Math.ceil(s + tc * 1000);
          // An idle heater wakes at the start of a draw unless DR holds it.
          if (P === 0 && !blocked && e === d.start) return e;
        }
        Tw = expAt(Tw, Teq, tau, L);
        Vh = V;
        D = 0;
        s = e;
        continue;
      }
      // Two zones. An idle element not held by DR switches on as soon as the tank is partial or drawn from.
      if (search && P === 0 && !blocked) return Math.ceil(s);
      const q = inDraw ? d.flowLps : 0;
      const rate = (P - UA * (Tw - Tamb)) / (RHO_C * Math.max(Tw - Tin, 1)) - q; // L/s
      if (rate > 0 && !inDraw) {
        const tFull = s + ((V - Vh) / rate) * 1000;
        if (tFull < e) {
          if (search && safe && ctlBlocked && Tw >= TonBase - EPS) return Math.ceil(tFull);
          if (search && Tw >= Toff - EPS) return Math.ceil(tFull);
          Vh = V;
          D = 0;
          s = tFull;
          continue;
        }
      }
      const dt = (e - s) / 1000;
      if (search && P === 0 && blocked && rate < 0 && Vh > reserve) {
        const tr = s + ((Vh - reserve) / -rate) * 1000;
        if (tr <= e) return Math.ceil(tr);
      }
      const v1 = Vh + rate * dt;
      if (search && P === 0 && blocked && e === d.start && v1 < p.drawGuardFraction * V) return e;
      if (!search && inDraw && v1 <= 0) {
        if (heldOff) this.violateDraw(i, k);
        if (D > 1) this.shortfall(r, k);
      }
      if (!search) {
        // Deficit against the no-DR tank (whose element would run whenever it is not full).
        const gain = (kwRated - UA * (Tw - Tamb)) / (RHO_C * Math.max(Tw - Tin, 1));
        if (P === 0 && blocked) D += gain * dt;
        else if (Vh + D >= V - EPS) D -= gain * dt;
      }
      Vh = clamp(v1, 0, V);
      D = clamp(D, 0, V - Vh);
      s = e;
    }
    if (!search) {
      f[r + F.Tw] = Tw;
      f[r + F.Vh] = Vh;
      f[r + F.deficit] = D;
    }
    return NaN;
  }

  /** DR-attributable hot-water shortfalls so far (not safety violations: the safety logic had the element on). */
  get shortfalls(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) n += this.f[i * F.stride + F.shortfallCount];
    return n;
  }

  private shortfall(r: number, slot: number): void {
    const f = this.f;
    if (f[r + F.lastShortSlot] === slot) return;
    f[r + F.lastShortSlot] = slot;
    f[r + F.shortfallCount]++;
  }

  private violateDraw(i: number, slot: number): void {
    const r = i * F.stride;
    if (this.f[r + F.lastViolSlot] === slot) return;
    this.f[r + F.lastViolSlot] = slot;
    this.violate(i);
  }

  protected integrate(i: number, t: number, _w: Weather): void {
    this.walk(i, this.lastUpdate(i), t, false);
  }

  protected settle(i: number, t: number, _w: Weather): void {
    const p = this.p, f = this.f, b = this.b, r = i * F.stride, rb = r * 8;
    const V = f[r + F.V], Tw = f[r + F.Tw], Vh = f[r + F.Vh];
    const drawing = this.drawing(i, t);
    const full = Vh >= V - EPS && !drawing;
    const sp = this.effSetpoint(r, t), half = f[r + F.deadband] / 2;
    if (!full) b[rb + B.need] = 1;
    else if (Tw <= sp - half + EPS) b[rb + B.need] = 1;
    else if (Tw >= sp + half - EPS) b[rb + B.need] = 0;
    const guard = drawing && f[r + F.deficit] > 0 && Vh < p.drawGuardFraction * V;
    if (!b[rb + B.safe] && b[rb + B.need] && (Vh <= p.reserveFraction * V + EPS || Tw <= p.safetyMinC + EPS || guard)) b[rb + B.safe] = 1;
    else if (b[rb + B.safe] && full && Tw >= f[r + F.setpoint] - half - EPS) b[rb + B.safe] = 0;
    const blocked = this.ctl.blocked(r, t) && !b[rb + B.safe];
    b[rb + B.on] = b[rb + B.need] && !blocked ? 1 : 0;
  }

  protected next(i: number, t: number, _w: Weather): number {
    const limit = Math.min(this.ctl.nextBoundary(i * F.stride, t), t + this.p.horizonMs);
    const tc = this.walk(i, t, limit, true);
    return Number.isNaN(tc) ? limit : tc;
  }
}
