/**
 * campaign.html and compare.html as a browser sees them: Debian's Chromium opens them from disk with every
 * network request blocked; no console errors, no request attempts, every chart with data drawn and laid out.
 * Screenshots land in campaigns/__screenshots__/ (git-ignored) for a human to look at.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { chromiumAvailable } from '../test/support/chromium.ts';
import { checkReportPage } from '../reports/test-support/report-page.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scsim-pages-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scsim = (args: string[]) => spawnSync(process.execPath, ['bin/scsim.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true', SCSIM_SPIN: '0' } });

test('campaign.html and compare.html render in Chromium with every chart drawn, no errors and no network', async (ctx) => {
  chromiumAvailable(ctx);
  const dir = join(tmp, 'c');
  const s = scsim(['sweep', 'campaigns/fixtures/tiny.yaml', '--vary', 'population.customers=20,40', '--reps', '2', '--parallel', '2', '--out', dir, '--quiet']);
  expect(s.status, s.stderr).toBe(0);
  const c = scsim(['compare', dir]);
  expect(c.status, c.stderr).toBe(0);
  for (const [file, shot, sections] of [
    ['campaign.html', 'campaign.png', ['header', 'metrics', 'points', 'differences', 'latency', 'load']],
    ['compare.html', 'compare.png', ['header', 'fields', 'load', 'latency']],
  ] as const) {
    const page = await checkReportPage(join(dir, file), join(here, '__screenshots__', shot));
    expect(page.consoleErrors, file).toEqual([]);
    expect(page.blockedRequests, file).toEqual([]);
    expect(page.sections, file).toEqual(sections);
    const drawn = page.charts.filter((x) => x.points > 0);
    expect(drawn.length, file).toBeGreaterThanOrEqual(4);
    for (const x of drawn) {
      expect(x.paths, `${file} ${x.id} has a drawn path`).toBeGreaterThan(0);
      expect(x.svgArea, `${file} ${x.id} is laid out`).toBeGreaterThan(0);
    }
    expect(page.overflowX, file).toBe(false);
  }
});
