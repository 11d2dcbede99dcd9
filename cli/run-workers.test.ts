import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** `scsim run --workers N` end to end: the same summary.json and metrics as without, and bad latencies refused. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scsim-run-workers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, ['bin/scsim.js', 'run', 'scenarios/quickstart.yaml', '--quiet', '--set', 'population.customers=600', ...args], {
    cwd: ROOT,
    // Other test files share the cores: partitions sleep at once at a rendezvous instead of spinning.
    env: { ...process.env, SCSIM_SPIN: '0' },
    encoding: 'utf8',
    timeout: 600_000,
  });
}

const withoutWallClock = (file: string) => {
  const { run_id: _r, workers: _w, sim, ...rest } = JSON.parse(readFileSync(file, 'utf8'));
  return { ...rest, sim: { events: sim.events, sim_s: sim.sim_s } };
};

/** metrics.lp lines less the run tag (the run id holds the wall-clock start). */
const metrics = (dir: string) =>
  readFileSync(join(dir, 'metrics.lp'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/,run_id=[^, ]+/, ''));

describe('scsim run --workers', () => {
  it('writes the summary and metrics of the single-thread run with 2 workers', () => {
    const one = run(['--out', join(tmp, 'one')]);
    const two = run(['--out', join(tmp, 'two'), '--workers', '2']);
    // A verdict (0 met, 3 a threshold breached: at 600 customers a report can exhaust its RF retries), never an
    // error, and the same one on both: this test is about 2 workers giving the single thread's answer.
    expect([0, 3], one.stderr).toContain(one.status);
    expect(two.status, two.stderr).toBe(one.status);
    const a = withoutWallClock(join(tmp, 'one', 'summary.json'));
    const b = withoutWallClock(join(tmp, 'two', 'summary.json'));
    expect(b).toEqual(a);
    expect(JSON.parse(readFileSync(join(tmp, 'two', 'summary.json'), 'utf8')).workers).toBe(2);
    expect(metrics(join(tmp, 'two'))).toEqual(metrics(join(tmp, 'one')));
  }, 600_000);

  it('refuses a zero latency between partitions with exit 2, naming the field', () => {
    const r = run(['--out', join(tmp, 'zero'), '--workers', '2', '--set', 'network.wan.latency_ms=0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('network.wan.latency_ms');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 600_000);
});
