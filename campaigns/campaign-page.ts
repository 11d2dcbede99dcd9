/**
 * campaign.html: a campaign on one self-contained page, built from its folder alone (campaign.json,
 * statistics.json, the run folders), so `scsim sweep` rewrites it on every invocation, resumed or not:
 *   - each chosen metric against each varied field, the mean with its Student-t interval as a band (one line
 *     per combination of the other fields' levels);
 *   - per point: the metrics' intervals, and latency from the replications' sketches merged exactly;
 *   - the paired differences (statistics.json) next to the unpaired width of the same runs;
 *   - load and shed per minute of every point overlaid (mean over replications), latency CDFs per point.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esc, slug } from '../reports/svg/escape.ts';
import { chartFigure } from '../reports/svg/figure.ts';
import { legend } from '../reports/svg/legend.ts';
import { countPoints, lineChart, type LineSeries } from '../reports/svg/line-chart.ts';
import { seriesColor, seriesDash } from '../reports/svg/palette.ts';
import type { Statistics } from './analysis.ts';
import { pointLabel, type Point } from './design.ts';
import { CompareInputError } from './compare-sources.ts';
import { plain } from './compare-text.ts';
import { pointLatency, type PointLatency } from './merged-sketches.ts';
import { latencyOverlay, loadOverlay, meanLoadCurve } from './overlay-charts.ts';
import { pageShell } from './page-shell.ts';
import { PRIORITIES, readSketches } from './run-curves.ts';
import type { Interval } from './statistics.ts';

export const CAMPAIGN_PAGE = 'campaign.html';

interface CampaignJson {
  name: string;
  study: string;
  sets: string[];
  seed: number;
  reps: number;
  factors: { path: string; levels: unknown[] }[] | null;
  points: Point[];
  runs: { point: number; rep: number; seed: number; key: string; dir: string }[];
}

export interface PointView {
  point: Point;
  label: string;
  /** Finished run folders of the point, in replication order. */
  dirs: string[];
  latency: PointLatency;
}

export const LATENCY_FILE = 'latency.json';

/**
 * Writes campaign.html and latency.json (each point's merged latency sketches and their p50, p99, max and
 * share within the SLA) into the campaign folder `dir`.
 */
export function writeCampaignPage(dir: string, write: (name: string, text: string) => void): void {
  const views = pointViews(dir, readJson<CampaignJson>(dir, 'campaign.json'));
  write(LATENCY_FILE, JSON.stringify(latencyJson(views), null, 2) + '\n');
  write(CAMPAIGN_PAGE, campaignPage(dir, views));
}

/** latency.json: per point, the merged sketches (mergeable further) and what they give. */
export function latencyJson(points: readonly PointView[]) {
  return {
    note: "per point, its replications' delivery-latency sketches merged exactly (bin-wise sums): p50 and p99 of the pooled deliveries within the sketch's relative error, within_sla exact",
    points: points.map((p) => ({
      point: p.point.index,
      values: p.point.values,
      runs_merged: p.latency.runs,
      by_priority: p.latency.by_priority,
      sketches: Object.fromEntries(PRIORITIES.map((pr) => [pr, p.latency.sketches[pr]?.toJSON() ?? null])),
    })),
  };
}

function pointViews(dir: string, c: CampaignJson): PointView[] {
  return c.points.map((p) => {
    const dirs = c.runs
      .filter((r) => r.point === p.index)
      .sort((a, b) => a.rep - b.rep)
      .map((r) => join(dir, r.dir))
      .filter((d) => existsSync(join(d, 'summary.json')));
    const sketches = dirs.map(readSketches).filter((s) => s !== undefined);
    return { point: p, label: `#${p.index} ${pointLabel(p)}`, dirs, latency: pointLatency(sketches) };
  });
}

