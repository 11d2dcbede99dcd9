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
import { BASE, flagFields, floatFields } from './record.ts';
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

/**
 * A thermostat's record (record.ts): house and AC parameters, the ETP eigen-solution, the away schedule, the
 * state, and the furthest piece a crossing search reached (`ahead…`).
 */
const F = floatFields([
  /** Envelope + infiltration conductance W/K; air and mass heat capacities J/K; air–mass conductance W/K. */
  'U', 'Ca', 'Cm', 'Hm',
  /** Mean internal gains, peak window sun, peak sun through roof and walls, W. */
  'Qi', 'Qsol', 'Qopq',
  /** Sensible cooling capacity at the 35 °C rating point, W. */
  'Qc',
  /** Rated electric power (compressor + fan) at 35 °C outdoor, kW; the same at the outdoor temperature of the last decision. */
  'kw', 'kwNow',
  'setpoint', 'deadband',
  /** Away schedule: set-up (°C, 0 for households without one), leave and return, ms after local midnight. */
  'awayC', 'leaveMs', 'returnMs',
  /** GridLAB-D's r1, r2, A3, A4 of the two-node house. */
  'r1', 'r2', 'A3', 'A4',
  /** State: air and mass temperatures, last compressor switch. */
  'Ta', 'Tm', 'lastSw',
  /**
   * The furthest piece start a crossing search from the device's last update reached: its time and the air and
   * mass temperatures there (`ahead` NaN when none). The next update walks the same pieces from the same state,
   * so it starts there instead; in the record, so that a copy (a baseline shadow) carries them with the state.
   */
  'aheadFrom', 'ahead', 'aheadTa', 'aheadTm',
] as const);
/** Compressor running, thermostat calling, safety latch, fan alone (DR holds the compressor), violation latch. */
const B = flagFields(['comp', 'call', 'safe', 'fan', 'hot'] as const);
const T_LAST = BASE.tLast;

