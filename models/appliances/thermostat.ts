/**
 * Central AC behind a programmable communicating thermostat, in a two-node ETP house (GridLAB-D house_e).
 *
 * House parameters come from the floor area with GridLAB-D's house_e defaults (geometry, R-values of thermal
 * integrity NORMAL, air ×3 multiplier, 2 Btu/°F·ft² of mass, 1.46 Btu/h·°F·ft² interior surfaces). The AC is
 * sized from the design load (35 °C outdoor, 23.9 °C indoor) times an oversizing factor; its capacity and
 * electric power follow the outdoor temperature by GridLAB-D's default curves. Gains: internal (by hour, ELCAP
 * shape), sun through windows, and sun on the roof and walls arriving with the envelope's lag. Half the
 * households set the thermostat up while away. The thermostat has a deadband and minimum on/off times; the
 * compressor switches when the air temperature crosses a deadband edge, found by a bounded root-find on the
 * closed form.
 *
 * DR: cycling / curtail force the compressor off in each off-window (the indoor fan keeps running while the
 * thermostat calls, as with SCE's Summer Discount Plan switch); offset raises the set point, optionally after
 * pre-cooling; shed turns it off; delay keeps it off until a time. Safety: above maxIndoorC the AC runs
 * whatever the control, until the air is 1 °C below that.
 */
import { EPS as EPS_, FleetBase, clamp } from './fleet.ts';
import { etpCoeffs, etpEigen, firstRootSumExp } from './thermal.ts';
import { COMMON_DEFAULTS, HOUR, MINUTE, type CommonParams, type Range, type Weather } from './types.ts';
import { S_INIT, hourlyLinear, paramIn, uniformAt } from './usage.ts';

const EPS = EPS_; // module-local: imported bindings cost a getter call under some loaders

const W_PER_BTUH = 0.29307107;
/** Knot intervals whose weather and gain terms a fleet keeps at once (see ThermostatFleet.knot). */
const KNOT_CACHE = 32;
const DAY_MS = 86_400_000;
const WK_PER_BTUH_F = W_PER_BTUH * 1.8;
const JK_PER_BTU_F = 1055.056 * 1.8;

export interface ThermostatParams extends CommonParams {
  floorAreaFt2: Range;
  coolingSetpointC: Range;
  deadbandC: Range;
  minOnMs: number;
  minOffMs: number;
  /** AC sensible capacity over the design sensible load. */
  sizingFactor: Range;
  /** Energy efficiency ratio at rating conditions, Btu/Wh (electric kW = total Btu/h / EER / 1000). */
  eerBtuPerWh: Range;
  sensibleHeatRatio: number;
  /** Indoor blower, kW: part of the rated power, and what remains while DR holds the compressor off. */
  fanKw: number;
  /** Mean internal gains as a fraction of GridLAB-D's design internal gains 167.09·A^0.442 Btu/h. */
  internalGainFactor: number;
  /** Internal gains by local hour relative to their mean (24 values). */
  internalGainProfile: readonly number[];
  /** Solar gain at the daily peak, per ft² of glazing before SHGC and screens, Btu/h·ft². */
  solarPeakBtuPerHFt2: number;
  airHeatFraction: number;
  designOutdoorC: number;
  designIndoorC: number;
  rRoof: number;
  rWall: number;
  rFloor: number;
  rDoor: number;
  uWindow: number;
  windowShgc: number;
  airChangesPerHour: number;
  windowWallRatio: number;
  /** Heat-safety limit: above it the AC runs whatever the DR control. */
  maxIndoorC: number;
  /** Discomfort reaches 1 this far above the top of the customer's comfort band. */
  discomfortSpanC: number;
  /** Pre-cooling lasts this long from the moment an offset with precoolC is set. */
  precoolMs: number;
  /** Outdoor temperature and solar gains are linear between these knots (the scenario's hourly profile). */
  knotMs: number;
  /**
   * Capacity and electric input follow the outdoor temperature by GridLAB-D house_e's default curves
   * (`gridlabd`, rated at 35 °C) or stay at their rated values (`flat`, GridLAB-D's CP_FLAT / CC_FLAT).
   */
  performanceCurve: 'gridlabd' | 'flat';
  /**
   * Sun on the opaque envelope: mean sol-air excess (°C above the outdoor air) at the roof's ceiling and on
   * the walls at its daily peak, before the envelope's lag (see OPAQUE_SOLAR_PROFILE).
   */
  solAirRoofC: number;
  solAirWallC: number;
  /** Share of households that set the thermostat up while nobody is home on weekdays. */
  awayShare: number;
  /** How far up, °C, and the local hours (fractional) the household leaves and comes back. */
  awaySetupC: Range;
  awayLeaveH: Range;
  awayReturnH: Range;
}

