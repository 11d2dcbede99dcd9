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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawPopulation, EMS, IHD } from '../models/world/population.ts';
import { runScenario } from '../models/world/run-scenario.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/types.ts';

const STUDY = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'cpp-day.yaml');
/** Customers in the calibration draw: enough for ~0.5 % error on appliances per customer, and ~0.1 s. */
const CALIBRATION_CUSTOMERS = 20_000;

function arg(name: string): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`usage: scale-run.ts --appliances N --workers W (got --${name} ${process.argv[i + 1] ?? 'missing'})\n`);
    process.exit(2);
  }
  return v;
}

async function load(sets: string[]): Promise<Scenario> {
  const r = await loadScenarioFile(STUDY, sets);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

/**
 * Appliances (devices that are neither IHD nor EMS) per customer, from one draw of the study's own
 * population: the draw is a pure function of the scenario and keyed per customer, so the first customers
 * are the same at any size and this stays right if the mix or the population model changes.
 */
async function appliancesPerCustomer(): Promise<number> {
  const p = drawPopulation(await load([`population.customers=${CALIBRATION_CUSTOMERS}`]));
  let n = 0;
  for (let d = 0; d < p.devices; d++) if (p.type[d] !== IHD && p.type[d] !== EMS) n++;
  return n / p.customers;
}

const target = arg('appliances');
const workers = arg('workers');
const customers = Math.max(1, Math.round(target / (await appliancesPerCustomer())));
const s = await load([`population.customers=${customers}`]);

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
