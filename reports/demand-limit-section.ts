/**
 * The report's section on DEMAND_LIMIT programs: per program, the premises' time, energy and peak above the limit
 * with the EMS against the exact counterfactual without it, the EMSs' commands, and how quickly they reacted.
 */
import type { Summary } from '../models/run-result.ts';
import { esc } from './svg/escape.ts';
import { formatNumber, formatSig } from './svg/format.ts';

export function demandLimitSection(s: Summary): string {
  return (s.demand_limit ?? []).map((d) => {
    const c = d.controlled, x = d.counterfactual;
    const row = (k: string, a: string, b: string) => `<tr><th scope="row">${esc(k)}</th><td class="num">${esc(a)}</td><td class="num">${esc(b)}</td></tr>`;
    const g = (v: number | null) => formatSig(v, 3);
    const table =
      `<table class="kv"><thead><tr><th>${esc(d.program)}: ${esc(formatNumber(d.premises))} premises, limit ${esc(g(d.limit_kw))} kW</th><th class="num">with the EMS</th><th class="num">without (exact counterfactual)</th></tr></thead><tbody>` +
      [
        row('Time above the limit, premise-hours', g(c.premise_hours_above), g(x.premise_hours_above)),
        row('Time above the limit, minutes per premise', g(c.minutes_above_per_premise), g(x.minutes_above_per_premise)),
        row('Energy above the limit, kWh', g(c.energy_above_kwh), g(x.energy_above_kwh)),
        row('Premise peak demand, mean kW', g(c.peak_kw_mean), g(x.peak_kw_mean)),
        row('Premise peak demand, max kW', g(c.peak_kw_max), g(x.peak_kw_max)),
      ].join('') +
      `</tbody></table>`;
    const note =
      `<p class="note">The EMS acts only on the demand it holds from the meter's usage feed (NFR-03): ${esc(formatNumber(d.commands.shed))} sheds and ` +
      `${esc(formatNumber(d.commands.restore))} restores of ${esc(formatNumber(d.appliances))} appliances (restore margin ${esc(g(d.restore_margin_kw))} kW, at least ${esc(g(d.min_off_s / 60))} min off). ` +
      `A stretch above the limit while it still had something to shed lasted at most ${esc(g(d.longest_actionable_stretch_s))} s (${esc(formatNumber(d.actionable_stretches))} such stretches): its reaction, one appliance per fresh reading; ` +
      `${esc(g(d.saturated_premise_hours))} premise-hours above it came with nothing left to shed (or before the EMS held a value).</p>`;
    return table + note;
  }).join('');
}
