/**
 * A study split into `workers` partitions (see partition.ts), run by sim/parallel on worker threads — one
 * long-running task per partition — or, for tests and debugging, all in this thread (`inProcess`), with the
 * same windows. The main thread merges the partitions' minutes into points as they come (streaming them
 * and reporting progress) and their totals into summary.json; merges are exact, so the result is the same
 * as a single-partition run's, whatever the number of workers.
 */
import type { Scenario } from '../../scenarios/types.ts';
import type { MetricPoint } from '../../sim/metrics/point.ts';
import { runInProcess, runPipelinedInProcess } from '../../sim/parallel/in-process.ts';
import { runOnThreads, stepTicksFor } from '../../sim/parallel/threads.ts';
import type { RunResult } from '../run-result.ts';
import { mergeMinute, minuteFromJSON, MinutePoints, type MinuteTotals } from './minute-totals.ts';
import { Partition, partitionLookahead } from './partition.ts';
import { drawPopulation } from './population.ts';
import { sharePopulation } from './shared-population.ts';
import type { FromPartition, PartitionData } from './partition-worker.ts';
import { resultOf, type RunOptions } from './run-scenario.ts';
import { mergeRunTotals, type RunTotals } from './run-totals.ts';

export { DEFAULT_SPIN_US } from '../../sim/parallel/threads.ts';

export interface PartitionedOptions extends RunOptions {
  /** Run every partition in this thread (same windows, same result; for tests and profiling). */
  inProcess?: boolean | 'pipelined';
  /** With inProcess 'pipelined': picks which unfinished partition steps next (default round-robin; tests pass random orders). */
  pick?: (unfinished: number) => number;
  /** Longest spin at a rendezvous before sleeping, µs (default: DEFAULT_SPIN_US when each partition has a core, else 0). */
  spin?: number;
  /** Receives each partition's events, mail sent and windows run, after the run. */
  onPartitions?: (stats: { events: number; mailed: number; windows: number }[]) => void;
}

/** Merges each minute once every partition has sent it, in minute order, into points. */
class MinuteMerger {
  private pending = new Map<number, { parts: number; total: MinuteTotals }>();
  private builder: MinutePoints | null = null;
  private early: MinuteTotals[] = [];
  readonly points: MetricPoint[] = [];
  customers = 0;
  events = 0;
  simMs = 0;

  constructor(
    private readonly count: number,
    private readonly slaS: number,
    private readonly onPoints?: (points: MetricPoint[]) => void,
  ) {}

  hello(h: { regions: string[]; programs: string[]; populated: Uint8Array; customers: number }): void {
    this.builder = new MinutePoints(h.regions, h.programs, h.populated, this.slaS, this.points);
    this.customers = h.customers;
    for (const m of this.early.splice(0)) this.add(m);
  }

  add(m: MinuteTotals): void {
    if (!this.builder) return void this.early.push(m);
    const slot = this.pending.get(m.t);
    if (!slot) this.pending.set(m.t, { parts: 1, total: m });
    else {
      mergeMinute(slot.total, m);
      slot.parts++;
    }
    // Partitions flush the same minutes in the same order; emit every minute that is complete.
    for (;;) {
      const first = this.pending.entries().next();
      if (first.done || first.value[1].parts < this.count) break;
      const [t, { total }] = first.value;
      this.pending.delete(t);
      const added = this.builder.add(total);
      this.events = total.events;
      this.simMs = t + 60_000;
      if (this.onPoints && added > 0) this.onPoints(this.points.slice(-added));
    }
  }

  get minutes(): MinutePoints {
    if (!this.builder) throw new Error('no partition described the population');
    if (this.pending.size > 0) throw new Error(`minutes ${[...this.pending.keys()].join(', ')} missing from some partition`);
    return this.builder;
  }
}

export async function runPartitioned(s: Scenario, options: PartitionedOptions): Promise<RunResult> {
  const count = options.workers ?? 1;
  const clock = options.clock ?? (() => 0);
  const t0 = clock();
  const merger = new MinuteMerger(count, s.sla_s, options.onPoints);
  const progress = () => options.onProgress?.({ simMs: Math.min(merger.simMs, s.duration), durationMs: s.duration, events: merger.events, wallS: (clock() - t0) / 1000 });
  const totals = options.inProcess ? inProcess(s, count, merger, options) : await onThreads(s, count, merger, progress, options);
  options.onPartitions?.(totals.map((t) => ({ events: t.events, mailed: t.mailed ?? 0, windows: t.windows ?? 0 })));
  const minutes = merger.minutes;
  const input = mergeRunTotals(totals, s.sla_s, merger.customers, minutes);
  progress();
  return resultOf(s, input, merger.points, options, (clock() - t0) / 1000);
}

function inProcess(s: Scenario, count: number, merger: MinuteMerger, options: PartitionedOptions): RunTotals[] {
  const population = drawPopulation(s);
  const parts = Array.from({ length: count }, (_, i) => new Partition(s, count, i, (m) => merger.add(m), options.world, population));
  const w0 = parts[0].world;
  merger.hello({ regions: w0.p.regions, programs: w0.s.programs.map((x) => x.id), populated: w0.load.populatedGroups, customers: w0.p.customers });
  const lookahead = partitionLookahead(s, count, options.world);
  // Global windows (the reference schedule), or the threads' pipelined protocol stepped in this thread.
  const stats = options.inProcess === 'pipelined' ? runPipelinedInProcess(parts, lookahead, s.duration, options.pick, undefined, stepTicksFor(lookahead)) : runInProcess(parts, lookahead, s.duration);
  return parts.map((p, i) => ({ ...p.finish(), ...stats[i] }));
}

/** The partition module in the same form as this file: TypeScript, or compiled JavaScript (npm run build). */
const PARTITION_MODULE = new URL(import.meta.url.endsWith('.js') ? './partition-worker.js' : './partition-worker.ts', import.meta.url).href;

async function onThreads(s: Scenario, count: number, merger: MinuteMerger, progress: () => void, options: PartitionedOptions): Promise<RunTotals[]> {
  // The population is drawn once here, in shared memory, rather than once per partition thread (each draw's
  // transient heap stays in that thread's RSS); drawn when the first task is made, while the threads start.
  let data: PartitionData | undefined;
  const results = await runOnThreads<RunTotals>({
    count,
    module: PARTITION_MODULE,
    data: () => (data ??= { scenario: s, world: options.world, population: sharePopulation(drawPopulation(s)) }),
    lookahead: partitionLookahead(s, count, options.world),
    duration: s.duration,
    spin: options.spin,
    onMessage: (_, message) => {
      const msg = message as FromPartition;
      if ('hello' in msg) merger.hello(msg.hello);
      else {
        for (const m of msg.minutes) merger.add(minuteFromJSON(m));
        progress();
      }
    },
  });
  return results.map((r) => ({ ...r.result, ...r.stats }));
}
