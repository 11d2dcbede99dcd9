/**
 * Load outcomes (issue: "how many kW does this event shed, what comes back?"): every appliance runs its
 * physics (models/appliances) event-driven; its power is summed per (region, appliance type) and turned into
 * per-minute average kW. The counterfactual baseline is exact and cheap: a device's world without DR signals
 * is identical to its real one until the first DR signal reaches it, so at that moment its state is copied
 * into a "shadow" fleet that then runs on with no control. Usage draws are common random numbers (keyed by
 * device and time slot), so the difference between the two is the shed, device by device. Shadows exist only for
 * devices that fork: in blocks of slots, made as devices fork, each forked device in the next free slot.
 */
import { APPLIANCE_TYPES, type ApplianceType } from '../../scenarios/types.ts';
import { createFleet } from '../appliances/index.ts';
import type { ApplianceFleet, Control, GridCondition, Weather } from '../appliances/types.ts';
import { localMsOfDay } from './clock.ts';
import { Ev } from './events.ts';
import type { Shared } from './actor-context.ts';

const MINUTE = 60_000;
/** Simulated history each appliance lives through before t = 0 (a house's thermal mass settles in hours). */
const WARMUP_MS = 6 * 3_600_000;
/** Shadow blocks: 64 … 8192 slots. */
const MIN_SHADOW_BITS = 6;
const MAX_SHADOW_BITS = 13;

export class LoadModel {
  private readonly fleets: (ApplianceFleet | null)[] = [];
  /** Per type: blocks of 2^shadowBits[t] shadow slots, made as devices fork; and slots used so far. */
  private readonly shadows: ApplianceFleet[][] = [];
  private readonly shadowBits: number[] = [];
  private readonly shadowsUsed: number[] = [];
  private readonly makeShadow: ((slots: number) => ApplianceFleet)[] = [];
  /** Device (d - d0) → index inside its type's fleet, or -1 for IHDs and EMSs. */
  private readonly local: Int32Array;
  /** Device (d - d0) → its shadow slot + 1 once it has forked, else 0. */
  private readonly shadowSlot: Int32Array;
  private readonly gen: Uint32Array;
  private readonly genShadow: Uint32Array;
  /**
   * Power of each device in whole watts. Whole watts keep every sum below exact (W·ms stays under 2^53 for
   * millions of devices), so totals do not depend on the order devices change in — nor on partitioning.
   */
  private readonly watts: Float64Array;
  /** Energy each device has used (W·ms) up to `energyAt`, for its S2-08 reports. */
  private readonly energy_: Float64Array;
  private readonly energyAt: Float64Array;
  /** When each device's pending physics event is due (Infinity: none): a fork hands it to the shadow. */
  private readonly nextAt: Float64Array;
  private readonly wattsBase: Float64Array;
  /** Device → group (region × appliance type) its power counts in. */
  private readonly group: Int32Array;
  private readonly groupW: Float64Array;
  private readonly groupBaseW: Float64Array;
  private readonly energy: Float64Array;
  private readonly energyBase: Float64Array;
  private readonly lastT: Float64Array;
  /**
   * The same per slice (region × program the device is enrolled in, the last slot of a region for devices in
   * none): response figures measure each program's windows on its own participants' load and counterfactual.
   */
  private readonly slice: Int32Array;
  private readonly slices: number;
  private readonly sliceW: Float64Array;
  private readonly sliceBaseW: Float64Array;
  private readonly sliceEnergy: Float64Array;
  private readonly sliceEnergyBase: Float64Array;
  private readonly sliceLastT: Float64Array;
  private readonly populated: Uint8Array;
  /** Devices that executed a programmed response (S2-04) at least once. */
  private readonly participated: Uint8Array;
  readonly weather: Weather;

