import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scsim, STACK_FRAME } from '../test/support/cli.ts';

/**
 * Every output location is checked before the run: a bad one is exit 2 with the path and the reason, never a
 * stack trace after the run and never a hang (a folder under /proc used to hang in Node's recursive mkdir).
 */
const tmp = mkdtempSync(join(tmpdir(), 'scsim-out-'));
afterAll(() => {
  chmodSync(join(tmp, 'readonly'), 0o755);
  rmSync(tmp, { recursive: true, force: true });
});
const STUDY = join(tmp, 'tiny.yaml');
writeFileSync(STUDY, 'name: tiny\nduration: 30m\npopulation:\n  customers: 20\n');
writeFileSync(join(tmp, 'a-file'), 'x');
mkdirSync(join(tmp, 'summary-is-a-folder', 'summary.json'), { recursive: true });
mkdirSync(join(tmp, 'readonly'));
chmodSync(join(tmp, 'readonly'), 0o555);
const root = process.getuid?.() === 0; // root writes into a 0555 folder anyway
const fifo = join(tmp, 'fifo-run');
mkdirSync(fifo);
const hasFifo = spawnSync('mkfifo', [join(fifo, 'metrics.lp')]).status === 0;

const procDir = `/proc/scsim-test-${process.pid}`;

describe('scsim run --out at a location that cannot be used: exit 2 before the run, with the path and the reason', () => {
  it.each([
    ['an existing file', join(tmp, 'a-file'), 'it is a file, not a folder'],
    ['a folder under a file', join(tmp, 'a-file', 'run'), `${join(tmp, 'a-file')} is a file, not a folder`],
    ['a new folder under /proc (used to hang)', procDir, 'the file system does not allow it'],
    ['an existing folder of /proc', '/proc/self', 'cannot create a file in it'],
    ['a folder whose summary.json is a folder', join(tmp, 'summary-is-a-folder'), 'summary.json is a folder'],
    ...(hasFifo ? [['a folder whose metrics.lp is a named pipe (a write would block)', fifo, 'metrics.lp is not a regular file or folder']] : []),
    ...(root ? [] : [['a folder without write permission', join(tmp, 'readonly', 'run'), 'permission denied']]),
  ])('%s', async (_what, out, reason) => {
    const r = await scsim(['run', STUDY, '--quiet', '--out', out], { timeoutMs: 60_000 });
    expect(r.timedOut).toBe(false);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe(''); // nothing ran
    expect(r.stderr).toContain(`--out ${out}: cannot write there: `);
    expect(r.stderr).toContain(reason);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(join(out, 'summary.json')) && !out.includes('summary-is-a-folder')).toBe(false);
  });

  it('an empty --out (it used to mean the current folder)', async () => {
    const r = await scsim(['run', STUDY, '--quiet', '--out='], { cwd: join(tmp, 'readonly') });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('--out: expected a folder, found an empty path');
  });

  it('conformance --junit at a folder is exit 2 before the suite runs', async () => {
    const r = await scsim(['conformance', '--junit', tmp, '--only', 'BR-01'], { timeoutMs: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--junit ${tmp}: cannot write there: it is a folder, not a file`);
  });

  it('dashboards --out under a file is exit 2', async () => {
    const r = await scsim(['dashboards', '--out', join(tmp, 'a-file', 'd')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('is a file, not a folder');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('a run into a folder an earlier run used', () => {
  it('replaces metrics.lp instead of appending to it (it held both runs)', async () => {
    const out = join(tmp, 'again');
    const first = await scsim(['run', STUDY, '--quiet', '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    const before = readFileSync(join(out, 'metrics.lp'), 'utf8');
    const second = await scsim(['run', STUDY, '--quiet', '--out', out, '--seed', '2']);
    expect(second.status, second.stderr).toBe(0);
    const after = readFileSync(join(out, 'metrics.lp'), 'utf8');
    const runIds = new Set(after.trim().split('\n').map((l) => /run_id=([^, ]+)/.exec(l)?.[1]));
    expect(runIds).toEqual(new Set([JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).run_id]));
    expect(after).not.toContain(before.split('\n')[0]);
  }, 600_000);
});
