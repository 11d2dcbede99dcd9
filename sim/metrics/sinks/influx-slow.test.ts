import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAndSum, influxdAvailable, seqPoints as points, sharedInflux, sumTo, uniqueDb } from '../../../test/support/influxd.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { InfluxSink } from './influx-sink.ts';

const avail = influxdAvailable();
if (!avail.ok) console.warn(avail.reason);
const START = Date.UTC(2026, 6, 1);

/** What the proxy does with the n-th request (0-based; /write and /query alike). */
interface Plan {
  /** Hold the request until this settles, then forward it. */
  before?: Promise<void>;
  /** Forward it (the write lands), then keep influxd's answer until the client has given up on it. */
  answerOnlyAfterClientGaveUp?: boolean;
}

/** An HTTP proxy in front of influxd that holds requests as `plan` says; counts what it received and answered. */
async function startProxy(target: string, plan: (n: number, path: string) => Plan) {
  let received = 0;
  let writes = 0;
  let answered = 0;
  const server: Server = createServer(async (req, res) => {
    res.on('error', () => {}); // the client may have given up
    const clientGone = new Promise<void>((r) => res.once('close', () => r()));
    const p = plan(received++, req.url ?? '');
    if (req.url?.startsWith('/write')) writes++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    await p.before;
    const upstream = await fetch(target + req.url, { method: req.method, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
    const body = await upstream.text();
    if (p.answerOnlyAfterClientGaveUp) await clientGone;
    if (res.destroyed) return;
    answered++;
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    writes: () => writes,
    answered: () => answered,
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

  it('write() never waits for the server: 100,000 points accepted while it answers nothing, and nothing is lost', async () => {
    // Every request is held until the producer is done: had write() waited for an answer, it would never return.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const proxy = await startProxy(server.url, () => ({ before: gate }));
    try {
      const db = uniqueDb('slow');
      const sink = new InfluxSink({ url: `${proxy.url}/${db}`, runId: 'slow', startEpochMs: START, spoolDir: join(tmp, db), maxMemoryPoints: 20_000 });
      const n = 100_000;
      for (let c = 0; c < n / 5_000; c++) {
        expect(sink.write(points(c * 5_000, 5_000))).toBeUndefined(); // synchronous: nothing to await
        await new Promise((r) => setImmediate(r)); // the simulation yields between batches
      }
      await waitFor(() => proxy.received() > 0, 'the sink to send its first request');
      expect(proxy.answered()).toBe(0); // every write() returned, the server had not answered once
      expect(sink.stats).toMatchObject({ written: 0, pending: n });
      expect(sink.stats.spooled).toBeGreaterThan(0); // memory bound reached: the rest went to disk
      release();
      await sink.close({ timeoutMs: 120_000 });
      expect(await countAndSum(server.url, db)).toEqual({ count: n, sum: sumTo(n) });
      expect(sink.stats).toMatchObject({ written: n, pending: 0, onDisk: 0 });
    } finally {
      release();
      await proxy.close();
    }
  });

  it('a write that times out after it landed is sent again and counted once', async () => {
    // The first three writes land in influxd, but their answers are kept until the sink (500 ms timeout) gave up.
    let write = 0;
    const proxy = await startProxy(server.url, (_, path) => ({ answerOnlyAfterClientGaveUp: path.startsWith('/write') && write++ < 3 }));
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
