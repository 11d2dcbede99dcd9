/**
 * The rendezvous of partition threads between windows, on shared memory: a counting barrier with a
 * generation number, and the partitions' lower bounds in two alternating rows (a thread that has left
 * barrier r may write its bound for r+1 while a slower one still reads row r). A thread that fails sets
 * the abort word, so the others stop waiting instead of hanging.
 *
 * Waiting: spin, then sleep (Atomics.wait). Spinning saves the tens of µs a wake-up costs when the others
 * arrive within µs, but on a machine busy with other work a spinning thread holds a core that a late partner
 * (or the rest of the machine) needs. So the spin is bounded in wall time, measured with the clock rather than
 * counted in loop checks, and adapts per thread (spin-budget.ts): it shrinks to nothing when spins stop paying.
 * Results never depend on it.
 */
import { SpinBudget } from './spin-budget.ts';

const COUNT = 0, GENERATION = 1, ABORT = 2;
const CONTROL_BYTES = 16;
/** Atomics loads between clock reads while spinning (a clock read costs tens of ns). */
const CHECKS_PER_CLOCK_READ = 64;

export interface RendezvousStats {
  waits: number;
  /** Waits the last party ended (it did not wait). */
  last: number;
  /** Waits that ended while spinning. */
  spunThrough: number;
  /** Waits that went to sleep. */
  slept: number;
  /** Total µs spent spinning. */
  spinUs: number;
}

export class Rendezvous {
  private readonly ctl: Int32Array;
  private readonly rows: Float64Array;
  private readonly budget: SpinBudget;
  readonly stats: RendezvousStats = { waits: 0, last: 0, spunThrough: 0, slept: 0, spinUs: 0 };

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly parties: number,
    /** Longest spin before sleeping, µs (0: always sleep at once). */
    maxSpinUs: number,
  ) {
    this.ctl = new Int32Array(buffer, 0, 4);
    this.rows = new Float64Array(buffer, CONTROL_BYTES, 2 * parties);
    this.budget = new SpinBudget(maxSpinUs);
  }

  static bufferFor(parties: number): SharedArrayBuffer {
    return new SharedArrayBuffer(CONTROL_BYTES + 2 * parties * 8);
  }

  setBound(round: number, index: number, bound: number): void {
    this.rows[(round & 1) * this.parties + index] = bound;
  }

  bounds(round: number): Float64Array {
    return this.rows.subarray((round & 1) * this.parties, (round & 1) * this.parties + this.parties);
  }

  wait(): void {
    const ctl = this.ctl;
    this.stats.waits++;
    const gen = Atomics.load(ctl, GENERATION);
    if (Atomics.add(ctl, COUNT, 1) === this.parties - 1) {
      Atomics.store(ctl, COUNT, 0);
      Atomics.add(ctl, GENERATION, 1);
      Atomics.notify(ctl, GENERATION);
      this.stats.last++;
      return;
    }
    const us = this.budget.next();
    if (us > 0) {
      const arrived = this.spin(gen, us);
      this.budget.record(arrived);
      if (arrived) {
        this.stats.spunThrough++;
        return this.check();
      }
    }
    this.stats.slept++;
    while (Atomics.load(ctl, GENERATION) === gen) {
      Atomics.wait(ctl, GENERATION, gen, 200);
      this.check();
    }
    this.check();
  }

  abort(): void {
    Atomics.store(this.ctl, ABORT, 1);
    Atomics.add(this.ctl, GENERATION, 1);
    Atomics.notify(this.ctl, GENERATION);
  }

  /** Spins up to `us` of wall time; true if the generation moved on meanwhile. */
  private spin(gen: number, us: number): boolean {
    const ctl = this.ctl;
    const start = performance.now();
    const end = start + us / 1000;
    for (;;) {
      for (let i = 0; i < CHECKS_PER_CLOCK_READ; i++) {
        if (Atomics.load(ctl, GENERATION) !== gen) {
          this.stats.spinUs += (performance.now() - start) * 1000;
          return true;
        }
      }
      const now = performance.now();
      if (now >= end) {
        this.stats.spinUs += (now - start) * 1000;
        return false;
      }
    }
  }

  private check(): void {
    if (Atomics.load(this.ctl, ABORT) !== 0) throw new Error('another partition failed');
  }
}
