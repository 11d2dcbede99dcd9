import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxdAvailable, influxQuery, startInfluxd, uniqueDb, type Influxd } from '../test/support/influxd.ts';

/**
 * `scsim run --influx` end to end: a real simulation streams its points to a real influxd, the server is
 * stopped in the middle of the run and started again, and afterwards InfluxDB holds exactly the points of
 * `metrics.lp` — none lost, none twice.
 */
const avail = influxdAvailable({ ownServer: true });
if (!avail.ok) console.warn(avail.reason);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!avail.ok)(avail.ok ? 'scsim run --influx while InfluxDB goes away' : avail.reason, () => {
  let server: Influxd;
  let tmp: string;
  beforeAll(async () => {
    server = await startInfluxd();
    tmp = mkdtempSync(join(tmpdir(), 'scsim-run-influx-'));
  });
  afterAll(async () => {
    await server?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('spools while the server is down mid-run and ends with every point of metrics.lp in InfluxDB exactly once', async () => {
    const db = uniqueDb('run');
    const out = join(tmp, 'run');
    const child = spawn(process.execPath, ['bin/scsim.js', 'run', 'scenarios/quickstart.yaml', '--out', out, '--quiet', '--influx', `${server.url}/${db}`, '--set', 'population.customers=3000'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    // Wait until points are arriving, then take the server away for a while in the middle of the run.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const count = await influxQuery(server.url, db, 'SELECT count("messages") FROM "in_flight"').catch(() => []);
      if (((count[0]?.values?.[0]?.[1] as number | undefined) ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error(`no point reached InfluxDB: ${stderr}`);
      await sleep(100);
    }
    let stillRunning = child.exitCode === null;
    await server.stop();
    await sleep(1500);
    stillRunning &&= child.exitCode === null;
    await server.restart();
    expect(await exited).toBe(0);
    expect(stillRunning).toBe(true); // the outage really fell inside the run

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
  });
});