/**
 * Internal gains by local hour, relative to their daily mean: the shape of GridLAB-D's residential lights and
 * plugs load shapes (ELCAP, weekday summer, residential/elcap1990.h), whose heat is most of a house's gains —
 * low at night, flat by day, highest at 21:00.
 */
const ELCAP_LIGHTS_PLUGS = [
  0.38, 0.34, 0.32, 0.32, 0.32, 0.35, 0.41, 0.45, 0.45, 0.45, 0.45, 0.45,
  0.45, 0.44, 0.44, 0.45, 0.47, 0.51, 0.54, 0.56, 0.63, 0.71, 0.65, 0.49,
];
export const INTERNAL_GAIN_PROFILE: number[] = (() => {
  const mean = ELCAP_LIGHTS_PLUGS.reduce((a, b) => a + b, 0) / 24;
  return ELCAP_LIGHTS_PLUGS.map((v) => v / mean);
})();

export const THERMOSTAT_DEFAULTS: ThermostatParams = {
  ...COMMON_DEFAULTS,
  floorAreaFt2: [1200, 2400],
  coolingSetpointC: [22.5, 27.5],
  deadbandC: [0.5, 0.9],
  minOnMs: 3 * MINUTE,
  minOffMs: 5 * MINUTE,
  sizingFactor: [1.1, 2.2],
  eerBtuPerWh: [8, 10],
  sensibleHeatRatio: 0.85,
  fanKw: 0.32,
  internalGainFactor: 0.6,
  internalGainProfile: INTERNAL_GAIN_PROFILE,
  solarPeakBtuPerHFt2: 70,
  airHeatFraction: 0.5,
  designOutdoorC: 35,
  designIndoorC: 23.9,
  rRoof: 30,
  rWall: 11,
  rFloor: 19,
  rDoor: 3,
  uWindow: 0.6,
  windowShgc: 0.67,
  airChangesPerHour: 1.0,
  windowWallRatio: 0.15,
  maxIndoorC: 32,
  discomfortSpanC: 3,
  precoolMs: 2 * HOUR,
  knotMs: HOUR,
  performanceCurve: 'gridlabd',
  solAirRoofC: 25,
  solAirWallC: 12,
  awayShare: 0.5,
  awaySetupC: [2, 4],
  awayLeaveH: [7, 9],
  awayReturnH: [16, 19],
};

/**
 * GridLAB-D house_e CP_DEFAULT: cooling capacity × (1.48924533 − 0.00514995·To[°F]), written in °C as
 * c0 − c1·To; 1 at the 95 °F (35 °C) rating point.
 */
export const CAPACITY_C0 = 1.48924533 - 0.00514995 * 32;
export const CAPACITY_C1 = 0.00514995 * 1.8;
/**
 * GridLAB-D house_e CC_DEFAULT: COP ÷ (−0.01363961 + 0.01066989·To[°F]) for To ≥ 40 °F, i.e. electric input per
 * unit of capacity × (e0 + e1·To[°C]); 1 at 35 °C.
 */
export const EIR_E0 = -0.01363961 + 0.01066989 * 32;
export const EIR_E1 = 0.01066989 * 1.8;
const EIR_MIN_C = (40 - 32) / 1.8;

/** Capacity multiplier at outdoor temperature To (°C). */
export function capacityFactor(To: number, curve: ThermostatParams['performanceCurve']): number {
  return curve === 'flat' ? 1 : CAPACITY_C0 - CAPACITY_C1 * To;
}

/** Compressor electric-power multiplier at To (°C): capacity × electric input ratio. */
export function compressorPowerFactor(To: number, curve: ThermostatParams['performanceCurve']): number {
  return curve === 'flat' ? 1 : capacityFactor(To, curve) * (EIR_E0 + EIR_E1 * Math.max(To, EIR_MIN_C));
}

