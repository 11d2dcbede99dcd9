import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxdAvailable, influxQuery, sharedInflux, uniqueDb } from '../test/support/influxd.ts';

/**
 * `scsim run --influx` end to end: a real simulation streams its points to a real influxd through a proxy that
 * lets the first write through and then drops the connection of the next three write attempts, as a server that
 * went away would; afterwards InfluxDB holds exactly the points of `metrics.lp` — none lost, none twice.
 *
 * The outage is counted in attempts, not timed: it begins at the run's second write and ends after the sink has
 * retried three times, so it happens on any machine, however fast or loaded, and ends before close() gives up.
 */
const avail = influxdAvailable();
if (!avail.ok) console.warn(avail.reason);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REFUSED = 3;

/** Forwards to influxd, except write attempts 2 .. 1 + REFUSED, whose connection it drops unanswered. */
async function outageProxy(target: string) {
  let writes = 0;
  let refused = 0;
  const server: Server = createServer(async (req, res) => {
    res.on('error', () => {});
    const isWrite = req.url?.startsWith('/write') ?? false;
    const n = isWrite ? writes++ : -1;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (n >= 1 && refused < REFUSED) {
      refused++;
      req.socket.destroy(); // the server is gone: no answer, the connection drops
      return;
    }
    const upstream = await fetch(target + req.url, { method: req.method, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
    const body = await upstream.text();
    if (!res.destroyed) res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    writes: () => writes,
    refused: () => refused,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe.skipIf(!avail.ok)(avail.ok ? 'scsim run --influx while InfluxDB goes away' : avail.reason, () => {
  let server: { url: string; dispose(): Promise<void> };
  let tmp: string;
  beforeAll(async () => {
    server = await sharedInflux();
    tmp = mkdtempSync(join(tmpdir(), 'scsim-run-influx-'));
  });
  afterAll(async () => {
    await server?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('rides out an outage mid-run and ends with every point of metrics.lp in InfluxDB exactly once', async () => {
    const db = uniqueDb('run');
    const out = join(tmp, 'run');
    const proxy = await outageProxy(server.url);
    try {
      const child = spawn(process.execPath, ['bin/scsim.js', 'run', 'scenarios/quickstart.yaml', '--out', out, '--quiet', '--influx', `${proxy.url}/${db}`, '--set', 'population.customers=3000'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (b) => (stderr += b));
      const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
      expect({ code, stderr }).toMatchObject({ code: 0 });
      expect(proxy.refused()).toBe(REFUSED); // the outage happened: the run wrote more than once
      expect(proxy.writes()).toBeGreaterThan(1 + REFUSED);

      const lines = readFileSync(join(out, 'metrics.lp'), 'utf8').trim().split('\n');
      const perMeasurement = new Map<string, number>();
      for (const l of lines) {
        const m = l.slice(0, l.search(/[ ,]/));
        perMeasurement.set(m, (perMeasurement.get(m) ?? 0) + 1);
      }
      expect(perMeasurement.size).toBeGreaterThan(5);
      for (const [m, n] of perMeasurement) {
        const rows = await influxQuery(server.url, db, `SELECT * FROM "${m}"`);
        expect({ m, n: rows[0]?.values?.length ?? 0 }).toEqual({ m, n });
      }
    } finally {
      await proxy.close();
    }
  });
});
