/**
 * The report's OI-6 section: the pricing actor's event days against the weather — for each rule, the day-ahead
 * forecast of every candidate day (temperature high or system peak) with the trigger, the days called and the
 * days a program limit skipped — and a table of the called days with each event's shed.
 */
import type { Summary } from '../models/run-result.ts';
import { chartFigure } from './svg/figure.ts';
import { esc } from './svg/escape.ts';
import { formatNumber, formatSig } from './svg/format.ts';
import { countPoints, lineChart, type LineSeries } from './svg/line-chart.ts';

const CALLED = '#c0392b';
const SKIPPED = '#e69f00';
const FORECAST = '#0072b2';

export function pricingSection(s: Summary): string {
  const p = s.pricing;
  if (!p || (p.rules.length === 0 && p.hourly_prices === 0 && p.billing_cycles === 0)) {
    return `<p class="note">This study has no <code>pricing</code> section: CDCS sent only its timeline (no pricing actor).</p>`;
  }
  const kv = (k: string, v: string) => `<tr><th scope="row">${esc(k)}</th><td class="num">${esc(v)}</td></tr>`;
  const table =
    `<table class="kv"><thead><tr><th>pricing actor</th><th class="num">value</th></tr></thead><tbody>` +
    kv('Hourly prices sent (hours × programs)', formatNumber(p.hourly_prices)) +
    kv('Retail price mean / max ($/kWh)', `${formatSig(p.retail_price_mean, 4)} / ${formatSig(p.retail_price_max, 4)}`) +
    kv('Billing cycles / TOU schedules', `${formatNumber(p.billing_cycles)} / ${formatNumber(p.tou_schedules)}`) +
    kv('Event days called / skipped by a limit', `${formatNumber(p.event_days_called)} / ${formatNumber(p.skipped_days.length)}`) +
    `</tbody></table>`;
  const charts = p.rules.map((r) => {
    const unit = r.forecast === 'temperature' ? '°C' : 'MW';
    const what = r.forecast === 'temperature' ? 'forecast daily high (°C)' : 'forecast system peak (MW)';
    const pts = (keep: (v: string) => boolean) => r.days.map((d, i) => [i + 1, d.forecast !== null && keep(d.verdict) ? d.forecast : NaN] as [number, number]);
    const line = r.days.map((d, i) => [i + 1, d.forecast ?? NaN] as [number, number]);
    const series: LineSeries[] = [
      { name: 'forecast', color: FORECAST, points: line, width: 1.5 },
      { name: 'called', color: CALLED, points: pts((v) => v === 'called'), stroke: false, marker: 4 },
      { name: 'skipped by a limit', color: SKIPPED, points: pts((v) => v === 'season_limit' || v === 'consecutive_limit'), stroke: false, marker: 4 },
    ];
    const first = r.days[0]?.date ?? '';
    return chartFigure({
      id: `pricing-${r.program}`,
      title: `${r.program}: event days against the ${r.forecast === 'temperature' ? 'weather' : 'system load'}`,
      points: countPoints(series),
      note: `Each candidate day from ${first} (day 1): its day-ahead ${r.forecast === 'temperature' ? 'temperature high' : 'system peak'}; red: called; orange: met the trigger (${formatNumber(r.trigger)} ${unit}) but a program limit forbade it.`,
      legend: `<p class="legend"><span style="color:${FORECAST}">● forecast</span> <span style="color:${CALLED}">● called</span> <span style="color:${SKIPPED}">● skipped by a limit</span></p>`,
      body: () =>
        lineChart({
          id: `pricing-${r.program}`,
          title: `${r.program} event days against the forecast`,
          x: { label: 'day of the run', includeZero: false },
          y: { label: what, includeZero: false, include: [r.trigger] },
          series,
          refLines: [{ axis: 'y', value: r.trigger, label: `trigger ${formatNumber(r.trigger)} ${unit}`, color: CALLED, dash: '4 3' }],
        }),
    });
  });
  const rows = p.event_days
    .map((e) => `<tr><td>${esc(e.date)}</td><td>${esc(e.program)}</td><td class="num">${esc(formatSig(e.forecast, 5))}</td><td class="num">${esc(formatSig(e.shed_kw_mean, 4))}</td><td class="num">${esc(formatSig(e.energy_shed_kwh, 4))}</td></tr>`)
    .join('');
  const days = p.event_days.length
    ? `<table class="events" data-table="pricing-event-days"><thead><tr><th>event day</th><th>program</th><th class="num">forecast</th><th class="num">shed kW (mean)</th><th class="num">energy shed kWh</th></tr></thead><tbody>${rows}</tbody></table>` +
      `<p class="note">Shed is the window's (baseline − DR over the event, every region, from <code>load.events</code>): on a day with both a CPP and a PTR event over the same hours, both rows show the same window.</p>`
    : `<p class="note">No event day was called.</p>`;
  return table + charts.join('') + days;
}
