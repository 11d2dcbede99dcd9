/**
 * Whether a partition thread spins at a rendezvous before it sleeps (barrier.ts), and for how long, from what
 * spinning has been earning. A spin pays when the others arrive during it (a wake-up from sleep costs tens of
 * µs, often more than a whole window's work); it costs a core that a late partner or other work on the machine
 * needs when they do not. So each thread keeps a moving average of its spins' success (the last ~8 attempts):
 * while at least half succeed it spins every time, up to `maxUs` of wall time; below that it sleeps at once and
 * spins only every PROBE_EVERY-th rendezvous, to notice when spinning pays again (the machine became free).
 * While spinning does not pay, the waste is thus at most maxUs per PROBE_EVERY rendezvous.
 */
export const PROBE_EVERY = 32;
/** Weight of the latest attempt in the moving average of successes. */
const ALPHA = 1 / 8;
/** Spin on every rendezvous while at least this share of recent spins succeeded. */
const PAYS = 0.5;

export class SpinBudget {
  /** Moving average of recent spins that ended with the others arriving (starts hopeful). */
  private success = 1;
  private sinceProbe = 0;

  /** @param maxUs longest spin, µs (0: never spin). */
  constructor(readonly maxUs: number) {}

  /** The spin of this rendezvous, µs (0: sleep at once). */
  next(): number {
    if (this.maxUs <= 0) return 0;
    if (this.success >= PAYS) return this.maxUs;
    if (++this.sinceProbe < PROBE_EVERY) return 0;
    this.sinceProbe = 0;
    return this.maxUs;
  }

  /** What the spin that next() allowed came to: the others arrived during it, or it ended in sleep. */
  record(arrivedWhileSpinning: boolean): void {
    this.success += ((arrivedWhileSpinning ? 1 : 0) - this.success) * ALPHA;
  }

  /** Spins on every rendezvous now (rather than probing). */
  get spinning(): boolean {
    return this.maxUs > 0 && this.success >= PAYS;
  }
}