export interface House {
  /** Envelope + infiltration conductance, W/K. */
  U: number;
  /** Air (×3, GridLAB-D) and mass heat capacities, J/K. */
  Ca: number;
  Cm: number;
  /** Air–mass conductance, W/K. */
  Hm: number;
  /** Mean internal gains, W. */
  Qi: number;
  /** Solar gains through windows at the daily peak, W. */
  Qsol: number;
  /** Solar heat conducted in through the roof and walls at its (lagged) daily peak, W. */
  Qopq: number;
  /** Design sensible cooling load, W. */
  designLoad: number;
}

/** GridLAB-D house_e defaults for a one-storey house of floor area A ft² (aspect 1.5, 8 ft ceilings, 4 doors). */
export function houseFromFloorArea(A: number, p: ThermostatParams): House {
  const ceiling = 8, aspect = 1.5;
  const grossWall = 2 * (aspect + 1) * ceiling * Math.sqrt(A / aspect);
  const window = p.windowWallRatio * grossWall;
  const doors = (4 * 3 * 78) / 12;
  const netWall = grossWall - window - doors;
  const envelopeUA = A / p.rRoof + A / p.rFloor + netWall / p.rWall + window * p.uWindow + doors / p.rDoor;
  const volume = ceiling * A;
  const airDensity = 0.0735, airHeat = 0.2402;
  const airchangeUA = p.airChangesPerHour * volume * airDensity * airHeat;
  const U = (envelopeUA + airchangeUA) * WK_PER_BTUH_F;
  const Ca = 3 * airHeat * airDensity * volume * JK_PER_BTU_F;
  const Cm = (2 * A - 2 * airHeat * airDensity * volume) * JK_PER_BTU_F;
  const Hm = 1.46 * (netWall + grossWall * 1.5 + A) * WK_PER_BTUH_F;
  const designGains = 167.09 * Math.pow(A, 0.442) * W_PER_BTUH;
  const Qsol = window * p.windowShgc * 0.6 * p.solarPeakBtuPerHFt2 * W_PER_BTUH;
  const Qopq = ((A / p.rRoof) * p.solAirRoofC + (netWall / p.rWall) * p.solAirWallC) * WK_PER_BTUH_F;
  const designLoad = U * (p.designOutdoorC - p.designIndoorC) + designGains + Qsol + Qopq;
  return { U, Ca, Cm, Hm, Qi: p.internalGainFactor * designGains, Qsol, Qopq, designLoad };
}

/** Clear-day solar gain shape (fraction of the peak) by local hour: a half sine from 06:00 to 20:00. */
export function solarShape(hour: number): number {
  return Math.max(0, Math.sin((Math.PI * (hour - 6)) / 14));
}

const SOLAR_PROFILE: number[] = Array.from({ length: 24 }, (_, h) => solarShape(h));



/** Time constant of the roof and walls between the sun on their outer surface and the heat reaching indoors. */
export const ENVELOPE_LAG_MS = 3 * 3_600_000;

/**
 * Sun on the opaque envelope reaches the room late and damped (the idea behind ASHRAE's CLTD tables, whose
 * roof and wall values peak at 16:00–20:00): the periodic response of a first-order lag with ENVELOPE_LAG_MS to
 * the half-sine solar shape, by local hour, scaled to a peak of 1.
 */
export const OPAQUE_SOLAR_PROFILE: number[] = (() => {
  const tau = ENVELOPE_LAG_MS / 60_000, out = new Array<number>(24).fill(0);
  let y = 0;
  for (let day = 0; day < 4; day++) {
    for (let m = 0; m < 1440; m++) {
      if (day === 3 && m % 60 === 0) out[m / 60] = y;
      const x = solarShape(m / 60);
      y += (x - y) * (1 - Math.exp(-1 / tau));
    }
  }
  const peak = Math.max(...out);
  return out.map((v) => v / peak);
})();