  /**
   * Physics for devices d0 … d1-1 only (a partition's own); per-device arrays are indexed d - d0. Each
   * appliance keeps its global random stream (fleet actor ids count over all devices of its type), so it
   * behaves the same whichever partition runs it.
   */
  constructor(
    private readonly w: Shared,
    readonly d0 = 0,
    d1 = w.p.devices,
  ) {
    const p = w.p;
    const T = APPLIANCE_TYPES.length;
    const n = d1 - d0;
    const before = new Array<number>(T).fill(0);
    for (let d = 0; d < d0; d++) if (p.type[d] < T) before[p.type[d]]++;
    const counts = new Array<number>(T).fill(0);
    this.local = new Int32Array(n).fill(-1);
    for (let d = d0; d < d1; d++) {
      const t = p.type[d];
      if (t < T) this.local[d - d0] = counts[t]++;
    }
    const startMs = localMsOfDay(w.s.start);
    for (let t = 0; t < T; t++) {
      const first = w.ids.actors + t * p.devices + before[t];
      const make = (count: number) => createFleet(APPLIANCE_TYPES[t] as ApplianceType, count, w.s.seed, first, { dayStartMs: startMs });
      this.fleets.push(counts[t] > 0 ? make(counts[t]) : null);
      this.shadows.push([]);
      // Blocks of about a sixteenth of the type's devices here: at most that much is held beyond the forked devices.
      this.shadowBits.push(Math.min(MAX_SHADOW_BITS, Math.max(MIN_SHADOW_BITS, Math.ceil(Math.log2(Math.max(1, counts[t] / 16))))));
      this.shadowsUsed.push(0);
      this.makeShadow.push((slots) => {
        const f = make(slots);
        f.useSlots();
        return f;
      });
    }
    this.shadowSlot = new Int32Array(n);
    this.gen = new Uint32Array(n);
    this.genShadow = new Uint32Array(n);
    this.watts = new Float64Array(n);
    this.nextAt = new Float64Array(n).fill(Infinity);
    this.energy_ = new Float64Array(n);
    this.energyAt = new Float64Array(n);
    this.wattsBase = new Float64Array(n);
    this.participated = new Uint8Array(n);
    const G = p.regions.length * T;
    this.group = new Int32Array(n);
    for (let d = d0; d < d1; d++) this.group[d - d0] = p.region[p.owner[d]] * T + Math.min(p.type[d], T - 1);
    this.groupW = new Float64Array(G);
    this.groupBaseW = new Float64Array(G);
    this.energy = new Float64Array(G);
    this.energyBase = new Float64Array(G);
    this.lastT = new Float64Array(G);
    // Devices start in no program: one joins its program's slice when its configuration enrols it (enrol()).
    this.slices = sliceCount(p.regions.length, w.s.programs.length);
    const perRegion = w.s.programs.length + 1;
    this.slice = new Int32Array(n);
    for (let d = d0; d < d1; d++) this.slice[d - d0] = p.region[p.owner[d]] * perRegion + perRegion - 1;
    this.sliceW = new Float64Array(this.slices);
    this.sliceBaseW = new Float64Array(this.slices);
    this.sliceEnergy = new Float64Array(this.slices);
    this.sliceEnergyBase = new Float64Array(this.slices);
    this.sliceLastT = new Float64Array(this.slices);
    // Every partition knows which groups exist anywhere, so all emit the same points.
    this.populated = new Uint8Array(G);
    for (let d = 0; d < p.devices; d++) if (p.type[d] < T) this.populated[p.region[p.owner[d]] * T + p.type[d]] = 1;
    const hourly = w.s.weather.hourly_c;
    // A pricing study's series carries the summer's hourly temperature: the physics feels the same weather the
    // pricing actor forecasts from (OI-6).
    const series = w.s.pricing?.series.temperature_c;
    this.weather = series ? seriesWeather(series) : {
      outdoorC(tMs: number): number {
        const h = (((startMs + tMs) / 3_600_000) % 24 + 24) % 24;
        const i = Math.floor(h);
        return hourly[i] + (hourly[(i + 1) % 24] - hourly[i]) * (h - i);
      },
    };
  }

  /** True when device d is an appliance this model runs (DR participation etc. are read through these). */
  isAppliance(d: number): boolean {
    return d >= this.d0 && d - this.d0 < this.local.length && this.local[d - this.d0] >= 0;
  }

  hasParticipated(d: number): boolean {
    return d >= this.d0 && d - this.d0 < this.local.length && this.participated[d - this.d0] === 1;
  }

  hasForked(d: number): boolean {
    return d >= this.d0 && d - this.d0 < this.local.length && this.shadowSlot[d - this.d0] > 0;
  }

  fleetOf(d: number): ApplianceFleet | null {
    const t = this.w.p.type[d];
    return t < this.fleets.length ? this.fleets[t] : null;
  }

  /**
   * Device d's first physics step (called from its init handler). Each appliance first runs a warm-up of
   * WARMUP_MS of its own before the study starts, so the study opens on settled houses, tanks and cycles
   * rather than on every compressor switching in step (a cold start rings for an hour).
   */
  start(d: number): void {
    const f = this.fleetOf(d);
    if (!f) return;
    const i = this.local[d - this.d0];
    f.init(i, -WARMUP_MS);
    for (let next = f.advance(i, -WARMUP_MS, this.weather); next < 0; ) next = f.advance(i, next, this.weather);
    this.step(d, false);
  }

