/**
 * The kernel's hold rate as bench:kernel measures it (median of `reps` runs after a warm-up), for benchmarks that
 * print it beside their own figures so that machines of different speed can be compared.
 */
import { holdKernel, type HoldResult } from './hold-models.ts';

/** Horizon in simulated ms: about 5M events per run at 1M actors, and more runs' worth at small N. */
export const holdHorizon = (n: number) => Math.max(5_000, Math.round(5e9 / n / 1000) * 1000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (r: HoldResult) => r.events / r.seconds;

/** Events per second of `run` on n actors up to horizon h: the median of `reps` runs after a warm-up. */
export function measureHold(run: (n: number, h: number) => HoldResult, n: number, h: number, reps: number): number {
  run(Math.min(n, 1000), 2000); // warm the JIT on this code path
  const rates: number[] = [];
  for (let i = 0; i < reps; i++) rates.push(rate(run(n, h)));
  return Math.round(median(rates));
}

/** The kernel's hold rate at n actors, events per second. */
export function kernelHoldRate(n: number, reps = 3): number {
  return measureHold(holdKernel, n, holdHorizon(n), reps);
}
