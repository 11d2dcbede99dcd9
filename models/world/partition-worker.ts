/**
 * The C5 partition module that sim/parallel's worker threads load (ThreadsOptions.module): builds partition
 * `index` of the study and sends the main thread a description of the population (partition 0) and each
 * minute's totals, which run-partitioned.ts merges into points.
 */
import type { Scenario } from '../../scenarios/types.ts';
import type { CreatePartition } from '../../sim/parallel/worker.ts';
import { minuteToJSON, type MinuteTotals } from './minute-totals.ts';
import { Partition } from './partition.ts';
import type { Population } from './population.ts';
import type { RunTotals } from './run-totals.ts';
import type { WorldOptions } from './world.ts';

export interface PartitionData {
  scenario: Scenario;
  world?: WorldOptions;
  /** Drawn once by the main thread, in shared memory (shared-population.ts). */
  population: Population;
}

/** What a partition tells the main thread: the population (partition 0), then its minutes, in order, in batches. */
export type FromPartition = { hello: { regions: string[]; programs: string[]; populated: Uint8Array; customers: number } } | { minutes: ReturnType<typeof minuteToJSON>[] };

/**
 * Minutes go to the main thread in batches, at most this many wall-clock ms apart (progress stays live) and at
 * most MINUTES_PER_POST at a time. One post per minute cost the devices' partition ~5 % of its time at 20k
 * appliances (each post wakes the main thread, which takes a core from a partition while it merges).
 */
const POST_EVERY_MS = 250;
const MINUTES_PER_POST = 60;

export const createPartition: CreatePartition<RunTotals> = (data: PartitionData, { index, count, post }) => {
  const send = (m: FromPartition) => post(m);
  let batch: ReturnType<typeof minuteToJSON>[] = [];
  // Wall-clock time only decides when results are posted, never what they are.
  let lastPost = performance.now();
  const flush = () => {
    if (batch.length === 0) return;
    send({ minutes: batch });
    batch = [];
    lastPost = performance.now();
  };
  const onMinute = (m: MinuteTotals) => {
    batch.push(minuteToJSON(m));
    if (batch.length >= MINUTES_PER_POST || performance.now() - lastPost >= POST_EVERY_MS) flush();
  };
  // Every partition reads the same population, so each plans the same split without being told it.
  const part = new Partition(data.scenario, count, index, onMinute, data.world, data.population);
  const w = part.world;
  if (index === 0) send({ hello: { regions: w.p.regions, programs: w.s.programs.map((x) => x.id), populated: w.load.populatedGroups, customers: w.p.customers } });
  return {
    model: part,
    finish: () => {
      const totals = part.finish(); // flushes the last minute
      flush();
      return totals;
    },
  };
};
