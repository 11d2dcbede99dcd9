/**
 * The run report: one self-contained HTML file (inline CSS, charts as inline SVG drawn here, no scripts, no
 * network) for a DR planner (load, shed, rebound, overrides) and a capacity engineer (thresholds, delivery
 * latency against the 2-minute SLA, queues, traffic). Pure: the same RunResult gives the same HTML.
 */
import type { DeliveryStats, RunResult, Summary } from '../models/run-result.ts';
import type { MetricPoint } from '../sim/metrics/point.ts';
import type { Priority } from '../scenarios/types.ts';
import {
  binSums,
  byMeasurement,
  cumulative,
  downsample,
  groupSeries,
  minuteGrid,
  onGrid,
  tagValues,
  timeSpan,
  totals,
} from './series.ts';
import { bandLegend, causeTable, eventBands, eventTable } from './response-events.ts';
import { NFR04_STEPS, STEPS } from './steps.ts';
import { nfr04Cell, slaBanner, slaTable } from './sla.ts';
import { REPORT_CSS } from './style.ts';
import { meteringSection } from './metering-section.ts';
import { demandLimitSection } from './demand-limit-section.ts';
import { adviceSection } from './advice-section.ts';
import { pricingSection } from './pricing-section.ts';
import type { AxisSpec } from './svg/axis.ts';
import { cdfChart } from './svg/cdf-chart.ts';
import { esc } from './svg/escape.ts';
import { chartFigure } from './svg/figure.ts';
import { formatDuration, formatNumber, formatPercent, formatSig, NOT_APPLICABLE } from './svg/format.ts';
import { legend, type LegendItem } from './svg/legend.ts';
import { countPoints, lineChart, type Band, type LineSeries } from './svg/line-chart.ts';
import { OKABE_ITO, PRIORITY_COLORS, PRIORITY_DASHES, seriesColor, seriesDash } from './svg/palette.ts';
import type { Pt } from './svg/path.ts';
import { smallMultiples } from './svg/small-multiples.ts';
import { clockLabel, dateTimeLabel, offsetLabel, parseInstant, timeAxisLabel, timeTicks, type Instant } from './svg/time-ticks.ts';

export interface ReportScenario {
  name: string;
  description?: string;
}

/** Priorities in reading order (most urgent first). */
const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];
/** Link classes in path order, NMS outward. */
const LINK_ORDER = ['wan', 'rf', 'han', 'broadcast'];
/** Longest series drawn per line; longer runs are thinned (max or mean per bucket). */
const MAX_POINTS = 1200;

const BASELINE = { color: OKABE_ITO.blue, dash: '7 4' };
const WITH_DR = { color: OKABE_ITO.vermillion, dash: undefined };

interface Ctx {
  result: RunResult;
  s: Summary;
  m: Map<string, MetricPoint[]>;
  start: Instant;
  clockKnown: boolean;
  grid: number[];
  x: AxisSpec;
  xSmall: AxisSpec;
  /** Simulated-ms domain shared by every time chart, so charts line up. */
  domain: [number, number];
  /** Local time (or time since start) of a simulated instant, for labels and tables. */
  time: (simMs: number) => string;
  /** Response windows shaded on every time chart, and their legend entries. */
  bands: Band[];
  bandLegend: LegendItem[];
}

