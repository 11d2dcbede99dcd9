/**
 * One partition of a partitioned C5 run, as sim/parallel drives it: its own simulator and world (owning a run
 * of collectors, their meters, customers and devices; partition 0 also the back office), an outbox per other
 * partition for what its actors send there (messages as MessageMail writes them), and the broadcasts it
 * received, forgotten once every device here has heard them.
 */
import type { Scenario } from '../../scenarios/types.ts';
import { Mailbag, readMailbag } from '../../sim/parallel/mailbag.ts';
import type { PartitionModel } from '../../sim/parallel/partition.ts';
import { MESSAGE_COLUMNS, MessageMail, MessageMailReader } from './message-mail.ts';
import type { MinuteTotals } from './minute-totals.ts';
import type { Population } from './population.ts';
import { lookaheadMs, lookaheadProblem } from '../transport/link-graph.ts';
import { backOfficeSplit, type PartitionPlan } from './partition-plan.ts';
import { buildWorld, finishWorld } from './run-scenario.ts';
import { runTotals, type RunTotals } from './run-totals.ts';
import type { World, WorldOptions } from './world.ts';

export class Partition implements PartitionModel {
  readonly world: World;
  readonly plan: PartitionPlan;
  readonly outboxes: Mailbag[];
  /** Broadcasts received: local message → last tick a device here hears it. */
  private readonly broadcasts = new Map<number, number>();
  private readonly reader: MessageMailReader;

  constructor(
    readonly s: Scenario,
    readonly count: number,
    readonly index: number,
    onMinute: (m: MinuteTotals) => void,
    options: WorldOptions = {},
    /** The study's population, drawn once for all partitions (drawn here when absent). */
    population?: Population,
  ) {
    this.outboxes = Array.from({ length: count }, () => new Mailbag(MESSAGE_COLUMNS));
    const mail = this.outboxes.map((b) => new MessageMail(b));
    const exportEvent = (tick: number, priority: number, src: number, seq: number, dst: number, type: number, payload: number) =>
      mail[owner[dst]].add(this.world, tick, priority, src, seq, dst, type, payload);
    let owner: Uint8Array;
    let plan: PartitionPlan | undefined;
    const onPlan = (p: PartitionPlan, o: Uint8Array) => {
      plan = p;
      owner = o;
    };
    this.world = buildWorld(s, options, { index, count, exportEvent, onPlan, population }).world;
    this.plan = plan!;
    this.world.minuteSink = onMinute;
    this.reader = new MessageMailReader(this.world, this.broadcasts);
  }

  nextTick(): number {
    return this.world.sim.nextTick();
  }

  receive(buffer: ArrayBufferLike, at: number): number {
    return readMailbag(buffer, at, MESSAGE_COLUMNS, this.reader);
  }

  runTo(end: number): void {
    const w = this.world;
    w.sim.run({ until: end });
    if (this.broadcasts.size > 0) {
      for (const [m, heard] of this.broadcasts) {
        if (heard > end) continue;
        this.broadcasts.delete(m);
        w.decodedBroadcasts.delete(m);
        w.msgs.release(m);
      }
    }
    w.msgs.recycle();
  }

  /** After the last window: final minute and handlers, and this partition's share of the run's totals. */
  finish(): RunTotals {
    const w = this.world;
    finishWorld(w);
    // Every partition ran a director; the whole run counts one.
    const events = w.sim.delivered - (this.index > 0 ? w.directorEvents : 0);
    return runTotals(w, this.plan.deviceStart[this.index], this.plan.deviceStart[this.index + 1], events);
  }
}

/**
 * The lookahead of a partitioned run of `s` over `count` partitions with the back office placed as `options`
 * says, or an error naming the fields when there is none.
 */
export function partitionLookahead(s: Scenario, count: number, options: WorldOptions = {}): number {
  const split = backOfficeSplit(options.backOffice, count);
  const short = lookaheadProblem(s, split);
  if (short) throw new Error(`a partitioned run needs every delay between partitions ≥ 1 ms: ${short.edge} (${short.field}) is ${short.ms} ms`);
  return lookaheadMs(s, split);
}
