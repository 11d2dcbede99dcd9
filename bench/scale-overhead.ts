/**
 * What partitioning costs in compute alone, without threads or waiting: the CPP day at about N appliances on
 * W partitions stepped in this one thread (the pipelined protocol, round-robin; W = 1: the plain
 * single-partition run), and the CPU time it took. Against the W = 1 figure (run it as a separate process, so
 * neither run warms the other's JIT) the ratio is the extra work a partitioned run does (mail, per-step
 * overhead), which no number of cores can hide.
 *
 *   node --import tsx bench/scale-overhead.ts [--appliances 20000] [--workers 2]
 */
import type { PartitionedOptions } from '../models/world/run-partitioned.ts';
import { runScenario } from '../models/world/run-scenario.ts';
import { cppDay } from './cpp-day.ts';

function option(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`--${name}: expected a whole number ≥ 1, got ${process.argv[i + 1]}\n`);
    process.exit(2);
  }
  return v;
}
const appliances = option('appliances', 20_000);
const workers = option('workers', 2);
const s = await cppDay(appliances);

async function cpuS(w: number): Promise<{ cpu_s: number; digest: string; partitions?: unknown }> {
  let partitions: unknown;
  const c0 = process.cpuUsage();
  const options: PartitionedOptions = { workers: w, inProcess: 'pipelined', onPartitions: (p) => (partitions = p) };
  const { summary } = await runScenario(s, w === 1 ? {} : options);
  const c = process.cpuUsage(c0);
  return { cpu_s: Math.round((c.user + c.system) / 1e4) / 100, digest: summary.digest, partitions };
}
console.log(JSON.stringify({ appliances, workers, ...(await cpuS(workers)) }));
