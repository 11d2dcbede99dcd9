/**
 * npm run bench:memory — where a CPP day's memory goes: scenarios/cpp-day.yaml at about N appliances (as
 * bench/scale-run.ts sizes it), on 1 and on 2 partitions, each configuration in a process of its own. For each it
 * prints one JSON line: per owner (population columns, device state, message table, event set, links, metering
 * feed, recorder, appliance fleets and their shadows, …) the bytes of the typed arrays it holds (`ta`, each buffer
 * counted once, for the first owner that reaches it) and the JS array slots and map entries it holds (`js`, a hint
 * of heap objects), before and after the run; and the process's RSS and heapUsed at the same two moments, and its
 * peak RSS. Two partitions run in this thread (sim/parallel's in-process windows: the same worlds as on threads),
 * so their owners are listed per partition and the RSS is both partitions'.
 *
 *   node --import tsx bench/memory.ts [--appliances 100000] [--partitions 1,2]
 *   node --heap-growing-percent=40 dist/bench/memory.js --timeline --appliances N --workers W   (after npm run build)
 *
 * Typed-array bytes are what is allocated; pages of a large array that are never written cost no RSS on Linux, so
 * `ta` can exceed what RSS shows (an array sized for every device, touched only in a partition's slice).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Partition, partitionLookahead } from '../models/world/partition.ts';
import { drawPopulation, EMS, IHD, type Population } from '../models/world/population.ts';
import { runScenario, type BuiltWorld } from '../models/world/run-scenario.ts';
import { World } from '../models/world/world.ts';
import { Simulator } from '../sim/simulator.ts';
import { runInProcess } from '../sim/parallel/in-process.ts';
import { cppDay } from './cpp-day.ts';

function option(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
function wholeNumbers(name: string, dflt: string): number[] {
  const v = option(name, dflt);
  const xs = v.split(',').map(Number);
  if (xs.some((x) => !Number.isInteger(x) || x < 1)) {
    process.stderr.write(`--${name}: expected whole numbers ≥ 1 separated by commas, got ${v}\n`);
    process.exit(2);
  }
  return xs;
}

interface Tally {
  ta: number;
  js: number;
}

/**
 * Sums what `root` reaches: typed-array bytes (each buffer once, across all owners, through `seen`) and JS array
 * slots / map entries. It does not walk into worlds, simulators or the population other than as roots (handlers
 * and state modules point back at the world; each is its own owner).
 */
function tally(root: unknown, seen: Set<unknown>, stop: Set<unknown>): Tally {
  const t: Tally = { ta: 0, js: 0 };
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object' || seen.has(x)) continue;
    if (x !== root && stop.has(x)) continue;
    seen.add(x);
    if (ArrayBuffer.isView(x)) {
      if (!seen.has(x.buffer)) {
        seen.add(x.buffer);
        t.ta += x.buffer.byteLength;
      }
      continue;
    }
    if (x instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer)) {
      t.ta += x.byteLength;
      continue;
    }
    if (Array.isArray(x)) {
      t.js += x.length;
      for (const v of x) if (v !== null && typeof v === 'object') stack.push(v);
      continue;
    }
    if (x instanceof Map) {
      t.js += x.size;
      for (const [k, v] of x) stack.push(k, v);
      continue;
    }
    if (x instanceof Set) {
      t.js += x.size;
      for (const v of x) stack.push(v);
      continue;
    }
    if (typeof x === 'function') continue;
    for (const v of Object.values(x as Record<string, unknown>)) if (v !== null && typeof v === 'object') stack.push(v);
  }
  return t;
}

/** The owners of one world, most specific first (a buffer counts for the first owner that reaches it). */
function owners(w: World, sim: Simulator): [string, unknown][] {
  const any = w as unknown as Record<string, unknown>;
  const load = w.load as unknown as Record<string, unknown>;
  const s = sim as unknown as Record<string, unknown>;
  return [
    ['event set', [s.store, s.queue]],
    ['simulator (kind table, owner map)', sim],
    ['device state (DeviceState)', w.dev],
    ['device prices', w.prices],
    ['appliance fleets', load.fleets],
    ['shadow fleets (counterfactual)', load.shadows],
    ['load model (rest)', w.load],
    ['message table', w.msgs],
    ['links (transport)', w.transport],
    ['metering feed (meters)', w.metering.feed],
    ['metering held (devices)', w.metering.held],
    ['metering (rest)', w.metering],
    ['recorder', w.rec],
    ['minute points', w.minutePoints],
    ['CSS records', w.css],
    ['NMS records', w.nms],
    ['CDCS records', w.cdcs],
    ['rate advisor', w.advisor],
    ['customers', w.customers],
    ['world (rest: draws, sentBy, …)', any],
  ];
}

function breakdown(worlds: BuiltWorld[], p: Population, extra: [string, unknown][] = []): Record<string, Tally> {
  const seen = new Set<unknown>();
  const stop = new Set<unknown>([p, ...worlds.flatMap((b) => [b.world, b.sim])]);
  const out: Record<string, Tally> = {};
  out['population (shared by partitions)'] = tally(p, seen, stop);
  worlds.forEach((b, i) => {
    const prefix = worlds.length > 1 ? `p${i} ` : '';
    for (const [name, root] of owners(b.world, b.sim)) out[prefix + name] = tally(root, seen, stop);
  });
  for (const [name, root] of extra) out[name] = tally(root, seen, stop);
  return out;
}

const mb = (x: number) => Math.round((x / 2 ** 20) * 10) / 10;

function process0(): { rss_mb: number; heap_used_mb: number } {
  const m = process.memoryUsage();
  return { rss_mb: mb(m.rss), heap_used_mb: mb(m.heapUsed) };
}

