/**
 * A real InfluxDB 1.x server for tests: Debian's `influxd` on free loopback ports with its data in a temp dir.
 *
 * Every server is started through a small /bin/sh guard that holds a pipe from this process: when the pipe
 * closes (this process exits, crashes, or is SIGKILLed by the test runner) the guard kills influxd. A
 * process 'exit' hook also kills live servers and removes their temp dirs, and tests call dispose().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { MetricPoint } from '../../sim/metrics/point.ts';

export const SKIP_MESSAGE = "InfluxDB tests skipped: install Debian's influxdb (apt-get install influxdb)";

export interface Influxd {
  /** `http://127.0.0.1:<port>` (no database). */
  url: string;
  port: number;
  dataDir: string;
  readonly running: boolean;
  /** Stops the server (SIGTERM, or SIGKILL with `{ kill: true }`) and waits for it; data is kept. */
  stop(opts?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
}

/** `SCSIM_INFLUXD`, if set, is the only candidate (also how to check the skip path: SCSIM_INFLUXD=/nonexistent). */
export function influxdPath(): string | undefined {
  const override = process.env.SCSIM_INFLUXD;
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'influxd'));
  const candidates = override ? [override] : ['/usr/bin/influxd', ...onPath];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/**
 * Whether InfluxDB tests can run. `ownServer`: the test stops and restarts its server, so it needs the
 * binary even when CI provides SCSIM_TEST_INFLUX_URL. Missing in CI (CI=true) is a failure, not a skip.
 */
export function influxdAvailable(opts: { ownServer?: boolean } = {}): { ok: boolean; reason: string } {
  if (!opts.ownServer && process.env.SCSIM_TEST_INFLUX_URL) return { ok: true, reason: '' };
  if (influxdPath() !== undefined) return { ok: true, reason: '' };
  if (process.env.CI === 'true') {
    throw new Error(
      "InfluxDB tests cannot run in CI: no influxd in /usr/bin or on PATH. Install Debian's influxdb (apt-get install influxdb)" +
        (opts.ownServer ? '.' : ' or set SCSIM_TEST_INFLUX_URL to a running InfluxDB 1.x.'),
    );
  }
  return { ok: false, reason: SKIP_MESSAGE };
}

/** A server for tests that do not stop it: SCSIM_TEST_INFLUX_URL if set (CI's), else one of our own. */
export async function sharedInflux(): Promise<{ url: string; dispose(): Promise<void> }> {
  const env = process.env.SCSIM_TEST_INFLUX_URL;
  if (env) return { url: new URL(env).origin, dispose: async () => {} };
  return startInfluxd();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// $0 influxd, $1 config, $2 log. Prints influxd's pid, then waits for it. The guard subshell reads the pipe
// from Node on fd 3 (an asynchronous list's own stdin is /dev/null) and kills influxd at EOF.
const GUARD = `exec 3<&0
"$0" -config "$1" >"$2" 2>&1 3<&- &
pid=$!
echo "$pid"
( read -r _ <&3; kill -KILL "$pid" 2>/dev/null ) &
guard=$!
exec 3<&-
wait "$pid"
status=$?
kill "$guard" 2>/dev/null
exit "$status"`;

const live = new Set<{ pid: number; root: string }>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const s of live) {
      try {
        process.kill(s.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      rmSync(s.root, { recursive: true, force: true });
    }
  });
}

export async function startInfluxd(): Promise<Influxd> {
  const bin = influxdPath();
  if (bin === undefined) throw new Error(SKIP_MESSAGE);
  hookExit();
  sweepOrphans();
  const root = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(root, 'owner.pid'), String(process.pid));
  const entry = { pid: 0, root };
  live.add(entry);
  const port = await freePort();
  const rpcPort = await freePort();
  const config = join(root, 'influxdb.conf');
  const log = join(root, 'influxd.log');
  writeFileSync(
    config,
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${root}/meta"
  logging-enabled = false
[data]
  dir = "${root}/data"
  wal-dir = "${root}/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:${port}"
  log-enabled = false
  pprof-enabled = false
[monitor]
  store-enabled = false
[subscriber]
  enabled = false
[continuous_queries]
  enabled = false
[logging]
  level = "warn"
  suppress-logo = true
`,
  );
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    const c = spawn('/bin/sh', ['-c', GUARD, bin, config, log], { stdio: ['pipe', 'pipe', 'inherit'] });
    child = c;
    exited = new Promise((resolve) => c.once('exit', () => resolve()));
    let dead = false;
    void exited.then(() => (dead = true));
    entry.pid = await new Promise<number>((resolve, reject) => {
      c.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      c.once('error', reject);
    });
    const deadline = Date.now() + 120_000; // generous: a loaded machine can be slow to start it
    for (;;) {
      if (dead) throw new Error(`influxd exited during startup:\n${readLog(log)}`);
      try {
        if ((await fetch(`${url}/ping`)).status === 204) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`influxd did not answer /ping on ${url} within 120 s:\n${readLog(log)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = async (opts: { kill?: boolean } = {}): Promise<void> => {
    const c = child;
    if (c === undefined) return;
    child = undefined;
    try {
      process.kill(entry.pid, opts.kill ? 'SIGKILL' : 'SIGTERM');
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => {
      try {
        process.kill(entry.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 10_000);
    await exited;
    clearTimeout(t);
    c.stdin!.end();
  };

  try {
    await start();
  } catch (err) {
    await stop({ kill: true });
    live.delete(entry);
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    port,
    dataDir: root,
    get running() {
      return child !== undefined;
    },
    stop,
    restart: async () => {
      await stop();
      try {
        await start();
      } catch (err) {
        await stop({ kill: true });
        throw err;
      }
    },
    dispose: async () => {
      await stop();
      live.delete(entry);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const PREFIX = 'scsim-influxd-';

// Temp dirs of test processes that were SIGKILLed (their guard already killed influxd).
function sweepOrphans(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const root = join(tmpdir(), name);
    try {
      process.kill(Number(readFileSync(join(root, 'owner.pid'), 'utf8')), 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(root, { recursive: true, force: true });
    }
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4000);
  } catch {
    return '(no log)';
  }
}

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** Runs one InfluxQL statement (times as epoch ms) and returns its series; throws on an error result. */
export async function influxQuery(url: string, db: string, q: string): Promise<InfluxSeries[]> {
  const res = await fetch(`${url}/query?${new URLSearchParams({ db, q, epoch: 'ms' })}`, { method: 'POST' });
  const body = (await res.json()) as { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };
  const err = body.error ?? body.results?.[0]?.error;
  if (!res.ok || err) throw new Error(`InfluxQL ${JSON.stringify(q)} failed: ${err ?? res.status}`);
  return body.results?.[0]?.series ?? [];
}

/** A database name no other test uses. */
export const uniqueDb = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

/** Points from..from+n-1 of measurement m: unique time per series (InfluxDB keeps one point per series and instant), v = i. */
export const seqPoints = (from: number, n: number): MetricPoint[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return { measurement: 'm', tags: { shard: String(i % 4) }, fields: { v: i, w: i % 7 }, t: i };
  });

/** count(v) and sum(v) of m: with v = i, the sum of 0..n-1 is exact in doubles, a checksum of which points arrived. */
export async function countAndSum(url: string, db: string): Promise<{ count: number; sum: number }> {
  const [s] = await influxQuery(url, db, 'SELECT count(v), sum(v) FROM m');
  return s === undefined ? { count: 0, sum: 0 } : { count: s.values[0][1] as number, sum: s.values[0][2] as number };
}

export const sumTo = (n: number): number => (n * (n - 1)) / 2;
