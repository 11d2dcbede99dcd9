/**
 * npm run bench:kernel — events per second of the hold model at N = 1,000, 100,000 and 1,000,000 for our
 * kernel, a plain typed-array binary heap and simjs, in one process; medians of REPS repetitions after
 * a warm-up. Prints one JSON object. simjs runs a shorter horizon at large N (it is ~20× slower).
 *
 * kernel_far is our kernel on the hold model with 64 times the delays (mean 64 s, horizon 64 times
 * longer), so about a third of the events go beyond the 65-s ring through the far buckets, as a CPP day's
 * timers do. bytes_per_pending is what the kernel's event set holds at the end of a run (record pages and
 * the queue's index) per event then pending: N events, all in the ring (kernel) or two thirds of them
 * beyond it (kernel_far).
 */
import { holdHeap, holdKernel, holdSimjs, type HoldResult } from './hold-models.ts';
import { holdHorizon as horizon, measureHold } from './hold-rate.ts';

const SIZES = [1_000, 100_000, 1_000_000];
const REPS = Number(process.env.BENCH_REPS ?? 3);
const simjsHorizon = (n: number) => (n >= 1_000_000 ? 1_000 : n >= 100_000 ? 5_000 : horizon(n) / 10);

const measure = (run: (n: number, h: number) => HoldResult, n: number, h: number) => measureHold(run, n, h, REPS);

const FAR_SCALE = 64;
const out: Record<string, Record<string, number>> = { kernel: {}, kernel_far: {}, heap_baseline: {}, simjs: {} };
const bytes: Record<string, Record<string, number>> = { kernel: {}, kernel_far: {} };
for (const n of SIZES) {
  out.kernel[n] = measure(holdKernel, n, horizon(n));
  out.kernel_far[n] = measure((m, h) => holdKernel(m, h, { scale: FAR_SCALE }), n, horizon(n) * FAR_SCALE);
  bytes.kernel[n] = holdKernel(n, horizon(n)).bytesPerPending!;
  bytes.kernel_far[n] = holdKernel(n, horizon(n) * FAR_SCALE, { scale: FAR_SCALE }).bytesPerPending!;
  out.heap_baseline[n] = measure(holdHeap, n, horizon(n));
  out.simjs[n] = measure(holdSimjs, n, simjsHorizon(n));
}
const ratio: Record<string, number> = {};
for (const n of SIZES) ratio[n] = Math.round((out.kernel[n] / out.heap_baseline[n]) * 100) / 100;
console.log(JSON.stringify({ ...out, kernel_over_heap: ratio, unit: 'events/s', reps: REPS, bytes_per_pending: bytes }));
