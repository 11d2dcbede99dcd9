/**
 * Premise demand limiting (DEMAND_LIMIT programs) as the world holds it: the EMSs' controller (demand-limiter.ts),
 * the measurement of each premise's demand with and without it (premise-demand.ts), and the figures both give —
 * whole-run totals that cross threads and merge exactly, and summary.json's `demand_limit` list, one entry per
 * DEMAND_LIMIT program.
 */
import type { Scenario } from '../../../scenarios/types.ts';
import { DemandLimiter, type LimiterWorld } from './demand-limiter.ts';
import { PremiseDemand } from './premise-demand.ts';

export class EmsModel {
  /** Does the study have a DEMAND_LIMIT program at all (else nothing is allocated or wired). */
  readonly on: boolean;
  readonly demand: PremiseDemand;
  readonly limiter: DemandLimiter;

  constructor(w: LimiterWorld, customers: [number, number] = [0, w.p.customers]) {
    this.on = w.s.programs.some((p) => p.kind === 'DEMAND_LIMIT');
    this.demand = new PremiseDemand(w.p, w.s.programs, this.on ? customers[0] : 0, this.on ? customers[1] : 0, this.on);
    this.limiter = new DemandLimiter(w, this.demand, this.on);
  }

  /** The partition's figures per DEMAND_LIMIT program, over premises c0 … c1-1 (its own), closed at `end`. */
  totals(c0: number, c1: number, end: number, programs: Scenario['programs']): DemandLimitTotals[] {
    const out = programs.flatMap((p, i) => (p.kind === 'DEMAND_LIMIT' ? [emptyTotals(i)] : []));
    if (!this.on) return out;
    const d = this.demand;
    for (let c = c0; c < c1; c++) {
      if (!d.tracked(c)) continue;
      d.close(c, end);
      const t = out.find((x) => x.program === d.program[c])!;
      t.premises++;
      t.appliances += this.limiter.appliances(c).length;
      t.aboveCtlMs = add(t.aboveCtlMs, d.aboveCtlMs[c]);
      t.aboveCfMs = add(t.aboveCfMs, d.aboveCfMs[c]);
      t.energyCtlWms = add(t.energyCtlWms, d.energyCtlWms[c]);
      t.energyCfWms = add(t.energyCfWms, d.energyCfWms[c]);
      t.saturatedMs = add(t.saturatedMs, d.saturatedAboveMs[c]);
      t.peakCtlSumW += d.peakCtlW[c];
      t.peakCfSumW += d.peakCfW[c];
      t.peakCtlMaxW = Math.max(t.peakCtlMaxW, d.peakCtlW[c]);
      t.peakCfMaxW = Math.max(t.peakCfMaxW, d.peakCfW[c]);
      t.stretches += d.stretches[c];
      t.longestStretchMs = Math.max(t.longestStretchMs, d.longestStretchMs[c]);
    }
    for (const t of out) {
      t.sheds = this.limiter.sheds[t.program];
      t.restores = this.limiter.restores[t.program];
    }
    return out;
  }
}

/**
 * One program's figures. Times (ms) and energies (W·ms) are exact integers per premise; their sums over many
 * premises can pass 2^53, so they travel as decimal text of exact big integers and add up the same in any order.
 */
export interface DemandLimitTotals {
  program: number;
  premises: number;
  appliances: number;
  aboveCtlMs: string;
  aboveCfMs: string;
  energyCtlWms: string;
  energyCfWms: string;
  saturatedMs: string;
  peakCtlSumW: number;
  peakCfSumW: number;
  peakCtlMaxW: number;
  peakCfMaxW: number;
  stretches: number;
  longestStretchMs: number;
  sheds: number;
  restores: number;
}

function emptyTotals(program: number): DemandLimitTotals {
  return { program, premises: 0, appliances: 0, aboveCtlMs: '0', aboveCfMs: '0', energyCtlWms: '0', energyCfWms: '0', saturatedMs: '0', peakCtlSumW: 0, peakCfSumW: 0, peakCtlMaxW: 0, peakCfMaxW: 0, stretches: 0, longestStretchMs: 0, sheds: 0, restores: 0 };
}

