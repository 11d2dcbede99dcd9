/**
 * `--redis URL` → the connection options BullMQ hands to ioredis. `redis://[user:password@]host[:port][/db]`;
 * `rediss://` is the same over TLS (certificates checked against the system's CAs, or the PEM file named by
 * `SCSIM_REDIS_CA`). The password never reaches a log line: `redactedRedisUrl` is what gets printed.
 */
import { readFileSync } from 'node:fs';
import type { RedisOptions } from 'bullmq';

export class InvalidRedisUrl extends Error {}

export function redisConnection(url: string, env: NodeJS.ProcessEnv = process.env): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidRedisUrl(`expected a URL such as redis://127.0.0.1:6379 or rediss://user:password@host:6380/0, found "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InvalidRedisUrl(`expected the scheme redis:// or rediss:// (TLS), found "${u.protocol}//" in ${redactedRedisUrl(url)}`);
  if (u.hostname === '') throw new InvalidRedisUrl(`expected a host, found none in ${redactedRedisUrl(url)}`);
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) throw new InvalidRedisUrl(`expected a database number from 0 to 99 after the host, found "${db}" in ${redactedRedisUrl(url)}`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: RedisOptions = {
    host,
    port: u.port === '' ? 6379 : Number(u.port),
    db: db === '' ? 0 : Number(db),
    // BullMQ's workers block on Redis: ioredis must keep retrying rather than fail a command after N tries.
    maxRetriesPerRequest: null,
  };
  if (u.username !== '') options.username = decodeURIComponent(u.username);
  if (u.password !== '') options.password = decodeURIComponent(u.password);
  if (u.protocol === 'rediss:') {
    const ca = env.SCSIM_REDIS_CA;
    options.tls = { servername: host, ...(ca ? { ca: readFileSync(ca, 'utf8') } : {}) };
  }
  return options;
}

/** The URL as it may be printed: the password replaced by ***. */
export function redactedRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
