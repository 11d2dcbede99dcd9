/** The end-of-run table's load lines: peaks, shed and rebound of every response, and the same by cause. */
import { overlapWarning } from '../models/response-overlap.ts';
import type { Summary } from '../models/run-result.ts';
import { fixedOrNa } from './figure-text.ts';

const CAUSES = ['program', 'price', 'autonomous'] as const;

export function loadLines(load: Summary['load']): string[] {
  if (!(load.baseline_peak_kw > 0)) return [];
  const lines = [
    `load        baseline peak ${load.baseline_peak_kw.toFixed(0)} kW, DR peak ${load.dr_peak_kw.toFixed(0)} kW, shed ${fixedOrNa(load.event_shed_kw_mean)} kW mean, rebound peak ${fixedOrNa(load.rebound_peak_kw)} kW`,
  ];
  const by = load.by_cause;
  if (by) {
    const parts = CAUSES.map((c) => {
      const f = by[c];
      if (!f || f.events === 0) return `${c} none`;
      return `${c} ${f.energy_shed_kwh.toFixed(0)} kWh shed, ${f.energy_recovered_kwh.toFixed(0)} kWh back (${f.events} event${f.events === 1 ? '' : 's'})`;
    });
    lines.push(`  by cause  ${parts.join('; ')}`);
  }
  const overlap = Array.isArray(load.events) ? overlapWarning(load.events) : null;
  if (overlap) lines.push(`  warning   ${overlap}`);
  return lines;
}
