/**
 * Test-only fixed-step reference simulators: they step every second with explicit integration (RK4 for the
 * house, Euler for the tank) and re-evaluate the same thermostat / control / safety rules each second,
 * written independently of the closed forms. Parameters and initial state are read from a freshly
 * initialised fleet. Used to check that the event-driven models conserve energy.
 */
import type { ThermostatFleet } from './thermostat.ts';
import { OPAQUE_SOLAR_PROFILE, capacityFactor, compressorPowerFactor, solarShape } from './thermostat.ts';
import type { Control, Weather } from './types.ts';
import { RHO_C, type WaterHeaterFleet } from './water-heater.ts';

export interface TimedControl {
  t: number;
  control: Control;
}

const STEP = 1000;

/** The control in force at t and when it was set. */
function controlAt(list: TimedControl[], t: number): { c: Control; since: number } {
  let c: Control = { mode: 'normal' }, since = -Infinity;
  for (const x of list) if (x.t <= t) (c = x.control), (since = x.t);
  return { c, since };
}

function offWindow(t: number, offMs: number, period: number, phase: number): boolean {
  if (offMs <= 0) return false;
  if (offMs >= period) return true;
  return ((((t - phase) % period) + period) % period) < offMs;
}

function refBlocked(c: Control, since: number, t: number, curtailPeriodMs: number): boolean {
  switch (c.mode) {
    case 'shed':
      return true;
    case 'delay':
      return t < c.untilMs;
    case 'cycle':
      return offWindow(t, Math.round(c.offFraction * c.periodMs), c.periodMs, c.phaseMs);
    case 'curtail':
      return offWindow(t, Math.round((1 - c.loadFraction) * curtailPeriodMs), curtailPeriodMs, since);
    default:
      return false;
  }
}

function refShift(c: Control, since: number, t: number, precoolMs: number): number {
  if (c.mode !== 'offset') return 0;
  return c.precoolC && t < since + precoolMs ? -c.precoolC : c.coolingOffsetC;
}

export interface RefResult {
  energyKwh: number;
  compressorMs: number;
}

export function referenceThermostat(f: ThermostatFleet, i: number, w: Weather, t0: number, t1: number, controls: TimedControl[] = []): RefResult {
  const p = f.p;
  const U = f.field(i, 'U'), Ca = f.field(i, 'Ca'), Cm = f.field(i, 'Cm'), Hm = f.field(i, 'Hm'), Qi = f.field(i, 'Qi'), Qsol = f.field(i, 'Qsol'), Qopq = f.field(i, 'Qopq'), Qc = f.field(i, 'Qc'), fa = p.airHeatFraction;
  let Ta = f.field(i, 'Ta'), Tm = f.field(i, 'Tm');
  let comp = 0, call = 0, safe = 0, lastSw = t0 - p.minOffMs;
  let energy = 0, onMs = 0;
  const hourly = (t: number, shape: (h: number) => number) => {
    const h = (t + p.dayStartMs) / 3_600_000;
    const k = Math.floor(h), fr = h - k;
    return shape(k % 24) * (1 - fr) + shape((k + 1) % 24) * fr;
  };
  const local = (t: number) => (((t + p.dayStartMs) % 86_400_000) + 86_400_000) % 86_400_000;
  const away = (t: number) => (local(t) >= f.field(i, 'leaveMs') && local(t) < f.field(i, 'returnMs') ? f.field(i, 'awayC') : 0);
  const deriv = (t: number, a: number, m: number): [number, number] => {
    const g = Qi * hourly(t, (h) => p.internalGainProfile[h]) + Qsol * hourly(t, solarShape), To = w.outdoorC(t);
    const sun = Qopq * hourly(t, (h) => OPAQUE_SOLAR_PROFILE[h]);
    return [(-U * (a - To) - Hm * (a - m) + sun + fa * g - Qc * capacityFactor(To, p.performanceCurve) * comp) / Ca, (Hm * (a - m) + (1 - fa) * g) / Cm];
  };
  const fan = Math.min(p.fanKw, f.field(i, 'kw'));
  for (let t = t0; t < t1; t += STEP) {
    const { c, since } = controlAt(controls, t);
    const sp = f.field(i, 'setpoint') + away(t) + refShift(c, since, t, p.precoolMs), half = f.field(i, 'deadband') / 2;
    if (!call && Ta >= sp + half) call = 1;
    else if (call && Ta <= sp - half) call = 0;
    if (!safe && Ta >= p.maxIndoorC) safe = 1;
    else if (safe && Ta <= p.maxIndoorC - 1) safe = 0;
    const raw = refBlocked(c, since, t, p.curtailPeriodMs);
    const blocked = raw && !safe;
    const want = call || safe;
    if (comp && (blocked || (!want && t >= lastSw + p.minOnMs))) (comp = 0), (lastSw = t);
    else if (!comp && want && !blocked && t >= lastSw + p.minOffMs) (comp = 1), (lastSw = t);
    const kw = comp ? fan + (f.field(i, 'kw') - fan) * compressorPowerFactor(w.outdoorC(t), p.performanceCurve) : call && raw ? fan : 0;
    energy += (kw * STEP) / 3_600_000;
    if (comp) onMs += STEP;
    const h = STEP / 1000;
    const [a1, m1] = deriv(t, Ta, Tm);
    const [a2, m2] = deriv(t + STEP / 2, Ta + (h / 2) * a1, Tm + (h / 2) * m1);
    const [a3, m3] = deriv(t + STEP / 2, Ta + (h / 2) * a2, Tm + (h / 2) * m2);
    const [a4, m4] = deriv(t + STEP, Ta + h * a3, Tm + h * m3);
    Ta += (h / 6) * (a1 + 2 * a2 + 2 * a3 + a4);
    Tm += (h / 6) * (m1 + 2 * m2 + 2 * m3 + m4);
  }
  return { energyKwh: energy, compressorMs: onMs };
}

