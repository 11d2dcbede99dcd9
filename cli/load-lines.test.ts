/** The end-of-run table's load lines, with the by-cause line. */
import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../reports/test-support/fixture-run-result.ts';
import { summaryTable } from './summary-table.ts';

describe('end-of-run table: load', () => {
  const s = fixtureRunResult({ breach: false }).summary;
  const lines = summaryTable(s, 'runs/x').split('\n');

  it('has a by-cause line under the load line naming each cause, its energy shed and back, and its events', () => {
    const i = lines.findIndex((l) => l.startsWith('load '));
    expect(i).toBeGreaterThan(0);
    const by = s.load.by_cause;
    expect(lines[i + 1]).toBe(
      `  by cause  program ${by.program.energy_shed_kwh.toFixed(0)} kWh shed, ${by.program.energy_recovered_kwh.toFixed(0)} kWh back (2 events); ` +
        `price none; autonomous ${by.autonomous.energy_shed_kwh.toFixed(0)} kWh shed, ${by.autonomous.energy_recovered_kwh.toFixed(0)} kWh back (1 event)`,
    );
  });

  it('leaves load out when the run had no load', () => {
    const none = { ...s, load: { ...s.load, baseline_peak_kw: 0 } };
    expect(summaryTable(none, 'runs/x')).not.toContain('by cause');
  });
});
