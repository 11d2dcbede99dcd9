import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfluxSink, InvalidInfluxUrl, parseInfluxUrl } from './influx-sink.ts';

describe('parseInfluxUrl', () => {
  it.each([
    ['http://localhost:8086/scsim', { protocol: 'http', host: 'localhost', port: 8086, database: 'scsim' }],
    ['https://influx.example.com:443/dr_study/', { protocol: 'https', host: 'influx.example.com', port: 443, database: 'dr_study' }],
    ['http://[::1]:8086/db', { protocol: 'http', host: '::1', port: 8086, database: 'db' }],
    ['http://ann:s%40cret@10.0.0.5:8086/my%20db', { protocol: 'http', host: '10.0.0.5', port: 8086, database: 'my db', username: 'ann', password: 's@cret' }],
  ])('%s', (url, target) => {
    expect(parseInfluxUrl(url)).toEqual(target);
  });

  it.each([
    ['', /it is empty/],
    ['localhost:8086/db', /the scheme must be http or https, not "localhost"/],
    ['influx', /it is not a URL/],
    ['udp://localhost:8089/db', /the scheme must be http or https, not "udp"/],
    ['http://localhost/db', /the port is missing \(InfluxDB listens on 8086 by default\)/],
    ['http://localhost:8086', /the database name is missing/],
    ['http://localhost:8086/', /the database name is missing/],
    ['http://localhost:8086/a/b', /the path must be one database name, not "\/a\/b"/],
    ['http://localhost:8086/db?rp=x', /query strings and fragments are not supported/],
    ['http://localhost:99999/db', /it is not a URL/],
    ['http://localhost:8086/%E0%A4%A', /not valid percent-encoding/],
  ])('refuses %j: %s', (url, problem) => {
    let err: unknown;
    try {
      parseInfluxUrl(url);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidInfluxUrl);
    const e = err as InvalidInfluxUrl;
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(problem);
    expect(e.message).toContain('expected http://host:port/database');
  });

  it('never echoes a password', () => {
    expect(() => parseInfluxUrl('ftp://ann:hunter2@host:1/db')).toThrow(/ann:\*\*\*@host/);
  });

  it('is what InfluxSink throws for a bad --influx URL, before touching the disk or network', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scsim-url-'));
    try {
      const make = () => new InfluxSink({ url: 'http://localhost/db', runId: 'r', startEpochMs: 0, spoolDir: join(dir, 'spool') });
      expect(make).toThrow(InvalidInfluxUrl);
      expect(make).toThrow(/the port is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
