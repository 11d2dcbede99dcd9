/**
 * The C5 partition module that sim/parallel's worker threads load (ThreadsOptions.module): builds partition
 * `index` of the study and sends the main thread a description of the population (partition 0) and each
 * minute's totals, which run-partitioned.ts merges into points.
 */
import type { Scenario } from '../../scenarios/types.ts';
import type { CreatePartition } from '../../sim/parallel/worker.ts';
import { minuteToJSON } from './minute-totals.ts';
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

/** What a partition tells the main thread. */
export type FromPartition = { hello: { regions: string[]; populated: Uint8Array; customers: number } } | { minute: ReturnType<typeof minuteToJSON> };

export const createPartition: CreatePartition<RunTotals> = (data: PartitionData, { index, count, post }) => {
  const send = (m: FromPartition) => post(m);
  // Every partition reads the same population, so each plans the same split without being told it.
  const part = new Partition(data.scenario, count, index, (m) => send({ minute: minuteToJSON(m) }), data.world, data.population);
  const w = part.world;
  if (index === 0) send({ hello: { regions: w.p.regions, populated: w.load.populatedGroups, customers: w.p.customers } });
  return { model: part, finish: () => part.finish() };
};
