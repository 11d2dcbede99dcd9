/** What `scsim capacity` prints: the rule, every probe in the order taken, and the knee with its bounds. */
import type { Probe, SearchResult, SearchSpec } from '../campaigns/capacity-search.ts';

const fmt = (x: number) => String(Number(x.toPrecision(4)));
const pct = (c: number) => `${Number((c * 100).toPrecision(4))} %`;

export interface ReportLabels {
  name: string;
  path: string;
  metric: string;
  lookConfidence: number;
  looks: number;
}

export function ruleLine(spec: SearchSpec, l: ReportLabels): string {
  const looks = l.looks > 1 ? ` (each value is judged at most ${l.looks} times, ${spec.reps} to ${spec.maxReps} replications, so each look is at ${pct(l.lookConfidence)} to keep ${pct(spec.confidence)} per value)` : '';
  return (
    `capacity ${l.name}: ${spec.direction === 'max' ? 'largest' : 'smallest'} ${l.path} in ${spec.lo}..${spec.hi} (step ${spec.step}) with the mean of ${l.metric} ≤ ${spec.limit}\n` +
    `rule: a value holds when the one-sided upper bound of the mean (mean + t·sd/√n) is ≤ ${spec.limit}, fails when the lower bound is > ${spec.limit}${looks}; replications are doubled while the bounds straddle the limit`
  );
}

export function probeTable(result: SearchResult): string {
  const rows = result.probes.map((p) => [String(p.order + 1), fmt(p.value), String(p.judgement.n), fmt(p.judgement.mean), `[${fmt(p.judgement.lower)}, ${fmt(p.judgement.upper)}]`, p.verdict]);
  const head = ['probe', 'value', 'n', 'mean', 'bounds', 'verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

const at = (p: Probe, path: string) => `${path} = ${fmt(p.value)} (mean ${fmt(p.judgement.mean)}, bounds [${fmt(p.judgement.lower)}, ${fmt(p.judgement.upper)}], n ${p.judgement.n})`;

/** The knee, or why there is none; the exit code goes with it (0 found or the whole range holds, 3 nothing holds). */
export function kneeLines(result: SearchResult, spec: SearchSpec, path: string): { text: string; exit: 0 | 3 } {
  const { lastHold, firstFail, undecided } = result;
  const lines: string[] = [];
  let exit: 0 | 3 = 0;
  switch (result.outcome) {
    case 'knee':
      lines.push(`knee: holds at ${at(lastHold!, path)}`);
      if (undecided.length > 0) lines.push(`      undecided at ${undecided.map((u) => fmt(u.value)).join(', ')} (${undecided.length > 1 ? 'their' : 'its'} bounds straddle ${spec.limit} at ${spec.maxReps} replications; see the table)`);
      lines.push(firstFail ? `      fails at ${at(firstFail, path)}` : `      nothing in the range fails: the knee lies in the undecided stretch`);
      break;
    case 'holds-throughout':
      lines.push(`no knee in the range: even ${at(lastHold!, path)} holds; widen --vary`);
      break;
    case 'safe-end-fails':
    case 'safe-end-undecided': {
      const end = result.probes[0];
      const why = result.outcome === 'safe-end-fails' ? 'fails' : `is undecided after ${end.judgement.n} replications`;
      lines.push(`no value holds: even ${at(end, path)} ${why}; ${spec.direction === 'max' ? 'lower lo' : 'raise hi'} or loosen the limit`);
      exit = 3;
      break;
    }
  }
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return { text: lines.join('\n'), exit };
}
