/**
 * npm run bench:scale — the 24-hour CPP day (scenarios/cpp-day.yaml) at 10k, 100k and 1M appliances on 1 and
 * 2 workers. Each run is its own process (bench/scale-run.ts), one after another, so peak RSS is per run and
 * runs do not share a warm heap or compete for the cores. Prints one JSON line per run, then per
 * configuration the median line marked "median":true, then per size the speed-up of 2 workers over 1 from
 * this invocation's medians. Before the first run and after the last it prints the kernel's hold rate
 * (bench:kernel's hold model at 100,000 actors, measured in this process: {"kernel_hold":{…}}), so that figures
 * from machines of different speed, or from one machine under different load, can be compared.
 *
 *   node --import tsx bench/scale.ts [--sizes 10000,100000,1000000] [--workers 1,2] [--reps R]
 *                                    [--timeout-s 3600] [--max-old-space-mb 8192] [--heap-growing-percent 40] [--tsx]
 *
 * Runs go from compiled JavaScript: it first builds dist/ (npm run build, bench/build-dist.ts), and each run is
 * `node dist/bench/scale-run.js`, its partitions' threads loading dist/ too. --tsx runs the TypeScript sources
 * through tsx instead (as before the build existed; slower to start, and more memory per thread).
 *
 * --reps defaults to 3, and to 1 at 1M appliances (one run takes minutes there). A run that fails or times
 * out prints {"appliances","workers","error"} and the benchmark goes on.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist } from './build-dist.ts';
import { kernelHoldRate } from './hold-rate.ts';

interface RunLine {
  appliances: number;
  workers: number;
  wall_s: number;
  events: number;
  events_per_s: number;
  peak_rss_mb: number;
  bytes_per_appliance: number;
}
type Outcome = { ok: true; line: RunLine } | { ok: false; error: string };

const here = dirname(fileURLToPath(import.meta.url));

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function numbers(name: string, dflt: number[]): number[] {
  const v = option(name);
  if (v === undefined) return dflt;
  const xs = v.split(',').map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1)) {
    process.stderr.write(`--${name}: expected positive whole numbers separated by commas, got ${v}\n`);
    process.exit(2);
  }
  return xs;
}

const sizes = numbers('sizes', [10_000, 100_000, 1_000_000]);
const workerCounts = numbers('workers', [1, 2]);
const repsOption = option('reps') === undefined ? undefined : numbers('reps', [])[0];
const timeoutS = numbers('timeout-s', [3600])[0];
const heapMb = numbers('max-old-space-mb', [8192])[0];
// V8 grows the old generation by a factor it picks (often 2x) after each full collection, and per-message
// objects that outlive a scavenge pile up as garbage until then: at 100k on 2 workers peak RSS was 686 MB with
// V8's default and 498 MB with 40 % growth, same wall time and digest. 0 leaves V8's default.
const heapGrowingPercent = option('heap-growing-percent') === '0' ? 0 : numbers('heap-growing-percent', [40])[0];
const viaTsx = process.argv.includes('--tsx');
const repsFor = (n: number) => repsOption ?? (n >= 1_000_000 ? 1 : 3);

function runOnce(appliances: number, workers: number): Promise<Outcome> {
  const script = viaTsx ? ['--import', 'tsx', join(here, 'scale-run.ts')] : [join(here, '..', 'dist', 'bench', 'scale-run.js')];
  const growing = heapGrowingPercent > 0 ? [`--heap-growing-percent=${heapGrowingPercent}`] : [];
  const args = [`--max-old-space-size=${heapMb}`, ...growing, ...script, '--appliances', String(appliances), '--workers', String(workers)];
  return new Promise((resolve) => {
    // stdout carries the result line; stderr goes straight to ours so a crash explains itself.
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, error: e.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ ok: false, error: `timed out after ${timeoutS} s` });
      const last = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (code !== 0 || last === undefined) return resolve({ ok: false, error: `exit ${signal ?? code}${last === undefined ? ', no result line' : ''}` });
      try {
        resolve({ ok: true, line: JSON.parse(last) as RunLine });
      } catch {
        resolve({ ok: false, error: `unparsable result line: ${last.slice(0, 200)}` });
      }
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Median wall time per size and worker count, and the real appliance count per size, for the speed-up lines. */
const medianWall = new Map<string, number>();
const drawn = new Map<number, number>();

/** Actors of the hold model whose rate is printed beside the runs (bench:kernel's middle size). */
const HOLD_ACTORS = 100_000;
const printHoldRate = (when: 'before' | 'after') => console.log(JSON.stringify({ kernel_hold: { when, actors: HOLD_ACTORS, events_per_s: kernelHoldRate(HOLD_ACTORS) } }));

if (!viaTsx && !buildDist()) {
  process.stderr.write('bench:scale: npm run build failed (see above); --tsx runs without it\n');
  process.exit(1);
}
printHoldRate('before');
for (const n of sizes) {
  for (const w of workerCounts) {
    const lines: RunLine[] = [];
    for (let r = 0; r < repsFor(n); r++) {
      const o = await runOnce(n, w);
      if (o.ok) lines.push(o.line);
      console.log(JSON.stringify(o.ok ? o.line : { appliances: n, workers: w, error: o.error }));
    }
    if (lines.length === 0) continue;
    // Appliances and events are deterministic (same study, same seed); the rest is the median of each field.
    const med = (f: (l: RunLine) => number) => median(lines.map(f));
    const m = {
      appliances: lines[0].appliances,
      workers: w,
      wall_s: round(med((l) => l.wall_s), 2),
      events: lines[0].events,
      events_per_s: Math.round(med((l) => l.events_per_s)),
      peak_rss_mb: Math.round(med((l) => l.peak_rss_mb)),
      bytes_per_appliance: Math.round(med((l) => l.bytes_per_appliance)),
      median: true,
      runs: lines.length,
    };
    medianWall.set(`${n}/${w}`, m.wall_s);
    drawn.set(n, m.appliances);
    // Printed even for one run, so a reader can always take the "median":true lines.
    console.log(JSON.stringify(m));
  }
}

// Speed-up of 2 workers over 1, only from runs of this invocation (a speed-up across machines means nothing).
for (const n of sizes) {
  const one = medianWall.get(`${n}/1`), two = medianWall.get(`${n}/2`);
  if (one === undefined || two === undefined) {
    if (workerCounts.includes(1) && workerCounts.includes(2)) console.log(JSON.stringify({ appliances: n, speedup_2_over_1: null, error: 'a configuration had no successful run' }));
    continue;
  }
  console.log(JSON.stringify({ appliances: drawn.get(n), speedup_2_over_1: round(one / two, 2) }));
}
printHoldRate('after');
