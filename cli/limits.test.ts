import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Numbers that escaped validation, end to end through the real CLI: each is exit 2 with one message naming
 * the field, the limit and the value — no stack trace, no run started, nothing written.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scsim-limits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function scsim(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/scsim.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const STACK = /\bat .+:\d+:\d+\)?$/m;

describe.each(['validate', 'run'])('scsim %s refuses numbers out of range with exit 2', (command) => {
  it.each([
    ['network.wan.bandwidth_Bps=1e-300', /network\.wan\.bandwidth_Bps: expected a number from 1 to 1000000000 \(.+\), found 1e-300/],
    ['network.broadcast.bandwidth_Bps=1e-300', /network\.broadcast\.bandwidth_Bps: expected a number from 1 to 1000000000 .+found 1e-300/],
    ['population.customers=1e12', /population\.customers: expected a whole number from 1 to 10000000 .+found 1000000000000/],
    ['duration=100000d', /duration: expected a duration from 1ms to 366d \(.+\), found "100000d"/],
    ['network.rf_mesh.hops.max=300', /network\.rf_mesh\.hops\.max: expected a whole number from 1 to 255 .+found 300/],
    ['behaviour.report_interval=1ms', /behaviour\.report_interval: expected a duration from 1m to 1d .+found "1ms"/],
    ['behaviour.report_interval=25h', /behaviour\.report_interval: expected a duration from 1m to 1d .+found "25h"/],
  ])('--set %s', (set, message) => {
    const out = join(tmp, `${command}-${set.replace(/\W/g, '_')}`);
    const r = scsim([command, 'scenarios/quickstart.yaml', '--set', set, ...(command === 'run' ? ['--quiet', '--out', out] : [])]);
    expect(r.code, r.err).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(r.err).not.toMatch(STACK);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the estimate before a run', () => {
  it('validate prints it after ok', () => {
    const r = scsim(['validate', 'scenarios/quickstart.yaml']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^ok: quickstart \(2000 customers, 6h\)\nestimate: ~\d.* devices, ~[\d.]+[kMG]? events, ~\d+ MB peak memory \(budget .+\)\n$/);
  });

  it.each(['validate', 'run'])('%s refuses a population that cannot fit this machine, naming the field, the estimate and what to change', (command) => {
    const out = join(tmp, `too-big-${command}`);
    // 2 GB for a run of ~8M devices (~18 GB): within every limit of the format, too big for the machine.
    const r = scsim([command, 'scenarios/quickstart.yaml', '--set', 'population.customers=3000000', ...(command === 'run' ? ['--quiet', '--out', out] : [])], { SCSIM_MEMORY_MB: '2000' });
    expect(r.code, r.err).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/population\.customers: expected a study that fits this machine's memory \(2 GB, SCSIM_MEMORY_MB=2000\), found one needing ~\d+(\.\d)? GB \(estimate: 3M customers, ~[\d.]+M devices, 6h, ~[\d.]+[MG] events\); lower population\.customers to at most \d+/);
    const most = Number(/at most (\d+)/.exec(lines[0])![1]);
    // The advice is itself within the budget: validate accepts that many customers.
    expect(most).toBeGreaterThan(100_000);
    expect(scsim(['validate', 'scenarios/quickstart.yaml', '--set', `population.customers=${most}`], { SCSIM_MEMORY_MB: '2000' }).code).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a run whose metric series outgrow the JavaScript heap, naming duration', () => {
    const regions = Array.from({ length: 256 }, (_, i) => `{name: r${i}, share: ${i === 0 ? 1 : 0}}`).join(', ');
    const r = scsim(['validate', 'scenarios/quickstart.yaml', '--set', 'duration=366d', '--set', `population.regions=[${regions}]`, '--set', 'timeline=[]']);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/^.+: duration: expected a study whose ~[\d.]+G metric points fit the JavaScript heap .+found 366d needing ~[\d.]+ GB .+shorten duration to at most \d/);
  });
});
