import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'scsim-series-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GOOD = readFileSync(join(here, 'data', 'test-2days.csv'), 'utf8');

function study(csv: string, pricing = ''): { file: string; text: string } {
  writeFileSync(join(dir, 'series.csv'), csv);
  const text = `name: s
start: 2026-07-15T00:00:00
duration: 30h
population: {customers: 2}
programs: [{id: cpp, kind: CPP}, {id: rtp, kind: RTP}]
pricing:
  series: series.csv
  hourly_programs: [rtp]
  events: [{program: cpp, forecast: temperature, trigger: 30}]
${pricing}`;
  const file = join(dir, 'study.yaml');
  writeFileSync(file, text);
  return { file, text };
}

const errorsOf = (csv: string, pricing = '') => {
  const { file, text } = study(csv, pricing);
  const r = parseScenario(text, file);
  return r.ok ? [] : r.errors.map((e) => e.message);
};

/** Line n (1-based) of the fixture replaced. */
const withLine = (n: number, line: string) => GOOD.split('\n').map((l, i) => (i === n - 1 ? line : l)).join('\n');

describe('pricing.series, validated like any input', () => {
  it('loads the fixture: 48 hourly rows, relative to the study file', () => {
    const { file, text } = study(GOOD);
    const r = parseScenario(text, file);
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([]);
    if (!r.ok) return;
    expect(r.scenario.pricing!.series.wholesale_usd_per_mwh).toHaveLength(48);
    // The file as the study names it (resolved.yaml copies it beside itself), and the SHA-256 of its text.
    expect(r.scenario.pricing!.series.file).toBe('series.csv');
    expect(r.scenario.pricing!.series.sha256).toBe(createHash('sha256').update(readFileSync(join(dir, 'series.csv'))).digest('hex'));
  });

  it('a value out of range names the file, the line, the column, the range and the value', () => {
    const [e] = errorsOf(withLine(7, '2026-07-15T04:00,52.00,71.5,15800'));
    expect(e).toContain('pricing.series');
    expect(e).toContain('series.csv line 7');
    expect(e).toContain('column temperature_c');
    expect(e).toContain('-50 to 60');
    expect(e).toContain('"71.5"');
  });

  it('not a number, a wrong hour, a missing column, an unknown column, too few rows, no file', () => {
    expect(errorsOf(withLine(3, '2026-07-15T00:00,abc,25.0,15000'))[0]).toMatch(/line 3, column wholesale_usd_per_mwh: a number from -21474000 to 21474000 .*found "abc"/);
    expect(errorsOf(withLine(4, '2026-07-15T02:00,43.00,25.5,15200'))[0]).toMatch(/line 4, column time: the local time of hour 1 after the study's start, 2026-07-15T01:00, found "2026-07-15T02:00"/);
    expect(errorsOf(GOOD.replace('time,wholesale_usd_per_mwh,', 'time,'))[0]).toMatch(/a column "wholesale_usd_per_mwh"/);
    expect(errorsOf(GOOD.replace('system_load_mw', 'system_lod_mw'))[0]).toMatch(/column system_lod_mw: a known column \(did you mean "system_load_mw"\?\)/);
    expect(errorsOf(GOOD.split('\n').slice(0, 20).join('\n'))[0]).toMatch(/from 30 to 8808 rows .* found 18 rows/);
    const r = parseScenario(study(GOOD).text.replace('series.csv', 'nowhere.csv'), join(dir, 'study.yaml'));
    expect(r.ok ? '' : r.errors[0].message).toMatch(/pricing.series: expected in nowhere.csv: a readable CSV file, found no such file/);
  });

  it('a forecast the series lacks, an event longer than the program allows, a retail price below zero', () => {
    const noTemp = GOOD.split('\n').map((l) => l.split(',').filter((_, j) => j !== 2).join(',')).join('\n');
    expect(errorsOf(noTemp)).toEqual([expect.stringMatching(/pricing.events\[0\].forecast: expected a forecast the series has \(a column temperature_c in series.csv\)/)]);
    const long = study(GOOD).text.replace('trigger: 30}', 'trigger: 30, hours: 6}');
    const r = parseScenario(long, join(dir, 'study.yaml'));
    expect(r.ok ? '' : r.errors[0].message).toMatch(/pricing.events\[0\].hours: expected at most the program's event_limits.hours_per_day \(4\), found 6/);
    expect(errorsOf(withLine(5, '2026-07-15T02:00,-500,26.0,15400'))[0]).toMatch(/hour 2 .*a retail price .* from 0 to 21474 per kWh, found -500/);
  });

  it('scsim validate exits 2 with one line naming file, line, column, range and value, no stack trace', () => {
    const { file } = study(withLine(10, '2026-07-15T07:00,61.00,26.6,-5'));
    const r = spawnSync(process.execPath, [join(here, '..', 'bin', 'scsim.js'), 'validate', file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pricing.series: expected in series.csv line 10, column system_load_mw: a number from 0 to 1000000 .*found "-5"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
