/**
 * A partition on a worker thread: one long-running piscina task that builds the model's partition (from the
 * module the task names) and runs the pipelined protocol (pipeline.ts) to the end of the run (piscina's advice
 * for such work: long-lived tasks, not one task per step). Mail goes through rings in shared memory (a bag too
 * big for its ring through the MessagePort between the two partitions); when it cannot go on, the thread
 * spins briefly, then sleeps on its doorbell until another partition publishes. Anything the model posts
 * goes to the main thread.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { Board, BoardLayout, sharedClock } from './board.ts';
import type { PartitionModel, PartitionStats } from './partition.ts';
import { PipelinedPartition } from './pipeline.ts';
import { MailRing, type Overflow } from './ring.ts';
import { SpinBudget } from './spin-budget.ts';

export interface WorkerTask {
  /** URL of the model's partition module; its export `createPartition` builds this partition. */
  module: string;
  /** What the module needs to build the partition (structured-cloned). */
  data: unknown;
  index: number;
  count: number;
  lookahead: number;
  /** Last tick of the run. */
  duration: number;
  /** The board and rings (board.ts), shared by all partitions of the run. */
  shared: SharedArrayBuffer;
  ringWords: number;
  /** Longest spin before sleeping when blocked, µs. */
  spin: number;
  /** Longest stretch of ticks a step runs (pipeline.ts). */
  stepTicks: number;
  /** peers[j]: the port to partition j, for mail that overflows the ring (null for oneself). */
  peers: (MessagePort | null)[];
  toMain: MessagePort;
}

/** Ticks (ms) in an hour of simulated time, for the per-hour statistics. */
const HOUR_TICKS = 3_600_000;

export interface PartitionContext {
  index: number;
  count: number;
  /** Sends a message to the main thread (the run's onMessage). */
  post(message: unknown): void;
}

/** What a model's partition module exports. */
export type CreatePartition<R = unknown> = (data: never, context: PartitionContext) => { model: PartitionModel; finish(): R };

/** What a partition thread sends the main thread: the model's messages, then one `done`. */
export type ToMain = { model: unknown } | { done: true };

export interface WorkerResult<R = unknown> {
  result: R;
  stats: PartitionStats;
}

/** The overflow channel of one ring on threads: the MessagePort between its two partitions. */
class PortOverflow implements Overflow {
  constructor(private readonly port: MessagePort) {}
  post(bag: number, buffer: ArrayBuffer): void {
    this.port.postMessage({ bag, buffer }, [buffer]);
  }
  receive() {
    return receiveMessageOnPort(this.port)?.message as { bag: number; buffer: ArrayBuffer } | undefined;
  }
}

export default async function runWorkerTask(task: WorkerTask): Promise<WorkerResult> {
  const { index, count, peers, toMain, lookahead, duration } = task;
  const taskStart = performance.now();
  const layout = new BoardLayout(count, task.ringWords);
  const timing = !!process.env.SCSIM_PARTITION_STATS;
  const board = new Board(task.shared, layout, timing);
  try {
    const { createPartition } = (await import(task.module)) as { createPartition: CreatePartition };
    const { model, finish } = createPartition(task.data as never, { index, count, post: (m) => toMain.postMessage({ model: m } satisfies ToMain) });
    // One port per pair carries both rings' overflow; each side reads only what the other posted.
    const overflow = peers.map((p) => (p ? new PortOverflow(p) : null));
    const ring = (from: number, to: number, via: PortOverflow | null) => (via ? new MailRing(task.shared, layout.ring(from, to), layout.ringWords, via) : null);
    const out = peers.map((_, j) => ring(index, j, overflow[j]));
    const inbox = peers.map((_, j) => ring(j, index, overflow[j]));
    const pipe = new PipelinedPartition(model, index, count, board, out, inbox, lookahead, duration, task.stepTicks);
    const budget = new SpinBudget(task.spin);
    // Where this thread's wall-clock time goes (timing only: SCSIM_PARTITION_STATS=1 prints it). wakeMs: from
    // the partner's publish that ended a wait to this thread running again (the wake-up's latency; the rest of
    // waitMs is the partner genuinely behind).
    const waits = { spunThrough: 0, slept: 0, waitMs: 0, startWaitMs: 0, spinWakeMs: 0, sleepWakeMs: 0 };
    const allBuilt = () => {
      for (let k = 0; k < count; k++) if (k !== index && !board.published(k)) return false;
      return true;
    };
    let built = false;
    // Per hour of simulated time (by the partition's next event): wall ms spent, and of it waiting.
    const hours = Math.max(1, Math.ceil((duration + 1) / HOUR_TICKS));
    const byHour = { totalMs: new Float64Array(hours), waitMs: new Float64Array(hours) };
    const hourOf = () => Math.min(hours - 1, Math.floor(model.nextTick() / HOUR_TICKS));
    let lap = performance.now();
    const partner = board.newRecord();
    const wakeLatency = (): number => {
      let last = 0;
      for (let k = 0; k < count; k++) if (k !== index) last = Math.max(last, board.read(k, partner).stamp);
      return last > 0 ? Math.max(0, sharedClock() - last) : 0; // 0: woken by an abort, or before any publish
    };
    const t0 = performance.now();
    pipe.start();
    for (;;) {
      const seen = board.doorbell(index);
      const outcome = pipe.step();
      if (timing) {
        const now = performance.now();
        byHour.totalMs[hourOf()] += now - lap;
        lap = now;
      }
      if (outcome === 'finished') break;
      if (outcome === 'ran') continue;
      const w0 = performance.now();
      const us = budget.next();
      const rang = us > 0 && board.spin(index, seen, us);
      if (us > 0) budget.record(rang);
      if (rang) waits.spunThrough++;
      else {
        waits.slept++;
        board.sleep(index, seen);
      }
      waits.waitMs += performance.now() - w0;
      if (timing) byHour.waitMs[hourOf()] += performance.now() - w0;
      // Waiting for the partners to build their models, apart (statistics only).
      if (timing && !built && !(built = allBuilt())) waits.startWaitMs = waits.waitMs;
      if (timing) {
        if (rang) waits.spinWakeMs += wakeLatency();
        else waits.sleepWakeMs += wakeLatency();
      }
    }
    if (process.env.SCSIM_PARTITION_STATS) {
      const { windows, mailed, steps, blocked, overflowed } = pipe.stats;
      const ms = (x: number) => Math.round(x);
      const us = (x: number, n: number) => (n > 0 ? Math.round((x * 1000) / n) : null);
      console.error(
        JSON.stringify({
          index, windows, steps, blocked, mailed, overflowed,
          buildMs: ms(t0 - taskStart), totalMs: ms(performance.now() - t0), waitMs: ms(waits.waitMs), startWaitMs: ms(waits.startWaitMs), spunThrough: waits.spunThrough, slept: waits.slept,
          wakeUsPerSpin: us(waits.spinWakeMs, waits.spunThrough), wakeUsPerSleep: us(waits.sleepWakeMs, waits.slept),
          totalMsByHour: Array.from(byHour.totalMs, ms), waitMsByHour: Array.from(byHour.waitMs, ms),
        }),
      );
    }
    const result = finish();
    // After every model message on the same port, so the main thread has them all when it sees this.
    toMain.postMessage({ done: true } satisfies ToMain);
    return { result, stats: { windows: pipe.stats.windows, mailed: pipe.stats.mailed } };
  } catch (e) {
    board.abort();
    throw e;
  } finally {
    for (const p of peers) p?.close();
  }
}
