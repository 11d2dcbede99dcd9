/**
 * The premise EMS's demand limiter (DEMAND_LIMIT programs), state owned by the EMSs (indexed by premise: a
 * premise has at most one EMS). The EMS acts ONLY on the demand it holds from the meter's usage feed (NFR-03),
 * never on the load model's truth: whenever a fresh value arrives, measured after its last command reached its
 * appliance,
 *
 * - above `demand_limit_kw` it sheds the next appliance of its `shed_order` still running normally;
 * - at or below `demand_limit_kw − restore_margin_kw` it restores the last one it shed, once that one has been
 *   off `min_off` and if what it drew still fits: the drop the EMS saw in the meter's next reading after shedding
 *   it (restored in reverse order, so the most valued load comes back first; a deferred EV waits for room);
 * - in between it holds (hysteresis).
 *
 * One command per fresh value: an appliance's effect shows in the next reading, so it does not shed the whole
 * house on one stale value. Commands go to the appliance over the home network (FR-04: the HAN hop plus the EMS
 * relay) and use the appliances' own load control: the AC is cycled at the program's `cycling_percent`, every
 * other type shed (off, starts deferred), each type's safety rules above it (device.ts `emsShedControl`). The
 * EMS draws nothing random.
 */
import type { Program } from '../../../scenarios/types.ts';
import { EMS_RELAY_MS } from '../../transport/link-graph.ts';
import { Ev } from '../events.ts';
import { deviceTypeName, type Population } from '../population.ts';
import type { PremiseDemand } from './premise-demand.ts';

/** A device's program travels with it in one payload: device × PROGRAM_SLOTS + program (programs ≤ 32,767). */
export const PROGRAM_SLOTS = 65_536;

export interface LimiterWorld {
  readonly p: Population;
  readonly s: { programs: readonly Program[]; network: { han: { latency_ms: number } } };
  readonly sim: { readonly now: number; send(to: number, delay: number, type: number, payload: number): void };
  deviceActor(d: number): number;
  readonly metering: { held: { readonly demandW: Float64Array; readonly readingAt: Float64Array } };
  readonly hooks: { emsOverLimit(heldW: number, limitW: number): boolean };
  readonly trace: { readonly emsCommand: { fire: ((ems: number, d: number, shed: boolean) => void) | null } };
  readonly rec: { emsCommand(program: string, shed: boolean): void };
}

export class DemandLimiter {
  /** Appliances each premise's EMS controls, in shed order (type's place in `shed_order`, then device index). */
  private readonly controlled: (number[] | undefined)[];
  /** Program each controlled appliance is in (−1: none). */
  private readonly programOf: Int16Array;
  /** When the EMS shed each appliance (NaN: running normally as far as the EMS is concerned). */
  readonly shedAt: Float64Array;
  /** When the EMS last sent a command, per premise. */
  private readonly lastCommandAt: Float64Array;
  /** What each appliance drew when it was shed, as the meter's readings showed the EMS (W). */
  private readonly drawW: Float64Array;
  /** Per premise: the appliance last shed whose drop the next fresh reading shows (−1: none), and the held value then. */
  private readonly measuring: Int32Array;
  private readonly heldAtShedW: Float64Array;
  /** Commands per program. */
  readonly sheds: Uint32Array;
  readonly restores: Uint32Array;
  /** Home-network delay of a command: the HAN hop and the EMS's relay (FR-04). */
  readonly commandDelayMs: number;

  constructor(
    private readonly w: LimiterWorld,
    private readonly demand: PremiseDemand,
    on: boolean,
  ) {
    const C = on ? w.p.customers : 0, D = on ? w.p.devices : 0;
    this.controlled = new Array(C);
    this.programOf = new Int16Array(D).fill(-1);
    this.shedAt = new Float64Array(D).fill(NaN);
    this.lastCommandAt = new Float64Array(C).fill(-Infinity);
    this.drawW = new Float64Array(D);
    this.measuring = new Int32Array(C).fill(-1);
    this.heldAtShedW = new Float64Array(C);
    this.sheds = new Uint32Array(w.s.programs.length);
    this.restores = new Uint32Array(w.s.programs.length);
    this.commandDelayMs = w.s.network.han.latency_ms + EMS_RELAY_MS;
  }

  /** Appliances the EMS of premise c controls now. */
  appliances(c: number): readonly number[] {
    return this.controlled[c] ?? [];
  }

