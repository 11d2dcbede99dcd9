/**
 * A real Redis for tests: Debian's `redis-server` on a free loopback port with its data in a temp dir,
 * snapshots off (`--save ''`), append-only file on request (for restart tests).
 *
 * As for influxd (influxd.ts), the server is started through a small /bin/sh guard holding a pipe from this
 * process: when the pipe closes (this process exits or is SIGKILLed) the guard kills redis-server. A process
 * 'exit' hook also kills live servers and removes their temp dirs, and tests call dispose().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const SKIP_MESSAGE = "Redis tests skipped: install Debian's redis-server (apt-get install redis-server)";

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Stops the server (SIGTERM, or SIGKILL with `{ kill: true }`) and waits for it; data is kept. */
  stop(opts?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same port with the same data dir. */
  restart(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
}

/** `SCSIM_REDIS_SERVER`, if set, is the only candidate (also how to check the skip path: SCSIM_REDIS_SERVER=/nonexistent). */
export function redisServerPath(): string | undefined {
  const override = process.env.SCSIM_REDIS_SERVER;
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'redis-server'));
  for (const c of override ? [override] : ['/usr/bin/redis-server', ...onPath]) {
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
 * Whether Redis tests can run. `ownServer`: the test stops and restarts its server, so it needs the binary
 * even when CI provides SCSIM_TEST_REDIS_URL. Missing in CI (CI=true) is a failure, not a skip.
 */
export function redisAvailable(opts: { ownServer?: boolean } = {}): { ok: boolean; reason: string } {
  if (!opts.ownServer && process.env.SCSIM_TEST_REDIS_URL) return { ok: true, reason: '' };
  if (redisServerPath() !== undefined) return { ok: true, reason: '' };
  if (process.env.CI === 'true') {
    throw new Error("Redis tests cannot run in CI: no redis-server in /usr/bin or on PATH. Install Debian's redis-server (apt-get install redis-server)" + (opts.ownServer ? '.' : ' or set SCSIM_TEST_REDIS_URL to a running Redis.'));
  }
  return { ok: false, reason: SKIP_MESSAGE };
}

/** A server for tests that do not stop it: SCSIM_TEST_REDIS_URL if set (CI's), else one of our own. */
export async function sharedRedis(): Promise<{ url: string; dispose(): Promise<void> }> {
  const env = process.env.SCSIM_TEST_REDIS_URL;
  if (env) return { url: env, dispose: async () => {} };
  return startRedisServer();
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

/** PING → +PONG over a raw socket. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.once('error', () => done(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => done(String(d).startsWith('+PONG')));
    s.setTimeout(2000, () => done(false));
  });
}

// $0 redis-server, $1 log, then its arguments. Prints redis-server's pid, then waits for it; the guard kills it
// when this process's pipe closes.
const GUARD = `exec 3<&0
bin="$0"; log="$1"; shift
"$bin" "$@" >"$log" 2>&1 3<&- &
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

export async function startRedisServer(opts: { appendonly?: boolean } = {}): Promise<RedisServer> {
  const bin = redisServerPath();
  if (bin === undefined) throw new Error(SKIP_MESSAGE);
  hookExit();
  const root = mkdtempSync(join(tmpdir(), 'scsim-redis-'));
  const entry = { pid: 0, root };
  live.add(entry);
  const port = await freePort();
  const log = join(root, 'redis.log');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', root, '--save', '', '--appendonly', opts.appendonly ? 'yes' : 'no', '--appendfsync', 'always', '--protected-mode', 'yes'];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    const c = spawn('/bin/sh', ['-c', GUARD, bin, log, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    child = c;
    exited = new Promise((resolve) => c.once('exit', () => resolve()));
    let dead = false;
    void exited.then(() => (dead = true));
    entry.pid = await new Promise<number>((resolve, reject) => {
      c.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      c.once('error', reject);
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (dead) throw new Error(`redis-server exited during startup:\n${readLog(log)}`);
      if (await ping(port)) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port} within 60 s:\n${readLog(log)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = async (o: { kill?: boolean } = {}): Promise<void> => {
    const c = child;
    if (c === undefined) return;
    child = undefined;
    try {
      process.kill(entry.pid, o.kill ? 'SIGKILL' : 'SIGTERM');
    } catch {
      /* already gone */
    }
    await exited;
    c.stdin!.end();
  };

  try {
    await start();
  } catch (e) {
    await stop({ kill: true });
    live.delete(entry);
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: start,
    dispose: async () => {
      await stop({ kill: true });
      live.delete(entry);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4000);
  } catch {
    return '(no log)';
  }
}
