import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scsim, STACK_FRAME } from '../test/support/cli.ts';

/**
 * InfluxDB unreachable for a whole run (a closed loopback port): the run still ends with its summary table,
 * summary.json, report and the verdict's exit code, and says on stderr — under --quiet too — where the points
 * wait and how to replay them. `influx-replay` of nothing to replay, or to a server it cannot reach, is exit 2.
 */
const tmp = mkdtempSync(join(tmpdir(), 'scsim-influx-down-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let url = '';

beforeAll(async () => {
  // A port that was just free and is closed again: connections are refused at once.
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  url = `http://127.0.0.1:${port}/scsim`;
});

const study = (name: string, threshold: string) => {
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nduration: 1h\npopulation:\n  customers: 30\nthresholds:\n  - "${threshold}"\n`);
  return file;
};
const ENV = { SCSIM_INFLUX_CLOSE_TIMEOUT_S: '1' };

describe('scsim run --influx with InfluxDB down', () => {
  it.each([
    ['a breach: exit 3', 'sim.events < 1', 3, 'FAIL  sim.events < 1'],
    ['all met: exit 0', 'sim.events > 1', 0, 'all thresholds met'],
  ])('%s, with the table, summary.json, and a notice naming the spool and the replay command', async (name, threshold, code, verdict) => {
    const out = join(tmp, `run-${code}`);
    const r = await scsim(['run', study(`down${code}`, threshold), '--quiet', '--out', out, '--influx', url], { env: ENV });
    expect(r.status, r.stderr).toBe(code);
    expect(r.stdout).toContain(verdict);
    expect(r.stdout).toContain(`${out}/summary.json`);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const spool = join(out, 'influx-spool');
    expect(readdirSync(spool).filter((f) => f.endsWith('.lp')).length).toBeGreaterThan(0);
    // The outage warning while running, and the notice at the end, both under --quiet.
    expect(r.stderr).toContain(`influx: writing to ${url} failed`);
    expect(r.stderr).toContain(spool);
    expect(r.stderr).toContain(`scsim influx-replay ${spool} ${url}`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toContain('internal error');
  }, 600_000);
});

describe('scsim influx-replay with nothing to replay, or nowhere to send it: exit 2', () => {
  it.each([
    ['a missing folder', () => join(tmp, 'missing'), 'found no such folder'],
    ['an empty folder', () => (mkdirSync(join(tmp, 'empty')), join(tmp, 'empty')), 'nothing to replay'],
    ['a file', () => (writeFileSync(join(tmp, 'file.lp'), 'x'), join(tmp, 'file.lp')), 'found a file, not a folder'],
    ['a run folder', () => (mkdirSync(join(tmp, 'run', 'influx-spool'), { recursive: true }), writeFileSync(join(tmp, 'run', 'influx-spool', '000000000001.lp'), 'm f=1 1\n'), join(tmp, 'run')), `its spool is ${join(tmp, 'run', 'influx-spool')}`],
  ])('%s', async (_what, dir, says) => {
    const d = dir();
    const r = await scsim(['influx-replay', d, url]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(d);
    expect(r.stderr).toContain(says);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('a malformed URL', async () => {
    const r = await scsim(['influx-replay', tmp, 'ftp://x']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('a spool and a server that cannot be reached: exit 2, the files stay, the message says to run it again', async () => {
    const spool = join(tmp, 'spool');
    mkdirSync(spool);
    writeFileSync(join(spool, '000000000001.lp'), 'm f=1 1\n');
    const r = await scsim(['influx-replay', spool, url], { timeoutMs: 120_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`scsim influx-replay ${spool} ${url}`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readdirSync(spool)).toEqual(['000000000001.lp']);
  }, 600_000);
});
