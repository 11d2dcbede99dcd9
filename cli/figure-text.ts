import { NOT_APPLICABLE } from '../reports/svg/format.ts';

/** How the end-of-run table prints a summary figure: null (no population to take it over) is "n/a", never 0 (the report's word). */
export { NOT_APPLICABLE };

/** `v` with `decimals` places, or "n/a" for null. */
export function fixedOrNa(v: number | null, decimals = 0): string {
  return v === null ? NOT_APPLICABLE : v.toFixed(decimals);
}

/** A share 0…1 as "12.34%", or "n/a" for null. */
export function percentOrNa(x: number | null, decimals = 2): string {
  return x === null ? NOT_APPLICABLE : `${(x * 100).toFixed(decimals)}%`;
}