/** Renders the whole report. `scenario` overrides the name in the summary and adds a description. */
export function renderReport(result: RunResult, scenario?: ReportScenario): string {
  const ctx = context(result);
  const s = ctx.s;
  const name = scenario?.name ?? s.scenario;
  const sections: [string, string, string][] = [
    ['thresholds', 'Thresholds', thresholdsSection(ctx)],
    ['population', 'Population', populationSection(ctx)],
    ['load', 'Load: baseline vs DR', loadSection(ctx)],
    ['shed', 'Shed and rebound', shedSection(ctx)],
    ['delivery', 'Delivery latency', deliverySection(ctx)],
    ['network', 'Network', networkSection(ctx)],
    ['overrides', 'Overrides', overridesSection(ctx)],
    ['metering', 'Usage feed (NFR-03)', meteringSection(s)],
    ['pricing', 'Pricing actor: event days (OI-6)', pricingSection(s)],
    ['steps', 'Step coverage', stepsSection(ctx)],
  ];
  // OI-5: only when the study asked for rate advice and someone was billed.
  if ((s.demand_limit ?? []).length > 0) sections.splice(sections.findIndex(([id]) => id === 'metering') + 1, 0, ['demand-limit', 'Premise demand limiting (EMS)', demandLimitSection(s)]);
  if ((s.rate_advice?.customers ?? 0) > 0) sections.splice(sections.length - 1, 0, ['rate-advice', 'Rate advice', adviceSection(s.rate_advice)]);
  const toc = `<nav class="toc" aria-label="Sections"><ol>${sections.map(([id, title]) => `<li><a href="#${id}">${esc(title)}</a></li>`).join('')}</ol></nav>`;
  const body = sections.map(([id, title, html]) => `<section id="${id}" data-section="${id}"><h2>${esc(title)}</h2>${html}</section>`).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Belt and braces: even if something slipped in, the page may not fetch anything.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="color-scheme" content="light">',
    `<title>${esc(name)} — smartconnect-sim run report</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body><div class="page">',
    header(ctx, name, scenario?.description),
    verdict(s),
    slaBanner(s),
    toc,
    '<main>',
    body,
    '</main>',
    `<footer>smartconnect-sim run report · run <span class="mono">${esc(s.run_id)}</span> · self-contained: no scripts, fonts or images are fetched. Step and requirement IDs refer to the C5 requirement catalog.</footer>`,
    '</div></body>',
    '</html>',
    '',
  ].join('\n');
}

function context(result: RunResult): Ctx {
  const s = result.summary;
  const m = byMeasurement(result.points);
  let start: Instant = { epochMs: 0, offsetMs: 0 };
  let clockKnown = true;
  try {
    start = parseInstant(result.start_instant);
  } catch {
    clockKnown = false;
  }
  const [t0, t1] = timeSpan(result.points);
  const simEnd = s.sim.sim_s > 0 ? s.sim.sim_s * 1000 : NaN;
  const lo = Number.isFinite(t0) ? Math.min(0, t0) : 0;
  const hi = Math.max(Number.isFinite(t1) ? t1 : 0, Number.isFinite(simEnd) ? simEnd : 0) || 60_000;
  const domain: [number, number] = [lo, hi];
  const grid = Number.isFinite(t0) ? minuteGrid(t0, t1, result.points.map((p) => p.t)) : [];
  const label = clockKnown ? timeAxisLabel(start) : 'time since start (h:mm)';
  const x: AxisSpec = { label, domain, ticks: timeTicks(start, lo, hi, 9) };
  const xSmall: AxisSpec = { label, domain, ticks: timeTicks(start, lo, hi, 4) };
  const multiDay = hi - lo > 24 * 3_600_000;
  const time = (ms: number): string => (!clockKnown ? formatDuration(ms) : multiDay ? dateTimeLabel(start, ms) : clockLabel(start, ms));
  const bands = eventBands(s.load, time);
  return { result, s, m, start, clockKnown, grid, x, xSmall, domain, time, bands, bandLegend: bandLegend(bands) };
}

// ---------------------------------------------------------------------------------------------- header

function header(ctx: Ctx, name: string, description: string | undefined): string {
  const { s, start } = ctx;
  const simMs = s.sim.sim_s * 1000;
  const span = ctx.clockKnown
    ? `${formatDuration(simMs)} — ${dateTimeLabel(start, 0)} → ${dateTimeLabel(start, simMs)} (${offsetLabel(start.offsetMs)})`
    : formatDuration(simMs);
  const rows: [string, string][] = [
    ['Seed', `<span class="mono">${esc(s.seed)}</span>`],
    ['Run id', `<span class="mono">${esc(s.run_id)}</span>`],
    ['Digest', `<span class="mono">${esc(s.digest)}</span>`],
    ['Simulated span', esc(span)],
    ['Wall time', esc(`${formatDuration(s.sim.wall_s * 1000)} on ${formatNumber(s.workers)} worker${s.workers === 1 ? '' : 's'}`)],
    ['Events', esc(`${formatNumber(s.sim.events)} events, ${formatNumber(s.sim.events_per_s)} events/s`)],
  ];
  return (
    `<header data-section="header"><p class="kicker">smartconnect-sim · C5 Customer Uses Smart Appliances · run report</p>` +
    `<h1>${esc(name)}</h1>` +
    (description ? `<p class="description">${esc(description)}</p>` : '') +
    (s.scenario !== name ? `<p class="description">Scenario name in summary.json: <span class="mono">${esc(s.scenario)}</span></p>` : '') +
    `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
    provenance(s) +
    `</header>`
  );
}

