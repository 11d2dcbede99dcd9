import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { capacityCommand } from '../cli/capacity.ts';
import { UsageError } from '../cli/errors.ts';
import { planCampaign } from './plan.ts';

/**
 * `scsim capacity` end to end on the tiny study, where theory gives the knee: each customer has an in-home
 * display with probability ihd_share, independently, so population.ihds ~ Binomial(customers, share) with
 * mean customers × share. With share 0.5 and limit 30 the mean crosses the limit at 60 customers.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STUDY = 'campaigns/fixtures/tiny.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'scsim-capacity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SHARE = 0.5, LIMIT = 30, KNEE = LIMIT / SHARE;
const BASE = ['--set', 'duration=1m', '--set', 'timeline=[]', '--set', 'thresholds=[]', '--set', `population.ihd_share=${SHARE}`, '--metric', 'population.ihds'];

const capacity = (args: string[]) =>
  spawnSync(process.execPath, ['bin/scsim.js', 'capacity', STUDY, ...BASE, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true' } });

/** The command in this process, with main.ts's handling of bad input. */
async function inProcess(args: string[]): Promise<{ status: number; stderr: string }> {
  const errors: string[] = [];
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { status: await capacityCommand([join(ROOT, STUDY), ...args]), stderr: errors.join('') };
  } catch (e) {
    if (e instanceof UsageError) return { status: 2, stderr: e.message };
    throw e;
  } finally {
    [process.stdout.write, process.stderr.write] = [out, err];
  }
}

const finished = (dir: string) => {
  const runs = join(dir, 'runs');
  return existsSync(runs) ? readdirSync(runs).filter((k) => existsSync(join(runs, k, 'summary.json'))).length : 0;
};

interface ProbeJson {
  value: number;
  verdict: string;
  n: number;
  mean: number;
  lower: number;
  upper: number;
}

