import { loadScenarioFile } from '/work/main/scenarios/load.ts';
import { runScenario } from '/work/main/models/world/run-scenario.ts';
const file = process.argv[2] ?? '/work/main/scenarios/quickstart.yaml';
const s = (await loadScenarioFile(file)) as any;
for (const n of (process.argv[3] ?? '1,2').split(',').map(Number)) {
  const t1 = performance.now();
  const b = await runScenario(s.scenario, { workers: n });
  console.log('workers', n, b.summary.digest.slice(0, 12), b.summary.sim.events, ((performance.now() - t1) / 1000).toFixed(1));
}
