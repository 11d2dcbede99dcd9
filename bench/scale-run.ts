/**
 * One run of the scale benchmark (bench/scale.ts spawns this): the 24-hour CPP day of scenarios/cpp-day.yaml
 * sized to about N appliances, on W workers. It runs in a process of its own so that the peak RSS it prints
 * belongs to this run alone (worker threads share the process, so their memory counts too).
 *
 *   node --max-old-space-size=8192 --import tsx bench/scale-run.ts --appliances N --workers W
 *
 * Prints one JSON line: appliances (the real count drawn), workers, wall_s, events, events_per_s,
 * peak_rss_mb, bytes_per_appliance, digest. wall_s is measured around everything after the sized scenario is
 * parsed — population draw, world build, the run and the summary — because at 1M appliances building the
 * world is part of what a user waits for; summary.sim.wall_s covers the same span, as runScenario times it.
 */
import { runScenario } from '../models/world/run-scenario.ts';
import { cppDay } from './cpp-day.ts';

function arg(name: string): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`usage: scale-run.ts --appliances N --workers W (got --${name} ${process.argv[i + 1] ?? 'missing'})\n`);
    process.exit(2);
  }
  return v;
}

const target = arg('appliances');
const workers = arg('workers');
const s = await cppDay(target);

const t0 = performance.now();
const { summary } = await runScenario(s, { workers, clock: () => performance.now() });
const wallS = (performance.now() - t0) / 1000;

// maxRSS is in KiB.
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
const appliances = summary.population.appliances;
const events = summary.sim.events;
console.log(
  JSON.stringify({
    appliances,
    workers,
    wall_s: Math.round(wallS * 100) / 100,
    events,
    events_per_s: Math.round(events / wallS),
    peak_rss_mb: Math.round(peakRssBytes / 2 ** 20),
    bytes_per_appliance: Math.round(peakRssBytes / appliances),
    digest: summary.digest,
  }),
);
