import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countAndSum,
  influxdAvailable,
  seqPoints as points,
  startInfluxd,
  sumTo,
  uniqueDb,
  type Influxd,
} from '../../../test/support/influxd.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { listSpool } from './influx-spool.ts';
import { InfluxSink, InfluxSpoolError, replaySpool } from './influx-sink.ts';

// These tests stop and restart the server, so they always run their own.
const avail = influxdAvailable({ ownServer: true });
if (!avail.ok) console.warn(avail.reason);
const START = Date.UTC(2026, 6, 1);
const yieldToLoop = () => new Promise((r) => setImmediate(r));

describe.skipIf(!avail.ok)(avail.ok ? 'InfluxSink when influxd goes away' : avail.reason, () => {
  let server: Influxd;
  let tmp: string;
  beforeAll(async () => {
    server = await startInfluxd();
    tmp = mkdtempSync(join(tmpdir(), 'scsim-outage-'));
  });
  afterAll(async () => {
    await server?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('spools while the server is down mid-stream and writes every point exactly once when it returns', async () => {
    const db = uniqueDb('outage');
    const spoolDir = join(tmp, db, 'influx-spool');
    const log: string[] = [];
    const sink = new InfluxSink({
      url: `${server.url}/${db}`,
      runId: 'outage',
      startEpochMs: START,
      spoolDir,
      maxMemoryPoints: 10_000,
      retryMaxMs: 500,
      requestTimeoutMs: 2_000,
      log: (m) => log.push(m),
    });
    const BATCH = 5_000;
    let next = 0;
    // write() is synchronous and takes the batch at once, server or no server: it cannot wait for one.
    const writeBatch = () => {
      const chunk = points(next, BATCH);
      const before = sink.stats;
      expect(sink.write(chunk)).toBeUndefined();
      next += BATCH;
      const after = sink.stats;
      expect(after.pending + after.written).toBe(before.pending + before.written + BATCH);
    };

    for (let c = 0; c < 5; c++) (writeBatch(), await yieldToLoop());
    const stopping = server.stop({ kill: true }); // goes away abruptly, while writes are in flight
    for (let c = 0; c < 3; c++) (writeBatch(), await yieldToLoop());
    await stopping;

    for (let c = 0; c < 12; c++) (writeBatch(), await yieldToLoop());
    await waitFor(() => sink.stats.retries > 0, 'the sink to notice the server is gone'); // and back off
    const down = sink.stats;
    expect(down.retries).toBeGreaterThan(0);
    expect(down.onDisk).toBeGreaterThan(0);
    expect(listSpool(spoolDir).length * BATCH).toBe(down.onDisk);
    expect(down.pending).toBeLessThanOrEqual(next);
    expect(down.written + down.pending).toBe(next);

    await server.restart();
    for (let c = 0; c < 5; c++) (writeBatch(), await yieldToLoop());
    await sink.close({ timeoutMs: 60_000 });

    expect(await countAndSum(server.url, db)).toEqual({ count: next, sum: sumTo(next) });
    expect(sink.stats).toMatchObject({ written: next, pending: 0, onDisk: 0, rejected: 0 });
    expect(existsSync(spoolDir)).toBe(false);
    expect(log[0]).toMatch(/writing to .* failed .*retrying/);
    expect(log.at(-1)).toMatch(/is taking points again/);
  });

  it('close() times out with the points spooled and a replay command; replay writes them once', async () => {
    const db = uniqueDb('replay');
    const spoolDir = join(tmp, db, 'influx-spool');
    const url = `${server.url}/${db}`;
    const sink = new InfluxSink({ url, runId: 'replay', startEpochMs: START, spoolDir, maxMemoryPoints: 10_000, retryMaxMs: 200 });
    sink.write(points(0, 5_000));
    await waitFor(() => sink.stats.written === 5_000, 'the first batch to be written while the server is up');
    await server.stop();
    sink.write(points(5_000, 40_000)); // 8 batches: 2 stay in memory, 6 go to disk
    expect(sink.stats.onDisk).toBe(30_000);

    const err: unknown = await sink.close({ timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfluxSpoolError);
    const e = err as InfluxSpoolError;
    expect(e.points).toBe(40_000);
    expect(e.message).toContain(`40000 of 40000 unwritten points are spooled in 8 files in ${spoolDir}`);
    expect(e.message).toContain(`scsim influx-replay ${spoolDir} ${url}`);
    // The server is gone: the last attempt was refused, or — on a loaded machine — cut off by close()'s
    // deadline before the refusal came back. Either way the message names it.
    expect(e.message).toMatch(/last error: .*(ECONNREFUSED|aborted)/);
    const files = listSpool(spoolDir);
    expect(files).toHaveLength(8);
    const lines = files.reduce((n, f) => n + readFileSync(f.file, 'utf8').split('\n').length - 1, 0);
    expect(lines).toBe(40_000);

    await expect(replaySpool(spoolDir, url, { attempts: 1 })).rejects.toThrow(/0 of 8 files were written; the other 8 are still in/);
    await server.restart();
    const copy = join(tmp, db, 'again.lp');
    copyFileSync(files[0].file, copy);
    expect(await replaySpool(spoolDir, url)).toEqual({ files: 8, points: 40_000 });
    expect(existsSync(spoolDir)).toBe(false);
    expect(await countAndSum(server.url, db)).toEqual({ count: 45_000, sum: sumTo(45_000) });

    // Sending a batch again (a write that timed out after landing) changes nothing.
    const again = await fetch(`${server.url}/write?db=${db}&precision=n`, { method: 'POST', body: readFileSync(copy, 'utf8') });
    expect(again.status).toBe(204);
    expect(await countAndSum(server.url, db)).toEqual({ count: 45_000, sum: sumTo(45_000) });
  });
});
