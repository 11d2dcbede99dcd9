import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/errors.ts';
import { sweepCommand } from '../cli/sweep.ts';
import { factorial } from './design.ts';
import { planCampaign } from './plan.ts';

/** `scsim sweep` end to end on a tiny study: resume after kill -9, failures, thresholds, bad input, points files. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STUDY = 'campaigns/fixtures/tiny.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'scsim-sweep-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Other test files share the cores: partitions (--workers) sleep at once at a rendezvous instead of spinning.
const sweep = (args: string[]) =>
  spawnSync(process.execPath, ['bin/scsim.js', 'sweep', STUDY, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true', SCSIM_SPIN: '0' } });

/** The command in this process (no start-up cost), with main.ts's handling of bad input. */
async function sweepInProcess(args: string[]): Promise<{ status: number; stderr: string }> {
  const errors: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
  try {
    return { status: await sweepCommand([join(ROOT, STUDY), ...args]), stderr: errors.join('') };
  } catch (e) {
    if (e instanceof UsageError) return { status: 2, stderr: e.message };
    throw e;
  } finally {
    process.stderr.write = write;
  }
}

const finished = (dir: string) => {
  const runs = join(dir, 'runs');
  return existsSync(runs) ? readdirSync(runs).filter((k) => existsSync(join(runs, k, 'summary.json'))).length : 0;
};
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('scsim sweep', () => {
  const args = ['--vary', 'network.meters_per_collector=15,30', '--reps', '5', '--parallel', '2'];

  it('resumed after kill -9 halfway, writes the same results.json as a campaign that ran straight through', async () => {
    const straight = join(tmp, 'straight');
    const s = sweep([...args, '--out', straight]);
    expect(s.status, s.stderr).toBe(0);
    expect(finished(straight)).toBe(10);
    // The progress line (one per finished run off a terminal): runs done, running, ETA.
    expect(s.stderr).toMatch(/sweep 10\/10 runs done, 0 running, ETA 0s/);

    const killed = join(tmp, 'killed');
    const child = spawn(process.execPath, ['bin/scsim.js', 'sweep', STUDY, ...args, '--out', killed, '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    while (finished(killed) < 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const doneAtKill = finished(killed);
    expect(doneAtKill).toBeGreaterThanOrEqual(3);
    expect(doneAtKill).toBeLessThan(10);
    expect(existsSync(join(killed, 'results.json'))).toBe(false);

    const resumed = sweep([...args, '--out', killed]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`ran ${10 - doneAtKill}, already done ${doneAtKill}, failed 0`);
    for (const f of ['results.json', 'results.csv', 'campaign.json', 'statistics.json']) expect(read(killed, f), f).toBe(read(straight, f));

    // Run once more: nothing left to do, same results.
    const again = sweep([...args, '--out', killed]);
    expect(again.stdout).toContain('ran 0, already done 10');
    expect(read(killed, 'results.json')).toBe(read(straight, 'results.json'));
  }, 600_000);

  it('records a failed run with its error, finishes the rest (exit 1), and reruns only that one later', async () => {
    const out = join(tmp, 'failing');
    const breach = ['--set', 'thresholds=["delivery.by_priority.high.p99_s < 0.001"]'];
    const vary = ['--vary', 'network.meters_per_collector=15,30'];
    const planned = await planCampaign(join(ROOT, STUDY), breach.slice(1), factorial([{ path: 'network.meters_per_collector', levels: [15, 30] }]), 2);
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    // A directory where the run's summary.json must go: that run cannot finish.
    const victim = planned.plan.runs.find((r) => r.point === 1 && r.rep === 0)!.key;
    mkdirSync(join(out, 'runs', victim, 'summary.json'), { recursive: true });

    const first = sweep([...vary, ...breach, '--reps', '2', '--out', out]);
    expect(first.status, first.stderr).toBe(1); // a failed run outranks a breached threshold
    const rows = JSON.parse(read(out, 'results.json')).rows as { key: string; status: string; error?: string; thresholds_failed?: number }[];
    expect(rows).toHaveLength(4);
    const bad = rows.find((r) => r.key === victim)!;
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/summary\.json/);
    expect(rows.filter((r) => r.status === 'ok')).toHaveLength(3);
    expect(first.stdout).toContain('1 run(s) failed');

    rmSync(join(out, 'runs', victim, 'summary.json'), { recursive: true });
    const second = sweep([...vary, ...breach, '--reps', '2', '--out', out]);
    expect(second.stdout).toContain('ran 1, already done 3, failed 0');
    expect(second.status).toBe(3); // every run ran; the threshold failed in each
    const after = JSON.parse(read(out, 'results.json')).rows as { status: string; thresholds_failed: number }[];
    expect(after.every((r) => r.status === 'ok' && r.thresholds_failed === 1)).toBe(true);
    expect(second.stdout).toContain('point 1 (network.meters_per_collector=30): "delivery.by_priority.high.p99_s < 0.001" failed in 2 of 2 runs');
    expect(existsSync(join(out, 'runs', victim, 'error.json'))).toBe(false);
  }, 300_000);

  it('runs an explicit list of points from a campaign file and compares each with point 0', () => {
    const file = join(tmp, 'points.yaml');
    writeFileSync(file, 'points:\n  - {network.meters_per_collector: 15}\n  - {network.meters_per_collector: 30, behaviour.view_probability: 0.2}\n');
    const out = join(tmp, 'points');
    const r = sweep(['--points', file, '--reps', '2', '--out', out, '--metric', 'delivery.by_priority.high.p50_s']);
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(read(out, 'results.json'));
    expect(results.rows.map((x: { point: number; rep: number; seed: number }) => [x.point, x.rep, x.seed])).toEqual([[0, 0, 7], [0, 1, 8], [1, 0, 7], [1, 1, 8]]);
    expect(results.rows[2].values).toEqual({ 'network.meters_per_collector': 30, 'behaviour.view_probability': 0.2 });
    const stats = JSON.parse(read(out, 'statistics.json'));
    expect(stats.differences).toHaveLength(1);
    expect(stats.differences[0]).toMatchObject({ factor: null, from: 0, to: 1, metric: 'delivery.by_priority.high.p50_s' });
    const campaign = JSON.parse(read(out, 'campaign.json'));
    expect(campaign.points[1].study.network.meters_per_collector).toBe(30);
    expect(campaign.runs.map((x: { seed: number }) => x.seed)).toEqual([7, 8, 7, 8]);
  }, 300_000);

  it('gives the same results with each run on 2 partition threads (--workers 2) as on one', () => {
    const one = join(tmp, 'workers-1'), two = join(tmp, 'workers-2');
    const a = sweep(['--reps', '2', '--parallel', '1', '--out', one]);
    const b = sweep(['--reps', '2', '--parallel', '1', '--workers', '2', '--out', two]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(read(two, 'results.json')).toBe(read(one, 'results.json'));
    const key = JSON.parse(read(two, 'campaign.json')).runs[0].key;
    expect(JSON.parse(read(join(two, 'runs', key), 'summary.json')).workers).toBe(2);
  }, 300_000);

  it('names a --metric this study\'s summaries lack (exit 2) and keeps the runs: a corrected command resumes at once', async () => {
    const out = join(tmp, 'metric');
    // A contract path (by_kind holds only the kinds a run sent): tiny sends no firmware, so only the runs can tell.
    const absent = 'delivery.by_kind.firmwareImageBlock.p99_s';
    const bad = await sweepInProcess(['--reps', '2', '--parallel', '1', '--quiet', '--out', out, '--metric', absent]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`--metric: expected a numeric summary.json field such as delivery.by_priority.high.p99_s, found "${absent}"`);
    expect(finished(out)).toBe(2);
    const good = await sweepInProcess(['--reps', '2', '--parallel', '1', '--quiet', '--out', out, '--metric', 'delivery.by_priority.high.p99_s']);
    expect(good.status, good.stderr).toBe(0);
    expect(JSON.parse(read(out, 'statistics.json')).metrics).toEqual(['delivery.by_priority.high.p99_s']);
    expect(JSON.parse(read(out, 'timings.json')).invocation).toMatchObject({ ran: 0, skipped: 2 });
  }, 300_000);

  it.each([
    ['a bad value at one point', ['--vary', 'population.customers=30,abc'], /point 1 \(population\.customers=abc\).*population\.customers: expected [^,]*whole number.*, found "abc"/],
    ['a misspelt field', ['--vary', 'network.rf_mesh.bandwidth_bps=1000,2000'], /network\.rf_mesh\.bandwidth_bps: expected a known field \(did you mean "bandwidth_Bps"\?\)/],
    ['a misspelt --metric', ['--metric', 'delivery.by_priority.high.p99'], /--metric: expected a number field of summary\.json .*\(did you mean "delivery\.by_priority\.high\.p99_s"\?\)/],
    ['a bad range', ['--vary', 'population.customers=40..10:3'], /--vary: expected hi above lo/],
    ['the seed varied', ['--vary', 'seed=1,2'], /--vary: expected a field other than seed/],
    ['no replications', ['--reps', '0'], /--reps: expected a whole number from 1 to 10000, found "0"/],
    ['a field varied twice', ['--vary', 'population.customers=10,20', '--vary', 'population.customers=30,40'], /population\.customers twice/],
    ['both --points and --vary', ['--points', 'x.yaml', '--vary', 'population.customers=10,20'], /--points: expected either --points or --vary/],
    ['a missing points file', ['--points', 'no-such-points.yaml'], /--points: expected a readable campaign file, found no such file/],
    ['a bad --set', ['--set', 'population.customers=0'], /population\.customers: expected [^,]*whole number.*, found 0 \(from --set population\.customers=0\)/],
    ['--workers with no latency between partitions', ['--workers', '2', '--vary', 'network.wan.latency_ms=400,0'], /point 1 \(network\.wan\.latency_ms=0\): network\.wan\.latency_ms: --workers needs a latency of at least 1 ms/],
    ['an --out that is a file', ['--out', fileURLToPath(import.meta.url)], /--out: expected a new folder or an earlier campaign's folder, found a file/],
    ['an --out holding other files', ['--out', ROOT], /--out: expected a new folder or an earlier campaign's folder, found a folder holding other files/],
  ])('refuses %s with exit 2, naming the field, before any run', async (what, extra, message) => {
    const out = join(tmp, `bad-${what.replace(/\W+/g, '-')}`);
    const r = await sweepInProcess(['--out', out, ...extra]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(ROOT, 'campaign.json'))).toBe(false);
  }, 600_000);

  it('prints its usage with --help, exit 0', async () => {
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
    try {
      expect(await sweepCommand(['--help'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(out.join('')).toContain('usage: scsim sweep <study.yaml> [--vary path=v1,v2,…]…');
  });

  it('says so in one line without a stack trace from the command itself', () => {
    const r = sweep(['--vary', 'population.customers=30,abc', '--out', join(tmp, 'bad-cli')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 600_000);
});