export class ThermostatFleet extends FleetBase<ThermostatParams> {
  readonly type = 'thermostat';
  readonly U: Float64Array;
  readonly Ca: Float64Array;
  readonly Cm: Float64Array;
  readonly Hm: Float64Array;
  readonly Qi: Float64Array;
  readonly Qsol: Float64Array;
  readonly Qopq: Float64Array;
  /** Sensible cooling capacity at the 35 °C rating point, W. */
  readonly Qc: Float64Array;
  /** Rated electric power (compressor + fan) at 35 °C outdoor, kW. */
  readonly kw: Float64Array;
  /** Electric power while the compressor runs, at the outdoor temperature of the last decision, kW. */
  readonly kwNow: Float64Array;
  readonly setpoint: Float64Array;
  readonly deadband: Float64Array;
  /** Away schedule: set-up (°C, 0 for households without one), leave and return, ms after local midnight. */
  readonly awayC: Float64Array;
  readonly leaveMs: Float64Array;
  readonly returnMs: Float64Array;
  readonly r1: Float64Array;
  readonly r2: Float64Array;
  readonly A3: Float64Array;
  readonly A4: Float64Array;
  /** State: air and mass temperatures, last compressor switch. */
  readonly Ta: Float64Array;
  readonly Tm: Float64Array;
  readonly lastSw: Float64Array;
  readonly comp: Uint8Array;
  readonly call: Uint8Array;
  readonly safe: Uint8Array;
  readonly fan: Uint8Array;
  private readonly hot: Uint8Array;
  /**
   * The furthest piece start a crossing search from the device's last update reached: its time and the air and
   * mass temperatures there (`ahead` NaN when none). The next update walks the same pieces from the same state,
   * so it starts there instead; columns, so that a copy (a baseline shadow) carries them with the state.
   */
  private readonly aheadFrom: Float64Array;
  private readonly ahead: Float64Array;
  private readonly aheadTa: Float64Array;
  private readonly aheadTm: Float64Array;
  private readonly cf = new Float64Array(6);
  private readonly eig = new Float64Array(4);
  /**
   * Outdoor temperature and gain shapes at both ends of a knot interval depend on the knot alone, not on the
   * house: computed once per knot and weather, in a small direct-mapped cache (a walk crosses a few knots,
   * and the fleet's events come in time order, so nearly every piece finds its knot here).
   */
  private knotWeather: Weather | null = null;
  private readonly knotKey = new Float64Array(KNOT_CACHE).fill(NaN);
  private readonly knotTerms = new Float64Array(KNOT_CACHE * 8);

  constructor(count: number, seed: number, firstActorId: number, params: Partial<ThermostatParams> = {}) {
    const p = { ...THERMOSTAT_DEFAULTS, ...params };
    super(count, seed, firstActorId, p, p.precoolMs);
    const f = () => this.col(new Float64Array(count));
    const b = () => this.col(new Uint8Array(count));
    this.U = f(); this.Ca = f(); this.Cm = f(); this.Hm = f(); this.Qi = f(); this.Qsol = f(); this.Qopq = f(); this.Qc = f(); this.kw = f(); this.kwNow = f();
    this.setpoint = f(); this.deadband = f(); this.awayC = f(); this.leaveMs = f(); this.returnMs = f(); this.r1 = f(); this.r2 = f(); this.A3 = f(); this.A4 = f();
    this.Ta = f(); this.Tm = f(); this.lastSw = f();
    this.comp = b(); this.call = b(); this.safe = b(); this.fan = b(); this.hot = b();
    this.aheadFrom = f().fill(NaN); this.ahead = f().fill(NaN); this.aheadTa = f(); this.aheadTm = f();
  }