  /** The premise's program: the lowest-indexed DEMAND_LIMIT program among its controlled appliances (−1: none). */
  programAt(c: number): number {
    let best = -1;
    for (const d of this.appliances(c)) if (best < 0 || this.programOf[d] < best) best = this.programOf[d];
    return best;
  }

  /** Appliance d was configured in program `prog` (payload of EMS_JOIN): join the EMS's list, or leave it. */
  join(c: number, d: number, prog: number): void {
    const list = (this.controlled[c] ??= []);
    const at = list.indexOf(d);
    const program = prog >= 0 ? this.w.s.programs[prog] : undefined;
    // Only the types the program lets the EMS shed are its to control.
    const demandLimit = program?.kind === 'DEMAND_LIMIT' && (program.response.shed_order as readonly string[]).includes(deviceTypeName(this.w.p, d));
    if (at >= 0 && !demandLimit) {
      list.splice(at, 1);
      if (!Number.isNaN(this.shedAt[d])) this.command(c, d, false, this.programOf[d]);
      this.programOf[d] = -1;
    } else if (demandLimit) {
      this.programOf[d] = prog;
      if (at < 0) {
        list.push(d);
        list.sort((a, b) => this.rank(a) - this.rank(b) || a - b);
      }
    }
    this.noteActionable(c);
  }

  /** The EMS of premise c (device `ems`) took a fresh value from the meter: decide on it. */
  onHeld(c: number, ems: number): void {
    const prog = this.programAt(c);
    if (prog < 0) return this.noteActionable(c);
    const heldW = this.w.metering.held.demandW[ems];
    // A value measured before the last command reached its appliance cannot show that command's effect.
    if (this.w.metering.held.readingAt[ems] <= this.lastCommandAt[c] + this.commandDelayMs) return this.noteActionable(c);
    const shed = this.measuring[c];
    if (shed >= 0) {
      this.drawW[shed] = Math.max(0, this.heldAtShedW[c] - heldW);
      this.measuring[c] = -1;
    }
    const r = this.w.s.programs[prog].response;
    const limitW = r.demand_limit_kw * 1000;
    const list = this.appliances(c);
    if (this.w.hooks.emsOverLimit(heldW, limitW)) {
      const next = list.find((d) => Number.isNaN(this.shedAt[d]) && this.programOf[d] === prog);
      if (next !== undefined) {
        this.measuring[c] = next;
        this.heldAtShedW[c] = heldW;
        this.command(c, next, true, prog);
      }
    } else if (heldW <= limitW - r.restore_margin_kw * 1000) {
      let last = -1;
      for (let i = list.length - 1; i >= 0 && last < 0; i--) if (!Number.isNaN(this.shedAt[list[i]])) last = list[i];
      const room = limitW - r.restore_margin_kw * 1000 - heldW;
      if (last >= 0 && this.w.sim.now - this.shedAt[last] >= r.min_off && this.drawW[last] <= room) this.command(c, last, false, prog);
    }
    this.noteActionable(c);
  }

  /** Can the EMS still act: it holds a value and has an appliance left to shed. */
  private noteActionable(c: number): void {
    const ems = this.w.p.ems[c];
    const held = ems >= 0 && this.w.metering.held.readingAt[ems] >= 0;
    const prog = this.programAt(c);
    const left = this.appliances(c).some((d) => Number.isNaN(this.shedAt[d]) && this.programOf[d] === prog);
    if (this.demand.tracked(c)) this.demand.setActionable(c, this.w.sim.now, held && left);
  }

  private command(c: number, d: number, shed: boolean, prog: number): void {
    const now = this.w.sim.now;
    this.shedAt[d] = shed ? now : NaN;
    this.lastCommandAt[c] = now;
    if (prog >= 0) {
      (shed ? this.sheds : this.restores)[prog]++;
      this.w.rec.emsCommand(this.w.s.programs[prog].id, shed);
    }
    this.w.trace.emsCommand.fire?.(this.w.p.ems[c], d, shed);
    this.w.sim.send(this.w.deviceActor(d), this.commandDelayMs, Ev.EMS_CONTROL, shed ? 1 : 0);
  }

  /** Place of the device's type in its program's shed order (types not in it are never shed: last). */
  private rank(d: number): number {
    const prog = this.programOf[d];
    const order = prog >= 0 ? this.w.s.programs[prog].response.shed_order : [];
    const i = (order as readonly string[]).indexOf(deviceTypeName(this.w.p, d));
    return i < 0 ? order.length : i;
  }
}
