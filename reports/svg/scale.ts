/** Continuous scales: map a data domain onto a pixel range. */
export interface Scale {
  (value: number): number;
  readonly kind: 'linear' | 'log';
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** Linear map of `domain` onto `range`. A zero-width domain maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const f = (v: number): number => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
  return Object.assign(f, { kind: 'linear' as const, domain: [d0, d1] as const, range: [r0, r1] as const });
}

/**
 * Base-10 logarithmic map of `domain` (both ends > 0) onto `range`. Values at or below zero are clamped
 * to the low end of the domain (a latency of 0 s sits on the left edge rather than at −∞).
 */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0 && d1 > 0)) throw new RangeError(`log scale domain must be positive, got [${d0}, ${d1}]`);
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0;
  const f = (v: number): number => {
    const lv = Math.log10(v > 0 ? v : d0);
    return span === 0 ? (r0 + r1) / 2 : r0 + ((lv - l0) / span) * (r1 - r0);
  };
  return Object.assign(f, { kind: 'log' as const, domain: [d0, d1] as const, range: [r0, r1] as const });
}
