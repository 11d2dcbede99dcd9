/**
 * What every appliance fleet shares: one record per device (record.ts) holding its time of last update, the
 * control in force and its violation count beside the type's own fields; the copy used for baseline shadows; and
 * the advance → settle → next-event cycle.
 *
 * Subclasses implement three pure steps for device i:
 *   integrate(i, t, w)  closed-form evolution from tLast[i] to t with the on/off state held constant;
 *   settle(i, t, w)     thermostat / schedule / control / safety decisions at t (idempotent at equal t);
 *   next(i, t, w)       the next time after t at which a decision can change (physics crossing, control boundary).
 */
import { ControlState } from './control.ts';
import { BASE, HEADER_SLOTS, Records, type FlagLayout, type FloatLayout } from './record.ts';
import type { ApplianceFleet, CommonParams, Control, GridCondition, Weather } from './types.ts';
import { S_GFA, uniformAt } from './usage.ts';

/** Used by `setControl` before any `advance` has supplied the scenario's weather. */
export const MILD_WEATHER: Weather = { outdoorC: () => 25 };

/** Tolerance for threshold comparisons (°C, L): absorbs rounding between a root-find and the later evaluation. */
export const EPS = 1e-9;

const T_LAST = BASE.tLast;

/** The names `field` takes: a type's Float64 fields and byte flags. */
export type FieldName<FL, BL> = Exclude<keyof FL, 'stride'> | keyof BL;

export abstract class FleetBase<P extends CommonParams, FL extends FloatLayout<string> = FloatLayout<string>, BL extends FlagLayout<string> = FlagLayout<string>>
  implements ApplianceFleet
{
  abstract readonly type: string;
  /** Every device's record (record.ts): device i's Float64 fields start at f[i * stride]. */
  readonly rec: Records;
  protected readonly f: Float64Array;
  protected readonly b: Uint8Array;
  private readonly u: Uint32Array;
  protected readonly stride: number;
  readonly ctl: ControlState;
  protected lastWeather: Weather = MILD_WEATHER;
  private total = 0;
  private compatible: ApplianceFleet | null = null;
  /** Slot → actor id, for a fleet whose slots hold devices forked from another (`useSlots`); null: slot i is device i. */
  private slotActor: Float64Array | null = null;

  /**
   * `floats` and `flags` are the type's record layout (record.ts): its Float64 fields and byte flags by name,
   * read by `field`.
   */
  constructor(
    readonly count: number,
    readonly seed: number,
    readonly firstActorId: number,
    readonly p: P,
    precoolMs: number,
    private readonly floats: FL,
    private readonly flags: BL,
  ) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    this.rec = new Records(count, floats.stride);
    this.f = this.rec.f;
    this.b = this.rec.b;
    this.u = this.rec.u;
    this.stride = floats.stride;
    this.ctl = new ControlState(this.rec, p.curtailPeriodMs, precoolMs);
    for (let i = 0; i < count; i++) this.ctl.setGfaUntil(i * this.stride, -Infinity);
  }

  /** Device i's field `name` (a Float64 field or a byte flag of its type; tests, debugging). */
  field(i: number, name: FieldName<FL, BL>): number {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`${this.type}: device ${i} out of range`);
    const r = i * this.stride, floats = this.floats as Record<string, number>, flags = this.flags as Record<string, number>;
    const n = name as string;
    if (n !== 'stride' && Object.hasOwn(floats, n)) return this.f[r + floats[n]];
    if (Object.hasOwn(flags, n)) return this.b[r * 8 + flags[n]];
    throw new RangeError(`${this.type} has no field ${n}`);
  }

  /** Device i's violations. */
  violationsOf(i: number): number {
    return this.u[i * this.stride * 2];
  }

  /** Time device i was last brought up to date. */
  lastUpdate(i: number): number {
    return this.f[i * this.stride + T_LAST];
  }

  get violations(): number {
    return this.total;
  }

  protected violate(i: number): void {
    this.u[i * this.stride * 2]++;
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
    const r = i * this.stride;
    this.total -= this.u[r * 2];
    this.u[r * 2] = 0;
    this.f[r + T_LAST] = tMs;
    this.ctl.set(r, { mode: 'normal' }, tMs);
    this.ctl.setGfaUntil(r, -Infinity);
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
    this.ctl.set(i * this.stride, c, tMs);
    this.settle(i, tMs, this.lastWeather);
  }

  respondToCondition(i: number, cond: GridCondition, tMs: number, durationMs: number): void {
    this.bring(i, tMs, this.lastWeather);
    const r = i * this.stride;
    if (cond.underFrequency || cond.lowVoltage) {
      // Restore after a small per-device random delay so the fleet does not come back in one step.
      const jitter = Math.round(uniformAt(this.seed, this.actor(i), S_GFA, Math.floor(tMs / 1000)) * this.p.gfaRestoreJitterMs);
      this.ctl.setGfaUntil(r, Math.max(this.ctl.gfaUntil(r), tMs + Math.max(0, durationMs) + jitter));
    } else {
      this.ctl.setGfaUntil(r, -Infinity);
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
    this.total += other.violationsOf(i) - this.violationsOf(slot);
    // The whole record: parameters, state, control, counters.
    this.rec.copy(other.rec, i, slot);
    // The slot keeps drawing from the device's own streams.
    if (this.slotActor !== null) this.slotActor[slot] = other.actor(i);
  }

  /** Every per-device value of device i: its record's header bytes, then its Float64 fields (tests, debugging). */
  snapshot(i: number): number[] {
    const r = i * this.stride;
    return [...this.b.subarray(r * 8, (r + HEADER_SLOTS) * 8), ...this.f.subarray(r + HEADER_SLOTS, r + this.stride)];
  }

  private bring(i: number, tMs: number, w: Weather): void {
    const r = i * this.stride, t0 = this.f[r + T_LAST];
    if (tMs < t0) throw new RangeError(`${this.type}[${i}]: time ${tMs} is before its last update ${t0}`);
    if (tMs > t0) this.integrate(i, tMs, w);
    this.f[r + T_LAST] = tMs;
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
