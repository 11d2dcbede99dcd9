/**
 * npm run bench:profile — where a CPP day's time goes: scenarios/cpp-day.yaml at about N appliances on one
 * thread under V8's sampling profiler (the inspector, as `node --cpu-prof` uses it), the run and the summary
 * included. Prints one JSON object:
 *
 * - `share`: per category of CATEGORIES below, the share of the run's samples whose innermost frame of our own
 *   code is in that category: the category's own code plus the builtins and node internals it calls. The
 *   shares add up to 1; `other` is the rest of our code (device and customer handlers, population, setup)
 *   and samples with no frame of ours (the garbage collector, whose share `gc` also gives apart).
 * - `inclusive`: per category, the share of samples with a frame of that category anywhere on the stack of
 *   the event being delivered (self + all callees: categories overlap, e.g. transport includes the codec it
 *   calls, the event set includes scheduling from inside handlers).
 * - `events_per_appliance_day` and `link_hop_share`: kernel events delivered per appliance per simulated
 *   day, and the share of them that are link hops (a message joining a link or a transmission ending).
 *
 *   node --import tsx bench/profile.ts [--appliances 100000] [--interval-us 1000] [--cpuprofile FILE]
 *
 * --cpuprofile also writes the raw profile, for Chrome DevTools or speedscope.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Ev } from '../models/world/events.ts';
import { runScenario } from '../models/world/run-scenario.ts';
import { cppDay } from './cpp-day.ts';

/**
 * The categories of issue 14's profile, by source path (matched against the frame's URL) and, for the
 * world's message helpers, by function name. The first row that matches a frame names its category.
 */
const CATEGORIES: { category: string; path: RegExp; functions?: RegExp }[] = [
  { category: 'appliance physics', path: /\/models\/appliances\// },
  { category: 'appliance physics', path: /\/models\/world\/load\.ts$/ },
  { category: 'event set', path: /\/sim\/(calendar-queue|event-store|heap-queue|simulator)\.ts$/ },
  { category: 'codec', path: /\/models\/(wire|proto)\// },
  { category: 'world transport', path: /\/models\/transport\// },
  { category: 'world transport', path: /\/models\/world\/(links|messages|network-kinds|bodies|message-mail)\.ts$/ },
  {
    category: 'world transport',
    path: /\/models\/world\/world\.ts$/,
    functions: /^(create|lan|toCustomer|down|up|broadcast|offer|complete|drop|arrived|arrivedBroadcast|nextWireId|customerOfMessage|judgedAtEnd)$/,
  },
  { category: 'back office', path: /\/models\/world\/(back-office[^/]*|management|timeline)\.ts$/ },
  // Devices' own handlers (messages accepted, responses, prices) and their customers, apart from physics.
  { category: 'devices', path: /\/models\/world\/(device[^/]*|customer[^/]*|price-windows)\.ts$/ },
  // NFR-03's usage feed and the premise EMS that acts on it (FR-04): only busy when a study subscribes to the feed.
  { category: 'usage feed and EMS', path: /\/models\/world\/(metering|ems)\// },
  { category: 'recorder/metrics', path: /\/sim\/(metrics\/|trace-digest\.ts|trace-source\.ts)/ },
  {
    category: 'recorder/metrics',
    path: /\/models\/world\/(recorder|trace|minute-totals|director|summary|sla-summary|load-summary|run-totals|response-events|response-figures|response-reach)\.ts$/,
  },
];
const ORDER = ['appliance physics', 'event set', 'codec', 'world transport', 'back office', 'devices', 'usage feed and EMS', 'recorder/metrics', 'other'];
/** Link hops: a message joins a link (…_ENQ) or a transmission on a link ends (…_DONE). */
const LINK_HOP = new Set(Object.entries(Ev).filter(([name]) => /_(ENQ|DONE)$/.test(name)).map(([, type]) => type as number));

function option(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`--${name}: expected a whole number ≥ 1, got ${process.argv[i + 1] ?? 'nothing'}\n`);
    process.exit(2);
  }
  return v;
}
const appliances = option('appliances', 100_000);
const intervalUs = option('interval-us', 1000);
const outIndex = process.argv.indexOf('--cpuprofile');
const outFile = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

function categoryOf(frame: ProfileNode['callFrame']): string | null {
  for (const row of CATEGORIES) {
    if (row.path.test(frame.url) && (row.functions === undefined || row.functions.test(frame.functionName))) return row.category;
  }
  return null;
}

/** Our own source files: frames elsewhere (builtins, node internals, dependencies) count for their caller. */
const isProject = (url: string) => url.startsWith('file://') && !url.includes('/node_modules/');
/** The kernel's run loop: `inclusive` looks no further up a stack than the event being delivered. */
const isRunLoop = (f: ProfileNode['callFrame']) => f.functionName === 'run' && /\/sim\/simulator\.ts$/.test(f.url);

/** Samples per category, innermost frame of our own code (`share`) and anywhere in the event's stack (`inclusive`). */
function attribute(nodes: ProfileNode[]): { share: Record<string, number>; inclusive: Record<string, number>; gc: number; samples: number } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const share: Record<string, number> = Object.fromEntries(ORDER.map((c) => [c, 0]));
  const inclusive: Record<string, number> = Object.fromEntries(ORDER.slice(0, -1).map((c) => [c, 0]));
  let samples = 0, gc = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
    samples += hits;
    if (n.callFrame.functionName === '(garbage collector)') gc += hits;
    let innermost: string | null = null;
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (!isProject(frame.url)) continue;
      const c = categoryOf(frame);
      if (innermost === null) innermost = c ?? 'other';
      if (isRunLoop(frame)) {
        if (seen.size === 0 && innermost === 'event set') seen.add('event set'); // the loop itself
        break;
      }
      if (c !== null) seen.add(c);
    }
    share[innermost ?? 'other'] += hits;
    for (const c of seen) inclusive[c] += hits;
  }
  const frac = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round((v / samples) * 1000) / 1000]));
  return { share: frac(share), inclusive: frac(inclusive), gc: Math.round((gc / samples) * 1000) / 1000, samples };
}

const s = await cppDay(appliances);
const byType = new Float64Array(256);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
await session.post('Profiler.start');
const t0 = performance.now();
const { summary } = await runScenario(s, {
  workers: 1,
  onBuilt: ({ sim }) => {
    sim.observer = (_sim, type) => void byType[type]++;
  },
});
const wallS = (performance.now() - t0) / 1000;
const { profile } = await session.post('Profiler.stop');
session.disconnect();
if (outFile !== undefined) writeFileSync(outFile, JSON.stringify(profile));

const { share, inclusive, gc, samples } = attribute(profile.nodes as ProfileNode[]);
let events = 0, hops = 0;
byType.forEach((n, type) => {
  events += n;
  if (LINK_HOP.has(type)) hops += n;
});
const days = s.duration / 86_400_000;
const n = summary.population.appliances;
console.log(
  JSON.stringify({
    appliances: n,
    workers: 1,
    wall_s: Math.round(wallS * 100) / 100,
    samples,
    share,
    inclusive,
    gc,
    events,
    events_per_appliance_day: Math.round(events / n / days),
    link_hop_share: Math.round((hops / events) * 1000) / 1000,
    digest: summary.digest,
  }),
);
