/**
 * npm run bench:rendezvous — 1 vs 2 workers on the 24-hour CPP day (scenarios/cpp-day.yaml, via
 * bench/scale-run.ts), on an otherwise idle machine and beside a competing CPU load that this benchmark makes
 * itself: one busy-loop process per core. The partitions' waiting (spin then sleep, sim/parallel/worker.ts) must not make
 * 2 workers slower than 1 when the cores are busy: the target is busy.ratio_2_over_1 ≤ 1.10.
 *
 *   node --import tsx bench/rendezvous.ts [--appliances 50000] [--reps 3] [--busy <processes>]
 *
 * Runs are interleaved (rep by rep: idle 1, idle 2, busy 1, busy 2), each in its own process. Prints one JSON
 * line per run, then a summary line: medians of wall_s per configuration, the ratios 2 workers / 1 worker, whether
 * every run gave the same digest, and the machine's load average before and after (other work on the machine
 * makes "idle" less idle: read the figures with it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function option(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`--${name}: expected a positive whole number, got ${process.argv[i + 1] ?? 'nothing'}\n`);
    process.exit(2);
  }
  return v;
}

const appliances = option('appliances', 50_000);
const reps = option('reps', 3);
const busyProcesses = option('busy', availableParallelism());

interface RunLine {
  workers: number;
  wall_s: number;
  digest: string;
}

function runOnce(workers: number): Promise<RunLine> {
  const args = ['--import', 'tsx', join(here, 'scale-run.ts'), '--appliances', String(appliances), '--workers', String(workers)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (code !== 0 || last === undefined) return reject(new Error(`scale-run --workers ${workers}: exit ${code}`));
      resolve(JSON.parse(last) as RunLine);
    });
  });
}

/** The competing load: busy-loop processes, one per core, until stopped. */
function startBusy(): ChildProcess[] {
  return Array.from({ length: busyProcesses }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}
async function stopBusy(loops: ChildProcess[]): Promise<void> {
  await Promise.all(
    loops.map((p) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGKILL'))))),
  );
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

const load0 = loadavg().map((x) => round(x));
const walls: Record<'idle' | 'busy', Record<1 | 2, number[]>> = { idle: { 1: [], 2: [] }, busy: { 1: [], 2: [] } };
const digests = new Set<string>();
let loops: ChildProcess[] = [];
process.on('exit', () => loops.forEach((p) => p.kill('SIGKILL')));
try {
  for (let rep = 0; rep < reps; rep++) {
    for (const load of ['idle', 'busy'] as const) {
      loops = load === 'busy' ? startBusy() : [];
      for (const workers of [1, 2] as const) {
        const r = await runOnce(workers);
        walls[load][workers].push(r.wall_s);
        digests.add(r.digest);
        console.log(JSON.stringify({ rep, load, workers, wall_s: r.wall_s, digest: r.digest }));
      }
      await stopBusy(loops);
      loops = [];
    }
  }
} finally {
  await stopBusy(loops);
}

const summary = (load: 'idle' | 'busy') => {
  const w1 = median(walls[load][1]);
  const w2 = median(walls[load][2]);
  return { median_wall_s_1: w1, median_wall_s_2: w2, ratio_2_over_1: round(w2 / w1, 3) };
};
console.log(
  JSON.stringify({
    summary: true,
    study: 'scenarios/cpp-day.yaml',
    appliances,
    reps,
    cores: availableParallelism(),
    busy_processes: busyProcesses,
    idle: summary('idle'),
    busy: summary('busy'),
    target_busy_ratio_max: 1.1,
    same_digest: digests.size === 1,
    loadavg_before: load0,
    loadavg_after: loadavg().map((x) => round(x)),
  }),
);
