/**
 * A timing-only environment override (SCSIM_SPIN, SCSIM_STEP_SHARE, SCSIM_HUB_SHARE): its number when set to a
 * finite value in [min, max], else undefined (the default applies). A mistyped value must not turn into NaN spins,
 * an infinite step or a split outside its range. Undefined where there is no process (a browser).
 */
export function timingKnob(name: string, min: number, max = Infinity): number | undefined {
  const raw = typeof process === 'undefined' ? undefined : process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = Number(raw);
  return Number.isFinite(v) && v >= min && v <= max ? v : undefined;
}
