/**
 * A REAL run through the report: load scenarios/quickstart.yaml, run it on the C5 world, render report.html,
 * open it in Chromium with the network blocked, and require what the fixture test requires — no console
 * errors, no request attempts, every chart with data and a drawn path. The quick-start study exercises
 * registrations, a CPP and a DLC event, overrides and meter reads, so every chart must have data.
 * Screenshot: reports/__screenshots__/report-quickstart.png (git-ignored).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { runScenario } from '../models/world/run-scenario.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import { chromiumAvailable } from '../test/support/chromium.ts';
import { renderReport } from './render-report.ts';
import { checkReportPage } from './test-support/report-page.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'scsim-report-qs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('report.html of the quick-start run renders in Chromium with every chart, no errors and no network', async (ctx) => {
  chromiumAvailable(ctx);
  const loaded = await loadScenarioFile(join(here, '..', 'scenarios', 'quickstart.yaml'), []);
  if (!loaded.ok) throw new Error(`quickstart.yaml does not load: ${JSON.stringify(loaded.errors)}`);
  const result = await runScenario(loaded.scenario);
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReport(result, { name: loaded.scenario.name, description: loaded.scenario.description }));
  const page = await checkReportPage(file, join(here, '__screenshots__', 'report-quickstart.png'));

  expect(page.consoleErrors).toEqual([]);
  expect(page.blockedRequests).toEqual([]);
  expect(page.sections).toContain('steps');
  expect(page.charts.length).toBe(10);
  const empty = page.charts.filter((c) => !(c.points > 0)).map((c) => c.id);
  expect(empty, 'charts with no data in the quick-start run').toEqual([]);
  for (const c of page.charts) {
    expect(c.paths, `${c.id} has a drawn path`).toBeGreaterThan(0);
    expect(c.svgArea, `${c.id} is laid out`).toBeGreaterThan(0);
  }
  expect(page.overflowX).toBe(false);
});
