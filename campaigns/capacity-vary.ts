/**
 * The varied field of `scsim capacity`: `--vary path=lo..hi` and the grid step (`--step`, default 1 when
 * lo and hi are whole numbers, else (hi − lo)/100). The path is read as `--set` reads it.
 */
import { describe } from '../scenarios/errors.ts';
import { parseSet } from '../scenarios/sets.ts';

export interface CapacityRange {
  path: string;
  lo: number;
  hi: number;
  step: number;
}

export const CAPACITY_VARY_EXPECTED = 'path=lo..hi with numbers lo < hi, e.g. network.meters_per_collector=100..1000';
const NUMBER = '-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const RANGE = new RegExp(`^\\s*(${NUMBER})\\s*\\.\\.\\s*(${NUMBER})\\s*$`);
/** At most this many grid steps: about 30 bisection probes; the values stay exact. */
const MAX_GRID = 1_000_000_000;

export type RangeResult = { ok: true; range: CapacityRange } | { ok: false; message: string };

export function parseCapacityVary(raw: string | undefined, stepText: string | undefined): RangeResult {
  if (raw === undefined) return { ok: false, message: `--vary: expected ${CAPACITY_VARY_EXPECTED}, found nothing (capacity needs one --vary)` };
  const eq = raw.indexOf('=');
  const probe = eq > 0 ? parseSet(`${raw.slice(0, eq)}=0`) : undefined;
  if (!probe) return bad(CAPACITY_VARY_EXPECTED, describe(raw));
  const path = probe.path;
  if (path === 'seed') return bad('a field other than seed (replications set the seed: use --reps)', describe(raw));
  const m = RANGE.exec(raw.slice(eq + 1));
  if (!m) return bad(CAPACITY_VARY_EXPECTED, describe(raw));
  const lo = Number(m[1]), hi = Number(m[2]);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) return bad(`hi above lo, both finite, in ${path}=lo..hi`, describe(raw));
  const whole = Number.isInteger(lo) && Number.isInteger(hi);
  let step = whole ? 1 : (hi - lo) / 100;
  if (stepText !== undefined) {
    step = Number(stepText);
    if (stepText.trim() === '' || !(step > 0) || !Number.isFinite(step)) return { ok: false, message: `--step: expected a number above 0, found ${describe(stepText)}` };
  }
  const k = (hi - lo) / step;
  if (Math.abs(k - Math.round(k)) > 1e-9 * Math.max(1, k)) return { ok: false, message: `--step: expected a step that divides hi − lo = ${hi - lo} into whole steps, found ${step}` };
  if (Math.round(k) > MAX_GRID) return { ok: false, message: `--step: expected at most ${MAX_GRID} steps from lo to hi, found ${Math.round(k)} (step ${step})` };
  return { ok: true, range: { path, lo, hi, step } };
}

function bad(expected: string, found: string): RangeResult {
  return { ok: false, message: `--vary: expected ${expected}, found ${found}` };
}
