/**
 * The one way a run's summary becomes summary.json text (`scsim run`, every campaign run). It refuses to publish
 * a number that is NaN or infinite anywhere (JSON would silently write it as null, and a threshold or a
 * campaign would read that as "not applicable"), or a null at a path the contract (summary-contract.ts) does
 * not declare nullable: both are bugs, so they are an internal error (exit 1) naming every field path.
 */
import type { Summary } from './run-result.ts';
import { SUMMARY_CONTRACT, type AnySpec } from './summary-contract.ts';

export class UnpublishableSummaryError extends Error {}

export function summaryJson(summary: Summary): string {
  const problems = unpublishable(summary, SUMMARY_CONTRACT);
  if (problems.length > 0) {
    throw new UnpublishableSummaryError(
      `summary.json not written: ${problems.join('; ')} (a figure with no population is null, and only where models/summary-contract.ts allows it)`,
    );
  }
  return JSON.stringify(summary, null, 2) + '\n';
}

/**
 * Every non-finite number in `value`, and every null where `spec` expects a number that is not nullable, as
 * `path: what`. Paths the contract does not describe are still searched for non-finite numbers.
 */
export function unpublishable(value: unknown, spec: AnySpec | undefined, path = ''): string[] {
  const at = path === '' ? '(root)' : path;
  const join = (k: string) => (path === '' ? k : `${path}.${k}`);
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${at} is ${value}`];
  if (value === null) return spec?.type === 'number' && !spec.nullable ? [`${at} is null, which the contract does not allow`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unpublishable(v, spec?.type === 'list' ? spec.item : undefined, `${path}[${i}]`));
  if (typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const inner = spec?.type === 'fields' ? spec.fields[k] : spec?.type === 'map' ? spec.value : undefined;
    out.push(...unpublishable(v, inner, join(k)));
  }
  return out;
}
