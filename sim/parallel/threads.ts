/**
 * Runs the partitions of one run on worker threads through piscina, one long-running task per partition
 * (worker.ts), and relays what the partitions post to the main thread.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ABORTED, Board, BoardLayout } from './board.ts';
import { DEFAULT_RING_WORDS } from './ring.ts';
import { checkLookahead } from './window.ts';
import { timingKnob } from './timing-knob.ts';
import type { ToMain, WorkerResult, WorkerTask } from './worker.ts';

export interface ThreadsOptions {
  count: number;
  /** URL of the model's partition module (see worker.ts, CreatePartition). */
  module: string;
  /** What partition `index` is built from (structured-cloned to its thread). */
  data(index: number): unknown;
  lookahead: number;
  duration: number;
  /** Longest spin before sleeping when a partition must wait, µs (default: DEFAULT_SPIN_US when each partition has a core, else 0). */
  spin?: number;
  /** Longest stretch of ticks a partition runs before it publishes its progress (default: stepTicksFor). */
  stepTicks?: number;
  /** Words of each mail ring (a power of two; default DEFAULT_RING_WORDS). */
  ringWords?: number;
  /** Receives what partition `index` posts, in the order it posted. */
  onMessage(index: number, message: unknown): void;
}

/**
 * Longest spin before sleeping, µs. With a core per partition the spinning thread's core has nothing else to
 * do, and a partner that is genuinely behind is often a few hundred µs behind: at 200 µs up to one wait in
 * seven still ended in a sleep (and its wake-up); at 2,000 µs one in twenty or fewer, and the run was faster
 * (README, "Step length"). SpinBudget stops spinning when spins do not pay (another load on the machine).
 */
export const DEFAULT_SPIN_US = 2_000;

/**
 * A step's longest stretch: a quarter of the lookahead. Publishing progress four times per lookahead lets a
 * partner that finished its own stretch early go on while this one still runs (slack of up to ¾ of the
 * lookahead instead of none); shorter steps cost more per step than they save (README, "Step length").
 */
export const STEPS_PER_LOOKAHEAD = 4;
export function stepTicksFor(lookahead: number): number {
  return Math.max(1, Math.ceil(lookahead / STEPS_PER_LOOKAHEAD));
}

/**
 * Young generation of each partition's thread: 24 MB is semi-spaces of 8 MB instead of V8's 16. At 30k appliances
 * on 2 workers (CPP day, models/world/README.md "Memory") peak RSS 321 → 270 MB at +0.5 % CPU, same digest;
 * semi-spaces of 64 MB had cost 186 MB more at 100k. The semi-spaces are per thread and held all run.
 */
export const WORKER_YOUNG_GENERATION_MB = 24;

/** Compiled (dist/, npm run build): the worker's JavaScript itself; from TypeScript: an entry that registers tsx first. */
const COMPILED = import.meta.url.endsWith('.js');
const WORKER_FILE = new URL(COMPILED ? './worker.js' : './worker-entry.mjs', import.meta.url).href;

/** Runs the partitions to the end; resolves to each one's result once all have posted everything. */
export async function runOnThreads<R>(o: ThreadsOptions): Promise<WorkerResult<R>[]> {
  const { count } = o;
  checkLookahead(o.lookahead);
  const layout = new BoardLayout(count, o.ringWords ?? DEFAULT_RING_WORDS);
  const shared = Board.create(layout);
  // Spinning while waiting pays only when every partition has a core and nothing else wants it: waking a
  // sleeping thread costs tens of µs, more than a window's work at small scale. With more partitions than cores
  // a spinning thread holds the core the late partition needs, so sleep at once; otherwise spin at most
  // DEFAULT_SPIN_US, which each thread shrinks to nothing when spins stop paying (another load on the
  // machine, see spin-budget.ts). SCSIM_SPIN=<µs> overrides (timing only).
  const spin = o.spin ?? timingKnob('SCSIM_SPIN', 0) ?? (count <= availableParallelism() ? DEFAULT_SPIN_US : 0);
  // SCSIM_STEP_SHARE=<k> overrides the step as lookahead / k (timing only).
  const share = timingKnob('SCSIM_STEP_SHARE', 1);
  const stepTicks = o.stepTicks ?? (share !== undefined ? Math.max(1, Math.floor(o.lookahead / share)) : stepTicksFor(o.lookahead));
  const peers: (MessagePort | null)[][] = Array.from({ length: count }, () => new Array(count).fill(null));
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const { port1, port2 } = new MessageChannel();
      peers[i][j] = port1;
      peers[j][i] = port2;
    }
  }
  const pool = new Piscina({ filename: WORKER_FILE, minThreads: count, maxThreads: count, concurrentTasksPerWorker: 1, idleTimeout: 1000, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  const mains = Array.from({ length: count }, () => new MessageChannel());
  let done = 0;
  const allDone = new Promise<void>((resolve) => {
    if (count === 0) resolve();
    mains.forEach((c, index) =>
      c.port1.on('message', (msg: ToMain) => {
        if ('model' in msg) o.onMessage(index, msg.model);
        else if (++done === count) resolve();
      }),
    );
  });
  try {
    const tasks = Array.from({ length: count }, (_, index) => {
      const ports = peers[index].filter((p): p is MessagePort => p !== null);
      const task: WorkerTask = { module: o.module, data: o.data(index), index, count, lookahead: o.lookahead, duration: o.duration, shared, ringWords: layout.ringWords, spin, stepTicks, peers: peers[index], toMain: mains[index].port2 };
      return pool.run(task, { transferList: [...ports, mains[index].port2] as never }) as Promise<WorkerResult<R>>;
    });
    // A partition that fails aborts the others itself; a thread that dies cannot, so the main thread does too.
    const board = new Board(shared, layout);
    for (const t of tasks) t.catch(() => board.abort());
    // The others then stop with ABORTED, and may do so first: report the failure itself.
    const settled = await Promise.allSettled(tasks);
    const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length > 0) throw failures.find((e) => !(e instanceof Error && e.message === ABORTED)) ?? failures[0];
    const results = settled.map((r) => (r as PromiseFulfilledResult<WorkerResult<R>>).value);
    await allDone;
    return results;
  } finally {
    mains.forEach((c) => c.port1.close());
    await pool.destroy();
  }
}
