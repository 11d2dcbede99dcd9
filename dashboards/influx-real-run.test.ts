/**
 * The dashboards against a real simulation: run scenarios/quickstart.yaml, stream its points to a real
 * InfluxDB 1.x through the InfluxSink (what `scsim run --influx` does), then run every panel query of both
 * dashboards with Grafana's macros filled in, and require each to return at least one non-null value (but the
 * EMS panel: the quickstart has no DEMAND_LIMIT program).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../models/world/run-scenario.ts';
import type { RunResult } from '../models/run-result.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import { InfluxSink } from '../sim/metrics/sinks/index.ts';
import { influxdAvailable, startInfluxd, type Influxd } from '../test/support/influxd.ts';
import { METRICS } from './src/contract.ts';
import { emptyOrFailed, runAllPanelQueries, tagValues } from './support/panel-runner.ts';

const influx = influxdAvailable({ ownServer: true });
if (!influx.ok) console.warn(influx.reason);

const QUICKSTART = fileURLToPath(new URL('../scenarios/quickstart.yaml', import.meta.url));
const DB = 'scsim';

describe.skipIf(!influx.ok)('dashboard queries on InfluxDB (quickstart run)', () => {
  let influxd: Influxd | undefined;
  let spool: string | undefined;
  let result: RunResult;
  let fromMs: number;
  let toMs: number;

  beforeAll(async () => {
    const loaded = await loadScenarioFile(QUICKSTART);
    if (!loaded.ok) throw new Error(`quickstart.yaml does not load:\n${loaded.errors.map((e) => e.message).join('\n')}`);
    result = await runScenario(loaded.scenario);
    fromMs = Date.parse(result.start_instant);
    toMs = fromMs + result.summary.sim.sim_s * 1000;

    influxd = await startInfluxd();
    spool = await mkdtemp(join(tmpdir(), 'scsim-dashboards-spool-'));
    const sink = new InfluxSink({ url: `${influxd.url}/${DB}`, spoolDir: spool, runId: result.summary.run_id, startEpochMs: fromMs });
    sink.write(result.points);
    await sink.close();
    expect(sink.stats).toMatchObject({ pending: 0, rejected: 0 });
  });

  afterAll(async () => {
    await influxd?.dispose();
    if (spool !== undefined) await rm(spool, { recursive: true, force: true });
  });

  it('the run wrote only measurements of the dashboard contract', () => {
    const written = new Set(result.points.map((p) => p.measurement));
    expect([...written].filter((m) => !(m in METRICS))).toEqual([]);
  });

  it('the run_id variable offers the run', async () => {
    expect(await tagValues(influxd!.url, DB, 'delivery', 'run_id')).toContain(result.summary.run_id);
  });

  it.each([60, 600])('every panel query returns at least one non-null value ($__interval = %i s)', async (intervalS) => {
    const runs = await runAllPanelQueries({ url: influxd!.url, db: DB, runId: result.summary.run_id, fromMs, toMs, intervalS });
    expect(runs.length).toBeGreaterThan(20);
    // The quickstart has no DEMAND_LIMIT program, so no EMS commands: the one panel over `demand_limit` has nothing
    // to show (the fixture test in influx.test.ts covers it); every other panel must show values.
    const written = new Set(result.points.map((p) => p.measurement));
    const absent = (r: { query: string }) => /FROM "([a-z_]+)"/.exec(r.query)?.[1] === 'demand_limit' && !written.has('demand_limit');
    expect(runs.filter(absent).map((r) => r.panel)).toEqual(['EMS sheds and restores']);
    expect(emptyOrFailed(runs.filter((r) => !absent(r)))).toEqual([]);
  });
});