export interface WaterRefResult {
  energyKwh: number;
  /** Hot water delivered (L) and its enthalpy above the inlet, plus jacket losses, kWh. */
  drawnL: number;
  drawnKwh: number;
  lossKwh: number;
  /** Stored enthalpy above the inlet at the start and end, kWh. */
  storedStartKwh: number;
  storedEndKwh: number;
  minOutletC: number;
}

export function referenceWaterHeater(f: WaterHeaterFleet, i: number, t0: number, t1: number, controls: TimedControl[] = []): WaterRefResult {
  const p = f.p;
  const V = f.field(i, 'V'), UA = f.field(i, 'UA'), Tin = p.inletC, Tamb = f.field(i, 'ambient'), kw = f.field(i, 'kw'), C = RHO_C * V, half = f.field(i, 'deadband') / 2;
  let Tw = f.field(i, 'Tw'), Vh = f.field(i, 'Vh');
  let need = 0, safe = 0;
  let energy = 0, drawnL = 0, drawnJ = 0, lossJ = 0, minOutlet = Infinity;
  const stored = () => (RHO_C * Vh * (Tw - Tin)) / 3.6e6;
  const storedStart = stored();
  const scratch = { start: NaN, end: NaN, flowLps: 0 };
  for (let t = t0; t < t1; t += STEP) {
    const { c, since } = controlAt(controls, t);
    const d = f.drawInSlot(i, Math.floor((t + p.dayStartMs) / p.slotMs), scratch);
    const drawing = d.start <= t && t < d.end;
    const full = Vh >= V - 1e-9 && !drawing;
    const sp = Math.min(p.maxSetpointC, Math.max(p.safetyMinC + f.field(i, 'deadband'), f.field(i, 'setpoint') - refShift(c, since, t, p.precoolMs)));
    if (!full || Tw <= sp - half) need = 1;
    else if (Tw >= sp + half) need = 0;
    if (!safe && need && (Vh <= p.reserveFraction * V || Tw <= p.safetyMinC)) safe = 1;
    else if (safe && full && Tw >= f.field(i, 'setpoint') - half) safe = 0;
    const on = need && !(refBlocked(c, since, t, p.curtailPeriodMs) && !safe);
    const P = on ? kw * 1000 : 0;
    energy += (P * STEP) / 3.6e9;
    const dt = STEP / 1000;
    const loss = UA * (Tw - Tamb);
    lossJ += loss * dt;
    if (drawing) {
      const out = Vh > 0 ? Tw : Tin;
      minOutlet = Math.min(minOutlet, out);
      drawnL += d.flowLps * dt;
      drawnJ += RHO_C * d.flowLps * dt * (out - Tin);
    }
    if (full) {
      Tw += ((P - loss) / C) * dt;
    } else {
      const q = drawing ? d.flowLps : 0;
      Vh = Math.min(V, Math.max(0, Vh + ((P - loss) / (RHO_C * (Tw - Tin)) - q) * dt));
    }
  }
  return {
    energyKwh: energy,
    drawnL,
    drawnKwh: drawnJ / 3.6e6,
    lossKwh: lossJ / 3.6e6,
    storedStartKwh: storedStart,
    storedEndKwh: stored(),
    minOutletC: minOutlet,
  };
}
