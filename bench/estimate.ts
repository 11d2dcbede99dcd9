/**
 * Calibration of the pre-run estimate (scenarios/estimate.ts): runs library studies, each in a process of
 * its own so its peak RSS is its alone, and prints one JSON line per run with the estimate beside what the
 * run took. `npm run bench:estimate`; with arguments it runs one study: `... bench/estimate.ts <study.yaml> [path=value]...`.
 * Refit CALIBRATION in scenarios/estimate.ts when a model change moves these figures.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../models/world/run-scenario.ts';
import { estimateRun } from '../scenarios/estimate.ts';
import { loadScenarioFile } from '../scenarios/load.ts';

const RUNS: string[][] = [
  ['scenarios/quickstart.yaml'],
  ['scenarios/cpp-day.yaml'],
  ['scenarios/cpp-day.yaml', 'population.customers=20000'],
  ['scenarios/sla-capacity.yaml'],
  ['scenarios/registration-surge.yaml'],
  ['scenarios/grid-emergency-broadcast.yaml'],
  ['scenarios/cpp-heat-wave.yaml'],
];

async function one(file: string, sets: string[]): Promise<void> {
  const r = await loadScenarioFile(file, sets);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const est = estimateRun(r.scenario);
  const result = await runScenario(r.scenario);
  const rss = process.resourceUsage().maxRSS * 1024;
  const ratio = (a: number, b: number) => +(a / b).toFixed(2);
  process.stdout.write(
    JSON.stringify({
      study: [file, ...sets].join(' '),
      devices: result.summary.population.appliances + result.summary.population.ihds + result.summary.population.emss,
      est_devices: Math.round(est.devices),
      events: result.summary.sim.events,
      est_events: Math.round(est.events),
      events_ratio: ratio(est.events, result.summary.sim.events),
      peak_rss_mb: Math.round(rss / 1e6),
      est_mb: Math.round(est.memoryBytes / 1e6),
      memory_ratio: ratio(est.memoryBytes, rss),
    }) + '\n',
  );
}

const args = process.argv.slice(2);
if (args.length > 0) await one(args[0], args.slice(1));
else {
  for (const run of RUNS) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...run], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}