/** The page of the campaign in `dir` (exit 2 naming the folder when it is not a finished campaign's). */
export function campaignPage(dir: string, views?: readonly PointView[]): string {
  const c = readJson<CampaignJson>(dir, 'campaign.json');
  const stats = readJson<Statistics>(dir, 'statistics.json');
  const points = views ?? pointViews(dir, c);
  const slaS = firstSla(points) ?? 120;
  const pct = Math.round(stats.confidence * 1000) / 10;
  const sections: [string, string, string][] = [
    ['metrics', 'Metrics against the varied fields', metricCharts(c, stats, pct)],
    ['points', 'Per point', pointsTable(stats, points, pct)],
    ['differences', 'Paired differences', differencesTable(stats, points, pct)],
    ['latency', 'Delivery latency per point (merged sketches)', latencyTable(points) + latencyOverlay('campaign', points.map((p) => ({ label: p.label, sketches: p.latency.runs > 0 ? p.latency.sketches : undefined })), slaS)],
    ['load', 'Load curves per point', loadOverlay('campaign', points.map((p) => ({ label: p.label, curve: meanLoadCurve(p.dirs) })), 'point')],
  ];
  const finished = points.reduce((n, p) => n + p.dirs.length, 0);
  const meta: [string, string][] = [
    ['Study', `<span class="mono">${esc(c.study)}</span>${c.sets.length > 0 ? ` with <span class="mono">${esc(c.sets.join(' '))}</span>` : ''}`],
    ['Design', esc(c.factors && c.factors.length > 0 ? c.factors.map((f) => `${f.path} ∈ {${f.levels.map((v) => JSON.stringify(v)).join(', ')}}`).join(' × ') : `${c.points.length} listed points`)],
    ['Replications', esc(`${c.reps} per point; replication r runs with seed ${c.seed} + r at every point (common random numbers), so differences between points are paired`)],
    ['Runs finished', esc(`${finished} of ${c.runs.length}`)],
    ['Intervals', esc(`${pct} % two-sided Student-t`)],
  ];
  return pageShell({
    title: `Campaign ${c.name}`,
    kicker: 'smartconnect-sim · scsim sweep · campaign',
    head: `<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
    sections,
    footer: `smartconnect-sim campaign page, rebuilt from the campaign folder by every <span class="mono">scsim sweep</span> of it.`,
  });
}

function readJson<T>(dir: string, file: string): T {
  const path = join(dir, file);
  if (!existsSync(path)) throw new CompareInputError(`${dir}: expected a campaign folder holding ${file}, found none`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    throw new CompareInputError(`${path}: expected JSON, found a file that does not parse`);
  }
}

function firstSla(points: readonly PointView[]): number | undefined {
  for (const p of points) for (const pr of PRIORITIES) {
    const t = p.latency.sketches[pr]?.thresholds[0];
    if (t !== undefined) return t;
  }
  return undefined;
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '–' : plain(x));
const intervalText = (i: Interval | undefined) => (!i || i.mean === null ? '–' : `${fmt(i.mean)}${i.half_width === null ? '' : ` ± ${fmt(i.half_width)}`}`);

/** Each metric against each factor (or the point index for a list of points), with interval bands. */
function metricCharts(c: CampaignJson, stats: Statistics, pct: number): string {
  if (stats.metrics.length === 0) return '<p>No metric to show: no run has finished.</p>';
  const byIndex = new Map(stats.points.map((p) => [p.point, p]));
  const axes: { path: string; levels: unknown[] }[] = c.factors && c.factors.length > 0 ? c.factors : [{ path: 'point', levels: c.points.map((p) => p.index) }];
  const out: string[] = [];
  for (const metric of stats.metrics) {
    for (const f of axes) {
      const numeric = f.levels.every((v) => typeof v === 'number');
      const xOf = (v: unknown) => (numeric ? (v as number) : f.levels.findIndex((l) => JSON.stringify(l) === JSON.stringify(v)));
      const valueOf = (p: Point) => (f.path === 'point' ? p.index : p.values[f.path]);
      // One line per combination of the other factors' levels.
      const groups = new Map<string, Point[]>();
      for (const p of c.points) {
        const key = Object.entries(p.values).filter(([k]) => k !== f.path).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
        groups.set(key, [...(groups.get(key) ?? []), p]);
      }
      const series: LineSeries[] = [];
      const items: { name: string; color: string; dash?: string }[] = [];
      [...groups.entries()].forEach(([key, pts], j) => {
        const sorted = [...pts].sort((a, b) => xOf(valueOf(a)) - xOf(valueOf(b)));
        const iv = (p: Point) => byIndex.get(p.index)?.metrics[metric];
        const at = (p: Point, y: number | null | undefined) => [xOf(valueOf(p)), y ?? NaN] as const;
        const name = key || metric;
        series.push({ name: `${name}: ${pct} % interval`, color: seriesColor(j), points: sorted.map((p) => at(p, iv(p)?.high)), lower: sorted.map((p) => at(p, iv(p)?.low)), stroke: false });
        series.push({ name, color: seriesColor(j), dash: seriesDash(j), width: 2, points: sorted.map((p) => at(p, iv(p)?.mean)) });
        items.push({ name, color: seriesColor(j), dash: seriesDash(j) });
      });
      const id = `metric-${slug(metric)}-by-${slug(f.path)}`;
      const x = numeric
        ? { label: f.path, includeZero: false }
        : { label: f.path, domain: [-0.5, f.levels.length - 0.5] as const, ticks: f.levels.map((v, i) => ({ value: i, label: typeof v === 'string' ? v : JSON.stringify(v) })) };
      const means = series.filter((s) => s.lower === undefined);
      out.push(
        chartFigure({
          id,
          title: `${metric} against ${f.path}`,
          note: `The mean over the replications of each point; the band is its ${pct} % Student-t interval.${groups.size > 1 ? ' One line per level of the other varied fields.' : ''}`,
          points: countPoints(means),
          legend: legend([...items, ...(items.length > 0 ? [{ name: `${pct} % interval`, color: '#777', kind: 'band' as const }] : [])]),
          emptyNote: 'no finished run has this metric',
          body: () => lineChart({ id, title: `${metric} against ${f.path}`, x, y: { label: metric, includeZero: false }, series }),
        }),
      );
    }
  }
  return out.join('');
}

function pointsTable(stats: Statistics, points: readonly PointView[], pct: number): string {
  const head = `<tr><th>point</th><th class="num">runs</th>${stats.metrics.map((m) => `<th class="num mono">${esc(m)}</th>`).join('')}</tr>`;
  const rows = stats.points.map((s) => {
    const label = points.find((p) => p.point.index === s.point)?.label ?? `#${s.point}`;
    const cells = stats.metrics.map((m) => {
      const i = s.metrics[m];
      const data = i && i.mean !== null ? ` data-mean="${i.mean}"${i.low !== null ? ` data-low="${i.low}" data-high="${i.high}"` : ''}` : '';
      // The figure may be null (not applicable) in some runs: n says how many had it, "n/a" when none did.
      const shown = i && i.n === 0 && s.runs_ok > 0 ? 'n/a' : `${intervalText(i)}${i && i.n > 0 && i.n < s.runs_ok ? ` (n ${i.n})` : ''}`;
      return `<td class="num" data-metric="${esc(m)}" data-n="${i?.n ?? 0}"${data}>${esc(shown)}</td>`;
    });
    return `<tr data-point="${s.point}"><td>${esc(label)}</td><td class="num">${s.runs_ok}</td>${cells.join('')}</tr>`;
  });
  return `<p class="note">Mean ± half-width of the ${pct} % Student-t interval over each point's finished replications.</p><div class="table-scroll"><table class="points"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function differencesTable(stats: Statistics, points: readonly PointView[], pct: number): string {
  if (stats.differences.length === 0) return '<p>No pair of points to compare.</p>';
  // Points by number (the per-point table names their values; hovering shows them).
  const label = (i: number) => points.find((p) => p.point.index === i)?.label ?? `#${i}`;
  const rows = stats.differences.map((d) => {
    const p = d.paired;
    const clear = p.low !== null && p.high !== null && (p.low > 0 || p.high < 0);
    const narrow = p.half_width !== null && d.unpaired.half_width !== null && p.half_width > 0 ? `${plain(d.unpaired.half_width / p.half_width)}×` : '–';
    const data = p.mean !== null ? ` data-delta="${p.mean}"${p.low !== null ? ` data-low="${p.low}" data-high="${p.high}"` : ''}` : '';
    return (
      `<tr data-from="${d.from}" data-to="${d.to}" data-metric="${esc(d.metric)}"><td class="mono">${esc(d.metric)}</td><td class="mono">${esc(d.factor ?? 'vs point 0')}</td>` +
      `<td title="${esc(`${label(d.to)} − ${label(d.from)}`)}">#${d.to} − #${d.from}</td><td class="num"${data}>${clear ? '<strong>' : ''}${esc(intervalText(p))}${clear ? '</strong>' : ''}</td>` +
      `<td class="num">${p.low === null ? '–' : esc(`[${fmt(p.low)}, ${fmt(p.high)}]`)}</td><td class="num">${p.n}</td><td class="num">${esc(d.unpaired.half_width === null ? '–' : `± ${fmt(d.unpaired.half_width)}`)}</td><td class="num">${esc(narrow)}</td></tr>`
    );
  });
  return (
    `<p class="note">Replication r of one point against replication r of the other (the same seed): the mean difference ± the half-width of its ${pct} % interval; bold when the interval excludes 0. ` +
    `"unpaired" is Welch's half-width for the same runs taken as independent samples; the last column is how many times narrower pairing made it.</p>` +
    `<div class="table-scroll"><table class="differences"><thead><tr><th>metric</th><th>varied</th><th>points</th><th class="num">paired Δ</th><th class="num">interval</th><th class="num">pairs</th><th class="num">unpaired</th><th class="num">narrower</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

function latencyTable(points: readonly PointView[]): string {
  const head = `<tr><th>point</th><th class="num">runs merged</th>${PRIORITIES.map((p) => `<th class="num">${p}: count</th><th class="num">p50 s</th><th class="num">p99 s</th><th class="num">within SLA</th>`).join('')}</tr>`;
  const rows = points.map((p) => {
    const cells = PRIORITIES.map((pr) => {
      const l = p.latency.by_priority[pr];
      const data = l ? ` data-priority="${pr}" data-count="${l.count}"${l.p50_s !== null ? ` data-p50="${l.p50_s}" data-p99="${l.p99_s}"` : ''}` : '';
      return `<td class="num"${data}>${l ? l.count : '–'}</td><td class="num">${fmt(l?.p50_s)}</td><td class="num">${fmt(l?.p99_s)}</td><td class="num">${l?.within_sla == null ? '–' : esc(`${plain(l.within_sla * 100)} %`)}</td>`;
    });
    return `<tr data-point="${p.point.index}"><td>${esc(p.label)}</td><td class="num">${p.latency.runs}</td>${cells.join('')}</tr>`;
  });
  return (
    `<p class="note">Each point's replications merged into one latency sketch per priority (bin-wise sums: exactly the sketch of all their deliveries pooled), so p50 and p99 are of the pooled latencies, within DDSketch's 1 % relative error; the share within the SLA is exact.</p>` +
    `<div class="table-scroll"><table class="latency"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}
