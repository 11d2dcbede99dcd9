/**
 * `--metric PATH` of `sweep` and `capacity`: a number field of summary.json, checked against the contract
 * (models/summary-contract.ts) before any run starts, so a typo costs no campaign. Accepts `thresholds[0].value`
 * or `thresholds.0.value`; returns the contract's dotted form (`thresholds.0.value`); results columns write list
 * indexes in brackets (campaigns/capacity-campaign.ts flatMetricPath).
 */
import { checkNumberPath } from '../models/summary-paths.ts';
import { describe } from '../scenarios/errors.ts';
import { UsageError } from './errors.ts';

export function metricOption(v: string | undefined): string {
  if (v === undefined) throw new UsageError('--metric: expected a number field of summary.json such as sla.by_priority.high.p99_s, found nothing');
  const path = v.trim().replace(/\[(\d+)\]/g, '.$1');
  const check = checkNumberPath(path);
  if (!check.ok) {
    const hint = check.suggestion !== undefined ? ` (did you mean "${check.suggestion}"?)` : '';
    throw new UsageError(`--metric: expected a number field of summary.json (models/summary-contract.ts)${hint}, found ${describe(v)}: ${check.problem}`);
  }
  return path;
}
