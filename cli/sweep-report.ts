/** What `scsim sweep` prints when the runs are done: the headline, per-point intervals, paired differences, breaches. */
import type { Statistics } from '../campaigns/analysis.ts';
import { pointLabel, type Point } from '../campaigns/design.ts';
import type { ExecuteReport } from '../campaigns/execute.ts';
import type { ResultRow } from '../campaigns/results.ts';

const fmt = (x: number | null) => (x === null ? '–' : String(Number(x.toPrecision(4))));

export function headline(name: string, points: number, reps: number, r: ExecuteReport, outDir: string): string {
  return `sweep ${name}: ${points} point(s) × ${reps} replication(s); ran ${r.ran}, already done ${r.skipped}, failed ${r.failed}\noutputs  ${outDir}/results.json  results.csv  statistics.json  campaign.json  campaign.html  latency.json`;
}

export function statisticsTable(stats: Statistics): string {
  const pct = `${Math.round(stats.confidence * 1000) / 10}%`;
  const lines: string[] = [];
  for (const m of stats.metrics) {
    lines.push('', `${m}   mean ± ${pct} half-width  (sd, n)`);
    for (const p of stats.points) {
      const i = p.metrics[m];
      // n counts the replications that have the figure; with none it is not applicable (null in every run).
      const shown = i.n === 0 && p.runs_ok > 0 ? `n/a in all ${p.runs_ok} runs` : `${fmt(i.mean)} ± ${fmt(i.half_width)}  (sd ${fmt(i.sd)}, n ${i.n}${i.n < p.runs_ok ? ` of ${p.runs_ok}` : ''})`;
      lines.push(`  point ${p.point}  ${pointLabel({ index: p.point, values: p.values })}:  ${shown}`);
    }
    for (const d of stats.differences.filter((x) => x.metric === m)) {
      const i = d.paired;
      const sign = i.mean !== null && i.mean > 0 ? '+' : '';
      const value = i.n === 0 ? 'n/a: no replication has it at both points' : `${sign}${fmt(i.mean)} ± ${fmt(i.half_width)}  (n ${i.n}; unpaired ± ${fmt(d.unpaired.half_width)})`;
      lines.push(`  paired ${d.factor ?? 'difference'}: point ${d.to} − point ${d.from} = ${value}`);
    }
  }
  return lines.join('\n');
}

/** Per point and threshold: in how many of its runs it failed. */
export function breaches(rows: ResultRow[], points: Point[]): string {
  const lines: string[] = [];
  for (const p of points) {
    const mine = rows.filter((r) => r.point === p.index && r.status === 'ok');
    const counts = new Map<string, number>();
    for (const r of mine) for (const t of r.failed_thresholds ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) lines.push(`  point ${p.index} (${pointLabel(p)}): "${t}" failed in ${n} of ${mine.length} runs`);
  }
  return lines.join('\n');
}
