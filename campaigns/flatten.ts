/**
 * summary.json → one flat row of numbers: dotted paths, `[i]` for list items (e.g. `thresholds[0].value`).
 * Wall-clock figures are left out so a row depends on the study and seed alone; they go to timings.json.
 */

/** summary.json fields measured on the wall clock (they change from run to run of the same study). */
export const WALL_CLOCK_FIELDS: ReadonlySet<string> = new Set(['sim.wall_s', 'sim.events_per_s']);

export function numericFields(summary: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !WALL_CLOCK_FIELDS.has(path)) out[path] = v;
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`);
    }
  };
  walk(summary, '');
  return out;
}
