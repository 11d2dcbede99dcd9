import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxdAvailable, influxQuery, sharedInflux } from '../test/support/influxd.ts';
import { redisAvailable, sharedRedis } from '../test/support/redis-server.ts';
import { scsim, startWorker, type WorkerProcess } from '../test/support/scsim-processes.ts';

/**
 * `scsim sweep --redis --influx` with workers given `--influx`: the runs' points reach InfluxDB tagged as a
 * local `sweep --influx` tags them (the same series and counts per point as the same campaign run locally),
 * and every run the workers started and finished is a `campaign_runs` point.
 */
const redis = redisAvailable();
const influx = influxdAvailable();
const STUDY = 'campaigns/fixtures/tiny.yaml';
const ARGS = ['--vary', 'network.meters_per_collector=15,30', '--reps', '2'];
const tmp = mkdtempSync(join(tmpdir(), 'scsim-redis-influx-'));
const DB_REMOTE = `scsim_redis_${process.pid}`;
const DB_LOCAL = `scsim_local_${process.pid}`;
let r: { url: string; dispose(): Promise<void> } | undefined;
let i: { url: string; dispose(): Promise<void> } | undefined;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  if (!redis.ok || !influx.ok) return;
  [r, i] = await Promise.all([sharedRedis(), sharedInflux()]);
}, 600_000);
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await Promise.all([r?.dispose(), i?.dispose()]);
  rmSync(tmp, { recursive: true, force: true });
}, 600_000);

/** Per measurement (but the campaign's own), the number of points per campaign point. */
async function countsByPoint(db: string): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  const [ms] = await influxQuery(i!.url, db, 'SHOW MEASUREMENTS');
  for (const [m] of ms.values as [string][]) {
    if (m === 'campaign_runs' || m === 'campaign_point') continue;
    for (const s of await influxQuery(i!.url, db, `SELECT count(*) FROM "${m}" GROUP BY "point", "campaign"`)) out[`${m} ${JSON.stringify(s.tags)}`] = Object.fromEntries(s.columns.map((c, k) => [c, s.values[0][k]]).filter(([c]) => c !== 'time'));
  }
  return out;
}

describe.skipIf(!redis.ok || !influx.ok)('scsim sweep --redis --influx', () => {
  it("workers stream the runs' points tagged as a local sweep does, and report each run in campaign_runs", async () => {
    const queue = `influx-${process.pid}`;
    for (let k = 0; k < 2; k++) workers.push(await startWorker(r!.url, queue, ['--influx', `${i!.url}/${DB_REMOTE}`]));
    const [remote, local] = await Promise.all([
      scsim(['sweep', STUDY, ...ARGS, '--redis', r!.url, '--queue', queue, '--influx', `${i!.url}/${DB_REMOTE}`, '--out', join(tmp, 'remote')]),
      scsim(['sweep', STUDY, ...ARGS, '--parallel', '1', '--influx', `${i!.url}/${DB_LOCAL}`, '--out', join(tmp, 'local')]),
    ]);
    expect(remote.status, remote.stderr).toBe(0);
    expect(local.status, local.stderr).toBe(0);
    const want = await countsByPoint(DB_LOCAL);
    expect(Object.keys(want).length).toBeGreaterThan(0);
    expect(await countsByPoint(DB_REMOTE)).toEqual(want);

    // campaign_runs: the workers write theirs as runs finish; the sweep ends when its last job is done, so wait a little for the last points.
    let done = 0;
    for (let tries = 0; tries < 200 && done < 4; tries++) {
      const [s] = await influxQuery(i!.url, DB_REMOTE, `SELECT count("attempt") FROM "campaign_runs" WHERE "event" = 'done'`);
      done = (s?.values[0][1] as number) ?? 0;
      if (done < 4) await new Promise((res) => setTimeout(res, 100));
    }
    expect(done).toBe(4);
    // point is a field, not a tag: one series per campaign, worker and event, whatever the number of points.
    const [points] = await influxQuery(i!.url, DB_REMOTE, `SELECT "point" FROM "campaign_runs" WHERE "event" = 'done'`);
    expect((points.values.map((v) => v[1]) as number[]).sort()).toEqual([0, 0, 1, 1]);
    const [tags] = await influxQuery(i!.url, DB_REMOTE, `SHOW TAG VALUES FROM "campaign_runs" WITH KEY = "campaign"`);
    expect(tags.values.map((v) => v[1])).toEqual([...new Set(Object.keys(await countsByPoint(DB_LOCAL)).map((k) => JSON.parse(k.slice(k.indexOf(' ') + 1)).campaign))]);
  }, 300_000);
});
