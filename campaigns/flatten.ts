/**
 * summary.json → one flat row of numbers: dotted paths, `[i]` for list items (e.g. `thresholds[0].value`).
 * Fields that say how a run was executed rather than what it computed are left out, so a row depends on the
 * study and seed alone (the run's digest leaves out the same ones); wall-clock figures go to timings.json.
 */

/** Wall-clock figures (they change from run to run of the same study) and the thread count (same answer). */
export const EXECUTION_FIELDS: ReadonlySet<string> = new Set(['sim.wall_s', 'sim.events_per_s', 'workers']);
/** Blocks that say where a run came from, not what it computed (the seed is a column already). */
export const ORIGIN_BLOCKS: readonly string[] = ['provenance'];

export function numericFields(summary: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !EXECUTION_FIELDS.has(path)) out[path] = v;
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) if (path !== '' || !ORIGIN_BLOCKS.includes(k)) walk(x, path === '' ? k : `${path}.${k}`);
    }
  };
  walk(summary, '');
  return out;
}
