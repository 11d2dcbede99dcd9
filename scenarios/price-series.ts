/**
 * `pricing.series`: the study's hourly CSV of the wholesale price and the day-ahead forecasts (OI-6). Read when
 * the study is loaded and validated like any input: every problem names the file, the line, the column, the
 * range (limits.ts SERIES_LIMITS) and the value.
 *
 *   time,wholesale_usd_per_mwh,temperature_c,system_load_mw
 *   2026-06-01T00:00,31.5,21.0,24100
 *
 * Row i is the hour that starts i hours after the study's start; its `time` is that hour's local wall-clock
 * time in the study's zone (so a DST day has 23 or 25 rows, as utilities' and ISOs' exports do). `time` and
 * `wholesale_usd_per_mwh` are required; `temperature_c` and `system_load_mw` are the forecasts an event rule
 * may use. Blank lines and lines starting with `#` are skipped.
 */
import { readFileSync } from 'node:fs';
import { sha256Hex } from './file-digest.ts';
import { LocalClock } from '../models/world/clock.ts';
import { didYouMean } from './errors.ts';
import { rangeText, SERIES_LIMITS } from './limits.ts';
import type { PriceSeries } from './types.ts';

const HOUR_MS = 3_600_000;
const COLUMNS = ['time', 'wholesale_usd_per_mwh', 'temperature_c', 'system_load_mw'] as const;
type ValueColumn = Exclude<(typeof COLUMNS)[number], 'time'>;

export interface SeriesProblem {
  /** 1-based line of the file, or undefined for the file as a whole. */
  line?: number;
  column?: string;
  expected: string;
  found: string;
}

export type SeriesResult = { ok: true; series: PriceSeries } | { ok: false; problems: SeriesProblem[] };

/**
 * Reads and checks the series: at least `hours` rows (the run's hours), each at the right local time, every value
 * a number within its column's range. Stops collecting after 20 problems (the rest are likely the same).
 */
export function readPriceSeries(file: string, start: string, timeZone: string, hours: number): SeriesResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, problems: [{ expected: 'a readable CSV file', found: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : `an unreadable file (${code ?? String(e)})` }] };
  }
  return parsePriceSeries(text, file, start, timeZone, hours);
}

/** The same checks on the CSV's text (a study may carry it inline, as resolved.yaml does); `file` names it. */
export function parsePriceSeries(text: string, file: string, start: string, timeZone: string, hours: number): SeriesResult {
  const problems: SeriesProblem[] = [];
  const lines = text.split(/\r?\n/);
  let header: string[] | null = null;
  let headerLine = 0;
  const rows: { line: number; cells: string[] }[] = [];
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) return;
    const cells = l.split(',').map((c) => c.trim());
    if (header === null) {
      header = cells;
      headerLine = i + 1;
    } else rows.push({ line: i + 1, cells });
  });
  if (header === null) return { ok: false, problems: [{ expected: `a header line naming the columns (${COLUMNS.join(', ')})`, found: 'an empty file' }] };
  const cols: string[] = header;
  cols.forEach((c, j) => {
    if ((COLUMNS as readonly string[]).includes(c) && cols.indexOf(c) === j) return;
    const guess = didYouMean(c, COLUMNS);
    const expected = cols.indexOf(c) !== j ? 'each column once' : guess ? `a known column (did you mean "${guess}"?)` : `one of the columns ${COLUMNS.join(', ')}`;
    problems.push({ line: headerLine, column: c, expected, found: `column "${c}"` });
  });
  for (const need of ['time', 'wholesale_usd_per_mwh'] as const) {
    if (!cols.includes(need)) problems.push({ line: headerLine, column: need, expected: `a column "${need}"`, found: `the columns ${cols.join(', ')}` });
  }
  if (problems.length > 0) return { ok: false, problems };

  const rowLimit = SERIES_LIMITS.rows;
  if (rows.length < Math.max(hours, rowLimit.min) || rows.length > rowLimit.max) {
    const want = `from ${Math.max(hours, rowLimit.min)} to ${rowLimit.max} rows (an hour a row from the study's start through its end; ${rowLimit.why})`;
    return { ok: false, problems: [{ expected: want, found: `${rows.length} rows` }] };
  }
  const clock = new LocalClock(start, timeZone);
  const at = (c: string) => cols.indexOf(c);
  const values = (c: ValueColumn) => (at(c) >= 0 ? new Array<number>(rows.length) : null);
  const out = { wholesale_usd_per_mwh: values('wholesale_usd_per_mwh')!, temperature_c: values('temperature_c'), system_load_mw: values('system_load_mw') };
  for (let i = 0; i < rows.length && problems.length < 20; i++) {
    const { line, cells } = rows[i];
    if (cells.length !== cols.length) {
      problems.push({ line, expected: `${cols.length} values (${cols.join(', ')})`, found: `${cells.length}` });
      continue;
    }
    const want = localIso(clock.localMs(i * HOUR_MS));
    const time = cells[at('time')];
    if ((/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00$/.test(time) ? time.slice(0, 16) : time) !== want) {
      problems.push({ line, column: 'time', expected: `the local time of hour ${i} after the study's start, ${want}`, found: JSON.stringify(time) });
    }
    for (const c of ['wholesale_usd_per_mwh', 'temperature_c', 'system_load_mw'] as const) {
      const target = out[c];
      if (!target) continue;
      const cell = cells[at(c)];
      const v = cell === '' ? NaN : Number(cell);
      const l = SERIES_LIMITS[c];
      if (!Number.isFinite(v) || v < l.min || v > l.max) {
        problems.push({ line, column: c, expected: `a number from ${rangeText(l)} (${l.why})`, found: JSON.stringify(cell) });
        continue;
      }
      target[i] = v;
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, series: { file, sha256: sha256Hex(text), csv: text, ...out } };
}

/** `YYYY-MM-DDTHH:MM` of a local wall-clock time given as ms since 1970-01-01T00:00 local. */
function localIso(localMs: number): string {
  return new Date(localMs).toISOString().slice(0, 16);
}

/** A problem as the `expected`/`found` halves of a study error at `pricing.series`. */
export function seriesMessage(file: string, p: SeriesProblem): { expected: string; found: string } {
  const where = [p.line !== undefined ? `line ${p.line}` : '', p.column ? `column ${p.column}` : ''].filter(Boolean).join(', ');
  return { expected: `in ${file}${where ? ` ${where}` : ''}: ${p.expected}`, found: p.found };
}
