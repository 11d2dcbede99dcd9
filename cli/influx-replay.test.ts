import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scsim } from '../test/support/cli.ts';
import { influxdAvailable, influxQuery, sharedInflux, uniqueDb } from '../test/support/influxd.ts';

/**
 * The notice a run prints when InfluxDB was down to the end is actionable: the command it names, run once a
 * server is up, puts exactly the points of metrics.lp into InfluxDB and empties the spool.
 */
const avail = influxdAvailable();
if (!avail.ok) console.warn(avail.reason);
const tmp = mkdtempSync(join(tmpdir(), 'scsim-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A loopback port that was just free and is closed again: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe.skipIf(!avail.ok)(avail.ok ? 'scsim run with InfluxDB down, then the influx-replay command it printed' : avail.reason, () => {
  it('replays every point of metrics.lp, once', async () => {
    const server = await sharedInflux();
    try {
      const db = uniqueDb('replay');
      const study = join(tmp, 'tiny.yaml');
      writeFileSync(study, 'name: tiny\nduration: 1h\npopulation:\n  customers: 30\n');
      const out = join(tmp, 'run');
      const downUrl = `http://127.0.0.1:${await closedPort()}/${db}`;
      const run = await scsim(['run', study, '--quiet', '--out', out, '--influx', downUrl], { env: { SCSIM_INFLUX_CLOSE_TIMEOUT_S: '1' } });
      expect(run.status, run.stderr).toBe(0);
      const command = /`scsim influx-replay (\S+) (\S+)`/.exec(run.stderr);
      expect(command, run.stderr).not.toBeNull();
      const [, spool, url] = command!;
      expect(url).toBe(downUrl);
      const replay = await scsim(['influx-replay', spool, `${server.url}/${db}`]);
      expect(replay.status, replay.stderr).toBe(0);
      expect(existsSync(spool)).toBe(false);
      const lines = readFileSync(join(out, 'metrics.lp'), 'utf8').trim().split('\n');
      expect(replay.stdout).toContain(`replayed ${lines.length} points`);
      const rows = await influxQuery(server.url, db, 'SELECT count("messages") FROM "in_flight"');
      expect(rows[0]?.values?.[0]?.[1]).toBe(lines.filter((l) => l.startsWith('in_flight')).length);
    } finally {
      await server.dispose();
    }
  }, 600_000);
});