/** What ran, at the top of the page: the study file, its --set overrides, the simulator's version and commit. */
function provenance(s: Summary): string {
  const p = s.provenance as Summary['provenance'] | undefined;
  if (!p) return '';
  const mono = (v: string | number) => `<span class="mono">${esc(v)}</span>`;
  const rows: [string, string][] = [
    ['Study file', p.source ? mono(p.source) : 'not read from a file'],
    ['Overrides', p.sets.length ? p.sets.map((x) => `<code>--set ${esc(x)}</code>`).join(' ') : 'none'],
    ['Resolved study', `<a href="resolved.yaml">resolved.yaml</a> (every default filled in; hash ${mono(p.study_hash.slice(0, 16))})`],
    ['Simulator', `smartconnect-sim ${mono(p.version)}, commit ${mono(p.commit)}`],
  ];
  return `<dl class="meta" data-section="provenance" aria-label="Provenance">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function verdict(s: Summary): string {
  const th = s.thresholds ?? [];
  const failed = th.filter((t) => !t.ok);
  if (th.length === 0)
    return `<section class="verdict none" data-section="verdict" data-verdict="none" role="status"><strong>No thresholds set.</strong> This run has no pass/fail criteria; read the charts below.</section>`;
  if (failed.length === 0)
    return `<section class="verdict ok" data-section="verdict" data-verdict="ok" role="status"><strong>✔ All ${th.length} threshold${th.length === 1 ? '' : 's'} met.</strong></section>`;
  const items = failed.map((t) => `<li><code>${esc(t.name)}</code> — measured ${esc(fmtValue(t.value))}</li>`).join('');
  return (
    `<section class="verdict fail" data-section="verdict" data-verdict="fail" role="status"><strong>✘ ${failed.length} of ${th.length} threshold${th.length === 1 ? '' : 's'} breached</strong> (the run exits with code 3):` +
    `<ul>${items}</ul></section>`
  );
}

function fmtValue(v: number | null): string {
  // null: the figure is not applicable in this run (or the path held no number), so the threshold failed.
  return v === null || v === undefined ? NOT_APPLICABLE : formatSig(v, 4);
}

function thresholdsSection(ctx: Ctx): string {
  const th = ctx.s.thresholds ?? [];
  if (th.length === 0) return '<p>No thresholds were defined in the scenario.</p>';
  const rows = th
    .map(
      (t) =>
        `<tr data-threshold-ok="${t.ok}"><td><code>${esc(t.name)}</code></td><td class="num">${esc(fmtValue(t.value))}</td>` +
        `<td>${t.ok ? '<span class="ok-mark">✔ met</span>' : '<span class="bad-mark">✘ breached</span>'}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>threshold (path op value)</th><th class="num">measured</th><th>result</th></tr></thead><tbody>${rows}</tbody></table>`;
}

// ---------------------------------------------------------------------------------------------- population

function populationSection(ctx: Ctx): string {
  const p = ctx.s.population;
  const share = (n: number, of: number): string => (of > 0 ? formatPercent(n / of, 1) : '–');
  const rows: [string, number, string][] = [
    ['Customers', p.customers, ''],
    ['Appliances installed', p.appliances, ''],
    ['Registered (appliances, IHDs, EMSs)', p.registered, `${share(p.registered, p.appliances + p.ihds + p.emss)} of HAN devices`],
    ['Enrolled in a program', p.enrolled, `${share(p.enrolled, p.registered)} of registered`],
    ['Rejected at registration', p.rejected, `${share(p.rejected, p.appliances + p.ihds + p.emss)} of HAN devices`],
    ['Unregistered (public messages only)', p.unregistered, `${share(p.unregistered, p.appliances + p.ihds + p.emss)} of HAN devices`],
    ['In-home displays (IHDs)', p.ihds, `${share(p.ihds, p.customers)} of customers`],
    ['Energy management systems (EMSs)', p.emss, `${share(p.emss, p.customers)} of customers`],
  ];
  const main =
    `<table class="kv"><thead><tr><th>population</th><th class="num">count</th><th>share</th></tr></thead><tbody>` +
    rows.map(([k, v, sh]) => `<tr><th scope="row">${esc(k)}</th><td class="num">${formatNumber(v)}</td><td>${esc(sh)}</td></tr>`).join('') +
    `</tbody></table>`;
  const reasons = Object.entries(p.rejected_by_reason ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const rej =
    reasons.length === 0
      ? '<p>No registration was rejected.</p>'
      : `<table class="kv"><caption>Rejected by reason</caption><thead><tr><th>reason</th><th class="num">count</th><th>share</th></tr></thead><tbody>` +
        reasons.map(([k, v]) => `<tr><td><code>${esc(k)}</code></td><td class="num">${formatNumber(v)}</td><td>${esc(share(v, p.rejected))}</td></tr>`).join('') +
        `</tbody></table>`;
  return `<div class="two-col"><div>${main}</div><div>${rej}</div></div>`;
}

// ---------------------------------------------------------------------------------------------- load

/** A series on the run's minute grid, thinned for drawing; no values at all gives no points (so the chart shows "no data"). */
function pts(ctx: Ctx, values: ReadonlyMap<number, number> | undefined, missing: 'zero' | 'gap', mode: 'mean' | 'max' | 'last' = 'mean'): Pt[] {
  if (!values || values.size === 0) return [];
  return downsample(onGrid(values, ctx.grid, missing), MAX_POINTS, mode);
}

function loadPair(ctx: Ctx, filter?: (p: MetricPoint) => boolean): LineSeries[] {
  const load = ctx.m.get('load') ?? [];
  const base = groupSeries(load, null, 'baseline_kw', 'sum', filter).get('');
  const dr = groupSeries(load, null, 'dr_kw', 'sum', filter).get('');
  const out: LineSeries[] = [];
  if (base) out.push({ name: 'baseline (no DR)', ...BASELINE, width: 2, points: pts(ctx, base, 'zero') });
  if (dr) out.push({ name: 'with DR', ...WITH_DR, width: 2, points: pts(ctx, dr, 'zero') });
  return out;
}

const LOAD_LEGEND: LegendItem[] = [
  { name: 'baseline: the same appliances with no DR', ...BASELINE },
  { name: 'with DR: what the run produced', color: WITH_DR.color },
];

function loadSection(ctx: Ctx): string {
  const L = ctx.s.load;
  const load = ctx.m.get('load') ?? [];
  const total = loadPair(ctx);
  const totalFig = chartFigure({
    id: 'load-total',
    title: 'Total load (kW)',
    note: 'Sum over every region and appliance type, one value per simulated minute. The gap between the lines is the load the DR response removes (or, after the event, adds back).',
    points: countPoints(total),
    legend: legend([...LOAD_LEGEND, ...ctx.bandLegend]),
    emptyNote: 'the run emitted no load points',
    body: () =>
      lineChart({
        id: 'load-total',
        title: 'Total load, baseline vs DR',
        x: ctx.x,
        y: { label: 'load (kW)' },
        series: total,
        bands: ctx.bands,
        refLines: [
          ...(L.baseline_peak_kw > 0
            ? [{ axis: 'y' as const, value: L.baseline_peak_kw, label: `baseline peak ${formatNumber(L.baseline_peak_kw)} kW`, color: BASELINE.color, dash: '2 3', labelAt: 'start' as const }]
            : []),
        ],
      }),
  });
  const multiples = (id: string, title: string, tag: string, note: string): string => {
    const keys = tagValues(load, tag);
    // Region panels shade only the windows that reach their region.
    const panels = keys.map((k) => ({ key: k, title: k.replace(/_/g, ' '), series: loadPair(ctx, (p) => p.tags[tag] === k), bands: tag === 'region' ? eventBands(ctx.s.load, ctx.time, k) : ctx.bands }));
    const n = panels.reduce((a, p) => a + countPoints(p.series), 0);
    return chartFigure({
      id,
      title,
      note,
      points: n,
      legend: legend([...LOAD_LEGEND, ...ctx.bandLegend]),
      emptyNote: `no load points carry a ${tag} tag`,
      body: () => smallMultiples({ id, title, panels, x: ctx.xSmall, y: { label: 'load (kW)' } }),
    });
  };
  return (
    cards([
      ['Baseline peak', L.baseline_peak_kw, 'kW'],
      ['Peak with DR', L.dr_peak_kw, 'kW'],
      ['Peak with DR − baseline peak', L.dr_peak_kw - L.baseline_peak_kw, L.baseline_peak_kw > 0 ? `kW (${signed(((L.dr_peak_kw - L.baseline_peak_kw) / L.baseline_peak_kw) * 100, 1)} %)` : 'kW', true],
    ]) +
    totalFig +
    multiples('load-by-region', 'Load by region (kW)', 'region', 'One panel per region, all on the same kW scale, so a bigger region looks bigger.') +
    multiples('load-by-type', 'Load by appliance type (kW)', 'appliance_type', 'One panel per appliance type, all on the same kW scale: which types carry the shed.')
  );
}

/** "+12.5", "−3", "0". */
function signed(v: number | null, decimals = 0): string {
  const s = formatNumber(v, decimals);
  return v !== null && v > 0 && Number(v.toFixed(decimals)) !== 0 ? `+${s}` : s;
}

/** Figure cards: label, value, unit; a fourth element `true` prints the value with its sign. */
function cards(items: [string, number | null, string, boolean?][]): string {
  return (
    `<div class="cards">` +
    items
      .map(([label, v, unit, withSign]) => {
        const shown = withSign ? signed(v) : v !== null && Math.abs(v) >= 100 ? formatNumber(v) : formatSig(v, 3);
        return `<div class="card"><span class="label">${esc(label)}</span><span class="value">${esc(shown)}</span><span class="unit">${esc(unit)}</span></div>`;
      })
      .join('') +
    `</div>`
  );
}

function shedSection(ctx: Ctx): string {
  const L = ctx.s.load;
  const shedMap = groupSeries(ctx.m.get('load') ?? [], null, 'shed_kw', 'sum').get('');
  const shed = pts(ctx, shedMap, 'zero');
  const n = countPoints([{ points: shed }]);
  let peak: Pt | undefined;
  let trough: Pt | undefined;
  for (const p of shed) {
    if (!Number.isFinite(p[1])) continue;
    if (!peak || p[1] > peak[1]) peak = p;
    if (!trough || p[1] < trough[1]) trough = p;
  }
  const at = (p: Pt): string => (ctx.clockKnown ? clockLabel(ctx.start, p[0]) : formatDuration(p[0]));
  const facts: string[] = [];
  if (peak && peak[1] > 0) facts.push(`largest shed ${formatNumber(peak[1])} kW at ${at(peak)}`);
  if (trough && trough[1] < 0) facts.push(`largest rebound ${formatNumber(-trough[1])} kW above baseline at ${at(trough)}`);
  const series: LineSeries[] = [
    { name: 'shed (load below baseline)', color: OKABE_ITO.green, stroke: false, fillTo: 0, fillOpacity: 0.35, points: shed.map(([t, v]) => [t, Number.isFinite(v) ? Math.max(0, v) : v]) },
    { name: 'rebound (load above baseline)', color: OKABE_ITO.vermillion, stroke: false, fillTo: 0, fillOpacity: 0.35, points: shed.map(([t, v]) => [t, Number.isFinite(v) ? Math.min(0, v) : v]) },
    { name: 'shed = baseline − DR load', color: '#222', width: 1.5, points: shed },
  ];
  const fig = chartFigure({
    id: 'shed',
    title: 'Shed over time (kW)',
    note: `Shed = baseline − load with DR, summed over the fleet. Shaded spans are response windows: DR program events, price responses and autonomous (OI-1) responses. Above zero the fleet is holding load down; below zero load runs above baseline (rebound, e.g. thermostats recovering after a window).${facts.length ? ` In this run: ${facts.join('; ')}.` : ''}`,
    points: n,
    legend: legend([
      { name: 'shed', color: OKABE_ITO.green, kind: 'area' },
      { name: 'rebound', color: OKABE_ITO.vermillion, kind: 'area' },
      { name: `mean shed during response windows (${formatNumber(L.event_shed_kw_mean)} kW)`, color: '#000', dash: '5 4' },
      ...ctx.bandLegend,
    ]),
    emptyNote: 'the run emitted no load points',
    body: () =>
      lineChart({
        id: 'shed',
        title: 'Shed and rebound over time',
        x: ctx.x,
        y: { label: 'shed (kW)' },
        series,
        bands: ctx.bands,
        refLines: L.event_shed_kw_mean !== null && L.event_shed_kw_mean !== 0 ? [{ axis: 'y', value: L.event_shed_kw_mean, label: `mean shed during response windows ${formatNumber(L.event_shed_kw_mean)} kW`, color: '#000' }] : [],
      }),
  });
  return (
    cards([
      ['Mean shed during response windows', L.event_shed_kw_mean, 'kW'],
      ['Shed per participating device', L.shed_kw_per_participant, 'kW'],
      ['Shed per participating household', L.shed_kw_per_household, 'kW'],
      ['Rebound peak above baseline', L.rebound_peak_kw, 'kW'],
      ['Energy shed during response windows', L.energy_shed_kwh, 'kWh'],
      ['Energy recovered after them (net)', L.energy_recovered_kwh ?? 0, 'kWh'],
      ['Energy above baseline after them', L.energy_rebound_kwh, 'kWh'],
      ['Baseline peak', L.baseline_peak_kw, 'kW'],
      ['Peak with DR', L.dr_peak_kw, 'kW'],
      ['Overrides per participating device', ctx.s.overrides.rate, ''],
      ['Safety violations (FR-37)', L.safety_violations, ''],
    ]) +
    fig +
    causeTable(L) +
    eventTable(L, ctx.time, ctx.s.delivery.sla_s)
  );
}

// ---------------------------------------------------------------------------------------------- delivery

function deliverySection(ctx: Ctx): string {
  const s = ctx.s;
  const sla = s.delivery.sla_s;
  const cdfSeries = PRIORITIES.filter((p) => (ctx.result.latency_cdf?.[p] ?? []).length > 0).map((p) => ({
    name: p,
    color: PRIORITY_COLORS[p],
    dash: PRIORITY_DASHES[p],
    points: ctx.result.latency_cdf[p],
  }));
  const cdfN = cdfSeries.reduce((a, c) => a + c.points.length, 0);
  const within = (p: Priority): string => {
    const st = s.delivery.by_priority?.[p];
    return st && st.count > 0 ? `, ${formatPercent(st.within_sla, 2)} within ${formatSig(sla, 3)} s` : '';
  };
  const cdf = chartFigure({
    id: 'latency-cdf',
    title: 'Delivery latency, cumulative, by priority',
    note: `Read up from a latency to the share of messages delivered at least that fast; the dashed vertical line is the ${formatSig(sla, 3)} s SLA (NFR-04). A curve that reaches 100 % left of the line meets the SLA for every message.`,
    points: cdfN,
    legend: legend(cdfSeries.map((c) => ({ name: `${c.name}${within(c.name as Priority)}`, color: c.color, dash: c.dash }))),
    emptyNote: 'no message was delivered',
    body: () => cdfChart({ id: 'latency-cdf', title: 'Delivery latency CDF by priority', series: cdfSeries, slaS: sla }),
  });

  const delivery = ctx.m.get('delivery') ?? [];
  const p99 = groupSeries(delivery, 'priority', 'p99_s', 'max', (p) => (p.fields.count ?? 1) > 0);
  const p99Series: LineSeries[] = PRIORITIES.filter((p) => p99.has(p)).map((p) => ({
    name: `${p} p99`,
    color: PRIORITY_COLORS[p],
    dash: PRIORITY_DASHES[p],
    points: pts(ctx, p99.get(p), 'gap', 'max'),
  }));
  const p99Fig = chartFigure({
    id: 'latency-p99',
    title: 'Delivery latency p99 per minute, by priority (s)',
    note: `The 99th-percentile latency of the messages delivered in each simulated minute; gaps are minutes with no delivery of that priority. The dashed line is the ${formatSig(sla, 3)} s SLA.`,
    points: countPoints(p99Series),
    legend: legend([...p99Series.map((x) => ({ name: x.name, color: x.color, dash: x.dash })), ...ctx.bandLegend]),
    emptyNote: 'the run emitted no delivery points',
    body: () =>
      lineChart({
        id: 'latency-p99',
        title: 'Delivery latency p99 over time',
        x: ctx.x,
        y: { label: 'p99 latency (s)', include: [sla * 1.1] },
        series: p99Series,
        bands: ctx.bands,
        refLines: [{ axis: 'y', value: sla, label: `SLA ${formatSig(sla, 3)} s`, color: '#000' }],
      }),
  });

  const byPriority = deliveryTable(
    'By priority',
    'priority',
    PRIORITIES.filter((p) => s.delivery.by_priority?.[p]).map((p) => [p, s.delivery.by_priority[p], undefined]),
    sla,
  );
  const kinds = Object.keys(s.delivery.by_kind ?? {}).sort();
  for (const k of Object.keys(s.delivery.dropped ?? {})) if (!kinds.includes(k)) kinds.push(k);
  const byKind = deliveryTable(
    'By message kind',
    'kind',
    kinds.map((k) => [k, s.delivery.by_kind?.[k], s.delivery.dropped?.[k] ?? 0]),
    sla,
    s.sla ? { head: 'NFR-04 covers', cell: (k) => nfr04Cell(s, k) } : undefined,
  );
  return cdf + byPriority + slaTable(s) + p99Fig + byKind;
}

function deliveryTable(
  caption: string,
  keyName: string,
  rows: [string, DeliveryStats | undefined, number | undefined][],
  sla: number,
  extra?: { head: string; cell: (key: string) => string },
): string {
  const withDropped = rows.some((r) => r[2] !== undefined);
  const head =
    `<tr><th>${esc(keyName)}</th><th class="num">delivered</th><th class="num">p50 (s)</th><th class="num">p95 (s)</th><th class="num">p99 (s)</th><th class="num">max (s)</th><th class="num">within SLA</th>` +
    (withDropped ? '<th class="num">dropped</th>' : '') +
    (extra ? `<th>${esc(extra.head)}</th>` : '') +
    '</tr>';
  const body = rows
    .map(([k, st, dropped]) => {
      const dr = (withDropped ? `<td class="num">${formatNumber(dropped ?? 0)}</td>` : '') + (extra ? extra.cell(k) : '');
      // No delivery: its latencies and share are not applicable.
      if (!st || st.count === 0) return `<tr><td>${esc(k)}</td><td class="num">0</td>${`<td class="num">${NOT_APPLICABLE}</td>`.repeat(5)}${dr}</tr>`;
      const over = st.p99_s !== null && st.p99_s > sla;
      const p99 = over ? `<span class="bad-mark">✘ ${formatSig(st.p99_s, 3)}</span>` : formatSig(st.p99_s, 3);
      const w = st.within_sla !== null && st.within_sla < 1 ? `<span class="bad-mark">${formatPercent(st.within_sla, 2)}</span>` : formatPercent(st.within_sla, 2);
      return (
        `<tr data-key="${esc(k)}"><td>${esc(k)}</td><td class="num">${formatNumber(st.count)}</td><td class="num">${formatSig(st.p50_s, 3)}</td><td class="num">${formatSig(st.p95_s, 3)}</td>` +
        `<td class="num">${p99}</td><td class="num">${formatSig(st.max_s, 3)}</td><td class="num">${w}</td>${dr}</tr>`
      );
    })
    .join('');
  return `<table class="delivery"><caption>${esc(caption)} — SLA ${esc(formatSig(sla, 3))} s</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

// ---------------------------------------------------------------------------------------------- network

function orderLinks(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => {
    const ia = LINK_ORDER.indexOf(a);
    const ib = LINK_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}

function networkSection(ctx: Ctx): string {
  const s = ctx.s;
  const q = groupSeries(ctx.m.get('queue_depth') ?? [], 'link', 'max', 'max');
  const qSeries: LineSeries[] = orderLinks(q.keys()).map((k, i) => ({ name: k, color: seriesColor(i), dash: seriesDash(i), points: pts(ctx, q.get(k), 'zero', 'max') }));
  const qFig = chartFigure({
    id: 'queue-depth',
    title: 'Queue depth per link (messages, max per minute)',
    note: `The longest queue seen in each minute on each link class (NMS → WAN → RF mesh → meter → HAN, and the public broadcast channel). Priority queuing is ${s.network?.priority_queuing ? 'on: DR and utility messages go ahead of meter reads and firmware (NFR-02)' : 'off: one FIFO per link'}.`,
    points: countPoints(qSeries),
    legend: legend([...qSeries.map((x) => ({ name: x.name, color: x.color, dash: x.dash })), ...ctx.bandLegend]),
    emptyNote: 'the run emitted no queue_depth points',
    body: () => lineChart({ id: 'queue-depth', title: 'Queue depth per link', x: ctx.x, y: { label: 'queue depth (messages)' }, series: qSeries, bands: ctx.bands }),
  });

  const inflight = groupSeries(ctx.m.get('in_flight') ?? [], null, 'messages', 'max').get('');
  const ifSeries: LineSeries[] = inflight ? [{ name: 'messages in flight', color: OKABE_ITO.blue, points: pts(ctx, inflight, 'zero', 'max') }] : [];
  const ifFig = chartFigure({
    id: 'in-flight',
    title: 'Messages in flight',
    note: 'Messages sent and not yet delivered or dropped, anywhere in the chain. A level that keeps growing means the network cannot keep up.',
    points: countPoints(ifSeries),
    legend: ctx.bandLegend.length > 0 ? legend(ctx.bandLegend) : undefined,
    emptyNote: 'the run emitted no in_flight points',
    body: () => lineChart({ id: 'in-flight', title: 'Messages in flight', x: ctx.x, y: { label: 'messages in flight' }, series: ifSeries, height: 240, bands: ctx.bands }),
  });

  const bg = groupSeries(ctx.m.get('background') ?? [], 'class', 'messages', 'sum');
  const span = ctx.domain[1] - ctx.domain[0];
  const binMin = span <= 36 * 3_600_000 ? 15 : span <= 8 * 86_400_000 ? 60 : 24 * 60;
  const binLabel = binMin === 15 ? '15 min' : binMin === 60 ? 'hour' : 'day';
  const bgSeries: LineSeries[] = [...bg.keys()].sort().map((k, i) => ({
    name: k.replace(/_/g, ' '),
    color: seriesColor(i + 2),
    dash: seriesDash(i),
    curve: 'step',
    fillTo: 0,
    fillOpacity: 0.12,
    points: binSums(bg.get(k), ctx.domain[0], ctx.domain[1] - 1, binMin * 60_000),
  }));
  const bgFig = chartFigure({
    id: 'background',
    title: `Background traffic (messages per ${binLabel})`,
    note: `Interval meter reads and firmware blocks competing with C5 messages for the same links, summed per ${binLabel}. Totals: ${formatNumber(s.delivery.background?.meter_reads ?? 0)} meter reads, ${formatNumber(s.delivery.background?.firmware_blocks ?? 0)} firmware blocks, ${formatNumber(s.delivery.background?.bytes ?? 0)} bytes.`,
    points: countPoints(bgSeries.map((x) => ({ points: x.points.filter(([, v]) => v > 0) }))),
    legend: legend([...bgSeries.map((x) => ({ name: x.name, color: x.color, dash: x.dash })), ...ctx.bandLegend]),
    emptyNote: 'no meter reads or firmware were configured',
    body: () => lineChart({ id: 'background', title: 'Background traffic', x: ctx.x, y: { label: `messages per ${binLabel}` }, series: bgSeries, height: 240, bands: ctx.bands }),
  });

  const qmax = s.network?.queue_depth_max ?? {};
  const qTable =
    `<table class="kv"><caption>Largest queue depth per link</caption><thead><tr><th>link</th><th class="num">max depth (messages)</th></tr></thead><tbody>` +
    orderLinks(Object.keys(qmax)).map((k) => `<tr><td>${esc(k)}</td><td class="num">${formatNumber(qmax[k] ?? 0)}</td></tr>`).join('') +
    `</tbody></table>`;
  const dec = Object.entries(s.network?.decode_errors ?? {}).filter(([, v]) => v > 0);
  const decTable =
    dec.length === 0
      ? '<p>No decode errors.</p>'
      : `<table class="kv"><caption>Decode errors</caption><thead><tr><th>message</th><th class="num">count</th></tr></thead><tbody>` +
        dec.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="num"><span class="bad-mark">${formatNumber(v)}</span></td></tr>`).join('') +
        `</tbody></table>`;

  const msg = totals(ctx.m.get('messages') ?? [], ['kind', 'priority', 'visibility']);
  const msgRows = [...msg.values()].sort(
    (a, b) => (a.tags.kind ?? '').localeCompare(b.tags.kind ?? '') || PRIORITIES.indexOf(a.tags.priority as Priority) - PRIORITIES.indexOf(b.tags.priority as Priority) || (a.tags.visibility ?? '').localeCompare(b.tags.visibility ?? ''),
  );
  const msgTable =
    msgRows.length === 0
      ? ''
      : `<table><caption>Messages by kind, priority and visibility (totals over the run)</caption><thead><tr><th>kind</th><th>priority</th><th>visibility</th><th class="num">sent</th><th class="num">delivered</th><th class="num">dropped</th></tr></thead><tbody>` +
        msgRows
          .map(
            (r) =>
              `<tr><td>${esc(r.tags.kind)}</td><td>${esc(r.tags.priority)}</td><td>${esc(r.tags.visibility)}</td><td class="num">${formatNumber(r.fields.sent ?? 0)}</td>` +
              `<td class="num">${formatNumber(r.fields.delivered ?? 0)}</td><td class="num">${(r.fields.dropped ?? 0) > 0 ? `<span class="bad-mark">${formatNumber(r.fields.dropped ?? 0)}</span>` : '0'}</td></tr>`,
          )
          .join('') +
        `</tbody></table>`;
  return qFig + `<div class="two-col"><div>${qTable}</div><div>${decTable}</div></div>` + ifFig + bgFig + msgTable;
}

// ---------------------------------------------------------------------------------------------- overrides

function overridesSection(ctx: Ctx): string {
  const o = ctx.s.overrides;
  const pts0 = ctx.m.get('overrides') ?? [];
  const byRegion = groupSeries(pts0, 'region', 'count', 'sum');
  const settings = groupSeries(pts0, null, 'settings_changes', 'sum').get('');
  const series: LineSeries[] = [...byRegion.keys()].sort().map((k, i) => ({
    name: `${k} overrides`,
    color: seriesColor(i),
    dash: seriesDash(i),
    curve: 'step',
    points: downsample(cumulative(onGrid(byRegion.get(k), ctx.grid, 'zero')), MAX_POINTS, 'last'),
  }));
  if (settings && [...settings.values()].some((v) => v > 0))
    series.push({ name: 'settings changes (all regions)', color: '#444', dash: '2 3', curve: 'step', width: 1.75, points: downsample(cumulative(onGrid(settings, ctx.grid, 'zero')), MAX_POINTS, 'last') });
  const n = series.length > 0 ? countPoints(series) : 0;
  const fig = chartFigure({
    id: 'overrides',
    title: 'Overrides over time (cumulative count)',
    note: 'Running total of customer overrides of a programmed DR response (S2-05), per region; a steep rise shows when customers give up on an event. Settings changes that have the same effect are counted separately.',
    points: pts0.length > 0 ? n : 0,
    legend: legend([...series.map((x) => ({ name: x.name, color: x.color, dash: x.dash })), ...ctx.bandLegend]),
    emptyNote: 'no customer overrode a DR response in this run',
    body: () => lineChart({ id: 'overrides', title: 'Cumulative overrides by region', x: ctx.x, y: { label: 'overrides (cumulative)' }, series, height: 260, bands: ctx.bands }),
  });
  const rows: [string, number][] = [
    ['Overrides (S2-05)', o.count],
    ['Reported to CDCS (S2-06)', o.reported_to_cdcs],
    ['Reported to CSS (S2-07)', o.reported_to_css],
    ['Reported to MDMS', o.reported_to_mdms],
    ['Settings changes', o.settings_changes],
  ];
  const table =
    `<table class="kv"><thead><tr><th>overrides</th><th class="num">count</th></tr></thead><tbody>` +
    rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td class="num">${formatNumber(v ?? 0)}</td></tr>`).join('') +
    `</tbody></table>`;
  return table + fig;
}

// ---------------------------------------------------------------------------------------------- steps

function stepsSection(ctx: Ctx): string {
  const steps = ctx.s.steps ?? {};
  const known = new Set(STEPS.map((x) => x.id));
  const extra = Object.keys(steps)
    .filter((k) => !known.has(k))
    .sort()
    .map((id) => ({ id, actor: '–', text: 'Not in the C5 step catalog.' }));
  const all = [...STEPS, ...extra];
  const zero = all.filter((x) => !((steps[x.id] ?? 0) > 0)).length;
  const rows = all
    .map((x) => {
      const c = steps[x.id] ?? 0;
      const cell = c > 0 ? formatNumber(c) : `<span class="zero-mark" title="step not exercised">⚠ 0 — not exercised</span>`;
      return (
        `<tr data-step="${esc(x.id)}" data-count="${c}"${c > 0 ? '' : ' class="zero"'}><td class="mono">${esc(x.id)}</td><td>${esc(x.actor)}</td><td>${esc(x.text)}` +
        `${NFR04_STEPS.has(x.id) ? ' <small>(2-min SLA, NFR-04)</small>' : ''}</td><td class="num">${cell}</td></tr>`
      );
    })
    .join('');
  const head =
    zero === 0
      ? `<p><span class="ok-mark">✔</span> Every one of the ${all.length} steps was exercised at least once.</p>`
      : `<p><span class="zero-mark">⚠ ${zero} of ${all.length} steps</span> were not exercised in this run (highlighted).</p>`;
  return head + `<table class="steps"><thead><tr><th>step</th><th>actor</th><th>what happens</th><th class="num">count</th></tr></thead><tbody>${rows}</tbody></table>`;
}
