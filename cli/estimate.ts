/**
 * The pre-run estimate on the command line: `validate` and `run` print it, and refuse (exit 2) a study
 * whose estimated memory does not fit this machine, saying what to change. The machine's budget is 80 % of
 * its memory (os.totalmem) and 90 % of the JavaScript heap limit; SCSIM_MEMORY_MB replaces the first, to
 * plan for another machine (and for tests).
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { formatDuration } from '../scenarios/durations.ts';
import { CALIBRATION, estimateRun, type RunEstimate } from '../scenarios/estimate.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface MachineBudget {
  /** Memory a run may use, bytes. */
  memoryBytes: number;
  /** What the JavaScript heap may hold, bytes. */
  heapBytes: number;
  /** Where memoryBytes came from, for the message. */
  source: string;
}

export function machineBudget(env: NodeJS.ProcessEnv = process.env): MachineBudget {
  const heapBytes = 0.9 * getHeapStatistics().heap_size_limit;
  const mb = Number(env.SCSIM_MEMORY_MB);
  if (env.SCSIM_MEMORY_MB !== undefined && Number.isFinite(mb) && mb > 0) return { memoryBytes: mb * 1e6, heapBytes, source: `SCSIM_MEMORY_MB=${env.SCSIM_MEMORY_MB}` };
  const total = totalmem();
  return { memoryBytes: 0.8 * total, heapBytes, source: `80 % of this machine's ${bytes(total)}` };
}

/** "1.2M", "340k", "25": a count for people. */
function count(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(n < 1e5 ? 1 : 0)}k`;
  return `${Math.round(n)}`;
}

function bytes(n: number): string {
  return n >= 1e9 ? `${+(n / 1e9).toFixed(1)} GB` : `${Math.round(n / 1e6)} MB`;
}

export function estimateLine(e: RunEstimate, b: MachineBudget): string {
  return `estimate: ~${count(e.devices)} devices, ~${count(e.events)} events, ~${bytes(e.memoryBytes)} peak memory (budget ${bytes(b.memoryBytes)}: ${b.source})`;
}

/**
 * Why the study cannot run here, naming the field to change and how far, or undefined when it fits.
 * Devices cost memory in proportion to population.customers, metric points in proportion to duration.
 */
export function fitProblem(s: Scenario, e: RunEstimate, b: MachineBudget, workers = 1): string | undefined {
  const what = `${count(s.population.customers)} customers, ~${count(e.devices)} devices, ${formatDuration(s.duration)}`;
  if (e.heapBytes > b.heapBytes) {
    const maxDuration = Math.floor((s.duration * b.heapBytes) / e.heapBytes / 3_600_000) * 3_600_000;
    return (
      `duration: expected a study whose ~${count(e.points)} metric points fit the JavaScript heap (${bytes(b.heapBytes)}), ` +
      `found ${formatDuration(s.duration)} needing ~${bytes(e.heapBytes)} (estimate: ${what}); ` +
      `shorten duration to at most ${formatDuration(Math.max(3_600_000, maxDuration))}, split the study into runs, or raise the heap limit (node --max-old-space-size)`
    );
  }
  if (e.memoryBytes > b.memoryBytes) {
    const fixed = e.memoryBytes - deviceBytes(e, workers);
    const perCustomer = deviceBytes(e, workers) / s.population.customers;
    const maxCustomers = Math.max(0, Math.floor((b.memoryBytes - fixed) / perCustomer));
    const advice = maxCustomers >= 1 ? `lower population.customers to at most ${maxCustomers}` : 'shorten the study';
    return (
      `population.customers: expected a study that fits this machine's memory (${bytes(b.memoryBytes)}, ${b.source}), ` +
      `found one needing ~${bytes(e.memoryBytes)} (estimate: ${what}, ~${count(e.events)} events${workers > 1 ? `, ${workers} workers` : ''}); ` +
      `${advice}, or run it on a machine with more memory`
    );
  }
  return undefined;
}

function deviceBytes(e: RunEstimate, workers: number): number {
  return e.devices * CALIBRATION.perDeviceBytes * (1 + Math.max(0, workers - 1) * CALIBRATION.perExtraWorkerDeviceShare);
}

/** Prints the estimate (unless quiet) and returns the refusal, if any, for the caller to print and exit 2. */
export function checkEstimate(s: Scenario, workers: number, write: (line: string) => void, budget = machineBudget()): string | undefined {
  const e = estimateRun(s, workers);
  write(estimateLine(e, budget));
  return fitProblem(s, e, budget, workers);
}
