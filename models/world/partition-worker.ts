/**
 * A partition on a worker thread: one long-running piscina task that runs the window protocol to the end
 * of the study (piscina's advice for such work: long-lived tasks, not one task per step). Mail goes
 * straight to the other partitions over MessagePorts and is read synchronously after each rendezvous;
 * minute totals go to the main thread, which merges them into points.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Scenario } from '../../scenarios/types.ts';
import { Rendezvous } from './barrier.ts';
import { minuteToJSON } from './minute-totals.ts';
import { Partition, windowEnd } from './partition.ts';
import type { RunTotals } from './run-totals.ts';
import type { WorldOptions } from './world.ts';

export interface PartitionTask {
  scenario: Scenario;
  index: number;
  count: number;
  shared: SharedArrayBuffer;
  /** Longest spin at a rendezvous, µs. */
  spin: number;
  /** peers[j]: the port to partition j (null for oneself). */
  peers: (MessagePort | null)[];
  toMain: MessagePort;
  world?: WorldOptions;
}

/** What a partition tells the main thread besides its minutes. */
export type ToMain =
  | { hello: { regions: string[]; populated: Uint8Array; customers: number } }
  | { minute: ReturnType<typeof minuteToJSON> }
  | { done: true };

export default function runPartitionTask(task: PartitionTask): RunTotals {
  const { scenario: s, index, count, peers, toMain } = task;
  const meet = new Rendezvous(task.shared, count, task.spin);
  try {
    const post = (msg: ToMain) => toMain.postMessage(msg);
    // Every partition draws the same population, so each plans the same split without being told it.
    const part = new Partition(s, count, index, (m) => post({ minute: minuteToJSON(m) }), task.world);
    const w = part.world;
    if (index === 0) post({ hello: { regions: w.p.regions, populated: w.load.populatedGroups, customers: w.p.customers } });
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
      meet.setBound(round, index, part.lowerBound());
      for (let j = 0; j < count; j++) {
        const mail = j === index ? null : part.takeMail(j);
        if (mail) {
          sent.buffers++;
          sent.bytes += mail.byteLength;
          peers[j]!.postMessage(mail, [mail]);
        }
      }
      lap('mail');
      meet.wait();
      lap('wait');
      for (let j = 0; j < count; j++) {
        if (j === index) continue;
        for (let m = receiveMessageOnPort(peers[j]!); m; m = receiveMessageOnPort(peers[j]!)) part.receive(m.message as ArrayBuffer);
      }
      const end = windowEnd(meet.bounds(round), part.lookahead, s.duration);
      lap('mail');
      if (end === null) break;
      part.runTo(end);
      lap('run');
    }
    if (process.env.SCSIM_PARTITION_STATS) {
      const ms = (x: number) => Math.round(x);
      console.error(JSON.stringify({ index, windows: round, runMs: ms(spent.run), mailMs: ms(spent.mail), waitMs: ms(spent.wait), mailBuffers: sent.buffers, mailBytes: sent.bytes, rendezvous: { ...meet.stats, spinUs: ms(meet.stats.spinUs) } }));
    }
    part.runTo(s.duration);
    const totals = part.finish();
    post({ done: true });
    return totals;
  } catch (e) {
    meet.abort();
    throw e;
  } finally {
    for (const p of peers) p?.close();
  }
}