describe('scsim capacity', () => {
  it('brackets the theoretical knee (Binomial mean = limit at 60 customers), and the same command resumes from its runs, also after kill -9', async () => {
    const out = join(tmp, 'knee');
    const args = ['--vary', 'population.customers=20..120', '--limit', String(LIMIT), '--reps', '5', '--max-reps', '10', '--parallel', '2', '--out', out];
    const first = capacity(args);
    expect(first.status, first.stderr + first.stdout).toBe(0);
    const cap = JSON.parse(readFileSync(join(out, 'capacity.json'), 'utf8')) as { outcome: string; knee: { last_hold: ProbeJson; first_fail: ProbeJson; undecided: ProbeJson[] }; probes: ProbeJson[] };
    expect(cap.outcome).toBe('knee');
    const { last_hold: hold, first_fail: fail } = cap.knee;
    expect(hold.value).toBeLessThanOrEqual(KNEE);
    expect(fail.value).toBeGreaterThan(KNEE);
    expect(hold.upper).toBeLessThanOrEqual(LIMIT);
    expect(fail.lower).toBeGreaterThan(LIMIT);
    // Each probe's mean is near theory (sd of a mean of ≥ 5 binomial draws ≤ √(120·0.25/5) ≈ 2.4).
    for (const p of cap.probes) expect(Math.abs(p.mean - p.value * SHARE), `at ${p.value}`).toBeLessThan(4 * Math.sqrt((p.value * SHARE * (1 - SHARE)) / p.n) + 1e-9);
    // Adaptive, not a grid: far fewer values than the 101 in the range; straddling values got more replications.
    expect(cap.probes.length).toBeLessThan(20);
    expect(cap.probes.some((p) => p.n === 10)).toBe(true);
    expect(first.stdout).toMatch(new RegExp(`knee: holds at population.customers = ${hold.value} \\(mean [\\d.]+, bounds \\[[\\d.-]+, [\\d.]+\\], n \\d+\\)`));
    expect(first.stdout).toContain(`fails at population.customers = ${fail.value}`);
    // The campaign folder of a sweep: every run listed and in results.json.
    const campaign = JSON.parse(readFileSync(join(out, 'campaign.json'), 'utf8')) as { runs: unknown[]; points: unknown[] };
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { rows: { status: string; metrics: Record<string, number> }[] };
    expect(campaign.points).toHaveLength(cap.probes.length);
    expect(results.rows).toHaveLength(campaign.runs.length);
    expect(results.rows.every((r) => r.status === 'ok' && Number.isInteger(r.metrics['population.ihds']))).toBe(true);
    const svg = readFileSync(join(out, 'capacity.svg'), 'utf8');
    expect(svg).toContain('class="interval-band"');
    expect(svg).toContain('data-band="knee"');
    expect(existsSync(join(out, 'campaign.html'))).toBe(true);
    expect(first.stdout).toContain(`ran ${campaign.runs.length}, already done 0`);

    const again = capacity(args);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`ran 0, already done ${campaign.runs.length}`);
    expect(readFileSync(join(out, 'capacity.json'), 'utf8')).toBe(JSON.stringify(cap, null, 2) + '\n');

    // Killed (-9) partway through the search, the same command finishes it: the same probes, knee and results.
    const killed = join(tmp, 'knee-killed');
    const killedArgs = [...args.slice(0, -1), killed, '--quiet'];
    const child = spawn(process.execPath, ['bin/scsim.js', 'capacity', STUDY, ...BASE, ...killedArgs], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const target = Math.floor(campaign.runs.length / 3);
    while (finished(killed) < target && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const doneAtKill = finished(killed);
    expect(doneAtKill).toBeLessThan(campaign.runs.length);
    expect(JSON.parse(readFileSync(join(killed, 'capacity.json'), 'utf8')).outcome).toBe('searching');
    const resumed = capacity(killedArgs);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`ran ${campaign.runs.length - doneAtKill}, already done ${doneAtKill}`);
    for (const f of ['capacity.json', 'results.json', 'campaign.json', 'statistics.json']) expect(readFileSync(join(killed, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
  }, 600_000);

  it('exits 3 naming the value when even lo fails', () => {
    const r = capacity(['--vary', 'population.customers=40..120', '--limit', '5', '--reps', '3', '--max-reps', '3', '--parallel', '2', '--out', join(tmp, 'lo-fails')]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stdout).toContain('no value holds: even population.customers = 40');
    expect(r.stdout).toContain('fails');
  }, 300_000);

  it('stops with exit 1 when a run fails, recording it, and the same command resumes once the cause is gone', async () => {
    const out = join(tmp, 'failing');
    const args = ['--vary', 'population.customers=40..120', '--limit', '5', '--reps', '3', '--max-reps', '3', '--parallel', '2', '--out', out];
    const sets = BASE.filter((_, i) => BASE[i - 1] === '--set');
    const planned = await planCampaign(join(ROOT, STUDY), sets, [{ index: 0, values: { 'population.customers': 40 } }], 3);
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    // A directory where replication 1's summary.json must go: that run cannot finish.
    const victim = planned.plan.runs[1].key;
    mkdirSync(join(out, 'runs', victim, 'summary.json'), { recursive: true });
    const first = capacity(args);
    expect(first.status, first.stderr).toBe(1);
    expect(first.stdout).toContain(`the search stopped: the run at population.customers=40, replication 1 (seed 8, runs/${victim}) failed`);
    const rows = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).rows as { key: string; status: string }[];
    expect(rows.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
    rmSync(join(out, 'runs', victim, 'summary.json'), { recursive: true });
    const second = capacity(args);
    expect(second.status, second.stderr).toBe(3);
    expect(second.stdout).toContain('ran 1, already done 2, failed 0');
  }, 300_000);

  it('refuses bad input with exit 2 before any run, naming the option and the value', async () => {
    const vary = ['--vary', 'population.customers=20..120'];
    const cases: [string[], RegExp][] = [
      [[...vary, '--metric', 'sla.by_priority.hihg.p99_s', '--limit', '120'], /--metric: .*did you mean "sla\.by_priority\.high\.p99_s"\?.*"sla\.by_priority\.hihg\.p99_s"/],
      [[...vary, '--metric', 'sla.by_priority.high', '--limit', '120'], /--metric: .*sla\.by_priority\.high is not a number/],
      [[...vary, '--metric', 'population.ihds', '--limit', 'abc'], /--limit: expected a finite number.*"abc"/],
      [[...vary, '--metric', 'population.ihds', '--limit', '1e999'], /--limit: expected a finite number.*1e999/],
      [[...vary, '--metric', 'population.ihds'], /--limit: expected a finite number.*nothing/],
      [['--vary', 'population.customers=120..20', '--metric', 'population.ihds', '--limit', '3'], /--vary: expected hi above lo/],
      [['--vary', 'population.customers=20,40', '--metric', 'population.ihds', '--limit', '3'], /--vary: expected path=lo\.\.hi/],
      [['--metric', 'population.ihds', '--limit', '3'], /--vary: .*found nothing/],
      [[...vary, '--metric', 'population.ihds', '--limit', '3', '--reps', '1'], /--reps: expected a whole number from 2/],
      [[...vary, '--metric', 'population.ihds', '--limit', '3', '--direction', 'up'], /--direction: expected max .* found "up"/],
      [[...vary, '--metric', 'population.ihds', '--limit', '3', '--confidence', '1'], /--confidence: .*found "1"/],
      [['--vary', 'population.custmers=20..120', '--metric', 'population.ihds', '--limit', '3'], /population\.custmers.*did you mean "customers"/],
      [['--vary', 'population.customers=0..10', '--metric', 'population.ihds', '--limit', '3'], /population\.customers/],
      [['--vary', 'population.ihd_share=0..1', '--step', '0.3', '--metric', 'population.ihds', '--limit', '3'], /--step: expected a step that divides/],
    ];
    // A sweep's folder: the search would rewrite its campaign.json.
    const sweepDir = join(tmp, 'a-sweep');
    mkdirSync(sweepDir, { recursive: true });
    writeFileSync(join(sweepDir, 'campaign.json'), JSON.stringify({ runs: [{ point: 0, rep: 0, key: 'abc' }] }));
    const intoSweep = await inProcess([...vary, '--metric', 'population.ihds', '--limit', '3', '--out', sweepDir]);
    expect(intoSweep.status).toBe(2);
    expect(intoSweep.stderr).toMatch(/--out: expected a new folder or an earlier capacity search's folder, found a sweep's campaign folder/);
    for (const [args, message] of cases) {
      const out = join(tmp, `bad-${cases.findIndex((c) => c[0] === args)}`);
      const r = await inProcess([...args, '--out', out]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(existsSync(join(out, 'runs')), args.join(' ')).toBe(false);
    }
  });
});