  protected initDevice(i: number, t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed;
    const house = houseFromFloorArea(paramIn(s, a, 0, p.floorAreaFt2), p);
    this.U[i] = house.U; this.Ca[i] = house.Ca; this.Cm[i] = house.Cm; this.Hm[i] = house.Hm;
    this.Qi[i] = house.Qi; this.Qsol[i] = house.Qsol; this.Qopq[i] = house.Qopq;
    const sp = paramIn(s, a, 1, p.coolingSetpointC), db = paramIn(s, a, 2, p.deadbandC);
    this.setpoint[i] = sp; this.deadband[i] = db;
    this.awayC[i] = paramIn(s, a, 5, [0, 1]) < p.awayShare ? paramIn(s, a, 6, p.awaySetupC) : 0;
    this.leaveMs[i] = paramIn(s, a, 7, p.awayLeaveH) * HOUR;
    this.returnMs[i] = paramIn(s, a, 8, p.awayReturnH) * HOUR;
    this.Qc[i] = paramIn(s, a, 3, p.sizingFactor) * house.designLoad;
    const totalBtuh = this.Qc[i] / p.sensibleHeatRatio / W_PER_BTUH;
    this.kw[i] = totalBtuh / paramIn(s, a, 4, p.eerBtuPerWh) / 1000;
    this.kwNow[i] = this.kw[i];
    etpEigen(house.U, house.Ca, house.Cm, house.Hm, this.eig);
    this.r1[i] = this.eig[0]; this.r2[i] = this.eig[1]; this.A3[i] = this.eig[2]; this.A4[i] = this.eig[3];
    this.Ta[i] = sp - db / 2 + db * uniformAt(s, a, S_INIT, 0);
    this.Tm[i] = this.Ta[i];
    this.lastSw[i] = t - p.minOffMs;
    this.comp[i] = 0; this.call[i] = 0; this.safe[i] = 0; this.fan[i] = 0; this.hot[i] = 0;
    this.aheadFrom[i] = NaN;
  }

  powerKw(i: number): number {
    return this.comp[i] ? this.kwNow[i] : this.fan[i] ? Math.min(this.p.fanKw, this.kw[i]) : 0;
  }

  /** The household's own set point at t: its away set-up between leaving and coming back. */
  scheduled(i: number, t: number): number {
    if (this.awayC[i] === 0) return this.setpoint[i];
    const m = (((t + this.p.dayStartMs) % DAY_MS) + DAY_MS) % DAY_MS;
    return m >= this.leaveMs[i] && m < this.returnMs[i] ? this.setpoint[i] + this.awayC[i] : this.setpoint[i];
  }

  /** The next time after t the away schedule changes the set point (Infinity without a schedule). */
  private nextScheduleChange(i: number, t: number): number {
    if (this.awayC[i] === 0) return Infinity;
    const local = t + this.p.dayStartMs, day = Math.floor(local / DAY_MS) * DAY_MS, m = local - day;
    const at = m < this.leaveMs[i] ? this.leaveMs[i] : m < this.returnMs[i] ? this.returnMs[i] : DAY_MS + this.leaveMs[i];
    return Math.ceil(day + at - this.p.dayStartMs);
  }

  discomfort(i: number, t: number): number {
    const top = this.scheduled(i, t) + this.deadband[i] / 2;
    return clamp((this.Ta[i] - top) / this.p.discomfortSpanC, 0, 1);
  }

  /**
   * Offset into knotTerms of knot interval [k0, k0 + knot]'s terms: outdoor °C, window sun, internal gains and
   * sun on the opaque envelope (shapes, before each house's own factors), each at k0 and at k0 + knot.
   */
  private knot(k0: number, w: Weather): number {
    if (w !== this.knotWeather) {
      this.knotWeather = w;
      this.knotKey.fill(NaN);
      this.aheadFrom.fill(NaN); // pieces walked under other weather
    }
    const slot = (Math.floor(k0 / this.p.knotMs) % KNOT_CACHE + KNOT_CACHE) % KNOT_CACHE, o = slot * 8;
    if (this.knotKey[slot] === k0) return o;
    const p = this.p, k1 = k0 + p.knotMs, v = this.knotTerms;
    v[o] = w.outdoorC(k0);
    v[o + 1] = w.outdoorC(k1);
    v[o + 2] = hourlyLinear(SOLAR_PROFILE, k0, p.dayStartMs);
    v[o + 3] = hourlyLinear(SOLAR_PROFILE, k1, p.dayStartMs);
    v[o + 4] = hourlyLinear(p.internalGainProfile, k0, p.dayStartMs);
    v[o + 5] = hourlyLinear(p.internalGainProfile, k1, p.dayStartMs);
    v[o + 6] = hourlyLinear(OPAQUE_SOLAR_PROFILE, k0, p.dayStartMs);
    v[o + 7] = hourlyLinear(OPAQUE_SOLAR_PROFILE, k1, p.dayStartMs);
    this.knotKey[slot] = k0;
    return o;
  }

