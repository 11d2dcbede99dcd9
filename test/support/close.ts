import { expect } from 'vitest';

/**
 * `got` within a relative 1e-9 of `want`: jstat's Student-t quantile is accurate to ~1e-10, so a fixed number of
 * decimals fails on wide intervals (a half-width of 2,645 differs in the 7th decimal).
 */
export function expectClose(got: number, want: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want) + 1e-12);
}
