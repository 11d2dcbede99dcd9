/**
 * The rendezvous of partition threads between windows, on shared memory: a counting barrier with a
 * generation number, and the partitions' lower bounds in two alternating rows (a thread that has left
 * barrier r may write its bound for r+1 while a slower one still reads row r). A thread that fails sets
 * the abort word, so the others stop waiting instead of hanging.
 */
const COUNT = 0, GENERATION = 1, ABORT = 2;
const CONTROL_BYTES = 16;

export class Rendezvous {
  private readonly ctl: Int32Array;
  private readonly rows: Float64Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly parties: number,
    /** Spin this many checks before sleeping: worth it only when every party has a core of its own. */
    private readonly spin: number,
  ) {
    this.ctl = new Int32Array(buffer, 0, 4);
    this.rows = new Float64Array(buffer, CONTROL_BYTES, 2 * parties);
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
    const gen = Atomics.load(ctl, GENERATION);
    if (Atomics.add(ctl, COUNT, 1) === this.parties - 1) {
      Atomics.store(ctl, COUNT, 0);
      Atomics.add(ctl, GENERATION, 1);
      Atomics.notify(ctl, GENERATION);
      return;
    }
    for (let i = 0; i < this.spin; i++) if (Atomics.load(ctl, GENERATION) !== gen) return this.check();
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

  private check(): void {
    if (Atomics.load(this.ctl, ABORT) !== 0) throw new Error('another partition failed');
  }
}
