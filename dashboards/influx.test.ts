/**
 * Every panel query, macros filled as Grafana would, against a real InfluxDB 1.x holding hand-made points
 * of every measurement of the contract (support/fixture.ts). influx-real-run.test.ts does the same with
 * a real simulation run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLineProtocol } from '../sim/metrics/sinks/line-protocol.ts';
import { createDatabase, influxQuery, writeLines } from './support/influx-client.ts';
import { influxdAvailable, startInfluxd, type Influxd } from '../test/support/influxd.ts';
import { FIXTURE_APPLIANCE_TYPES, FIXTURE_REGIONS, fixturePoints } from './support/fixture.ts';
import { emptyOrFailed, runAllPanelQueries, tagValues } from './support/panel-runner.ts';

// Our own server (not CI's shared one): missing influxd skips with a message, or throws under CI=true.
const influx = influxdAvailable({ ownServer: true });
if (!influx.ok) console.warn(influx.reason);

const DB = 'scsim';
const RUN_ID = 'fixture-run-1';
const OTHER_RUN = 'fixture-run-2';
const START_MS = Date.parse('2025-08-14T12:00:00-07:00');
const MINUTES = 180;

describe.skipIf(!influx.ok)('dashboard queries on InfluxDB (hand-made points)', () => {
  let influxd: Influxd | undefined;
  const range = { fromMs: START_MS, toMs: START_MS + MINUTES * 60_000 };

  beforeAll(async () => {
    influxd = await startInfluxd();
    await createDatabase(influxd.url, DB);
    const points = fixturePoints(MINUTES);
    const lines = (runId: string) =>
      points.map((p) => toLineProtocol(p, { runId, startEpochMs: START_MS })).filter((l): l is string => l !== null);
    await writeLines(influxd.url, DB, lines(RUN_ID));
    // a second run in the same range, so the run filter has something to filter out
    await writeLines(influxd.url, DB, lines(OTHER_RUN));
  });

  afterAll(async () => {
    await influxd?.dispose();
  });

  it('the variable queries offer the runs, regions and appliance types', async () => {
    const url = influxd!.url;
    expect(await tagValues(url, DB, 'delivery', 'run_id')).toEqual([RUN_ID, OTHER_RUN]);
    expect(await tagValues(url, DB, 'load', 'region')).toEqual([...FIXTURE_REGIONS].sort());
    expect(await tagValues(url, DB, 'load', 'appliance_type')).toEqual([...FIXTURE_APPLIANCE_TYPES].sort());
  });

  it.each([60, 300, 3600])('with All selected, every panel query returns values ($__interval = %i s)', async (intervalS) => {
    const runs = await runAllPanelQueries({ url: influxd!.url, db: DB, runId: RUN_ID, ...range, intervalS });
    expect(runs.length).toBeGreaterThan(20);
    expect(emptyOrFailed(runs)).toEqual([]);
  });

  it('with a selection of regions, types and priorities, every query still runs and returns values', async () => {
    const runs = await runAllPanelQueries({
      url: influxd!.url,
      db: DB,
      runId: RUN_ID,
      ...range,
      intervalS: 60,
      vars: { region: ['north', 'coast'], appliance_type: ['water_heater'], priority: ['high', 'low'] },
    });
    expect(emptyOrFailed(runs)).toEqual([]);
  });

  it('a run that does not exist shows nothing', async () => {
    const runs = await runAllPanelQueries({ url: influxd!.url, db: DB, runId: 'no-such-run', ...range, intervalS: 60 });
    expect(runs.filter((r) => r.error !== undefined)).toEqual([]);
    expect(runs.filter((r) => r.nonNull > 0).map((r) => r.panel)).toEqual([]);
  });

  it('aggregates as documented: load totals per minute, SLA share weighted by deliveries', async () => {
    const points = fixturePoints(MINUTES);
    // one bucket holds the whole run (GROUP BY time buckets align to the epoch: 19:00–22:00 UTC is in one day)
    const whole = { url: influxd!.url, db: DB, runId: RUN_ID, ...range, intervalS: 86_400 };
    const first = async (panel: string, vars = {}) => {
      const run = (await runAllPanelQueries({ ...whole, vars })).find((r) => r.panel === panel)!;
      expect(run.error).toBeUndefined();
      const [res] = await influxQuery(influxd!.url, DB, run.query);
      return res!.series!.map((s) => ({ tags: s.tags, row: s.values.find((v) => v.slice(1).some((x) => x !== null))! }));
    };

    // peak of the per-minute totals over all regions and types (not a sum over minutes)
    const totals = new Map<number, number>();
    for (const p of points) if (p.measurement === 'load') totals.set(p.t, (totals.get(p.t) ?? 0) + p.fields.baseline_kw!);
    const [peak] = await first('Peak load: baseline vs with DR');
    expect(peak!.row[1]).toBe(Math.max(...totals.values()));

    // within-SLA share of low priority over the whole range, weighted by each minute's deliveries
    let ok = 0;
    let n = 0;
    for (const p of points) {
      if (p.measurement !== 'delivery' || p.tags.priority !== 'low') continue;
      ok += p.fields.within_sla! * p.fields.count!;
      n += p.fields.count!;
    }
    const [low] = await first('Delivered within SLA by priority', { priority: ['low'] });
    expect(low!.tags).toEqual({ priority: 'low' });
    expect(low!.row[1] as number).toBeCloseTo(ok / n, 9);
    expect(ok / n).toBeLessThan(1);
  });
});
