/**
 * Measurement of premise demand limiting (not an actor's input): each EMS premise's whole-house demand as the
 * load model has it, with the EMS's control (`ctl`) and in the exact counterfactual without any control (`cf`,
 * the load model's baseline shadows: a device's world is its own until its first control, then its shadow runs
 * on without one). Both are sums of whole watts that change only at events, so the time and the energy above the
 * premise's limit are integrated exactly between changes: integers in ms and W·ms, the same in any order.
 *
 * It also keeps what the controller's guarantee is stated against: the stretches above the limit during which
 * the EMS could still act (it held a value and had an appliance left to shed), and how long the longest lasted.
 */
import type { Population } from '../population.ts';

export class PremiseDemand {
  /** Premise limit, W (whole watts); NaN for premises without an EMS in a DEMAND_LIMIT program. */
  readonly limitW: Float64Array;
  /** Program index whose limit applies, −1 when none. */
  readonly program: Int16Array;
  readonly ctlW: Float64Array;
  readonly cfW: Float64Array;
  private readonly lastT: Float64Array;
  readonly aboveCtlMs: Float64Array;
  readonly aboveCfMs: Float64Array;
  readonly energyCtlWms: Float64Array;
  readonly energyCfWms: Float64Array;
  readonly peakCtlW: Float64Array;
  readonly peakCfW: Float64Array;
  /** Time above the limit (with control) while the EMS could not act: no value held yet, or nothing left to shed. */
  readonly saturatedAboveMs: Float64Array;
  /** The EMS can act now (set by the controller). */
  readonly actionable: Uint8Array;
  /** Start of the current stretch above the limit while actionable (NaN: not in one). */
  private readonly stretchFrom: Float64Array;
  readonly stretches: Uint32Array;
  readonly longestStretchMs: Float64Array;

  constructor(
    p: Population,
    programs: readonly { kind: string; response: { demand_limit_kw: number } }[],
    readonly c0 = 0,
    readonly c1 = p.customers,
    /** Allocate for every premise (a study with a DEMAND_LIMIT program), or nothing at all. */
    on = true,
  ) {
    const C = on ? p.customers : 0;
    this.limitW = new Float64Array(C).fill(NaN);
    this.program = new Int16Array(C).fill(-1);
    // The premise's limit: of the first DEMAND_LIMIT program any of its EMS-controlled appliances enrolls in.
    for (let c = c0; c < c1; c++) {
      if (p.ems[c] < 0) continue;
      let best = -1;
      for (let d = p.firstDevice[c], end = d + p.deviceCount[c]; d < end; d++) {
        const prog = p.program[d];
        if (p.viaEms[d] && prog >= 0 && programs[prog].kind === 'DEMAND_LIMIT' && (best < 0 || prog < best)) best = prog;
      }
      if (best < 0) continue;
      this.program[c] = best;
      this.limitW[c] = Math.round(programs[best].response.demand_limit_kw * 1000);
    }
    this.ctlW = new Float64Array(C);
    this.cfW = new Float64Array(C);
    this.lastT = new Float64Array(C);
    this.aboveCtlMs = new Float64Array(C);
    this.aboveCfMs = new Float64Array(C);
    this.energyCtlWms = new Float64Array(C);
    this.energyCfWms = new Float64Array(C);
    this.peakCtlW = new Float64Array(C);
    this.peakCfW = new Float64Array(C);
    this.saturatedAboveMs = new Float64Array(C);
    this.actionable = new Uint8Array(C);
    this.stretchFrom = new Float64Array(C).fill(NaN);
    this.stretches = new Uint32Array(C);
    this.longestStretchMs = new Float64Array(C);
  }

  tracked(c: number): boolean {
    return c < this.program.length && this.program[c] >= 0;
  }

  /** Premise c's demand changed by dCtl (with control) and dCf (counterfactual) W at `now`. */
  change(c: number, now: number, dCtl: number, dCf: number): void {
    this.advance(c, now);
    this.ctlW[c] += dCtl;
    this.cfW[c] += dCf;
    if (this.ctlW[c] > this.peakCtlW[c]) this.peakCtlW[c] = this.ctlW[c];
    if (this.cfW[c] > this.peakCfW[c]) this.peakCfW[c] = this.cfW[c];
    this.stretch(c, now);
  }

  /** The EMS's ability to act changed at `now`. */
  setActionable(c: number, now: number, can: boolean): void {
    if ((this.actionable[c] === 1) === can) return;
    this.advance(c, now);
    this.actionable[c] = can ? 1 : 0;
    this.stretch(c, now);
  }

  /** Integrates up to `end` and closes the open stretch (the run's end). */
  close(c: number, end: number): void {
    this.advance(c, end);
    this.endStretch(c, end);
  }

  private advance(c: number, now: number): void {
    const dt = now - this.lastT[c];
    this.lastT[c] = now;
    if (dt <= 0) return;
    const lim = this.limitW[c];
    const overCtl = this.ctlW[c] - lim, overCf = this.cfW[c] - lim;
    if (overCtl > 0) {
      this.aboveCtlMs[c] += dt;
      this.energyCtlWms[c] += overCtl * dt;
      if (!this.actionable[c]) this.saturatedAboveMs[c] += dt;
    }
    if (overCf > 0) {
      this.aboveCfMs[c] += dt;
      this.energyCfWms[c] += overCf * dt;
    }
  }

  /** Opens or closes the actionable stretch above the limit to match the state at `now`. */
  private stretch(c: number, now: number): void {
    const inStretch = this.actionable[c] === 1 && this.ctlW[c] > this.limitW[c];
    const open = !Number.isNaN(this.stretchFrom[c]);
    if (inStretch && !open) {
      this.stretchFrom[c] = now;
      this.stretches[c]++;
    } else if (!inStretch && open) this.endStretch(c, now);
  }

  private endStretch(c: number, now: number): void {
    const from = this.stretchFrom[c];
    if (Number.isNaN(from)) return;
    this.longestStretchMs[c] = Math.max(this.longestStretchMs[c], now - from);
    this.stretchFrom[c] = NaN;
  }
}
