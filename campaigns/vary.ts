/**
 * `--vary path=v1,v2,…` and `--vary path=lo..hi:steps`: one varied field of a sweep and its levels.
 * The path and each value are read exactly as `--set` reads them (scenarios/sets.ts), so a level is any value
 * `--set` accepts; whether it suits the field is checked later, on every point's resolved study.
 */
import { describe } from '../scenarios/errors.ts';
import { parseSet } from '../scenarios/sets.ts';

export interface Factor {
  /** Canonical field path, as validators name fields. */
  path: string;
  /** The levels in the order given (a range: ascending from lo to hi). */
  levels: unknown[];
}

export const VARY_EXPECTED = 'path=v1,v2,… or path=lo..hi:steps, e.g. population.customers=500..2000:4 or network.priority_queuing=true,false';
const MAX_STEPS = 1000;
const NUMBER = '-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const RANGE = new RegExp(`^\\s*(${NUMBER})\\s*\\.\\.\\s*(${NUMBER})\\s*:\\s*(\\d+)\\s*$`);

export type VaryResult = { ok: true; factor: Factor } | { ok: false; message: string };

export function parseVary(raw: string): VaryResult {
  const eq = raw.indexOf('=');
  const probe = eq > 0 ? parseSet(`${raw.slice(0, eq)}=0`) : undefined;
  if (!probe) return bad(VARY_EXPECTED, describe(raw));
  const path = probe.path;
  const text = raw.slice(eq + 1);
  if (path === 'seed') return bad('a field other than seed (replications set the seed: use --reps)', describe(raw));
  const range = RANGE.exec(text);
  if (range) {
    const [lo, hi, steps] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (steps < 2 || steps > MAX_STEPS) return bad(`a number of steps from 2 to ${MAX_STEPS} in ${path}=lo..hi:steps`, describe(raw));
    if (!(hi > lo)) return bad(`hi above lo in ${path}=lo..hi:steps`, describe(raw));
    return { ok: true, factor: { path, levels: evenly(lo, hi, steps) } };
  }
  const parts = splitTopLevel(text);
  if (parts.some((p) => p.trim() === '')) return bad(`a value between every comma in ${path}=v1,v2,…`, describe(raw));
  const levels = parts.map((p) => parseSet(`${path}=${p}`)!.value);
  const seen = new Set<string>();
  for (const v of levels) {
    const k = JSON.stringify(v);
    if (seen.has(k)) return bad(`distinct values in ${path}=v1,v2,…`, `${describe(v)} twice in ${describe(raw)}`);
    seen.add(k);
  }
  return { ok: true, factor: { path, levels } };
}

/** `steps` evenly spaced values from lo to hi inclusive, ends exact; inner values lose float noise (0.1, not 0.30000000000000004 / 3). */
export function evenly(lo: number, hi: number, steps: number): number[] {
  const step = (hi - lo) / (steps - 1);
  const out: number[] = [lo];
  for (let i = 1; i < steps - 1; i++) {
    const v = lo + step * i;
    const tidy = Number(v.toPrecision(12));
    out.push(Math.abs(tidy - v) < step * 1e-6 ? tidy : v);
  }
  out.push(hi);
  return out;
}

/** Splits on commas outside brackets, braces and quotes, so `{a: 1, b: 2}` stays one value. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function bad(expected: string, found: string): VaryResult {
  return { ok: false, message: `--vary: expected ${expected}, found ${found}` };
}
