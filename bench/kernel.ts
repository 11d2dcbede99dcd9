/**
 * npm run bench:kernel — events per second of the hold model at N = 1,000, 100,000 and 1,000,000 for our
 * kernel, a plain typed-array binary heap and simjs, in one process; medians of REPS repetitions after
 * a warm-up. Prints one JSON object. simjs runs a shorter horizon at large N (it is ~20× slower).
 */
import { holdHeap, holdKernel, holdSimjs, type HoldResult } from './hold-models.ts';

const SIZES = [1_000, 100_000, 1_000_000];
const REPS = Number(process.env.BENCH_REPS ?? 3);
/** Horizons in simulated ms: about 5M events per run at 1M actors, and more runs' worth at small N. */
const horizon = (n: number) => Math.max(5_000, Math.round(5e9 / n / 1000) * 1000);
const simjsHorizon = (n: number) => (n >= 1_000_000 ? 1_000 : n >= 100_000 ? 5_000 : horizon(n) / 10);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (r: HoldResult) => r.events / r.seconds;

function measure(run: (n: number, h: number) => HoldResult, n: number, h: number): number {
  run(Math.min(n, 1000), 2000); // warm the JIT on this code path
  const rates: number[] = [];
  for (let i = 0; i < REPS; i++) rates.push(rate(run(n, h)));
  return Math.round(median(rates));
}

const out: Record<string, Record<string, number>> = { kernel: {}, heap_baseline: {}, simjs: {} };
for (const n of SIZES) {
  out.kernel[n] = measure(holdKernel, n, horizon(n));
  out.heap_baseline[n] = measure(holdHeap, n, horizon(n));
  out.simjs[n] = measure(holdSimjs, n, simjsHorizon(n));
}
const ratio: Record<string, number> = {};
for (const n of SIZES) ratio[n] = Math.round((out.kernel[n] / out.heap_baseline[n]) * 100) / 100;
console.log(JSON.stringify({ ...out, kernel_over_heap: ratio, unit: 'events/s', reps: REPS }));
