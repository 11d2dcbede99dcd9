/**
 * Test-only event loop: drives a fleet the way the world's actors do (advance at each returned time, control
 * changes via setControl then advance) and records each device's piecewise-constant power trajectory.
 */
import type { ApplianceFleet, Control, GridCondition, Weather } from './types.ts';

export interface Action {
  t: number;
  i: number;
  control?: Control;
  condition?: { cond: GridCondition; durationMs: number };
}

export interface Run {
  /** Energy per device over [t0, t1], kWh. */
  energyKwh: Float64Array;
  /** Per device: switch times and the power from each (kW); the first entry is at t0. */
  traces: { t: number[]; kw: number[] }[];
  events: number;
}

export interface SimOptions {
  actions?: Action[];
  /** Called after every device event (i, t, next). */
  onEvent?: (i: number, t: number, next: number) => void;
  /** Skip advancing (but keep the fleet's state as is) — devices are assumed already advanced to t0. */
  noInitialAdvance?: boolean;
}

export function simulate(fleet: ApplianceFleet, w: Weather, t0: number, t1: number, opts: SimOptions = {}): Run {
  const n = fleet.count;
  const next = new Float64Array(n);
  const lastT = new Float64Array(n).fill(t0);
  const lastP = new Float64Array(n);
  const energy = new Float64Array(n);
  const traces = Array.from({ length: n }, () => ({ t: [] as number[], kw: [] as number[] }));
  const actions = [...(opts.actions ?? [])].sort((a, b) => a.t - b.t || a.i - b.i);
  let events = 0;
  const record = (i: number, t: number) => {
    energy[i] += (lastP[i] * (t - lastT[i])) / 3_600_000;
    lastT[i] = t;
    const p = fleet.powerKw(i);
    lastP[i] = p;
    const tr = traces[i];
    if (tr.kw.length === 0 || tr.kw[tr.kw.length - 1] !== p) {
      if (tr.t.length > 0 && tr.t[tr.t.length - 1] === t) tr.kw[tr.kw.length - 1] = p;
      else {
        tr.t.push(t);
        tr.kw.push(p);
      }
    }
  };
  for (let i = 0; i < n; i++) {
    next[i] = fleet.advance(i, t0, w);
    record(i, t0);
  }
  let a = 0;
  for (;;) {
    let tn = Infinity, who = -1;
    for (let i = 0; i < n; i++) if (next[i] < tn) (tn = next[i]), (who = i);
    const ta = a < actions.length ? actions[a].t : Infinity;
    if (Math.min(tn, ta) >= t1) break;
    if (tn <= ta) {
      const nt = fleet.advance(who, tn, w);
      if (!(nt > tn)) throw new Error(`${fleet.type}[${who}]: next ${nt} not after ${tn}`);
      next[who] = nt;
      record(who, tn);
      events++;
      opts.onEvent?.(who, tn, nt);
    } else {
      const act = actions[a++];
      fleet.advance(act.i, act.t, w);
      if (act.control) fleet.setControl(act.i, act.control, act.t);
      if (act.condition) fleet.respondToCondition(act.i, act.condition.cond, act.t, act.condition.durationMs);
      next[act.i] = fleet.advance(act.i, act.t, w);
      record(act.i, act.t);
    }
  }
  for (let i = 0; i < n; i++) record(i, t1);
  return { energyKwh: energy, traces, events };
}

/** Mean power of a trace over [a, b), kW. */
export function meanKw(tr: { t: number[]; kw: number[] }, a: number, b: number): number {
  let e = 0;
  for (let k = 0; k < tr.t.length; k++) {
    const s = Math.max(a, tr.t[k]);
    const end = Math.min(b, k + 1 < tr.t.length ? tr.t[k + 1] : Infinity);
    if (end > s) e += tr.kw[k] * (end - s);
  }
  return e / (b - a);
}

/** Time (ms) within [a, b) a trace spends with power ≥ kwAtLeast. */
export function timeAtLeast(tr: { t: number[]; kw: number[] }, a: number, b: number, kwAtLeast: number): number {
  let ms = 0;
  for (let k = 0; k < tr.t.length; k++) {
    if (tr.kw[k] < kwAtLeast) continue;
    const s = Math.max(a, tr.t[k]);
    const end = Math.min(b, k + 1 < tr.t.length ? tr.t[k + 1] : Infinity);
    if (end > s) ms += end - s;
  }
  return ms;
}

/** SoCal inland heat-wave day: 22 °C at 05:00 rising to 38 °C at 15:00 (hourly values). */
export const HOT_DAY = [
  24, 23.5, 23, 22.5, 22.2, 22, 22.5, 24, 26.5, 29, 31.5, 33.5,
  35, 36.5, 37.5, 38, 37.5, 36.5, 34.5, 32, 29.5, 27.5, 26, 25,
] as const;
