/** The end-of-run summary a terminal user reads first: verdict, population, delivery, overrides, outputs. */
import type { Summary } from '../models/run-result.ts';
import { loadLines } from './load-lines.ts';
import { closingLine, slaLines } from './sla-lines.ts';
import { meteringLines, meteringVerdictLine } from './metering-lines.ts';
import { demandLimitLines } from './demand-limit-lines.ts';
import { fixedOrNa, NOT_APPLICABLE, percentOrNa } from './figure-text.ts';

const pad = (s: string | number, n: number) => String(s).padStart(n);

export function summaryTable(s: Summary, outDir: string): string {
  const lines: string[] = [];
  lines.push(`${s.scenario}  seed ${s.seed}  run ${s.run_id}`);
  lines.push(`simulated ${(s.sim.sim_s / 3600).toFixed(1)} h in ${s.sim.wall_s.toFixed(1)} s  (${s.sim.events.toLocaleString('en-US')} events, ${Math.round(s.sim.events_per_s).toLocaleString('en-US')}/s)`);
  const p = s.population;
  lines.push(`population  ${p.customers} customers, ${p.appliances} appliances, ${p.ihds} IHDs, ${p.emss} EMSs; registered ${p.registered}, enrolled ${p.enrolled}, rejected ${p.rejected}, unregistered ${p.unregistered}`);
  const reasons = Object.entries(p.rejected_by_reason).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`);
  if (reasons.length) lines.push(`rejections  ${reasons.join(', ')}`);
  const zero = Object.entries(s.steps).filter(([, n]) => n === 0).map(([id]) => id);
  lines.push(`steps       ${Object.keys(s.steps).length - zero.length}/${Object.keys(s.steps).length} exercised${zero.length ? ` (not: ${zero.join(' ')})` : ''}`);
  lines.push('');
  lines.push(`delivery    ${'count'.padStart(9)} ${'p50 s'.padStart(8)} ${'p95 s'.padStart(8)} ${'p99 s'.padStart(8)} ${'max s'.padStart(8)}  within ${s.delivery.sla_s} s`);
  for (const pr of ['high', 'medium', 'low'] as const) {
    const d = s.delivery.by_priority[pr];
    lines.push(`  ${pr.padEnd(9)} ${pad(d.count, 9)} ${pad(fixedOrNa(d.p50_s, 2), 8)} ${pad(fixedOrNa(d.p95_s, 2), 8)} ${pad(fixedOrNa(d.p99_s, 2), 8)} ${pad(fixedOrNa(d.max_s, 2), 8)}  ${percentOrNa(d.within_sla)}`);
  }
  const o = s.overrides;
  lines.push(`overrides   ${o.count} (settings changes ${o.settings_changes}); reported to CDCS ${o.reported_to_cdcs}, CSS ${o.reported_to_css}, MDMS ${o.reported_to_mdms}`);
  lines.push(...loadLines(s.load));
  lines.push(...meteringLines(s));
  lines.push(...demandLimitLines(s));
  lines.push('');
  lines.push(...slaLines(s));
  lines.push(...meteringVerdictLine(s));
  // A null value: the figure is not applicable (no population) in this run, so no threshold on it can hold.
  for (const t of s.thresholds) lines.push(`${t.ok ? 'PASS' : 'FAIL'}  ${t.name}  (value ${t.value ?? NOT_APPLICABLE})`);
  lines.push(closingLine(s));
  lines.push(`outputs     ${outDir}/summary.json  ${outDir}/report.html  ${outDir}/metrics.lp`);
  return lines.join('\n');
}
