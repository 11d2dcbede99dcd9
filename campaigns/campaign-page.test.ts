import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../test/support/close.ts';

/**
 * campaign.html from a real tiny sweep: the intervals, paired differences and merged latencies it shows are
 * recomputed here from the run folders' summary.json files (t quantile from a printed table), the charts
 * have data and interval bands, and the page is rebuilt byte for byte when the campaign is resumed.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scsim-campaign-page-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, 'c');
const args = ['sweep', 'campaigns/fixtures/tiny.yaml', '--vary', 'population.customers=20,40', '--reps', '3', '--parallel', '2', '--out', dir, '--quiet', '--metric', 'delivery.by_priority.high.p99_s', '--metric', 'sim.events'];
const sweep = () => spawnSync(process.execPath, ['bin/scsim.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true', SCSIM_SPIN: '0' } });
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

/** Student's t, 97.5 % quantile, 2 degrees of freedom (any printed t table). */
const T975_DF2 = 4.302652729911275;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const half = (xs: number[]) => (T975_DF2 * Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1))) / Math.sqrt(xs.length);


const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));

describe('campaign.html', () => {
  let html = '';
  let summaries: (point: number) => Record<string, any>[];
  beforeAll(() => {
    const r = sweep();
    expect(r.status, r.stderr).toBe(0);
    html = readFileSync(join(dir, 'campaign.html'), 'utf8');
    const c = readJson(join(dir, 'campaign.json'));
    summaries = (point) =>
      c.runs
        .filter((x: { point: number }) => x.point === point)
        .sort((a: { rep: number }, b: { rep: number }) => a.rep - b.rep)
        .map((x: { dir: string }) => readJson(join(dir, x.dir, 'summary.json')));
  }, 600_000);

  it('per point: the mean and Student-t interval of each metric over its replications', () => {
    for (const point of [0, 1]) {
      const ev = summaries(point).map((s) => s.sim.events as number);
      const row = html.match(new RegExp(`<table class="points">.*?<tr data-point="${point}">(.*?)</tr>`, 's'))![1]!;
      const cell = attrs(row.match(/<td class="num" data-metric="sim\.events"[^>]*>/)![0]);
      expect(Number(cell['data-mean'])).toBeCloseTo(mean(ev), 9);
      expectClose(Number(cell['data-high']) - mean(ev), half(ev));
      expectClose(mean(ev) - Number(cell['data-low']), half(ev));
    }
  });

  it('paired differences: replication r of point 1 against replication r of point 0', () => {
    const d = summaries(1).map((s, r) => s.sim.events - summaries(0)[r]!.sim.events);
    const row = html.match(/<tr data-from="0" data-to="1" data-metric="sim\.events">(.*?)<\/tr>/s)![1]!;
    const cell = attrs(row.match(/<td class="num" data-delta[^>]*>/)![0]);
    expect(Number(cell['data-delta'])).toBeCloseTo(mean(d), 9);
    expectClose(Number(cell['data-high']) - mean(d), half(d));
  });

  it('merged latency per point: counts and share within the SLA of the pooled deliveries', () => {
    for (const point of [0, 1]) {
      const high = summaries(point).map((s) => s.delivery.by_priority.high);
      const count = high.reduce((n, h) => n + h.count, 0);
      const within = high.reduce((n, h) => n + h.count * h.within_sla, 0) / count;
      const row = html.match(new RegExp(`<table class="latency">.*?<tr data-point="${point}">(.*?)</tr>`, 's'))![1]!;
      const cell = attrs(row.match(/<td class="num" data-priority="high"[^>]*>/)![0]);
      expect(Number(cell['data-count'])).toBe(count);
      expect(row).toContain(`${Number((within * 100).toPrecision(6))} %`);
      // latency.json holds the same merge, with the merged sketch itself (mergeable further).
      const merged = readJson(join(dir, 'latency.json')).points[point];
      expect(merged.runs_merged).toBe(3);
      expect(merged.by_priority.high.count).toBe(count);
      expect(merged.by_priority.high.within_sla).toBeCloseTo(within, 12);
      expect(merged.by_priority.high.p99_s).toBe(Number(cell['data-p99']));
      expect(merged.sketches.high.counts.reduce((n: number, k: number) => n + k, merged.sketches.high.zeroCount)).toBe(count);
      // The pooled p99 lies between the replications' own p99s, within the sketch's 1 % relative error.
      const p99 = Number(cell['data-p99']);
      expect(p99).toBeGreaterThanOrEqual(Math.min(...high.map((h) => h.p99_s)) * 0.99);
      expect(p99).toBeLessThanOrEqual(Math.max(...high.map((h) => h.p99_s)) * 1.01);
    }
  });

  it('draws each metric against the varied field with interval bands, and load and latency per point overlaid', () => {
    for (const id of ['metric-sim-events-by-population-customers', 'metric-delivery-by_priority-high-p99_s-by-population-customers', 'campaign-load', 'campaign-shed', 'campaign-latency-high']) {
      const fig = html.match(new RegExp(`<figure class="chart-figure" data-chart="${id}" data-points="(\\d+)">(.*?)</figure>`, 's'));
      expect(fig, id).not.toBeNull();
      expect(Number(fig![1]), id).toBeGreaterThan(0);
      if (id.startsWith('metric-')) expect(fig![2], id).toMatch(/<path class="interval-band" d="M[^"]+Z"/);
      else expect([...fig![2]!.matchAll(/<path d="M[^"]+" stroke=/g)].length, id).toBeGreaterThanOrEqual(2);
    }
    expect(html).not.toMatch(/<script/);
  });

  it('is rebuilt byte for byte when the campaign is run again (every run skipped)', () => {
    const latency = readFileSync(join(dir, 'latency.json'), 'utf8');
    const again = sweep();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/ran 0, already done 6/);
    expect(readFileSync(join(dir, 'campaign.html'), 'utf8')).toBe(html);
    expect(readFileSync(join(dir, 'latency.json'), 'utf8')).toBe(latency);
  });
});