  /** A PHYSICS (or shadow) event: ignored when a control change has since rescheduled the device. */
  onPhysics(d: number, generation: number, shadow: boolean): void {
    if (generation !== (shadow ? this.genShadow[d - this.d0] : this.gen[d - this.d0])) return;
    this.step(d, shadow);
  }

  /** S2-04 and its end, overrides: puts a control in force, forking the baseline first. */
  control(d: number, c: Control): void {
    const f = this.fleetOf(d);
    if (!f) return;
    this.fork(d);
    if (c.mode !== 'normal') this.participated[d - this.d0] = 1;
    f.setControl(this.local[d - this.d0], c, this.w.sim.now);
    this.gen[d - this.d0]++;
    this.step(d, false);
  }

  /** OI-1: the appliance's own response to an under-frequency or low-voltage condition. */
  condition(d: number, cond: GridCondition, durationMs: number): void {
    const f = this.fleetOf(d);
    if (!f) return;
    this.fork(d);
    f.respondToCondition(this.local[d - this.d0], cond, this.w.sim.now, durationMs);
    this.gen[d - this.d0]++;
    this.step(d, false);
  }

  /** Energy device d has used since the study started, Wh (FR-36). */
  energyWh(d: number): number {
    return (this.energy_[d - this.d0] + this.watts[d - this.d0] * (this.w.sim.now - this.energyAt[d - this.d0])) / 3_600_000;
  }

  /** Power device d draws now, W. */
  powerW(d: number): number {
    return this.watts[d - this.d0];
  }

  /** Power device d would draw now had no control ever reached it (the exact counterfactual), W. */
  baselineW(d: number): number {
    return this.wattsBase[d - this.d0];
  }

  discomfort(d: number): number {
    const f = this.fleetOf(d);
    return f ? f.discomfort(this.local[d - this.d0], this.w.sim.now) : 0;
  }

  violations(): number {
    return this.fleets.reduce((a, f) => a + (f?.violations ?? 0), 0);
  }

  /** Hot water that ran out at a draw after DR had left a tank short (water heaters count these apart). */
  shortfalls(): number {
    return this.fleets.reduce((a, f) => a + ((f as { shortfalls?: number } | null)?.shortfalls ?? 0), 0);
  }

  /**
   * Device d's configuration put it in `program` (-1: none): from now on its load and counterfactual count in
   * that program's slice. Energy up to now stays where it was, so a change of program splits exactly.
   */
  enrol(d: number, program: number): void {
    const i = d - this.d0;
    const perRegion = this.w.s.programs.length + 1;
    const from = this.slice[i];
    const to = from - (from % perRegion) + (program >= 0 && program < perRegion - 1 ? program : perRegion - 1);
    if (to === from) return;
    const now = this.w.sim.now;
    this.accumulateSlice(from, now);
    this.accumulateSlice(to, now);
    this.sliceW[from] -= this.watts[i];
    this.sliceBaseW[from] -= this.wattsBase[i];
    this.sliceW[to] += this.watts[i];
    this.sliceBaseW[to] += this.wattsBase[i];
    this.slice[i] = to;
  }

  /**
   * Energy of the minute starting at t, W·ms, DR world and baseline: per group (region × appliance type) and
   * per slice (region × program, see sliceCount).
   */
  takeMinute(t: number): { energy: number[]; energyBase: number[]; sliceEnergy: number[]; sliceEnergyBase: number[] } {
    const end = t + MINUTE;
    for (let g = 0; g < this.groupW.length; g++) if (this.populated[g]) this.accumulate(g, end);
    for (let s = 0; s < this.slices; s++) this.accumulateSlice(s, end);
    const out = {
      energy: Array.from(this.energy),
      energyBase: Array.from(this.energyBase),
      sliceEnergy: Array.from(this.sliceEnergy),
      sliceEnergyBase: Array.from(this.sliceEnergyBase),
    };
    this.energy.fill(0);
    this.energyBase.fill(0);
    this.sliceEnergy.fill(0);
    this.sliceEnergyBase.fill(0);
    return out;
  }

  /** Groups that have at least one appliance (others get no points). */
  get populatedGroups(): Uint8Array {
    return this.populated;
  }

