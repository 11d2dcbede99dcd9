import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scsim } from '../test/support/cli.ts';

/**
 * `scsim sweep --influx` with InfluxDB unreachable: as with `scsim run`, not an error — every run finishes and
 * is recorded, its points wait in the run folder's influx-spool with the replay command, the statistics in the
 * campaign folder's; the exit code is the campaign's. A malformed URL is exit 2 before any run.
 */
const TMP = mkdtempSync(join(tmpdir(), 'scsim-sweep-influx-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const STUDY = 'campaigns/fixtures/tiny.yaml';

describe('sweep --influx', () => {
  it('InfluxDB down: the campaign finishes, each run spools its points and says how to replay them', async () => {
    const out = join(TMP, 'down');
    const r = await scsim(['sweep', STUDY, '--reps', '2', '--parallel', '2', '--influx', 'http://127.0.0.1:9/scsim', '--out', out, '--quiet'], {
      env: { SCSIM_INFLUX_CLOSE_TIMEOUT_S: '0', SCSIM_SPIN: '0' },
      timeoutMs: 300_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const runs = readdirSync(join(out, 'runs'));
    expect(runs).toHaveLength(2);
    for (const key of runs) {
      expect(existsSync(join(out, 'runs', key, 'summary.json'))).toBe(true);
      expect(readdirSync(join(out, 'runs', key, 'influx-spool')).some((f) => f.endsWith('.lp'))).toBe(true);
      expect(r.stderr).toContain(`scsim influx-replay ${join(out, 'runs', key, 'influx-spool')} http://127.0.0.1:9/scsim`);
    }
    expect(r.stderr).toContain(`scsim influx-replay ${join(out, 'influx-spool')} http://127.0.0.1:9/scsim`);
  }, 300_000);

  it('a malformed URL is exit 2 naming --influx, before any run', async () => {
    const out = join(TMP, 'bad');
    const r = await scsim(['sweep', STUDY, '--influx', 'ftp://host/db', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^scsim: --influx: .*ftp/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
