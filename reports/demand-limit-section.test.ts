/** The report's and the end-of-run table's DEMAND_LIMIT figures: each program with the EMS and without it. */
import { describe, expect, test } from 'vitest';
import { demandLimitLines } from '../cli/demand-limit-lines.ts';
import { renderReport } from './render-report.ts';
import { fixtureRunResult } from './test-support/fixture-run-result.ts';

describe('demand limiting in the report and the table', () => {
  test('a section per program: time, energy and peak above the limit, with the EMS and in the counterfactual', () => {
    const result = fixtureRunResult();
    const d = result.summary.demand_limit[0];
    const html = renderReport(result);
    const start = html.indexOf('id="demand-limit"');
    expect(start).toBeGreaterThan(0);
    const section = html.slice(start, html.indexOf('</section>', start));
    expect(section).toContain(`${d.program}: ${d.premises} premises, limit ${d.limit_kw} kW`);
    expect(section).toContain('without (exact counterfactual)');
    // The fixture's figures at three significant digits: energy above 18.2 vs 310.7 kWh, mean peaks 9.4 vs 12.8 kW.
    for (const v of ['<td class="num">18.2</td><td class="num">311</td>', '<td class="num">9.4</td><td class="num">12.8</td>']) expect(section).toContain(v);
  });

  test('no section and no line without a DEMAND_LIMIT program', () => {
    const result = fixtureRunResult();
    result.summary.demand_limit = [];
    expect(renderReport(result)).not.toContain('Premise demand limiting (EMS)');
    expect(demandLimitLines(result.summary)).toEqual([]);
  });

  test('one line per program in the end-of-run table', () => {
    const s = fixtureRunResult().summary;
    const [line] = demandLimitLines(s);
    expect(line).toContain('ems-6kw: 100 premises under 6 kW');
    expect(line).toContain('above it 12.9 min/premise with the EMS (96.1 without)');
    expect(line).toContain('1,240 sheds, 1,190 restores');
  });
});
