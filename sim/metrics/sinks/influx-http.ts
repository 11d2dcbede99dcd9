/**
 * The HTTP side of the InfluxDB sink, on the `influx` package (node-influx 5).
 *
 * Why our own line-protocol text through the package's request Pool rather than `InfluxDB#writePoints`:
 * writePoints (5.12) re-encodes IPoint objects and does not escape measurement names or sort tags, so its
 * bytes would differ from `metrics.lp` and from our spool files; and a spool file can be replayed verbatim.
 * The Pool (`influx/lib/src/pool.js`, exported with types) is what writePoints itself posts through.
 * Retrying is ours (ordered, unbounded, spooled), so the Pool is told never to retry or bench the host.
 */
import { InfluxDB } from 'influx';
import type { IBackoffStrategy } from 'influx/lib/src/backoff/backoff.js';
import { Pool, RequestError } from 'influx/lib/src/pool.js';
import { baseUrl, type InfluxTarget } from './influx-url.ts';

const NO_BACKOFF: IBackoffStrategy = {
  getDelay: () => 0, // a zero delay keeps the single host in the Pool's rotation
  next: () => NO_BACKOFF,
  reset: () => NO_BACKOFF,
};

/** HTTP status of a failed request, if it got that far. */
export function httpStatus(err: unknown): number | undefined {
  return err instanceof RequestError ? err.res.statusCode : undefined;
}

/** The server understood the request and refused its content: sending it again cannot succeed. */
export function isPermanent(err: unknown): boolean {
  const s = httpStatus(err);
  return s === 400 || s === 413;
}

export class InfluxHttp {
  private readonly pool: Pool;
  private readonly admin: InfluxDB;
  private readonly auth: string | undefined;

  constructor(
    readonly target: InfluxTarget,
    private readonly timeoutMs: number,
  ) {
    const poolOptions = { maxRetries: 0, requestTimeout: timeoutMs, backoff: NO_BACKOFF };
    this.pool = new Pool(poolOptions);
    this.pool.addHost(baseUrl(target));
    this.admin = new InfluxDB({ ...target, pool: poolOptions });
    this.auth = target.username === undefined ? undefined : `${target.username}:${target.password ?? ''}`;
  }

  async ensureDatabase(): Promise<void> {
    const names = await this.watchdog(this.admin.getDatabaseNames());
    if (!names.includes(this.target.database)) await this.watchdog(this.admin.createDatabase(this.target.database));
  }

  /** POSTs line protocol with ns timestamps; resolves on 204, rejects on anything else or after the timeout. */
  write(body: string, signal?: AbortSignal): Promise<void> {
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const sent = this.pool.discard({
      method: 'POST',
      path: '/write',
      query: { db: this.target.database, precision: 'n' },
      body,
      auth: this.auth,
      signal: ac.signal,
    });
    return this.watchdog(sent, () => ac.abort()).finally(() => signal?.removeEventListener('abort', onAbort));
  }

  // The Pool times out a silent socket, but a response cut off mid-body would leave its promise pending forever.
  private watchdog<T>(p: Promise<T>, onTimeout?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout?.();
        reject(new Error(`no answer from ${baseUrl(this.target)} within ${this.timeoutMs + 1000} ms`));
      }, this.timeoutMs + 1000);
    });
    return Promise.race([p, limit]).finally(() => clearTimeout(timer));
  }
}
