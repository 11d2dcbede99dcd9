import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../test/support/close.ts';

/**
 * `scsim compare` end to end on real tiny runs: the deltas are the differences of the summary.json values
 * read from the files; a campaign's points get Student-t intervals and paired differences computed here
 * from the run files with a printed t table; the page holds the overlaid charts; bad input is exit 2.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STUDY = 'campaigns/fixtures/tiny.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'scsim-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scsim = (args: string[]) =>
  spawnSync(process.execPath, ['bin/scsim.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true', SCSIM_SPIN: '0' } });
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** Student's t, 97.5 % quantile, 2 degrees of freedom (any printed t table). */
const T975_DF2 = 4.302652729911275;

/** The <td> attributes of one table row of the page, by field. */
function rowCells(html: string, field: string): Record<string, string>[] {
  const row = html.match(new RegExp(`<tr data-field="${field.replace(/[.[\]]/g, (c) => `\\${c}`)}"[^>]*>(.*?)</tr>`));
  if (!row) return [];
  return [...row[1]!.matchAll(/<td ([^>]*)>/g)].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

/** Numeric leaves of a summary.json, as dotted paths. */
function numbers(v: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof v === 'number') out.set(path, v);
  else if (Array.isArray(v)) v.forEach((x, i) => numbers(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) numbers(x, path ? `${path}.${k}` : k, out);
  return out;
}


describe('scsim compare', () => {
  const a = join(tmp, 'a'), b = join(tmp, 'b'), campaign = join(tmp, 'campaign'), other = join(tmp, 'other');
  beforeAll(() => {
    for (const [dir, extra] of [[a, []], [b, ['--seed', '8', '--set', 'population.customers=40']]] as const) {
      const r = scsim(['run', STUDY, '--out', dir, '--quiet', ...extra]);
      expect(r.status, r.stderr).toBe(0);
    }
    const s = scsim(['sweep', STUDY, '--vary', 'population.customers=30,40', '--reps', '3', '--parallel', '2', '--out', campaign, '--quiet']);
    expect(s.status, s.stderr).toBe(0);
    // Another campaign on the same seeds (7, 8, 9): its runs pair with the first campaign's.
    const o = scsim(['sweep', STUDY, '--set', 'population.customers=35', '--reps', '3', '--parallel', '2', '--out', other, '--quiet']);
    expect(o.status, o.stderr).toBe(0);
  }, 600_000);

  it('two runs: every numeric delta is B − A of the two summary.json files; the table prints only what differs', () => {
    const out = join(tmp, 'ab.html');
    const r = scsim(['compare', a, b, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const sa = numbers(readJson(join(a, 'summary.json'))), sb = numbers(readJson(join(b, 'summary.json')));
    const html = readFileSync(out, 'utf8');
    let checked = 0;
    for (const [field, va] of sa) {
      const vb = sb.get(field);
      if (vb === undefined) continue;
      const delta = rowCells(html, field).find((c) => c.class === 'num delta' && c['data-column'] === 'B');
      expect(delta, field).toBeDefined();
      expect(Number(delta!['data-delta']), field).toBe(vb - va);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    // The terminal table: the customers differ by 10; a field equal in both (the SLA) only with --all.
    expect(r.stdout).toMatch(/^population\.customers\s+30\s+40\s+\+10$/m);
    const events = r.stdout.match(/^sim\.events\s+(\d+)\s+(\d+)\s+([+-]\d+)$/m);
    expect(Number(events![3])).toBe(sb.get('sim.events')! - sa.get('sim.events')!);
    expect(r.stdout).not.toMatch(/^delivery\.sla_s\s/m);
    expect(scsim(['compare', a, b, '--out', out, '--all']).stdout).toMatch(/^delivery\.sla_s\s+120\s+120\s+0$/m);
  });

  it('the page holds the overlaid load, shed and latency charts with data, and nothing that fetches', () => {
    const r = scsim(['compare', a, b]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(join(a, 'compare.html'), 'utf8'); // default: in the first folder
    for (const id of ['compare-load', 'compare-shed', 'compare-latency-high']) {
      const fig = html.match(new RegExp(`<figure class="chart-figure" data-chart="${id}" data-points="(\\d+)">(.*?)</figure>`, 's'));
      expect(fig, id).not.toBeNull();
      expect(Number(fig![1])).toBeGreaterThan(0);
      // One drawn line per run.
      expect([...fig![2]!.matchAll(/<path d="M[^"]+" stroke=/g)].length, id).toBeGreaterThanOrEqual(2);
    }
    expect(html).toContain(`default-src 'none'`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('a campaign: each point gets its Student-t interval, and point 1 − point 0 is paired over the common seeds', () => {
    const out = join(tmp, 'campaign.html');
    const r = scsim(['compare', campaign, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const c = readJson(join(campaign, 'campaign.json'));
    const runsOf = (point: number) => c.runs.filter((x: { point: number }) => x.point === point).sort((x: { rep: number }, y: { rep: number }) => x.rep - y.rep);
    const events = (point: number): number[] => runsOf(point).map((x: { dir: string }) => readJson(join(campaign, x.dir, 'summary.json')).sim.events as number);
    const ev0 = events(0), ev1 = events(1);
    expect(ev0).toHaveLength(3);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const half = (xs: number[]) => T975_DF2 * Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) / Math.sqrt(xs.length);
    const html = readFileSync(out, 'utf8');
    const cells = rowCells(html, 'sim.events');
    const cellB = cells.find((x) => x['data-column'] === 'B' && x.class === 'num')!;
    expect(Number(cellB['data-mean'])).toBeCloseTo(mean(ev1), 9);
    expectClose(Number(cellB['data-high']) - Number(cellB['data-mean']), half(ev1));
    const d = ev1.map((x, i) => x - ev0[i]!);
    expect(new Set(d).size).toBeGreaterThan(1); // the replications differ, so the interval has a width
    const delta = cells.find((x) => x.class === 'num delta')!;
    expect(delta['data-kind']).toBe('paired');
    expect(Number(delta['data-delta'])).toBeCloseTo(mean(d), 9);
    expectClose(mean(d) - Number(delta['data-low']), half(d));
    expectClose(Number(delta['data-high']) - mean(d), half(d));
    // The terminal shows the intervals too.
    expect(r.stdout).toMatch(/^sim\.events\s+\S+ ±\S+\s+\S+ ±\S+\s+[+-]\S+ \[\S+, \S+\] paired$/m);
  });

  it('two campaigns on the same seeds: their points are paired run by run', () => {
    const out = join(tmp, 'two.html');
    const r = scsim(['compare', other, campaign, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const eventsOf = (dir: string, point: number): Map<number, number> => {
      const c = readJson(join(dir, 'campaign.json'));
      return new Map(c.runs.filter((x: { point: number }) => x.point === point).map((x: { dir: string }) => {
        const s = readJson(join(dir, x.dir, 'summary.json'));
        return [s.seed as number, s.sim.events as number];
      }));
    };
    const base = eventsOf(other, 0), b0 = eventsOf(campaign, 0);
    expect([...base.keys()].sort()).toEqual([...b0.keys()].sort());
    const d = [...base.keys()].map((seed) => b0.get(seed)! - base.get(seed)!);
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
    const delta = rowCells(readFileSync(out, 'utf8'), 'sim.events').find((x) => x.class === 'num delta' && x['data-column'] === 'B')!;
    expect(delta['data-kind']).toBe('paired');
    expect(Number(delta['data-delta'])).toBeCloseTo(mean, 9);
    expectClose(Number(delta['data-high']) - mean, (T975_DF2 * sd) / Math.sqrt(3));
  });

  it('bad input is exit 2 naming the path, without a stack trace', () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    for (const [path, why] of [[join(tmp, 'missing'), /nothing at that path/], [empty, /found neither/], [file, /found a file/]] as const) {
      const r = scsim(['compare', a, path]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(path);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(scsim(['compare']).status).toBe(2);
    expect(scsim(['compare', a, '--confidence', '1.5']).status).toBe(2);
  });
});