export class ThermostatFleet extends FleetBase<ThermostatParams, typeof F, typeof B> {
  readonly type = 'thermostat';
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
    super(count, seed, firstActorId, p, p.precoolMs, F, B);
    this.forgetAhead();
  }

  protected initDevice(i: number, t: number): void {
    const p = this.p, a = this.actor(i), s = this.seed, f = this.f, r = i * F.stride, rb = r * 8, b = this.b;
    const house = houseFromFloorArea(paramIn(s, a, 0, p.floorAreaFt2), p);
    f[r + F.U] = house.U; f[r + F.Ca] = house.Ca; f[r + F.Cm] = house.Cm; f[r + F.Hm] = house.Hm;
    f[r + F.Qi] = house.Qi; f[r + F.Qsol] = house.Qsol; f[r + F.Qopq] = house.Qopq;
    const sp = paramIn(s, a, 1, p.coolingSetpointC), db = paramIn(s, a, 2, p.deadbandC);
    f[r + F.setpoint] = sp; f[r + F.deadband] = db;
    f[r + F.awayC] = paramIn(s, a, 5, [0, 1]) < p.awayShare ? paramIn(s, a, 6, p.awaySetupC) : 0;
    f[r + F.leaveMs] = paramIn(s, a, 7, p.awayLeaveH) * HOUR;
    f[r + F.returnMs] = paramIn(s, a, 8, p.awayReturnH) * HOUR;
    f[r + F.Qc] = paramIn(s, a, 3, p.sizingFactor) * house.designLoad;
    const totalBtuh = f[r + F.Qc] / p.sensibleHeatRatio / W_PER_BTUH;
    f[r + F.kw] = totalBtuh / paramIn(s, a, 4, p.eerBtuPerWh) / 1000;
    f[r + F.kwNow] = f[r + F.kw];
    etpEigen(house.U, house.Ca, house.Cm, house.Hm, this.eig);
    f[r + F.r1] = this.eig[0]; f[r + F.r2] = this.eig[1]; f[r + F.A3] = this.eig[2]; f[r + F.A4] = this.eig[3];
    f[r + F.Ta] = sp - db / 2 + db * uniformAt(s, a, S_INIT, 0);
    f[r + F.Tm] = f[r + F.Ta];
    f[r + F.lastSw] = t - p.minOffMs;
    b[rb + B.comp] = 0; b[rb + B.call] = 0; b[rb + B.safe] = 0; b[rb + B.fan] = 0; b[rb + B.hot] = 0;
    f[r + F.aheadFrom] = NaN;
  }

  powerKw(i: number): number {
    const r = i * F.stride, rb = r * 8;
    return this.b[rb + B.comp] ? this.f[r + F.kwNow] : this.b[rb + B.fan] ? Math.min(this.p.fanKw, this.f[r + F.kw]) : 0;
  }

  /** The household's own set point at t: its away set-up between leaving and coming back. */
  scheduled(i: number, t: number): number {
    return this.scheduledAt(i * F.stride, t);
  }

  private scheduledAt(r: number, t: number): number {
    const f = this.f, setpoint = f[r + F.setpoint], awayC = f[r + F.awayC];
    if (awayC === 0) return setpoint;
    const m = (((t + this.p.dayStartMs) % DAY_MS) + DAY_MS) % DAY_MS;
    return m >= f[r + F.leaveMs] && m < f[r + F.returnMs] ? setpoint + awayC : setpoint;
  }

  /** The next time after t the away schedule changes the set point (Infinity without a schedule). */
  private nextScheduleChange(r: number, t: number): number {
    const f = this.f;
    if (f[r + F.awayC] === 0) return Infinity;
    const leave = f[r + F.leaveMs], back = f[r + F.returnMs];
    const local = t + this.p.dayStartMs, day = Math.floor(local / DAY_MS) * DAY_MS, m = local - day;
    const at = m < leave ? leave : m < back ? back : DAY_MS + leave;
    return Math.ceil(day + at - this.p.dayStartMs);
  }

  discomfort(i: number, t: number): number {
    const r = i * F.stride;
    const top = this.scheduledAt(r, t) + this.f[r + F.deadband] / 2;
    return clamp((this.f[r + F.Ta] - top) / this.p.discomfortSpanC, 0, 1);
  }

  /** Drops every device's searched pieces (they were walked under other weather). */
  private forgetAhead(): void {
    const f = this.f;
    for (let r = 0; r < f.length; r += F.stride) {
      f[r + F.aheadFrom] = NaN;
      f[r + F.ahead] = NaN;
    }
  }

  /**
   * Offset into knotTerms of knot interval [k0, k0 + knot]'s terms: outdoor °C, window sun, internal gains and
   * sun on the opaque envelope (shapes, before each house's own factors), each at k0 and at k0 + knot.
   */
  private knot(k0: number, w: Weather): number {
    if (w !== this.knotWeather) {
      this.knotWeather = w;
      this.knotKey.fill(NaN);
      this.forgetAhead();
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

  /** Solution coefficients for the piece starting at s (ms) inside knot interval [k0, k0 + knot], record base r. */
  private coeffs(r: number, s: number, k0: number, Ta: number, Tm: number, w: Weather): void {
    const p = this.p, K = p.knotMs, Ks = K / 1000, f = this.f;
    const o = this.knot(k0, w), v = this.knotTerms;
    const To0 = v[o], To1 = v[o + 1];
    // Window sun and internal gains, both linear between hour knots, split between air and mass.
    const Qsol = f[r + F.Qsol], Qi = f[r + F.Qi];
    const Qs0 = Qsol * v[o + 2] + Qi * v[o + 4];
    const Qs1 = Qsol * v[o + 3] + Qi * v[o + 5];
    // Sun through the roof and walls enters the air node (as the envelope conductance does).
    const Qopq = f[r + F.Qopq];
    const Qo0 = Qopq * v[o + 6];
    const Qo1 = Qopq * v[o + 7];
    const dQo = (Qo1 - Qo0) / Ks;
    const dTo = (To1 - To0) / Ks, dQs = (Qs1 - Qs0) / Ks;
    const off = (s - k0) / 1000;
    const To = To0 + dTo * off, Qs = Qs0 + dQs * off, Qo = Qo0 + dQo * off;
    const U = f[r + F.U], Ca = f[r + F.Ca], Cm = f[r + F.Cm], fa = p.airHeatFraction;
    const gains = Qs;
    // Capacity is linear in To (GridLAB-D's curve), so the forcing stays linear in time over the piece.
    const flat = p.performanceCurve === 'flat';
    const Qc = this.b[r * 8 + B.comp] ? f[r + F.Qc] : 0;
    const c0 = flat ? 1 : CAPACITY_C0, c1 = flat ? 0 : CAPACITY_C1;
    const b0a = (U * To + Qo + fa * gains - Qc * (c0 - c1 * To)) / Ca;
    const b0m = ((1 - fa) * gains) / Cm;
    const b1a = (U * dTo + dQo + fa * dQs + Qc * c1 * dTo) / Ca;
    const b1m = ((1 - fa) * dQs) / Cm;
    etpCoeffs(U, Ca, Cm, f[r + F.Hm], f[r + F.A3], f[r + F.A4], Ta, Tm, b0a, b0m, b1a, b1m, this.cf);
  }

  /**
   * Walks knot pieces from t0 to t1 with the compressor state held (record base r). With `dir` ≠ 0 it returns
   * the first time the air temperature reaches `target` in that direction (NaN if not before t1) and changes
   * nothing but the search's furthest piece; with dir = 0 it stores the state at t1.
   */
  private walk(r: number, t0: number, t1: number, w: Weather, target: number, dir: number): number {
    const K = this.p.knotMs, cf = this.cf, f = this.f;
    const r1 = f[r + F.r1], r2 = f[r + F.r2], A3 = f[r + F.A3], A4 = f[r + F.A4];
    let Ta = f[r + F.Ta], Tm = f[r + F.Tm], s = t0;
    // From the last update, the pieces up to a search's furthest start are known: skip them (same numbers).
    // (Only an update skips: a search must look at every piece for its own target.)
    const known = f[r + F.aheadFrom] === t0 && this.knotWeather === w;
    if (known && dir === 0 && f[r + F.ahead] <= t1) {
      s = f[r + F.ahead];
      Ta = f[r + F.aheadTa];
      Tm = f[r + F.aheadTm];
    }
    while (s < t1) {
      const k0 = Math.floor(s / K) * K;
      const e = Math.min(t1, k0 + K);
      if (dir !== 0 && (!known || s > f[r + F.ahead])) {
        f[r + F.aheadFrom] = t0;
        f[r + F.ahead] = s;
        f[r + F.aheadTa] = Ta;
        f[r + F.aheadTm] = Tm;
      }
      this.coeffs(r, s, k0, Ta, Tm, w);
      const L = (e - s) / 1000;
      if (dir !== 0) {
        if (dir * (Ta - target) >= 0) return s;
        const x = firstRootSumExp(dir * (cf[0] - target), dir * cf[1], dir * cf[4], r1, dir * cf[5], r2, L);
        if (!Number.isNaN(x)) return s + x * 1000;
      }
      const x1 = Math.exp(r1 * L), x2 = Math.exp(r2 * L);
      Ta = cf[0] + cf[1] * L + cf[4] * x1 + cf[5] * x2;
      Tm = cf[2] + cf[3] * L + A3 * cf[4] * x1 + A4 * cf[5] * x2;
      s = e;
    }
    if (dir === 0) {
      f[r + F.Ta] = Ta;
      f[r + F.Tm] = Tm;
    }
    return NaN;
  }

  protected integrate(i: number, t: number, w: Weather): void {
    const r = i * F.stride, rb = r * 8, f = this.f, b = this.b;
    const t0 = f[r + T_LAST];
    const heldOff = !b[rb + B.comp] && this.ctl.blocked(r, t0) && !b[rb + B.safe];
    this.walk(r, t0, t, w, 0, 0);
    const limit = this.p.maxIndoorC, Ta = f[r + F.Ta];
    if (heldOff && Ta > limit + 1) {
      if (!b[rb + B.hot]) this.violate(i);
      b[rb + B.hot] = 1;
    } else if (Ta < limit) b[rb + B.hot] = 0;
  }

  protected settle(i: number, t: number, w: Weather): void {
    const r = i * F.stride, rb = r * 8, f = this.f, b = this.b;
    // A decision may switch the compressor: pieces searched before it no longer hold.
    f[r + F.aheadFrom] = NaN;
    const p = this.p, Ta = f[r + F.Ta], kw = f[r + F.kw];
    const fan = Math.min(p.fanKw, kw);
    f[r + F.kwNow] = fan + (kw - fan) * compressorPowerFactor(w.outdoorC(t), p.performanceCurve);
    const sp = this.scheduledAt(r, t) + this.ctl.setpointShift(r, t), half = f[r + F.deadband] / 2;
    if (!b[rb + B.call] && Ta >= sp + half - EPS) b[rb + B.call] = 1;
    else if (b[rb + B.call] && Ta <= sp - half + EPS) b[rb + B.call] = 0;
    if (!b[rb + B.safe] && Ta >= p.maxIndoorC - EPS) b[rb + B.safe] = 1;
    else if (b[rb + B.safe] && Ta <= p.maxIndoorC - 1 + EPS) b[rb + B.safe] = 0;
    const blockedRaw = this.ctl.blocked(r, t);
    const blocked = blockedRaw && !b[rb + B.safe];
    const want = b[rb + B.call] || b[rb + B.safe];
    if (b[rb + B.comp]) {
      // DR switches the compressor off at once; the thermostat waits for the minimum on time.
      if (blocked || (!want && t >= f[r + F.lastSw] + p.minOnMs)) {
        b[rb + B.comp] = 0;
        f[r + F.lastSw] = t;
      }
    } else if (want && !blocked && t >= f[r + F.lastSw] + p.minOffMs) {
      b[rb + B.comp] = 1;
      f[r + F.lastSw] = t;
    }
    b[rb + B.fan] = !b[rb + B.comp] && b[rb + B.call] && blockedRaw ? 1 : 0;
  }

  /** Earliest of `best` and the time the air reaches `target` in direction dir (not before notBefore). */
  private cross(r: number, t: number, w: Weather, best: number, target: number, dir: number, notBefore: number): number {
    const tc = this.walk(r, t, best, w, target, dir);
    return Number.isNaN(tc) ? best : Math.min(best, Math.max(Math.ceil(tc), notBefore));
  }

  protected next(i: number, t: number, w: Weather): number {
    const p = this.p, r = i * F.stride, rb = r * 8, f = this.f, b = this.b;
    const sp = this.scheduledAt(r, t) + this.ctl.setpointShift(r, t), half = f[r + F.deadband] / 2;
    let best = Math.min(this.ctl.nextBoundary(r, t), t + p.horizonMs, this.nextScheduleChange(r, t));
    if (b[rb + B.comp]) {
      // A running compressor's power follows the outdoor temperature: refresh it at the next knot.
      if (p.performanceCurve !== 'flat') best = Math.min(best, (Math.floor(t / p.knotMs) + 1) * p.knotMs);
      if (b[rb + B.call]) best = this.cross(r, t, w, best, sp - half, -1, f[r + F.lastSw] + p.minOnMs);
      if (b[rb + B.safe]) best = this.cross(r, t, w, best, p.maxIndoorC - 1, -1, t);
      if (!b[rb + B.call] && !b[rb + B.safe]) best = Math.min(best, f[r + F.lastSw] + p.minOnMs);
    } else {
      const blockedRaw = this.ctl.blocked(r, t);
      if ((b[rb + B.call] || b[rb + B.safe]) && (!blockedRaw || b[rb + B.safe])) best = Math.min(best, f[r + F.lastSw] + p.minOffMs);
      if (!b[rb + B.call]) best = this.cross(r, t, w, best, sp + half, 1, blockedRaw ? t : f[r + F.lastSw] + p.minOffMs);
      // The safety threshold matters while DR holds the AC off or an offset puts the deadband above it.
      if (!b[rb + B.safe] && (blockedRaw || sp + half > p.maxIndoorC)) best = this.cross(r, t, w, best, p.maxIndoorC, 1, f[r + F.lastSw] + p.minOffMs);
    }
    return best;
  }
}
