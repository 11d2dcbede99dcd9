/**
 * The programmed response in force per device, struct-of-arrays, plus the grid-friendly shed (OI-1).
 *
 * `blocked(i, t)` answers "does the control forbid running now?" for on/off loads: DLC cycling off-windows
 * (GridLAB-D passive_controller DIRECT_LOAD_CONTROL / CYCLING), shed, delay, and `curtail` turned into a duty
 * cycle (GridLAB-D DUTYCYCLE). Each model applies its own safety override on top.
 */
import type { Control } from './types.ts';

export const M_NORMAL = 0;
export const M_CYCLE = 1;
export const M_OFFSET = 2;
export const M_CURTAIL = 3;
export const M_SHED = 4;
export const M_DELAY = 5;

export class ControlState {
  readonly mode: Uint8Array;
  /** cycle: off ms; curtail: loadFraction; offset: offset °C; delay: untilMs. */
  readonly a: Float64Array;
  /** cycle/curtail: period ms; offset: precool °C. */
  readonly b: Float64Array;
  /** cycle/curtail: phase ms; offset: precool end time. */
  readonly c: Float64Array;
  /** Grid-friendly shed in force until this time (−Infinity: none). */
  readonly gfaUntil: Float64Array;

  constructor(
    n: number,
    private readonly curtailPeriodMs: number,
    private readonly precoolMs: number,
  ) {
    this.mode = new Uint8Array(n);
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    this.c = new Float64Array(n);
    this.gfaUntil = new Float64Array(n).fill(-Infinity);
  }

  arrays(): ArrayLike<number>[] {
    return [this.mode, this.a, this.b, this.c, this.gfaUntil];
  }

  set(i: number, ctl: Control, t: number): void {
    switch (ctl.mode) {
      case 'normal':
        this.mode[i] = M_NORMAL;
        return;
      case 'cycle': {
        const period = Math.max(1, Math.round(ctl.periodMs));
        this.mode[i] = M_CYCLE;
        this.a[i] = Math.round(clamp01(ctl.offFraction) * period);
        this.b[i] = period;
        this.c[i] = Math.round(ctl.phaseMs);
        return;
      }
      case 'offset':
        this.mode[i] = M_OFFSET;
        this.a[i] = ctl.coolingOffsetC;
        this.b[i] = ctl.precoolC ?? 0;
        this.c[i] = ctl.precoolC ? t + this.precoolMs : -Infinity;
        return;
      case 'curtail':
        this.mode[i] = M_CURTAIL;
        this.a[i] = clamp01(ctl.loadFraction);
        this.b[i] = this.curtailPeriodMs;
        this.c[i] = t;
        return;
      case 'shed':
        this.mode[i] = M_SHED;
        return;
      case 'delay':
        this.mode[i] = M_DELAY;
        this.a[i] = ctl.untilMs;
        return;
    }
  }

  get(i: number): Control {
    switch (this.mode[i]) {
      case M_CYCLE:
        return { mode: 'cycle', offFraction: this.a[i] / this.b[i], periodMs: this.b[i], phaseMs: this.c[i] };
      case M_OFFSET:
        return this.b[i] ? { mode: 'offset', coolingOffsetC: this.a[i], precoolC: this.b[i] } : { mode: 'offset', coolingOffsetC: this.a[i] };
      case M_CURTAIL:
        return { mode: 'curtail', loadFraction: this.a[i] };
      case M_SHED:
        return { mode: 'shed' };
      case M_DELAY:
        return { mode: 'delay', untilMs: this.a[i] };
      default:
        return { mode: 'normal' };
    }
  }

  gfaActive(i: number, t: number): boolean {
    return t < this.gfaUntil[i];
  }

  /** Is a DR program (not normal operation) or a grid-friendly shed in force? */
  active(i: number, t: number): boolean {
    return this.mode[i] !== M_NORMAL || t < this.gfaUntil[i];
  }

  /** Off-window duration and period of the duty cycle in force, or offMs < 0 when none. */
  private window(i: number): { offMs: number; period: number; phase: number } | null {
    const m = this.mode[i];
    if (m === M_CYCLE) return { offMs: this.a[i], period: this.b[i], phase: this.c[i] };
    if (m === M_CURTAIL) return { offMs: Math.round((1 - this.a[i]) * this.b[i]), period: this.b[i], phase: this.c[i] };
    return null;
  }

  /** Does the control (or a grid-friendly shed) forbid an on/off load from running at t? */
  blocked(i: number, t: number): boolean {
    if (t < this.gfaUntil[i]) return true;
    switch (this.mode[i]) {
      case M_SHED:
        return true;
      case M_DELAY:
        return t < this.a[i];
      case M_CYCLE:
      case M_CURTAIL: {
        const w = this.window(i)!;
        return inOffWindow(t, w.offMs, w.period, w.phase);
      }
      default:
        return false;
    }
  }

  /** Deferrable starts wait for the whole program event, not just an off window. */
  startBlocked(i: number, t: number): boolean {
    if (t < this.gfaUntil[i]) return true;
    const m = this.mode[i];
    if (m === M_DELAY) return t < this.a[i];
    return m === M_SHED || m === M_CYCLE || m === M_CURTAIL;
  }

  /** The next time after t at which `blocked`, `startBlocked` or the offset set point may change (Infinity: never). */
  nextBoundary(i: number, t: number): number {
    let next = this.gfaUntil[i] > t ? this.gfaUntil[i] : Infinity;
    const m = this.mode[i];
    if (m === M_DELAY && this.a[i] > t) next = Math.min(next, this.a[i]);
    if (m === M_OFFSET && this.c[i] > t) next = Math.min(next, this.c[i]);
    const w = this.window(i);
    if (w) next = Math.min(next, nextWindowEdge(t, w.offMs, w.period, w.phase));
    return next;
  }

  /** The next time after t at which `startBlocked` may change (Infinity: not until the control is replaced). */
  nextStartBoundary(i: number, t: number): number {
    let next = this.gfaUntil[i] > t ? this.gfaUntil[i] : Infinity;
    if (this.mode[i] === M_DELAY && this.a[i] > t) next = Math.min(next, this.a[i]);
    return next;
  }

  /** Set-point shift (°C, positive = warmer for cooling loads) in force at t. */
  setpointShift(i: number, t: number): number {
    if (this.mode[i] !== M_OFFSET) return 0;
    return t < this.c[i] ? -this.b[i] : this.a[i];
  }

  copy(from: ControlState, i: number): void {
    this.mode[i] = from.mode[i];
    this.a[i] = from.a[i];
    this.b[i] = from.b[i];
    this.c[i] = from.c[i];
    this.gfaUntil[i] = from.gfaUntil[i];
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
