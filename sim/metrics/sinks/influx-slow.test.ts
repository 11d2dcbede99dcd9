import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAndSum, influxdAvailable, seqPoints as points, sharedInflux, sumTo, uniqueDb } from '../../../test/support/influxd.ts';
import { InfluxSink } from './influx-sink.ts';

const avail = influxdAvailable();
if (!avail.ok) console.warn(avail.reason);
const START = Date.UTC(2026, 6, 1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An HTTP proxy in front of influxd. For the n-th /write, `delay(n)` says how long to hold the request before
 * forwarding it and how long to hold influxd's answer before replying (the write has landed by then).
 */
async function startProxy(target: string, delay: (n: number) => { before: number; after: number }) {
  let writes = 0;
  const server: Server = createServer(async (req, res) => {
    res.on('error', () => {}); // the client may have given up
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const d = req.url?.startsWith('/write') ? delay(writes++) : { before: 0, after: 0 };
    await sleep(d.before);
    const upstream = await fetch(target + req.url, { method: req.method, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
    const body = await upstream.text();
    await sleep(d.after);
    if (!res.destroyed) res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    writes: () => writes,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe.skipIf(!avail.ok)(avail.ok ? 'InfluxSink with a slow InfluxDB' : avail.reason, () => {
  let server: { url: string; dispose(): Promise<void> };
  let tmp: string;
  beforeAll(async () => {
    server = await sharedInflux();
    tmp = mkdtempSync(join(tmpdir(), 'scsim-slow-'));
  });
  afterAll(async () => {
    await server?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('write() stays fast while every request takes 300 ms, and nothing is lost', async () => {
    const proxy = await startProxy(server.url, () => ({ before: 300, after: 0 }));
    try {
      const db = uniqueDb('slow');
      const sink = new InfluxSink({ url: `${proxy.url}/${db}`, runId: 'slow', startEpochMs: START, spoolDir: join(tmp, db), maxMemoryPoints: 20_000 });
      const n = 100_000;
      const times: number[] = [];
      const t0 = performance.now();
      for (let c = 0; c < n / 5_000; c++) {
        const chunk = points(c * 5_000, 5_000);
        const w0 = performance.now();
        sink.write(chunk);
        times.push(performance.now() - w0);
        await new Promise((r) => setImmediate(r));
      }
      const produced = performance.now() - t0;
      expect(sink.stats.spooled).toBeGreaterThan(0); // memory bound reached: the rest went to disk
      await sink.close({ timeoutMs: 60_000 });
      const drained = performance.now() - t0;
      console.log(
        `[influx] slow server (300 ms/request): produced ${n} points in ${produced.toFixed(0)} ms ` +
          `(write() per 5k batch: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms), drained in ${drained.toFixed(0)} ms`,
      );
      expect(produced).toBeLessThan(drained / 3); // the simulation did not wait for the server
      expect(median(times)).toBeLessThan(50); // encoding only; a request takes 300 ms
      expect(Math.max(...times)).toBeLessThan(300); // not even the first (cold) call waits a round trip
      expect(await countAndSum(server.url, db)).toEqual({ count: n, sum: sumTo(n) });
      expect(sink.stats).toMatchObject({ written: n, pending: 0, onDisk: 0 });
    } finally {
      await proxy.close();
    }
  });

  it('a write that times out after it landed is sent again and counted once', async () => {
    // The first three answers come 1.5 s late: influxd has the points, the sink (500 ms timeout) does not know.
    const proxy = await startProxy(server.url, (i) => ({ before: 0, after: i < 3 ? 1_500 : 0 }));
    try {
      const db = uniqueDb('timeout');
      const sink = new InfluxSink({ url: `${proxy.url}/${db}`, runId: 'to', startEpochMs: START, spoolDir: join(tmp, db), requestTimeoutMs: 500, retryMaxMs: 200 });
      sink.write(points(0, 15_000));
      await sink.close({ timeoutMs: 60_000 });
      expect(sink.stats.retries).toBeGreaterThanOrEqual(3);
      expect(proxy.writes()).toBe(3 + 3); // 3 batches, the first sent 4 times
      expect(await countAndSum(server.url, db)).toEqual({ count: 15_000, sum: sumTo(15_000) });
      expect(sink.stats).toMatchObject({ written: 15_000, pending: 0 });
    } finally {
      await proxy.close();
    }
  });
});