/** Whole ms and W·ms (a fractional link latency could leave a fraction: rounded, it stays exact elsewhere). */
const add = (a: string, b: number | string): string => (BigInt(a) + BigInt(typeof b === 'number' ? Math.round(b) : b)).toString();

/** Partitions' totals added up, program by program (each partition lists every DEMAND_LIMIT program, in order). */
export function mergeDemandLimitTotals(parts: DemandLimitTotals[][]): DemandLimitTotals[] {
  if (parts.length === 0) return [];
  return parts[0].map((first, i) => {
    const t = emptyTotals(first.program);
    for (const part of parts) {
      const x = part[i];
      t.premises += x.premises;
      t.appliances += x.appliances;
      for (const k of ['aboveCtlMs', 'aboveCfMs', 'energyCtlWms', 'energyCfWms', 'saturatedMs'] as const) t[k] = add(t[k], x[k]);
      t.peakCtlSumW += x.peakCtlSumW;
      t.peakCfSumW += x.peakCfSumW;
      t.peakCtlMaxW = Math.max(t.peakCtlMaxW, x.peakCtlMaxW);
      t.peakCfMaxW = Math.max(t.peakCfMaxW, x.peakCfMaxW);
      t.stretches += x.stretches;
      t.longestStretchMs = Math.max(t.longestStretchMs, x.longestStretchMs);
      t.sheds += x.sheds;
      t.restores += x.restores;
    }
    return t;
  });
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const hours = (ms: string) => r3(Number(BigInt(ms)) / 3_600_000);
const kwh = (wms: string) => r3(Number(BigInt(wms)) / 3_600_000_000);

/** One side (with the EMS, or the exact counterfactual without it) of a program's figures. */
function side(premises: number, aboveMs: string, energyWms: string, peakSumW: number, peakMaxW: number) {
  return {
    premise_hours_above: hours(aboveMs),
    // Per-premise figures and the largest peak have no population without premises: null, never 0.
    minutes_above_per_premise: premises ? r3(Number(BigInt(aboveMs)) / 60_000 / premises) : null,
    energy_above_kwh: kwh(energyWms),
    peak_kw_mean: premises ? r3(peakSumW / premises / 1000) : null,
    peak_kw_max: premises ? r3(peakMaxW / 1000) : null,
  };
}

/** summary.json `demand_limit`: per DEMAND_LIMIT program, the premises' demand above the limit with the EMS and without it. */
export function demandLimitSummary(totals: DemandLimitTotals[], s: Scenario) {
  return totals.map((t) => {
    const prog = s.programs[t.program];
    const controlled = side(t.premises, t.aboveCtlMs, t.energyCtlWms, t.peakCtlSumW, t.peakCtlMaxW);
    const counterfactual = side(t.premises, t.aboveCfMs, t.energyCfWms, t.peakCfSumW, t.peakCfMaxW);
    return {
      program: prog.id,
      limit_kw: prog.response.demand_limit_kw,
      restore_margin_kw: prog.response.restore_margin_kw,
      min_off_s: prog.response.min_off / 1000,
      premises: t.premises,
      appliances: t.appliances,
      commands: { shed: t.sheds, restore: t.restores },
      controlled,
      counterfactual,
      reduction: {
        premise_hours_above: r3(counterfactual.premise_hours_above - controlled.premise_hours_above),
        energy_above_kwh: r3(counterfactual.energy_above_kwh - controlled.energy_above_kwh),
        peak_kw_mean: counterfactual.peak_kw_mean === null || controlled.peak_kw_mean === null ? null : r3(counterfactual.peak_kw_mean - controlled.peak_kw_mean),
      },
      /** Time above the limit with nothing left for the EMS to shed (or before it held a value). */
      saturated_premise_hours: hours(t.saturatedMs),
      /** Stretches above the limit while the EMS could act, and the longest: its reaction, step by step. */
      actionable_stretches: t.stretches,
      // The longest of no stretch is not applicable.
      longest_actionable_stretch_s: t.stretches ? r3(t.longestStretchMs / 1000) : null,
    };
  });
}

export type DemandLimitSummary = ReturnType<typeof demandLimitSummary>;
