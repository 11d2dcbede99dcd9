/**
 * What every appliance fleet shares: per-device time of last update, the control in force, violation counts,
 * the copy used for baseline shadows, and the advance → settle → next-event cycle.
 *
 * Subclasses implement three pure steps for device i:
 *   integrate(i, t, w)  closed-form evolution from tLast[i] to t with the on/off state held constant;
 *   settle(i, t, w)     thermostat / schedule / control / safety decisions at t (idempotent at equal t);
 *   next(i, t, w)       the next time after t at which a decision can change (physics crossing, control boundary).
 */
import { ControlState } from './control.ts';
import type { ApplianceFleet, CommonParams, Control, GridCondition, Weather } from './types.ts';
import { S_GFA, uniformAt } from './usage.ts';

type Column = Float64Array | Float32Array | Uint8Array | Uint32Array | Int32Array;

/** Used by `setControl` before any `advance` has supplied the scenario's weather. */
export const MILD_WEATHER: Weather = { outdoorC: () => 25 };

/** Tolerance for threshold comparisons (°C, L): absorbs rounding between a root-find and the later evaluation. */
export const EPS = 1e-9;

export abstract class FleetBase<P extends CommonParams> implements ApplianceFleet {
  abstract readonly type: string;
  readonly ctl: ControlState;
  /** Time device i was last brought up to date. */
  readonly tLast: Float64Array;
  /** Violations per device. */
  readonly viol: Uint32Array;
  protected lastWeather: Weather = MILD_WEATHER;
  private readonly columns: Column[] = [];
  private total = 0;
  private compatible: ApplianceFleet | null = null;
  /** Slot → actor id, for a fleet whose slots hold devices forked from another (`useSlots`); null: slot i is device i. */
  private slotActor: Float64Array | null = null;

  constructor(
    readonly count: number,
    readonly seed: number,
    readonly firstActorId: number,
    readonly p: P,
    precoolMs: number,
  ) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    this.ctl = new ControlState(count, p.curtailPeriodMs, precoolMs);
    this.tLast = this.col(new Float64Array(count));
    this.viol = this.col(new Uint32Array(count));
    for (const a of this.ctl.arrays()) this.columns.push(a as Column);
  }

  /** Registers a per-device column so `copyFrom` carries it. */
  protected col<T extends Column>(a: T): T {
    this.columns.push(a);
    return a;
  }

  get violations(): number {
    return this.total;
  }

  protected violate(i: number): void {
    this.viol[i]++;
    this.total++;
  }

  actor(i: number): number {
    const slots = this.slotActor;
    return slots === null ? this.firstActorId + i : slots[i];
  }

  useSlots(): void {
    this.slotActor ??= new Float64Array(this.count);
  }

  init(i: number, tMs: number): void {
    this.total -= this.viol[i];
    this.viol[i] = 0;
    this.tLast[i] = tMs;
    this.ctl.set(i, { mode: 'normal' }, tMs);
    this.ctl.gfaUntil[i] = -Infinity;
    this.initDevice(i, tMs);
  }

  advance(i: number, tMs: number, weather: Weather): number {
    this.lastWeather = weather;
    this.bring(i, tMs, weather);
    this.settle(i, tMs, weather);
    const n = this.next(i, tMs, weather);
    return n > tMs ? n : tMs + 1;
  }

  setControl(i: number, c: Control, tMs: number): void {
    this.bring(i, tMs, this.lastWeather);
    this.ctl.set(i, c, tMs);
    this.settle(i, tMs, this.lastWeather);
  }

  respondToCondition(i: number, cond: GridCondition, tMs: number, durationMs: number): void {
    this.bring(i, tMs, this.lastWeather);
    if (cond.underFrequency || cond.lowVoltage) {
      // Restore after a small per-device random delay so the fleet does not come back in one step.
      const jitter = Math.round(uniformAt(this.seed, this.actor(i), S_GFA, Math.floor(tMs / 1000)) * this.p.gfaRestoreJitterMs);
      this.ctl.gfaUntil[i] = Math.max(this.ctl.gfaUntil[i], tMs + Math.max(0, durationMs) + jitter);
    } else {
      this.ctl.gfaUntil[i] = -Infinity;
    }
    this.settle(i, tMs, this.lastWeather);
  }

  copyFrom(other: ApplianceFleet, i: number, slot = i): void {
    if (other !== this.compatible) {
      // Random usage is keyed by (seed, actor id) and behaviour by the fleet-wide parameters: both must match.
      const ok =
        other instanceof FleetBase &&
        other.constructor === this.constructor &&
        other.type === this.type &&
        other.seed === this.seed &&
        other.firstActorId === this.firstActorId &&
        JSON.stringify(other.p) === JSON.stringify(this.p);
      if (!ok) throw new TypeError(`copyFrom: expected a ${this.type} fleet with the same seed, actor ids and parameters`);
      this.compatible = other;
    }
    if (!(other instanceof FleetBase)) return;
    if (i < 0 || i >= other.count || slot < 0 || slot >= this.count) throw new RangeError(`copyFrom: device ${i} or slot ${slot} out of range`);
    if (slot !== i && this.slotActor === null) throw new RangeError('copyFrom: copying into another slot needs useSlots() first');
    const src = (other as FleetBase<P>).columns;
    this.total += other.viol[i] - this.viol[slot];
    for (let k = 0; k < this.columns.length; k++) this.columns[k][slot] = src[k][i];
    // The slot keeps drawing from the device's own streams.
    if (this.slotActor !== null) this.slotActor[slot] = other.actor(i);
  }

  /** Every per-device value of device i, in column order (tests, debugging). */
  snapshot(i: number): number[] {
    return this.columns.map((c) => c[i]);
  }

  private bring(i: number, tMs: number, w: Weather): void {
    const t0 = this.tLast[i];
    if (tMs < t0) throw new RangeError(`${this.type}[${i}]: time ${tMs} is before its last update ${t0}`);
    if (tMs > t0) this.integrate(i, tMs, w);
    this.tLast[i] = tMs;
  }

  abstract powerKw(i: number): number;
  abstract discomfort(i: number, tMs: number): number;
  protected abstract initDevice(i: number, tMs: number): void;
  protected abstract integrate(i: number, tMs: number, w: Weather): void;
  protected abstract settle(i: number, tMs: number, w: Weather): void;
  protected abstract next(i: number, tMs: number, w: Weather): number;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
