/** "Nice" axis ticks: steps of 1, 2 or 5 × 10^k, and decades on log axes. */

/** The nice step (1, 2 or 5 × 10^k) that cuts [min, max] into about `count` intervals. */
export function tickStep(min: number, max: number, count = 5): number {
  const span = Math.abs(max - min);
  if (!Number.isFinite(span) || span === 0 || count <= 0) return 1;
  const raw = span / count;
  const power = Math.floor(Math.log10(raw));
  const base = 10 ** power;
  const err = raw / base;
  const m = err >= 7.07 ? 10 : err >= 3.16 ? 5 : err >= 1.41 ? 2 : 1;
  return m * base;
}

/** Decimal places needed to print multiples of `step` exactly (0 for steps ≥ 1). */
export function decimalsFor(step: number): number {
  if (!(step > 0) || step >= 1) return 0;
  return Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
}

/** Multiples of the nice step inside [min, max], free of floating-point noise (0.1 + 0.2 prints as 0.3). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) return [min];
  const step = tickStep(min, max, count);
  const d = decimalsFor(step);
  const i0 = Math.ceil(min / step - 1e-9);
  const i1 = Math.floor(max / step + 1e-9);
  const out: number[] = [];
  for (let i = i0; i <= i1; i++) out.push(Number((i * step).toFixed(d)) + 0);
  return out.map((v) => (Object.is(v, -0) ? 0 : v));
}

/**
 * Widens [min, max] outward to multiples of the nice step, so the axis ends on a labelled tick.
 * A zero-width domain becomes [0, 1] around zero, or ±10 % around any other value.
 */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    if (min === 0) return [0, 1];
    const pad = Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  // Two passes: widening can change the step.
  for (let pass = 0; pass < 2; pass++) {
    const step = tickStep(min, max, count);
    const d = decimalsFor(step);
    min = Number((Math.floor(min / step + 1e-9) * step).toFixed(d));
    max = Number((Math.ceil(max / step - 1e-9) * step).toFixed(d));
  }
  return [min + 0, max + 0];
}

/** Widens a positive [min, max] to whole decades: [0.3, 140] → [0.1, 1000]. */
export function logDomain(min: number, max: number): [number, number] {
  if (!(min > 0)) min = Math.min(1, max > 0 ? max : 1);
  if (!(max > 0) || max < min) max = min;
  const lo = 10 ** Math.floor(Math.log10(min) + 1e-9);
  let hi = 10 ** Math.ceil(Math.log10(max) - 1e-9);
  if (hi <= lo) hi = lo * 10;
  return [roundPow10(lo), roundPow10(hi)];
}

function roundPow10(v: number): number {
  const p = Math.round(Math.log10(v));
  return p >= 0 ? 10 ** p : Number((10 ** p).toFixed(-p));
}

/**
 * Ticks for a log axis over a positive domain: every decade, plus 2 and 5 when the domain spans three
 * decades or fewer (so a short axis still has several labels).
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  if (min > max) [min, max] = [max, min];
  const p0 = Math.floor(Math.log10(min) + 1e-9);
  const p1 = Math.ceil(Math.log10(max) - 1e-9);
  const mults = p1 - p0 <= 3 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let p = p0; p <= p1; p++) {
    for (const m of mults) {
      const v = p >= 0 ? m * 10 ** p : Number((m * 10 ** p).toFixed(-p));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}
