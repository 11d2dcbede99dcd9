/**
 * A study split into `workers` partitions (see partition.ts), run on worker threads through piscina — one
 * long-running task per partition — or, for tests and debugging, all in this thread (`inProcess`), with the
 * same windows. The main thread merges the partitions' minutes into points as they come (streaming them
 * and reporting progress) and their totals into summary.json; merges are exact, so the result is the same
 * as a single-partition run's, whatever the number of workers.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Scenario } from '../../scenarios/types.ts';
import type { MetricPoint } from '../../sim/metrics/point.ts';
import type { RunResult } from '../run-result.ts';
import { Rendezvous } from './barrier.ts';
import { mergeMinute, minuteFromJSON, MinutePoints, type MinuteTotals } from './minute-totals.ts';
import { Partition, windowEnd } from './partition.ts';
import type { PartitionTask, ToMain } from './partition-worker.ts';
import { resultOf, type RunOptions } from './run-scenario.ts';
import { mergeRunTotals, type RunTotals } from './run-totals.ts';

export interface PartitionedOptions extends RunOptions {
  /** Run every partition in this thread (same windows, same result; for tests and profiling). */
  inProcess?: boolean;
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

  hello(h: { regions: string[]; populated: Uint8Array; customers: number }): void {
    this.builder = new MinutePoints(h.regions, h.populated, this.slaS, this.points);
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
  const totals = options.inProcess ? runInProcess(s, count, merger, options) : await runOnWorkers(s, count, merger, progress, options);
  options.onPartitions?.(totals.map((t) => ({ events: t.events, mailed: t.mailed ?? 0, windows: t.windows ?? 0 })));
  const minutes = merger.minutes;
  const input = mergeRunTotals(totals, s.sla_s, merger.customers, minutes);
  progress();
  return resultOf(s, input, merger.points, options, (clock() - t0) / 1000);
}

function runInProcess(s: Scenario, count: number, merger: MinuteMerger, options: PartitionedOptions): RunTotals[] {
  const parts = Array.from({ length: count }, (_, i) => new Partition(s, count, i, (m) => merger.add(m), options.world));
  const w0 = parts[0].world;
  merger.hello({ regions: w0.p.regions, populated: w0.load.populatedGroups, customers: w0.p.customers });
  const bounds = new Float64Array(count);
  for (;;) {
    parts.forEach((p, i) => (bounds[i] = p.lowerBound()));
    for (const from of parts) {
      for (let j = 0; j < count; j++) {
        const mail = j === from.index ? null : from.takeMail(j);
        if (mail) parts[j].receive(mail);
      }
    }
    const end = windowEnd(bounds, parts[0].lookahead, s.duration);
    if (end === null) break;
    for (const p of parts) p.runTo(end);
  }
  return parts.map((p) => {
    p.runTo(s.duration);
    return p.finish();
  });
}

/** Longest spin at a rendezvous, µs: a few wake-ups from Atomics.wait (what a spin saves when it pays). */
export const DEFAULT_SPIN_US = 200;

const WORKER_FILE = new URL('./partition-worker-entry.mjs', import.meta.url).href;

async function runOnWorkers(s: Scenario, count: number, merger: MinuteMerger, progress: () => void, options: PartitionedOptions): Promise<RunTotals[]> {
  const shared = Rendezvous.bufferFor(count);
  // Spinning at a rendezvous pays only when every partition has a core and nothing else wants it: waking a
  // sleeping thread costs tens of µs, more than a window's work at small scale. With more partitions than cores
  // a spinning thread holds the core the late partition needs, so sleep at once; otherwise spin at most
  // DEFAULT_SPIN_US, which the rendezvous shrinks to nothing when spins stop paying (another load on the
  // machine, see barrier.ts). SCSIM_SPIN=<µs> overrides (timing only).
  const spin = options.spin ?? Number(process.env.SCSIM_SPIN ?? (count <= availableParallelism() ? DEFAULT_SPIN_US : 0));
  const peers: (MessagePort | null)[][] = Array.from({ length: count }, () => new Array(count).fill(null));
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const { port1, port2 } = new MessageChannel();
      peers[i][j] = port1;
      peers[j][i] = port2;
    }
  }
  const pool = new Piscina({ filename: WORKER_FILE, minThreads: count, maxThreads: count, concurrentTasksPerWorker: 1, idleTimeout: 1000 });
  const mains = Array.from({ length: count }, () => new MessageChannel());
  let done = 0;
  const allDone = new Promise<void>((resolve) => {
    if (count === 0) resolve();
    const onMessage = (msg: ToMain) => {
      if ('hello' in msg) merger.hello(msg.hello);
      else if ('minute' in msg) {
        merger.add(minuteFromJSON(msg.minute));
        progress();
      } else if (++done === count) resolve();
    };
    mains.forEach((c) => c.port1.on('message', onMessage));
  });
  try {
    const tasks = Array.from({ length: count }, (_, index) => {
      const ports = peers[index].filter((p): p is MessagePort => p !== null);
      const task: PartitionTask = { scenario: s, index, count, shared, spin, peers: peers[index], toMain: mains[index].port2, world: options.world };
      return pool.run(task, { transferList: [...ports, mains[index].port2] as never });
    });
    const totals = await Promise.all(tasks);
    await allDone;
    return totals as RunTotals[];
  } finally {
    mains.forEach((c) => c.port1.close());
    await pool.destroy();
  }
}