  /** Solution coefficients for the piece starting at s (ms) inside knot interval [k0, k0 + knot]. */
  private coeffs(i: number, s: number, k0: number, Ta: number, Tm: number, w: Weather): void {
    const p = this.p, K = p.knotMs, Ks = K / 1000;
    const o = this.knot(k0, w), v = this.knotTerms;
    const To0 = v[o], To1 = v[o + 1];
    // Window sun and internal gains, both linear between hour knots, split between air and mass.
    const Qs0 = this.Qsol[i] * v[o + 2] + this.Qi[i] * v[o + 4];
    const Qs1 = this.Qsol[i] * v[o + 3] + this.Qi[i] * v[o + 5];
    // Sun through the roof and walls enters the air node (as the envelope conductance does).
    const Qo0 = this.Qopq[i] * v[o + 6];
    const Qo1 = this.Qopq[i] * v[o + 7];
    const dQo = (Qo1 - Qo0) / Ks;
    const dTo = (To1 - To0) / Ks, dQs = (Qs1 - Qs0) / Ks;
    const off = (s - k0) / 1000;
    const To = To0 + dTo * off, Qs = Qs0 + dQs * off, Qo = Qo0 + dQo * off;
    const U = this.U[i], Ca = this.Ca[i], Cm = this.Cm[i], fa = p.airHeatFraction;
    const gains = Qs;
    // Capacity is linear in To (GridLAB-D's curve), so the forcing stays linear in time over the piece.
    const flat = p.performanceCurve === 'flat';
    const Qc = this.comp[i] ? this.Qc[i] : 0;
    const c0 = flat ? 1 : CAPACITY_C0, c1 = flat ? 0 : CAPACITY_C1;
    const b0a = (U * To + Qo + fa * gains - Qc * (c0 - c1 * To)) / Ca;
    const b0m = ((1 - fa) * gains) / Cm;
    const b1a = (U * dTo + dQo + fa * dQs + Qc * c1 * dTo) / Ca;
    const b1m = ((1 - fa) * dQs) / Cm;
    etpCoeffs(U, Ca, Cm, this.Hm[i], this.A3[i], this.A4[i], Ta, Tm, b0a, b0m, b1a, b1m, this.cf);
  }

  /**
   * Walks knot pieces from t0 to t1 with the compressor state held. With `dir` ≠ 0 it returns the first time
   * the air temperature reaches `target` in that direction (NaN if not before t1) and changes nothing;
   * with dir = 0 it stores the state at t1.
   */
  private walk(i: number, t0: number, t1: number, w: Weather, target: number, dir: number): number {
    const K = this.p.knotMs, cf = this.cf;
    const r1 = this.r1[i], r2 = this.r2[i], A3 = this.A3[i], A4 = this.A4[i];
    let Ta = this.Ta[i], Tm = this.Tm[i], s = t0;
    // From the last update, the pieces up to a search's furthest start are known: skip them (same numbers).
    // (Only an update skips: a search must look at every piece for its own target.)
    const known = this.aheadFrom[i] === t0 && this.knotWeather === w;
    if (known && dir === 0 && this.ahead[i] <= t1) {
      s = this.ahead[i];
      Ta = this.aheadTa[i];
      Tm = this.aheadTm[i];
    }
    while (s < t1) {
      const k0 = Math.floor(s / K) * K;
      const e = Math.min(t1, k0 + K);
      if (dir !== 0 && (!known || s > this.ahead[i])) {
        this.aheadFrom[i] = t0;
        this.ahead[i] = s;
        this.aheadTa[i] = Ta;
        this.aheadTm[i] = Tm;
      }
      this.coeffs(i, s, k0, Ta, Tm, w);
      const L = (e - s) / 1000;
      if (dir !== 0) {
        if (dir * (Ta - target) >= 0) return s;
        const r = firstRootSumExp(dir * (cf[0] - target), dir * cf[1], dir * cf[4], r1, dir * cf[5], r2, L);
        if (!Number.isNaN(r)) return s + r * 1000;
      }
      const x1 = Math.exp(r1 * L), x2 = Math.exp(r2 * L);
      Ta = cf[0] + cf[1] * L + cf[4] * x1 + cf[5] * x2;
      Tm = cf[2] + cf[3] * L + A3 * cf[4] * x1 + A4 * cf[5] * x2;
      s = e;
    }
    if (dir === 0) {
      this.Ta[i] = Ta;
      this.Tm[i] = Tm;
    }
    return NaN;
  }