  /**
   * The shadow takes over the device's state and its pending wake-up exactly as they are, without an extra
   * `advance` now: the no-DR device would not have been advanced now either, and an extra step can move a
   * later switching time by a rounding (a refrigerator does), which would make the baseline inexact.
   */
  private fork(d: number): void {
    if (this.shadowSlot[d - this.d0] > 0) return;
    const t = this.w.p.type[d];
    const slot = this.shadowsUsed[t]++, bits = this.shadowBits[t];
    const blocks = this.shadows[t];
    if (slot >>> bits === blocks.length) blocks.push(this.makeShadow[t](1 << bits));
    blocks[slot >>> bits].copyFrom(this.fleets[t]!, this.local[d - this.d0], slot & ((1 << bits) - 1));
    this.shadowSlot[d - this.d0] = slot + 1;
    this.schedule(d, true, this.nextAt[d - this.d0]);
  }

  /** Advances device d (or its shadow) to now, books its new power, and schedules its next change. */
  private step(d: number, shadow: boolean): void {
    const t = this.w.p.type[d];
    let f: ApplianceFleet, i: number;
    if (shadow) {
      const slot = this.shadowSlot[d - this.d0] - 1, bits = this.shadowBits[t];
      f = this.shadows[t][slot >>> bits];
      i = slot & ((1 << bits) - 1);
    } else {
      f = this.fleets[t]!;
      i = this.local[d - this.d0];
    }
    const now = this.w.sim.now;
    const next = f.advance(i, now, this.weather);
    const w = Math.round(f.powerKw(i) * 1000);
    const g = this.group[d - this.d0], s = this.slice[d - this.d0];
    this.accumulate(g, now);
    this.accumulateSlice(s, now);
    if (shadow) {
      this.groupBaseW[g] += w - this.wattsBase[d - this.d0];
      this.sliceBaseW[s] += w - this.wattsBase[d - this.d0];
      this.wattsBase[d - this.d0] = w;
    } else {
      this.energy_[d - this.d0] += this.watts[d - this.d0] * (now - this.energyAt[d - this.d0]);
      this.energyAt[d - this.d0] = now;
      this.groupW[g] += w - this.watts[d - this.d0];
      this.sliceW[s] += w - this.watts[d - this.d0];
      this.watts[d - this.d0] = w;
      if (this.shadowSlot[d - this.d0] === 0) {
        // Until the first DR signal the baseline is the device itself.
        this.groupBaseW[g] += w - this.wattsBase[d - this.d0];
        this.sliceBaseW[s] += w - this.wattsBase[d - this.d0];
        this.wattsBase[d - this.d0] = w;
      }
    }
    this.schedule(d, shadow, next > now ? next : now + 1);
  }

  private schedule(d: number, shadow: boolean, next: number): void {
    const now = this.w.sim.now;
    const at = next < Infinity && next <= this.w.s.duration ? now + Math.max(0, Math.ceil(next - now)) : Infinity;
    if (!shadow) this.nextAt[d - this.d0] = at;
    if (at === Infinity) return;
    this.w.sim.send(this.w.deviceActor(d), at - now, shadow ? Ev.PHYSICS_SHADOW : Ev.PHYSICS, shadow ? this.genShadow[d - this.d0] : this.gen[d - this.d0]);
  }

  private accumulate(g: number, now: number): void {
    const dt = now - this.lastT[g];
    if (dt <= 0) return;
    this.energy[g] += this.groupW[g] * dt;
    this.energyBase[g] += this.groupBaseW[g] * dt;
    this.lastT[g] = now;
  }

  private accumulateSlice(s: number, now: number): void {
    const dt = now - this.sliceLastT[s];
    if (dt <= 0) return;
    this.sliceEnergy[s] += this.sliceW[s] * dt;
    this.sliceEnergyBase[s] += this.sliceBaseW[s] * dt;
    this.sliceLastT[s] = now;
  }
}

/** Slices of the load: per region, one per program in study order, then one for devices in no program. */
export function sliceCount(regions: number, programs: number): number {
  return regions * (programs + 1);
}

/** Outdoor temperature from an hourly series (row i at i hours), linear in between, held past either end. */
function seriesWeather(temps: readonly number[]): { outdoorC(tMs: number): number } {
  const last = temps.length - 1;
  return {
    outdoorC(tMs: number): number {
      const h = Math.min(Math.max(tMs / 3_600_000, 0), last);
      const i = Math.min(Math.floor(h), last - 1);
      return i < 0 ? temps[0] : temps[i] + (temps[i + 1] - temps[i]) * (h - i);
    },
  };
}
