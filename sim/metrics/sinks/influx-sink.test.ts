import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAndSum, influxdAvailable, influxQuery, seqPoints as points, sharedInflux, sumTo, uniqueDb } from '../../../test/support/influxd.ts';
import { InfluxSink } from './influx-sink.ts';

const avail = influxdAvailable();
if (!avail.ok) console.warn(avail.reason);
const START = Date.UTC(2026, 6, 1);

describe.skipIf(!avail.ok)(avail.ok ? 'InfluxSink against a real influxd' : avail.reason, () => {
  let server: { url: string; dispose(): Promise<void> };
  let tmp: string;
  beforeAll(async () => {
    server = await sharedInflux();
    tmp = mkdtempSync(join(tmpdir(), 'scsim-influxsink-'));
  });
  afterAll(async () => {
    await server?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('creates the database and writes 20,000 points, each once', async () => {
    const db = uniqueDb('sink20k');
    const spoolDir = join(tmp, db);
    const sink = new InfluxSink({ url: `${server.url}/${db}`, runId: 'run-20k', startEpochMs: START, spoolDir });
    for (let c = 0; c < 4; c++) sink.write(points(c * 5_000, 5_000));
    await sink.close();
    expect(await countAndSum(server.url, db)).toEqual({ count: 20_000, sum: sumTo(20_000) });
    const [runIds] = await influxQuery(server.url, db, 'SHOW TAG VALUES FROM m WITH KEY = "run_id"');
    expect(runIds.values).toEqual([['run_id', 'run-20k']]);
    const [first] = await influxQuery(server.url, db, 'SELECT * FROM m ORDER BY time LIMIT 1');
    expect(first.values[0][0]).toBe(START); // t = 0 is the scenario start
    expect(sink.stats).toMatchObject({ written: 20_000, pending: 0, spooled: 0, retries: 0, rejected: 0 });
    expect(existsSync(spoolDir)).toBe(false);
  });

  it('measures throughput to a local influxd', async () => {
    const db = uniqueDb('sinkrate');
    const sink = new InfluxSink({ url: `${server.url}/${db}`, runId: 'rate', startEpochMs: START, spoolDir: join(tmp, db) });
    const n = 300_000;
    const chunks = Array.from({ length: n / 5_000 }, (_, c) => points(c * 5_000, 5_000));
    const t0 = performance.now();
    let writeMs = 0;
    for (const chunk of chunks) {
      const w0 = performance.now();
      sink.write(chunk);
      writeMs += performance.now() - w0;
      await new Promise((r) => setImmediate(r)); // the simulation yields between batches
    }
    await sink.close();
    const s = (performance.now() - t0) / 1000;
    console.log(
      `[influx] ${n} points in ${s.toFixed(2)} s: ${Math.round(n / s)} points/s to a local influxd; ` +
        `write() ${(writeMs / chunks.length).toFixed(2)} ms per 5k-point batch`,
    );
    expect(await countAndSum(server.url, db)).toEqual({ count: n, sum: sumTo(n) });
  });

  it('keeps a field a float when a value happens to be integral', async () => {
    const db = uniqueDb('sinkfloat');
    const sink = new InfluxSink({ url: `${server.url}/${db}`, runId: 'f', startEpochMs: START, spoolDir: join(tmp, db) });
    sink.write([
      { measurement: 'q', tags: {}, fields: { depth: 3 }, t: 0 },
      { measurement: 'q', tags: {}, fields: { depth: 2.5 }, t: 1 },
    ]);
    await sink.close();
    const [types] = await influxQuery(server.url, db, 'SHOW FIELD KEYS FROM q');
    expect(types.values).toEqual([['depth', 'float']]);
    const [rows] = await influxQuery(server.url, db, 'SELECT depth FROM q');
    expect(rows.values.map((r) => r[1])).toEqual([3, 2.5]);
  });

  it('keeps a batch InfluxDB refuses (field type conflict) on disk and says so at close()', async () => {
    const db = uniqueDb('sinkrefused');
    const spoolDir = join(tmp, db);
    await influxQuery(server.url, db, `CREATE DATABASE "${db}"`);
    const pre = await fetch(`${server.url}/write?db=${db}`, { method: 'POST', body: `m,run_id=r,shard=0 v=1i ${START}000000\n` });
    expect(pre.status).toBe(204); // v is now an integer field in this shard
    const sink = new InfluxSink({ url: `${server.url}/${db}`, runId: 'r', startEpochMs: START, spoolDir, batchPoints: 10 });
    sink.write(points(1, 10)); // one batch: refused
    await expect(sink.close()).rejects.toThrow(/refused 10 points as invalid; they are kept in .*rejected/);
    expect(sink.stats).toMatchObject({ written: 0, rejected: 10, pending: 0 });
    const kept = readdirSync(join(spoolDir, 'rejected'));
    expect(kept).toEqual(['000000000001.lp', '000000000001.lp.error.txt']);
    expect(readFileSync(join(spoolDir, 'rejected', kept[1]), 'utf8')).toMatch(/field type conflict/);
    expect(readFileSync(join(spoolDir, 'rejected', kept[0]), 'utf8').split('\n')).toHaveLength(11);
  });

  it('an empty close() needs no server, and close() twice returns the same outcome', async () => {
    const sink = new InfluxSink({ url: 'http://127.0.0.1:9/nowhere', runId: 'r', startEpochMs: START, spoolDir: join(tmp, 'empty') });
    await sink.close({ timeoutMs: 100 });
    await sink.close();
    expect(() => sink.write(points(0, 1))).toThrow(/after close/);
  });
});
