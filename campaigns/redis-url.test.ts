import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../test/support/scsim-processes.ts';
import { InvalidRedisUrl, redactedRedisUrl, redisConnection } from './redis-url.ts';

describe('--redis URL', () => {
  it('passes user, password, database and TLS through to the connection', () => {
    expect(redisConnection('redis://127.0.0.1:6390')).toMatchObject({ host: '127.0.0.1', port: 6390, db: 0 });
    const c = redisConnection('rediss://ops:p%40ss%3Aword@redis.example.org:6380/3', {});
    expect(c).toMatchObject({ host: 'redis.example.org', port: 6380, db: 3, username: 'ops', password: 'p@ss:word', tls: { servername: 'redis.example.org' } });
    expect(redisConnection('redis://:secret@h').password).toBe('secret');
    expect(redisConnection('redis://h').tls).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'scsim-ca-'));
    writeFileSync(join(dir, 'ca.pem'), 'PEM TEXT');
    expect(redisConnection('rediss://h', { SCSIM_REDIS_CA: join(dir, 'ca.pem') }).tls).toEqual({ servername: 'h', ca: 'PEM TEXT' });
    rmSync(dir, { recursive: true });
  });

  it('refuses what is not a Redis URL, and never prints the password', () => {
    expect(() => redisConnection('http://h:6379')).toThrow(InvalidRedisUrl);
    expect(() => redisConnection('redis://h/abc')).toThrow(/database number/);
    expect(() => redisConnection('nonsense')).toThrow(/expected a URL/);
    expect(redactedRedisUrl('redis://u:topsecret@h:1/0')).toBe('redis://u:***@h:1/0');
    try {
      redisConnection('http://u:topsecret@h');
    } catch (e) {
      expect((e as Error).message).not.toContain('topsecret');
    }
  });

  it('scsim sweep and scsim worker: a bad URL or an unreachable Redis is exit 2 naming --redis, before any run', () => {
    const out = mkdtempSync(join(tmpdir(), 'scsim-redis-bad-'));
    const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['bin/scsim.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
    const bad = run(['sweep', 'campaigns/fixtures/tiny.yaml', '--redis', 'http://h', '--out', join(out, 'a')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^scsim: --redis: expected the scheme redis:\/\/ or rediss:\/\/ \(TLS\), found "http:\/\/"/);
    const w = run(['worker', '--redis', 'redis://h/x']);
    expect(w.status).toBe(2);
    expect(w.stderr).toMatch(/--redis: expected a database number/);
    expect(run(['worker']).stderr).toMatch(/--redis: expected the URL/);
    // Port 1 on loopback: nothing answers.
    const down = run(['sweep', 'campaigns/fixtures/tiny.yaml', '--redis', 'redis://:pw@127.0.0.1:1', '--out', join(out, 'b')], { SCSIM_REDIS_CONNECT_TIMEOUT_S: '2' });
    expect(down.status).toBe(2);
    expect(down.stderr).toMatch(/--redis: expected a Redis server answering at redis:\/\/:\*\*\*@127\.0\.0\.1:1, found none within 2 s/);
    expect(down.stderr).not.toMatch(/at .*\.ts:\d+/);
    rmSync(out, { recursive: true, force: true });
  }, 300_000);
});