async function one(appliances: number, partitions: number): Promise<void> {
  const s = await cppDay(appliances);
  const start = process0();
  let built: BuiltWorld[] = [];
  let p: Population;
  let before: Record<string, Tally>;
  let atBuild: ReturnType<typeof process0>;
  let extra: () => [string, unknown][] = () => [];
  let appliancesDrawn: number;
  if (partitions === 1) {
    let b: BuiltWorld | undefined;
    let snapshot: Record<string, Tally> | undefined;
    let snapAt: ReturnType<typeof process0> | undefined;
    const { summary } = await runScenario(s, {
      onBuilt: (x) => {
        b = x;
        snapshot = breakdown([x], x.world.p);
        snapAt = process0();
      },
    });
    built = [b!];
    p = b!.world.p;
    before = snapshot!;
    atBuild = snapAt!;
    appliancesDrawn = summary.population.appliances;
  } else {
    p = drawPopulation(s);
    const parts = Array.from({ length: partitions }, (_, i) => new Partition(s, partitions, i, () => {}, {}, p));
    built = parts.map((x) => ({ world: x.world, sim: x.world.sim }));
    extra = () => [['partition mailbags', parts.map((x) => x.outboxes)]];
    before = breakdown(built, p, extra());
    atBuild = process0();
    runInProcess(parts, partitionLookahead(s, partitions), s.duration);
    for (const x of parts) x.finish();
    appliancesDrawn = 0;
    for (let d = 0; d < p.devices; d++) if (p.type[d] !== IHD && p.type[d] !== EMS) appliancesDrawn++;
  }
  const after = breakdown(built, p, extra());
  const atEnd = process0();
  const rows = Object.keys(after).map((owner) => ({ owner, ta_mb_before: mb(before[owner]?.ta ?? 0), ta_mb_after: mb(after[owner].ta), js_before: before[owner]?.js ?? 0, js_after: after[owner].js }));
  const ta = rows.reduce((a, r) => a + r.ta_mb_after, 0);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      appliances: appliancesDrawn,
      devices: p.devices,
      customers: p.customers,
      partitions,
      process: { start, built: atBuild, end: atEnd, peak_rss_mb: mb(peak) },
      typed_array_mb_after: Math.round(ta * 10) / 10,
      peak_rss_bytes_per_appliance: Math.round(peak / appliancesDrawn),
      owners: rows.sort((a, b) => b.ta_mb_after - a.ta_mb_after),
    }),
  );
}

/**
 * --timeline: the run as bench:scale runs it (runScenario on W worker threads, or this thread for W = 1), with
 * the process's RSS sampled every 200 ms of wall time (and at each progress report) against simulated time, so
 * that the moment of the peak, and so its owner (the registration burst, the 14:00 event burst), shows.
 */
async function timeline(appliances: number, workers: number): Promise<void> {
  const s = await cppDay(appliances);
  let simMs = 0;
  const samples: { sim_h: number; rss_mb: number; heap_used_mb: number; pending: number; event_set_mb: number }[] = [];
  // One thread: the simulator is here, so the pending events and the event set's bytes are sampled too.
  let sim: Simulator | undefined;
  const sample = () => {
    const m = process.memoryUsage();
    const last = samples.at(-1);
    const x = { sim_h: Math.round((simMs / 3_600_000) * 100) / 100, rss_mb: mb(m.rss), heap_used_mb: mb(m.heapUsed), pending: sim?.pending ?? 0, event_set_mb: mb(sim?.eventSetBytes ?? 0) };
    if (last && last.sim_h === x.sim_h) {
      if (x.rss_mb > last.rss_mb) Object.assign(last, x);
    } else samples.push(x);
  };
  const timer = setInterval(sample, 200);
  const { summary } = await runScenario(s, { workers, onBuilt: (b) => (sim = b.sim), onProgress: (p) => ((simMs = p.simMs), sample()) });
  clearInterval(timer);
  const peak = process.resourceUsage().maxRSS * 1024;
  const top = samples.reduce((a, b) => (b.rss_mb > a.rss_mb ? b : a), samples[0]);
  // Hourly maxima keep the line short; the peak sample says when the peak came.
  const hourly: number[] = [];
  for (const x of samples) hourly[Math.floor(x.sim_h)] = Math.max(hourly[Math.floor(x.sim_h)] ?? 0, x.rss_mb);
  // CPU seconds of all threads: on a loaded machine a steadier cost figure than wall time.
  const cpu = process.cpuUsage();
  const peakPending = samples.reduce((a, b) => (b.pending > a.pending ? b : a), samples[0]);
  console.log(JSON.stringify({ appliances: summary.population.appliances, workers, cpu_s: Math.round((cpu.user + cpu.system) / 1e4) / 100, peak_rss_mb: mb(peak), bytes_per_appliance: Math.round(peak / summary.population.appliances), peak_sample: top, peak_pending_sample: peakPending, hourly_rss_mb: hourly, digest: summary.digest }));
}

if (process.argv.includes('--timeline')) {
  await timeline(wholeNumbers('appliances', '100000')[0], wholeNumbers('workers', '1')[0]);
} else if (process.argv.includes('--one')) {
  await one(wholeNumbers('appliances', '100000')[0], wholeNumbers('partitions', '1')[0]);
} else {
  const n = wholeNumbers('appliances', '100000')[0];
  for (const k of wholeNumbers('partitions', '1,2')) {
    // A process per configuration, so RSS and peak RSS are that configuration's alone.
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', fileURLToPath(import.meta.url), '--one', '--appliances', String(n), '--partitions', String(k)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) console.log(JSON.stringify({ appliances: n, partitions: k, error: `exit ${r.signal ?? r.status}` }));
    else process.stdout.write(r.stdout);
  }
}
