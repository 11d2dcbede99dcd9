import { loadScenarioFile } from '/work/main/scenarios/load.ts';
import { runScenario } from '/work/main/models/world/run-scenario.ts';
import { runPartitioned } from '/work/main/models/world/run-partitioned.ts';
const file = process.argv[2] ?? '/work/main/scenarios/quickstart.yaml';
const s = (await loadScenarioFile(file)) as any;
const sc = s.scenario ?? s;
const t0 = performance.now();
const a = await runScenario(sc, {});
console.log('mono', a.summary.digest.slice(0, 12), a.summary.sim.events, ((performance.now() - t0) / 1000).toFixed(1));
for (const n of [2, 3]) {
  const t1 = performance.now();
  const b = await runPartitioned(sc, { workers: n, inProcess: true });
  console.log('inproc', n, b.summary.digest.slice(0, 12), b.summary.sim.events, ((performance.now() - t1) / 1000).toFixed(1));
  if (b.summary.digest !== a.summary.digest) {
    const A = JSON.stringify({ ...a.summary, digest: 0, sim: 0, workers: 0 }, null, 1).split('\n');
    const B = JSON.stringify({ ...b.summary, digest: 0, sim: 0, workers: 0 }, null, 1).split('\n');
    let shown = 0;
    for (let i = 0; i < A.length && shown < 30; i++) if (A[i] !== B[i]) { console.log(i, A[i], '|', B[i]); shown++; }
    console.log('points', a.points.length, b.points.length);
    for (let i = 0; i < a.points.length && shown < 40; i++) if (JSON.stringify(a.points[i]) !== JSON.stringify(b.points[i])) { console.log(JSON.stringify(a.points[i]), '\n', JSON.stringify(b.points[i])); shown += 5; }
  }
}
