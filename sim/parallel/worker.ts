/**
 * A partition on a worker thread: one long-running piscina task that builds the model's partition (from the
 * module the task names) and runs the window protocol to the end of the run (piscina's advice for such work:
 * long-lived tasks, not one task per step). Mail goes straight to the other partitions over MessagePorts and
 * is read synchronously after each rendezvous; anything the model posts goes to the main thread.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { lowerBound, type PartitionModel, type PartitionStats } from './partition.ts';
import { Rendezvous } from './rendezvous.ts';
import { windowEnd } from './window.ts';

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
  shared: SharedArrayBuffer;
  /** Longest spin at a rendezvous, µs. */
  spin: number;
  /** peers[j]: the port to partition j (null for oneself). */
  peers: (MessagePort | null)[];
  toMain: MessagePort;
}

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

export default async function runWorkerTask(task: WorkerTask): Promise<WorkerResult> {
  const { index, count, peers, toMain, lookahead, duration } = task;
  const meet = new Rendezvous(task.shared, count, task.spin);
  try {
    const { createPartition } = (await import(task.module)) as { createPartition: CreatePartition };
    const { model, finish } = createPartition(task.data as never, { index, count, post: (m) => toMain.postMessage({ model: m } satisfies ToMain) });
    const stats: PartitionStats = { windows: 0, mailed: 0 };
    // Where this thread's wall-clock time goes (timing only: SCSIM_PARTITION_STATS=1 prints it).
    const spent = { run: 0, mail: 0, wait: 0 };
    // What crosses between partitions (for the design note on partitions on several machines).
    const sent = { buffers: 0, bytes: 0 };
    let t = performance.now();
    const lap = (k: keyof typeof spent) => {
      const now = performance.now();
      spent[k] += now - t;
      t = now;
    };
    let round = 0;
    for (; ; round++) {
      meet.setBound(round, index, lowerBound(model, index));
      for (let j = 0; j < count; j++) {
        const bag = model.outboxes[j];
        if (j === index || bag.size === 0) continue;
        stats.mailed += bag.size;
        const mail = bag.take();
        sent.buffers++;
        sent.bytes += mail.byteLength;
        peers[j]!.postMessage(mail, [mail]);
      }
      lap('mail');
      meet.wait();
      lap('wait');
      for (let j = 0; j < count; j++) {
        if (j === index) continue;
        for (let m = receiveMessageOnPort(peers[j]!); m; m = receiveMessageOnPort(peers[j]!)) model.receive(m.message as ArrayBuffer, 0);
      }
      const end = windowEnd(meet.bounds(round), lookahead, duration);
      lap('mail');
      if (end === null) break;
      model.runTo(end);
      stats.windows++;
      lap('run');
    }
    if (process.env.SCSIM_PARTITION_STATS) {
      const ms = (x: number) => Math.round(x);
      console.error(JSON.stringify({ index, windows: round, runMs: ms(spent.run), mailMs: ms(spent.mail), waitMs: ms(spent.wait), mailBuffers: sent.buffers, mailBytes: sent.bytes, rendezvous: { ...meet.stats, spinUs: ms(meet.stats.spinUs) } }));
    }
    model.runTo(duration);
    const result = finish();
    // After every model message on the same port, so the main thread has them all when it sees this.
    toMain.postMessage({ done: true } satisfies ToMain);
    return { result, stats };
  } catch (e) {
    meet.abort();
    throw e;
  } finally {
    for (const p of peers) p?.close();
  }
}
