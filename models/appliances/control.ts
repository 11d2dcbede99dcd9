/**
 * The programmed response in force per device, in the device's record, plus the grid-friendly shed (OI-1).
 *
 * `blocked(r, t)` answers "does the control forbid running now?" for on/off loads: DLC cycling off-windows
 * (GridLAB-D passive_controller DIRECT_LOAD_CONTROL / CYCLING), shed, delay, and `curtail` turned into a duty
 * cycle (GridLAB-D DUTYCYCLE). Each model applies its own safety override on top.
 */
import { BASE, MODE_BYTE, type Records } from './record.ts';
import type { Control } from './types.ts';

export const M_NORMAL = 0;
export const M_CYCLE = 1;
export const M_OFFSET = 2;
export const M_CURTAIL = 3;
export const M_SHED = 4;
export const M_DELAY = 5;

/** Control fields of device records (see record.ts): the mode byte and four Float64 slots. */
const A = BASE.ctlA, B = BASE.ctlB, C = BASE.ctlC, GFA = BASE.gfaUntil;

/**
 * The control part of a fleet's records. Every method takes the device's record base r = i * stride (the
 * caller has it already), not the device index.
 */
export class ControlState {
  private readonly f: Float64Array;
  private readonly b: Uint8Array;

  constructor(
    rec: Records,
    private readonly curtailPeriodMs: number,
    private readonly precoolMs: number,
  ) {
    this.f = rec.f;
    this.b = rec.b;
  }

  /** The mode in force (M_NORMAL …). */
  mode(r: number): number {
    return this.b[r * 8 + MODE_BYTE];
  }

  /** cycle: off ms; curtail: loadFraction; offset: offset °C; delay: untilMs. */
  a(r: number): number {
    return this.f[r + A];
  }

  /** Grid-friendly shed in force until this time (−Infinity: none). */
  gfaUntil(r: number): number {
    return this.f[r + GFA];
  }

  setGfaUntil(r: number, t: number): void {
    this.f[r + GFA] = t;
  }

  set(r: number, ctl: Control, t: number): void {
    const f = this.f, m = r * 8 + MODE_BYTE;
    switch (ctl.mode) {
      case 'normal':
        this.b[m] = M_NORMAL;
        return;
      case 'cycle': {
        const period = Math.max(1, Math.round(ctl.periodMs));
        this.b[m] = M_CYCLE;
        f[r + A] = Math.round(clamp01(ctl.offFraction) * period);
        f[r + B] = period;
        f[r + C] = Math.round(ctl.phaseMs);
        return;
      }
      case 'offset':
        this.b[m] = M_OFFSET;
        f[r + A] = ctl.coolingOffsetC;
        f[r + B] = ctl.precoolC ?? 0;
        f[r + C] = ctl.precoolC ? t + this.precoolMs : -Infinity;
        return;
      case 'curtail':
        this.b[m] = M_CURTAIL;
        f[r + A] = clamp01(ctl.loadFraction);
        f[r + B] = this.curtailPeriodMs;
        f[r + C] = t;
        return;
      case 'shed':
        this.b[m] = M_SHED;
        return;
      case 'delay':
        this.b[m] = M_DELAY;
        f[r + A] = ctl.untilMs;
        return;
    }
  }

  get(r: number): Control {
    const f = this.f, a = f[r + A], b = f[r + B];
    switch (this.mode(r)) {
      case M_CYCLE:
        return { mode: 'cycle', offFraction: a / b, periodMs: b, phaseMs: f[r + C] };
      case M_OFFSET:
        return b ? { mode: 'offset', coolingOffsetC: a, precoolC: b } : { mode: 'offset', coolingOffsetC: a };
      case M_CURTAIL:
        return { mode: 'curtail', loadFraction: a };
      case M_SHED:
        return { mode: 'shed' };
      case M_DELAY:
        return { mode: 'delay', untilMs: a };
      default:
        return { mode: 'normal' };
    }
  }

  gfaActive(r: number, t: number): boolean {
    return t < this.f[r + GFA];
  }

  /** Is a DR program (not normal operation) or a grid-friendly shed in force? */
  active(r: number, t: number): boolean {
    return this.mode(r) !== M_NORMAL || t < this.f[r + GFA];
  }

  /** Off-window duration of the duty cycle in force (cycle or curtail; the caller checks the mode). */
  private offMs(r: number, m: number): number {
    return m === M_CYCLE ? this.f[r + A] : Math.round((1 - this.f[r + A]) * this.f[r + B]);
  }

  /** Does the control (or a grid-friendly shed) forbid an on/off load from running at t? */
  blocked(r: number, t: number): boolean {
    const f = this.f;
    if (t < f[r + GFA]) return true;
    const m = this.mode(r);
    switch (m) {
      case M_SHED:
        return true;
      case M_DELAY:
        return t < f[r + A];
      case M_CYCLE:
      case M_CURTAIL:
        return inOffWindow(t, this.offMs(r, m), f[r + B], f[r + C]);
      default:
        return false;
    }
  }

  /** Deferrable starts wait for the whole program event, not just an off window. */
  startBlocked(r: number, t: number): boolean {
    if (t < this.f[r + GFA]) return true;
    const m = this.mode(r);
    if (m === M_DELAY) return t < this.f[r + A];
    return m === M_SHED || m === M_CYCLE || m === M_CURTAIL;
  }

  /** The next time after t at which `blocked`, `startBlocked` or the offset set point may change (Infinity: never). */
  nextBoundary(r: number, t: number): number {
    const f = this.f, gfa = f[r + GFA];
    let next = gfa > t ? gfa : Infinity;
    const m = this.mode(r);
    if (m === M_DELAY && f[r + A] > t) next = Math.min(next, f[r + A]);
    if (m === M_OFFSET && f[r + C] > t) next = Math.min(next, f[r + C]);
    if (m === M_CYCLE || m === M_CURTAIL) next = Math.min(next, nextWindowEdge(t, this.offMs(r, m), f[r + B], f[r + C]));
    return next;
  }

  /** The next time after t at which `startBlocked` may change (Infinity: not until the control is replaced). */
  nextStartBoundary(r: number, t: number): number {
    const f = this.f, gfa = f[r + GFA];
    let next = gfa > t ? gfa : Infinity;
    if (this.mode(r) === M_DELAY && f[r + A] > t) next = Math.min(next, f[r + A]);
    return next;
  }

  /** Set-point shift (°C, positive = warmer for cooling loads) in force at t. */
  setpointShift(r: number, t: number): number {
    if (this.mode(r) !== M_OFFSET) return 0;
    return t < this.f[r + C] ? -this.f[r + B] : this.f[r + A];
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function phaseIn(t: number, period: number, phase: number): number {
  return (((t - phase) % period) + period) % period;
}

/** Off during [phase + k·period, phase + k·period + offMs). */
export function inOffWindow(t: number, offMs: number, period: number, phase: number): boolean {
  if (offMs <= 0) return false;
  if (offMs >= period) return true;
  return phaseIn(t, period, phase) < offMs;
}

export function nextWindowEdge(t: number, offMs: number, period: number, phase: number): number {
  if (offMs <= 0 || offMs >= period) return Infinity;
  const u = phaseIn(t, period, phase);
  return u < offMs ? t + (offMs - u) : t + (period - u);
}
