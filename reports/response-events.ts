/**
 * The response windows of a run in the report (summary.json `load.events`): shaded bands for every time
 * chart, their legend, the per-event table and the by-cause table. Summaries without events (older runs)
 * give no bands and a sentence instead of the tables.
 */
import { overlapWarning } from '../models/response-overlap.ts';
import type { LoadEvent, ResponseCause, Summary } from '../models/run-result.ts';
import { esc } from './svg/escape.ts';
import { formatNumber, formatSig } from './svg/format.ts';
import type { LegendItem } from './svg/legend.ts';
import type { Band } from './svg/line-chart.ts';
import { OKABE_ITO } from './svg/palette.ts';

const CAUSES: readonly ResponseCause[] = ['program', 'price', 'autonomous'];

export const CAUSE_COLORS: Record<ResponseCause, string> = { program: OKABE_ITO.orange, price: OKABE_ITO.skyBlue, autonomous: OKABE_ITO.purple };

const CAUSE_NAMES: Record<ResponseCause, string> = {
  program: 'DR program event',
  price: 'price response',
  autonomous: 'autonomous response (OI-1)',
};

/** Formats a simulated time (ms) for labels and tables. */
export type TimeLabel = (simMs: number) => string;

function eventsOf(load: Summary['load'] | undefined): LoadEvent[] {
  return Array.isArray(load?.events) ? load.events : [];
}

/**
 * One band per window (cause, name, start, end), naming the regions it covers; with `region`, only the
 * windows that reach that region.
 */
export function eventBands(load: Summary['load'] | undefined, time: TimeLabel, region?: string): Band[] {
  const byWindow = new Map<string, { e: LoadEvent; regions: string[] }>();
  for (const e of eventsOf(load)) {
    if (region !== undefined && e.region !== region) continue;
    const key = `${e.cause}|${e.name}|${e.start_s}|${e.end_s}`;
    const slot = byWindow.get(key);
    if (slot) slot.regions.push(e.region);
    else byWindow.set(key, { e, regions: [e.region] });
  }
  return [...byWindow.values()].map(({ e, regions }) => ({
    from: e.start_s * 1000,
    to: e.end_s * 1000,
    color: CAUSE_COLORS[e.cause] ?? OKABE_ITO.black,
    kind: e.cause,
    label: `${CAUSE_NAMES[e.cause] ?? e.cause}: ${e.name}, ${time(e.start_s * 1000)}–${time(e.end_s * 1000)} (${regions.join(', ')})`,
  }));
}

/** Legend entries for the causes that have a band. */
export function bandLegend(bands: readonly Band[]): LegendItem[] {
  return CAUSES.filter((c) => bands.some((b) => b.kind === c)).map((c) => ({ name: `shaded: ${CAUSE_NAMES[c]} window`, color: CAUSE_COLORS[c], kind: 'band' as const }));
}

/** Whose load an event's figures are measured on: its programs' participants, or every appliance (OI-1; older summaries). */
function measuredOn(e: LoadEvent): string {
  const on = Array.isArray(e.measured_on) ? e.measured_on : ['*'];
  return on.includes('*') ? 'every appliance' : `${on.join(', ')} participants`;
}

/** Every response window by region: when, how many devices had the signal in time, what it shed and what came back. */
export function eventTable(load: Summary['load'] | undefined, time: TimeLabel, slaS: number): string {
  const events = eventsOf(load);
  if (events.length === 0) return '<p data-events="0">No response window in this run: no DR event, price response above a program\'s threshold or power-system condition.</p>';
  const sla = formatSig(slaS, 3);
  const head =
    `<tr><th>cause</th><th>program / condition</th><th>region</th><th>measured on</th><th>start</th><th>end</th>` +
    `<th class="num">devices reached within ${esc(sla)} s</th><th class="num">mean shed (kW)</th><th class="num">energy shed (kWh)</th>` +
    `<th class="num">energy recovered (kWh)</th><th class="num">snapback peak (kW)</th></tr>`;
  const rows = events
    .map((e) => {
      const late = e.devices_reached - e.devices_reached_within_sla;
      const reached = `${formatNumber(e.devices_reached_within_sla)} of ${formatNumber(e.devices_reached)}`;
      const snap = e.snapback_peak_kw === null || e.snapback_peak_kw <= 0 ? formatNumber(e.snapback_peak_kw) : `${formatNumber(e.snapback_peak_kw)} (+${formatNumber(e.snapback_peak_pct, 0)} %)`;
      return (
        `<tr data-event-cause="${esc(e.cause)}" data-region="${esc(e.region)}"><td>${esc(e.cause)}</td><td>${esc(e.name)}</td><td>${esc(e.region)}</td><td>${esc(measuredOn(e))}</td>` +
        `<td>${esc(time(e.start_s * 1000))}</td><td>${esc(time(e.end_s * 1000))}</td>` +
        `<td class="num">${late > 0 ? `<span class="bad-mark">${reached}</span>` : reached}</td>` +
        `<td class="num">${formatNumber(e.shed_kw_mean, 1)}</td><td class="num">${formatNumber(e.energy_shed_kwh, 1)}</td>` +
        `<td class="num">${formatNumber(e.energy_recovered_kwh, 1)}</td><td class="num">${snap}</td></tr>`
      );
    })
    .join('');
  return (
    `<div class="table-scroll"><table class="events" data-events="${events.length}"><caption>Response events, one row per region — shed over the window, recovery after it ` +
    `(until another window on the same devices starts, at most 4 h), on the load of the devices that respond in it</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>`
  );
}

/** Shed, recovery and rebound by cause; the energies add up to the run's totals. */
export function causeTable(load: Summary['load'] | undefined): string {
  const by = load?.by_cause;
  if (!by) return '';
  const rows = CAUSES.map((c) => {
    const f = by[c];
    if (!f) return '';
    return (
      `<tr data-cause="${c}"><th scope="row">${esc(CAUSE_NAMES[c])}</th><td class="num">${formatNumber(f.events)}</td><td class="num">${formatNumber(f.shed_kw_mean, 1)}</td>` +
      `<td class="num">${formatNumber(f.energy_shed_kwh, 1)}</td><td class="num">${formatNumber(f.energy_recovered_kwh, 1)}</td><td class="num">${formatNumber(f.rebound_peak_kw, 1)}</td></tr>`
    );
  }).join('');
  const total =
    `<tr data-cause="total"><th scope="row">all responses</th><td class="num">${formatNumber(eventsOf(load).length)}</td><td class="num">${formatNumber(load!.event_shed_kw_mean, 1)}</td>` +
    `<td class="num">${formatNumber(load!.energy_shed_kwh, 1)}</td><td class="num">${formatNumber(load!.energy_recovered_kwh ?? 0, 1)}</td><td class="num">${formatNumber(load!.rebound_peak_kw, 1)}</td></tr>`;
  const overlap = overlapWarning(eventsOf(load));
  const warning = overlap ? `<p class="warning" data-overlap="1">Caution: ${esc(overlap)}.</p>` : '';
  return (
    warning +
    `<div class="table-scroll"><table class="by-cause"><caption>Shed by cause</caption><thead><tr><th>cause</th><th class="num">events</th><th class="num">mean shed (kW)</th>` +
    `<th class="num">energy shed (kWh)</th><th class="num">energy recovered (kWh)</th><th class="num">rebound peak (kW)</th></tr></thead><tbody>${rows}${total}</tbody></table></div>`
  );
}