  protected integrate(i: number, t: number, w: Weather): void {
    const t0 = this.tLast[i];
    const heldOff = !this.comp[i] && this.ctl.blocked(i, t0) && !this.safe[i];
    this.walk(i, t0, t, w, 0, 0);
    const limit = this.p.maxIndoorC;
    if (heldOff && this.Ta[i] > limit + 1) {
      if (!this.hot[i]) this.violate(i);
      this.hot[i] = 1;
    } else if (this.Ta[i] < limit) this.hot[i] = 0;
  }

  protected settle(i: number, t: number, w: Weather): void {
    // A decision may switch the compressor: pieces searched before it no longer hold.
    this.aheadFrom[i] = NaN;
    const p = this.p, Ta = this.Ta[i];
    const fan = Math.min(p.fanKw, this.kw[i]);
    this.kwNow[i] = fan + (this.kw[i] - fan) * compressorPowerFactor(w.outdoorC(t), p.performanceCurve);
    const sp = this.scheduled(i, t) + this.ctl.setpointShift(i, t), half = this.deadband[i] / 2;
    if (!this.call[i] && Ta >= sp + half - EPS) this.call[i] = 1;
    else if (this.call[i] && Ta <= sp - half + EPS) this.call[i] = 0;
    if (!this.safe[i] && Ta >= p.maxIndoorC - EPS) this.safe[i] = 1;
    else if (this.safe[i] && Ta <= p.maxIndoorC - 1 + EPS) this.safe[i] = 0;
    const blockedRaw = this.ctl.blocked(i, t);
    const blocked = blockedRaw && !this.safe[i];
    const want = this.call[i] || this.safe[i];
    if (this.comp[i]) {
      // DR switches the compressor off at once; the thermostat waits for the minimum on time.
      if (blocked || (!want && t >= this.lastSw[i] + p.minOnMs)) {
        this.comp[i] = 0;
        this.lastSw[i] = t;
      }
    } else if (want && !blocked && t >= this.lastSw[i] + p.minOffMs) {
      this.comp[i] = 1;
      this.lastSw[i] = t;
    }
    this.fan[i] = !this.comp[i] && this.call[i] && blockedRaw ? 1 : 0;
  }

  /** Earliest of `best` and the time the air reaches `target` in direction dir (not before notBefore). */
  private cross(i: number, t: number, w: Weather, best: number, target: number, dir: number, notBefore: number): number {
    const tc = this.walk(i, t, best, w, target, dir);
    return Number.isNaN(tc) ? best : Math.min(best, Math.max(Math.ceil(tc), notBefore));
  }

  protected next(i: number, t: number, w: Weather): number {
    const p = this.p;
    const sp = this.scheduled(i, t) + this.ctl.setpointShift(i, t), half = this.deadband[i] / 2;
    let best = Math.min(this.ctl.nextBoundary(i, t), t + p.horizonMs, this.nextScheduleChange(i, t));
    if (this.comp[i]) {
      // A running compressor's power follows the outdoor temperature: refresh it at the next knot.
      if (p.performanceCurve !== 'flat') best = Math.min(best, (Math.floor(t / p.knotMs) + 1) * p.knotMs);
      if (this.call[i]) best = this.cross(i, t, w, best, sp - half, -1, this.lastSw[i] + p.minOnMs);
      if (this.safe[i]) best = this.cross(i, t, w, best, p.maxIndoorC - 1, -1, t);
      if (!this.call[i] && !this.safe[i]) best = Math.min(best, this.lastSw[i] + p.minOnMs);
    } else {
      const blockedRaw = this.ctl.blocked(i, t);
      if ((this.call[i] || this.safe[i]) && (!blockedRaw || this.safe[i])) best = Math.min(best, this.lastSw[i] + p.minOffMs);
      if (!this.call[i]) best = this.cross(i, t, w, best, sp + half, 1, blockedRaw ? t : this.lastSw[i] + p.minOffMs);
      // The safety threshold matters while DR holds the AC off or an offset puts the deadband above it.
      if (!this.safe[i] && (blockedRaw || sp + half > p.maxIndoorC)) best = this.cross(i, t, w, best, p.maxIndoorC, 1, this.lastSw[i] + p.minOffMs);
    }
    return best;
  }
}
