/**
 * The campaign dashboard against a real campaign: `scsim sweep … --influx` streams every run to a real
 * InfluxDB 1.x, tagged with the campaign and the point (indices only), and writes the per-point statistics;
 * every query of "C5 campaign", macros filled as Grafana would, must return values, and the band and the
 * curves must be what the campaign folder says (statistics.json, results.json, each run's load-curve.json).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scsim } from '../test/support/cli.ts';
import { influxdAvailable, sharedInflux } from '../test/support/influxd.ts';
import { CAMPAIGN_DASHBOARD } from './generate.ts';
import { influxQuery } from './support/influx-client.ts';
import { emptyOrFailed, runAllPanelQueries, tagValues } from './support/panel-runner.ts';

const influx = influxdAvailable();
if (!influx.ok) console.warn(influx.reason);

const DB = `scsim_campaign_${process.pid}`;
const METRIC = 'delivery.by_priority.high.p99_s';
const REPS = 3;
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe.skipIf(!influx.ok)('campaign dashboard on InfluxDB (a real sweep)', () => {
  let server: { url: string; dispose(): Promise<void> } | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'scsim-campaign-influx-'));
  const out = join(tmp, 'c');
  let campaign = '';
  let fromMs = 0;
  let toMs = 0;

  beforeAll(async () => {
    server = await sharedInflux();
    const r = await scsim(
      ['sweep', 'campaigns/fixtures/tiny.yaml', '--vary', 'network.meters_per_collector=15,30', '--reps', String(REPS), '--parallel', '2', '--metric', METRIC, '--influx', `${server.url}/${DB}`, '--out', out, '--quiet'],
      { env: { SCSIM_SPIN: '0' }, timeoutMs: 300_000 },
    );
    expect([0, 3], r.stderr).toContain(r.status);
    expect(r.stderr).not.toMatch(/spool|influx/i);
    // The campaign's id: the study's name and the hash of its runs' keys in plan order (the default folder's name).
    const keys = (json(join(out, 'campaign.json')).runs as { key: string }[]).map((x) => x.key);
    campaign = `sweep-tiny-${createHash('sha256').update(JSON.stringify(keys)).digest('hex').slice(0, 8)}`;
    const curve = json(join(out, 'runs', keys[0]!, 'load-curve.json'));
    fromMs = Date.parse(curve.start_instant);
    toMs = fromMs + 3_600_000;
  }, 320_000);

  afterAll(async () => {
    if (server) await influxQuery(server.url, DB, `DROP DATABASE "${DB}"`).catch(() => {});
    await server?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('tags every run point with the campaign and the point index: low cardinality, runs kept apart', async () => {
    const url = server!.url;
    expect(await tagValues(url, DB, 'campaign_point', 'campaign')).toEqual([campaign]);
    expect(await tagValues(url, DB, 'load', 'campaign')).toEqual([campaign]);
    expect(await tagValues(url, DB, 'load', 'point')).toEqual(['0', '1']);
    expect(await tagValues(url, DB, 'delivery', 'point')).toEqual(['0', '1']);
    const [keys] = await influxQuery(url, DB, 'SHOW TAG KEYS FROM "load"');
    expect(keys!.series![0]!.values.map((v) => v[0])).toEqual(['appliance_type', 'campaign', 'point', 'region', 'run_id']);
    for (const point of ['0', '1']) {
      const [runs] = await influxQuery(url, DB, `SHOW TAG VALUES FROM "load" WITH KEY = "run_id" WHERE "point" = '${point}'`);
      expect(runs!.series![0]!.values.length).toBe(REPS);
    }
  });

  it.each([60, 3600])('every panel query of the campaign dashboard returns values ($__interval = %i s)', async (intervalS) => {
    const runs = await runAllPanelQueries({ url: server!.url, db: DB, runId: '', fromMs, toMs, intervalS, dashboards: [CAMPAIGN_DASHBOARD], vars: { campaign: [campaign], metric: [METRIC] } });
    expect(runs.length).toBeGreaterThanOrEqual(5);
    expect(emptyOrFailed(runs)).toEqual([]);
  });

  it('the band is statistics.json: mean of the replications (results.json) and the Student-t interval, by point', async () => {
    const stats = json(join(out, 'statistics.json'));
    const rows = json(join(out, 'results.json')).rows as { point: number; status: string; metrics: Record<string, number> }[];
    const runs = await runAllPanelQueries({ url: server!.url, db: DB, runId: '', fromMs, toMs, intervalS: 60, dashboards: [CAMPAIGN_DASHBOARD], vars: { campaign: [campaign], metric: [METRIC] } });
    const trend = runs.find((r) => r.panel === '$metric by point: mean and interval')!;
    const [res] = await influxQuery(server!.url, DB, trend.query);
    const s = res!.series![0]!;
    const col = (name: string) => s.columns.indexOf(name);
    expect(s.values.length).toBe(2);
    for (const v of s.values) {
      const point = v[col('index')] as number;
      const values = rows.filter((r) => r.point === point && r.status === 'ok').map((r) => r.metrics[METRIC]!);
      expect(values.length).toBe(REPS);
      expect(v[col('n')]).toBe(REPS);
      expect(v[col('mean')] as number).toBeCloseTo(values.reduce((a, b) => a + b, 0) / REPS, 9);
      const interval = stats.points.find((p: { point: number }) => p.point === point).metrics[METRIC];
      expect(v[col('low')]).toBe(interval.low);
      expect(v[col('high')]).toBe(interval.high);
      expect(v[col('low')] as number).toBeLessThanOrEqual(v[col('mean')] as number);
      expect(v[col('confidence')]).toBe(0.95);
    }
    // the point variable narrows it
    const one = await runAllPanelQueries({ url: server!.url, db: DB, runId: '', fromMs, toMs, intervalS: 60, dashboards: [CAMPAIGN_DASHBOARD], vars: { campaign: [campaign], metric: [METRIC], point: ['1'] } });
    const [only] = await influxQuery(server!.url, DB, one.find((r) => r.panel === trend.panel)!.query);
    expect(only!.series![0]!.values.map((v) => v[only!.series![0]!.columns.indexOf('index')])).toEqual([1]);
  });

  it('load by point: per minute, the mean over the point\'s replications of each run\'s total load (load-curve.json)', async () => {
    const plan = json(join(out, 'campaign.json')).runs as { key: string; point: number }[];
    const runs = await runAllPanelQueries({ url: server!.url, db: DB, runId: '', fromMs, toMs, intervalS: 60, dashboards: [CAMPAIGN_DASHBOARD], vars: { campaign: [campaign], metric: [METRIC] } });
    const load = runs.find((r) => r.panel === 'Load with DR by point')!;
    const [res] = await influxQuery(server!.url, DB, load.query);
    for (const point of [0, 1]) {
      const curves = plan.filter((r) => r.point === point).map((r) => json(join(out, 'runs', r.key, 'load-curve.json')));
      const series = res!.series!.find((s) => s.tags?.point === String(point))!;
      let compared = 0;
      for (const [time, value] of series.values) {
        if (value === null) continue;
        const t = (time as number) - fromMs;
        const at = curves.map((c) => c.dr_kw[c.t_ms.indexOf(t)] as number);
        expect(at.every((x) => x !== undefined)).toBe(true);
        expect(value as number).toBeCloseTo(at.reduce((a, b) => a + b, 0) / at.length, 6);
        compared++;
      }
      expect(compared).toBeGreaterThan(30);
    }
  });
});
