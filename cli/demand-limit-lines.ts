/** The end-of-run lines of DEMAND_LIMIT programs: each program's premises above the limit, with the EMS and without it. */
import type { Summary } from '../models/run-result.ts';
import { fixedOrNa } from './figure-text.ts';

const n = (x: number) => x.toLocaleString('en-US');
const f1 = (x: number | null) => fixedOrNa(x, 1);

export function demandLimitLines(s: Summary): string[] {
  return (s.demand_limit ?? []).map((d) => {
    const c = d.controlled, x = d.counterfactual;
    return (
      `demand lim  ${d.program}: ${n(d.premises)} premises under ${d.limit_kw} kW; above it ${f1(c.minutes_above_per_premise)} min/premise with the EMS ` +
      `(${f1(x.minutes_above_per_premise)} without), ${f1(c.energy_above_kwh)} kWh above (${f1(x.energy_above_kwh)}), ` +
      `peak ${fixedOrNa(c.peak_kw_mean, 2)} kW mean (${fixedOrNa(x.peak_kw_mean, 2)}); ${n(d.commands.shed)} sheds, ${n(d.commands.restore)} restores`
    );
  });
}
