/**
 * The report as a browser sees it: Debian's Chromium opens the written report.html from disk with every
 * network request blocked, and we require no console errors, no request attempts, and every chart drawn.
 * The full-page screenshot lands in reports/__screenshots__/report.png (git-ignored) for a human to look at.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { chromiumAvailable } from '../test/support/chromium.ts';
import { renderReport } from './render-report.ts';
import { checkReportPage } from './test-support/report-page.ts';
import { fixtureRunResult } from './test-support/fixture-run-result.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'scsim-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('report.html of a 6-hour DR afternoon renders in Chromium with every chart, no errors and no network', async (ctx) => {
  chromiumAvailable(ctx);
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReport(fixtureRunResult(), { name: 'Summer CPP afternoon (fixture)', description: 'A 2-hour CPP event at 14:00 on a hot August afternoon; two regions, three appliance types.' }));
  const page = await checkReportPage(file, join(here, '__screenshots__', 'report.png'));

  expect(page.consoleErrors).toEqual([]);
  expect(page.blockedRequests).toEqual([]);
  expect(page.title).toContain('Summer CPP afternoon (fixture)');
  // What ran (study file, --set, version, commit) sits in the header, before the verdict.
  expect(page.sections).toEqual(['header', 'provenance', 'verdict', 'sla-verdict', 'thresholds', 'population', 'load', 'shed', 'delivery', 'network', 'overrides', 'metering', 'demand-limit', 'pricing', 'rate-advice', 'steps']);
  expect(page.charts.length).toBe(11);
  for (const c of page.charts) {
    expect(c.points, `${c.id} data-points`).toBeGreaterThan(0);
    expect(c.paths, `${c.id} has a drawn path`).toBeGreaterThan(0);
    expect(c.svgArea, `${c.id} is laid out`).toBeGreaterThan(0);
  }
  expect(page.overflowX).toBe(false);
  expect(page.navHiddenInPrint).toBe(true);
});
