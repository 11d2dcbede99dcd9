/**
 * One partition of a partitioned run, whatever thread it runs on: its own simulator and world (owning a
 * run of collectors, their meters, customers and devices; partition 0 also the back office), the mail it
 * sends to other partitions, and the steps of the window protocol (YAWNS):
 *
 *   1. every partition publishes a lower bound on its next event: min(next queued tick, earliest tick mailed);
 *   2. the window is [T, T + lookahead - 1] with T the least bound over all partitions (quiet time is
 *      skipped, not stepped); anything a partition sends to another during the window arrives at
 *      ≥ T + lookahead, so no partition can receive an event inside a window it already ran;
 *   3. each partition runs its window, then mails what it produced for the others, and back to 1.
 */
import type { Scenario } from '../../scenarios/types.ts';
import { Mailbag, openMailbag } from './mailbag.ts';
import type { MinuteTotals } from './minute-totals.ts';
import { lookaheadMs, type PartitionPlan } from './partition-plan.ts';
import { buildWorld, finishWorld } from './run-scenario.ts';
import { runTotals, type RunTotals } from './run-totals.ts';
import type { World, WorldOptions } from './world.ts';

export class Partition {
  readonly world: World;
  readonly lookahead: number;
  readonly plan: PartitionPlan;
  private readonly bags: Mailbag[];
  /** Broadcasts received from the hub: [local message, tick heard]; forgotten once heard. */
  private broadcasts: [number, number][] = [];
  /** Events mailed to other partitions, and windows run. */
  mailed = 0;
  windows = 0;

  constructor(
    readonly s: Scenario,
    readonly count: number,
    readonly index: number,
    onMinute: (m: MinuteTotals) => void,
    options: WorldOptions = {},
  ) {
    this.lookahead = lookaheadMs(s);
    if (!(this.lookahead >= 1)) throw new Error('a partitioned run needs every delay between partitions ≥ 1 ms (network.wan.latency_ms, network.broadcast.latency_ms)');
    this.bags = Array.from({ length: count }, () => new Mailbag());
    const exportEvent = (tick: number, priority: number, src: number, seq: number, dst: number, type: number, payload: number) =>
      this.bags[owner[dst]].add(this.world, tick, priority, src, seq, dst, type, payload);
    let owner: Uint8Array;
    let plan: PartitionPlan | undefined;
    const onPlan = (p: PartitionPlan, o: Uint8Array) => {
      plan = p;
      owner = o;
    };
    this.world = buildWorld(s, options, { index, count, exportEvent, onPlan }).world;
    this.plan = plan!;
    this.world.minuteSink = onMinute;
  }

  /** Step 1: the least tick this partition may yet produce, here or in another partition. */
  lowerBound(): number {
    let t = this.world.sim.nextTick();
    for (const b of this.bags) if (b.minTick < t) t = b.minTick;
    return t;
  }

  /** Mail for partition j from the window just run, or null when there is none. */
  takeMail(j: number): ArrayBuffer | null {
    const bag = this.bags[j];
    this.mailed += bag.size;
    return bag.size > 0 ? bag.take() : null;
  }

  receive(buf: ArrayBuffer): void {
    for (const b of openMailbag(this.world, buf)) this.broadcasts.push(b);
  }

  /** Step 2: runs every event with tick ≤ end. */
  runTo(end: number): void {
    const w = this.world;
    this.windows++;
    w.sim.run({ until: end });
    if (this.broadcasts.length > 0) {
      const keep: [number, number][] = [];
      for (const b of this.broadcasts) {
        if (b[1] > end) keep.push(b);
        else {
          w.decodedBroadcasts.delete(b[0]);
          w.msgs.release(b[0]);
        }
      }
      this.broadcasts = keep;
    }
    w.msgs.recycle();
  }

  /** After the last window: final minute and handlers, and this partition's share of the run's totals. */
  finish(): RunTotals {
    const w = this.world;
    finishWorld(w);
    // Every partition ran a director; the whole run counts one.
    const events = w.sim.delivered - (this.index > 0 ? w.directorEvents : 0);
    return { ...runTotals(w, this.plan.deviceStart[this.index], this.plan.deviceStart[this.index + 1], events), mailed: this.mailed, windows: this.windows };
  }
}

/** The end of the next window, given every partition's lower bound, or null when the run is over. */
export function windowEnd(bounds: ArrayLike<number>, lookahead: number, duration: number): number | null {
  let t = Infinity;
  for (let i = 0; i < bounds.length; i++) if (bounds[i] < t) t = bounds[i];
  if (t > duration) return null;
  return Math.min(t + lookahead - 1, duration);
}
