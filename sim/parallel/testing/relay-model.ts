/**
 * A small model for testing the parallel runtime without C5: actors relay tokens to random actors (often in
 * another partition) after random delays ≥ the lookahead, some exactly the lookahead, and set themselves
 * timers of any length (zero too). Every actor keeps a running hash of what it saw (tick, type, payload,
 * sender) and draws from its own random stream, so a run's per-actor hashes are the same on any split
 * only if every actor saw the same events in the same order.
 */
import { Simulator } from '../../simulator.ts';
import type { RandomStream } from '../../random/stream.ts';
import { Mailbag, readMailbag } from '../mailbag.ts';
import type { PartitionModel } from '../partition.ts';
import type { CreatePartition } from '../worker.ts';

export interface RelaySpec {
  seed: number;
  actors: number;
  lookahead: number;
  duration: number;
  /** Events each actor handles before it goes quiet. */
  budget: number;
  /** Tests of failure: partition `failIn` throws at its first event at or after tick `failAt`. */
  failIn?: number;
  failAt?: number;
}

/** Per actor: hash of what it saw, and how many events it handled (owned actors only; others 0). */
export interface RelayResult {
  hash: number[];
  seen: number[];
}

const NO_BYTES = new Uint8Array(0);

export class RelayPartition implements PartitionModel {
  readonly sim: Simulator;
  readonly outboxes: Mailbag[];
  private readonly hash: Float64Array;
  private readonly seen: Float64Array;
  private readonly streams: RandomStream[] = [];

  /** Partition `index` of `count`; actor a belongs to partition a % count. count 1: the whole model, unpartitioned. */
  constructor(
    readonly spec: RelaySpec,
    readonly index: number,
    readonly count: number,
  ) {
    const { actors, lookahead } = spec;
    const sim = (this.sim = new Simulator({ seed: spec.seed, buckets: 256 }));
    this.hash = new Float64Array(actors);
    this.seen = new Float64Array(actors);
    this.outboxes = Array.from({ length: count }, () => new Mailbag(1));
    const { hash, seen, streams } = this;
    sim.addKind(
      {
        name: 'relay',
        init: (s, id) => {
          streams[id] = s.random(id, 0);
          s.timer(streams[id].int(3 * lookahead), 0, id);
        },
        event: (s, id, _local, type, payload) => {
          if (index === spec.failIn && s.now >= (spec.failAt ?? 0)) throw new Error(`relay partition ${index} fails at ${s.now}`);
          hash[id] = (Math.imul(hash[id] ^ s.now, 0x9e3779b1) + type * 7919 + payload * 31 + s.sender) >>> 0;
          if (++seen[id] > spec.budget) return;
          const r = streams[id];
          const u = r.uniform();
          if (u < 0.45) s.send(r.int(actors), lookahead + r.int(2 * lookahead), 1, payload + 1, undefined, r.int(8));
          else if (u < 0.6) s.send(r.int(actors), lookahead, 3, payload, undefined, 4);
          else s.timer(r.bernoulli(0.3) ? 0 : r.int(2 * lookahead), 2, payload);
        },
      },
      actors,
    );
    if (count > 1) {
      const owner = Uint8Array.from({ length: actors }, (_, a) => a % count);
      sim.partition(owner, index, (tick, priority, src, seq, dst, type, payload) => {
        const bag = this.outboxes[owner[dst]];
        bag.addEvent(tick, priority, src, seq, dst, type, bag.addPayload([payload], NO_BYTES));
      });
    }
    sim.spawnAll();
  }

  nextTick(): number {
    return this.sim.nextTick();
  }

  runTo(end: number): void {
    this.sim.run({ until: end });
  }

  receive(buffer: ArrayBufferLike, at: number): number {
    const sim = this.sim;
    return readMailbag(buffer, at, 1, {
      payload: (cols, o) => cols[o],
      event: (tick, priority, src, seq, dst, type, payload) => sim.inject(tick, priority, src, seq, dst, type, payload),
    });
  }

  result(): RelayResult {
    return { hash: Array.from(this.hash), seen: Array.from(this.seen) };
  }
}

/** The results of all partitions as one: each actor's figures from the partition that owns it. */
export function mergeRelay(results: RelayResult[]): RelayResult {
  const n = results[0].hash.length;
  const hash = new Array<number>(n), seen = new Array<number>(n);
  for (let a = 0; a < n; a++) {
    const r = results[a % results.length];
    hash[a] = r.hash[a];
    seen[a] = r.seen[a];
  }
  return { hash, seen };
}

/** The whole model in one simulator, to the end of the run. */
export function runRelay(spec: RelaySpec): RelayResult {
  const p = new RelayPartition(spec, 0, 1);
  p.runTo(spec.duration);
  return p.result();
}

export const createPartition: CreatePartition<RelayResult> = (spec: RelaySpec, { index, count }) => {
  const p = new RelayPartition(spec, index, count);
  return { model: p, finish: () => p.result() };
};
