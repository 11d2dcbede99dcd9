import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A device's report periods (S2-08, FR-36) start when it joins the program: a device commissioned on day 2 of a
 * 3-day study reports an hour's energy, not two days' (which the wire's 1440-minute EnergyInterval cannot carry;
 * the run used to end with a stack trace).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scsim-report-period-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('report periods of devices that join late', () => {
  it('runs a study whose devices register after a day, every report delivered', () => {
    const study = join(tmp, 'late.yaml');
    writeFileSync(study, 'name: late-joiners\nduration: 3d\npopulation: {customers: 20, registration: {start: 1d, window: 1d}}\n');
    const r = spawnSync(process.execPath, ['bin/scsim.js', 'run', study, '--out', join(tmp, 'out'), '--quiet'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(tmp, 'out', 'summary.json'), 'utf8'));
    const reports = summary.delivery.by_kind.applianceReport;
    // 20 customers' appliances, each reporting hourly for a day or more.
    expect(reports.count).toBeGreaterThan(20 * 24);
    expect(summary.delivery.dropped).toEqual({});
  }, 600_000);
});
