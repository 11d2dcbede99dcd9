/** Resolves an axis description (fixed or data-driven domain and ticks) into a domain, ticks and labels. */
import { formatSig, tickFormatter } from './format.ts';
import { logDomain, logTicks, niceDomain, niceTicks } from './ticks.ts';

export interface AxisTick {
  value: number;
  label: string;
}

export interface AxisSpec {
  /** Title with units, e.g. "load (kW)". */
  label: string;
  kind?: 'linear' | 'log';
  /** A fixed domain; otherwise taken from the data (and `include`), widened to nice numbers. */
  domain?: readonly [number, number];
  /** Fixed ticks; otherwise nice ticks (1/2/5 × 10^k, or decades on a log axis). */
  ticks?: readonly AxisTick[];
  /** About how many intervals nice ticks should make. */
  tickCount?: number;
  format?: (v: number) => string;
  /** Linear axes include 0 unless this is false. */
  includeZero?: boolean;
  /** Values the domain must cover (reference lines, thresholds). */
  include?: readonly number[];
}

export interface ResolvedAxis {
  kind: 'linear' | 'log';
  domain: [number, number];
  ticks: AxisTick[];
  label: string;
}

/** The domain and ticks of `axis` for data `values` (non-finite values and, on log axes, values ≤ 0 are ignored). */
export function resolveAxis(axis: AxisSpec, values: Iterable<number>): ResolvedAxis {
  const kind = axis.kind ?? 'linear';
  let domain: [number, number];
  if (axis.domain) {
    domain = [axis.domain[0], axis.domain[1]];
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    const take = (v: number): void => {
      if (!Number.isFinite(v) || (kind === 'log' && v <= 0)) return;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    };
    for (const v of values) take(v);
    for (const v of axis.include ?? []) take(v);
    if (kind === 'linear' && axis.includeZero !== false) take(0);
    if (lo > hi) domain = kind === 'log' ? [1, 10] : [0, 1];
    else domain = kind === 'log' ? logDomain(lo, hi) : niceDomain(lo, hi, axis.tickCount ?? 5);
  }
  let ticks: AxisTick[];
  if (axis.ticks) ticks = [...axis.ticks];
  else {
    const vals = kind === 'log' ? logTicks(domain[0], domain[1]) : niceTicks(domain[0], domain[1], axis.tickCount ?? 5);
    const fmt = axis.format ?? (kind === 'log' ? (v: number) => formatSig(v, 3) : tickFormatter(vals));
    ticks = vals.map((value) => ({ value, label: fmt(value) }));
  }
  return { kind, domain, ticks, label: axis.label };
}
