/**
 * What a run folder keeps besides summary.json so runs can be compared and merged later:
 *   load-curve.json  total baseline and DR load per simulated minute (the report's "Total load" chart)
 *   sketches.json    the delivery-latency DDSketch of each priority (bins, exact counts): replications of a
 *                    campaign point merge exactly by summing bins, which no percentile in summary.json allows
 * Written by `scsim run` and by each campaign run (before summary.json, which marks a run finished).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../models/run-result.ts';
import type { Priority } from '../scenarios/types.ts';
import { DDSketch, type DDSketchJSON } from '../sim/metrics/ddsketch.ts';

export const LOAD_CURVE_FILE = 'load-curve.json';
export const SKETCHES_FILE = 'sketches.json';
export const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];

export interface LoadCurve {
  format: 1;
  /** The study's start as an ISO instant with offset. */
  start_instant: string;
  /** Simulated ms since the start, ascending; one per minute that had load points. */
  t_ms: number[];
  baseline_kw: number[];
  dr_kw: number[];
}

export interface SketchesFile {
  format: 1;
  by_priority: Record<Priority, DDSketchJSON>;
}

/** Total baseline and DR load per minute, summed over regions and appliance types. */
export function loadCurveOf(result: RunResult): LoadCurve {
  const base = new Map<number, number>();
  const dr = new Map<number, number>();
  for (const p of result.points) {
    if (p.measurement !== 'load') continue;
    const b = p.fields.baseline_kw, d = p.fields.dr_kw;
    if (b !== undefined && Number.isFinite(b)) base.set(p.t, (base.get(p.t) ?? 0) + b);
    if (d !== undefined && Number.isFinite(d)) dr.set(p.t, (dr.get(p.t) ?? 0) + d);
  }
  const t = [...new Set([...base.keys(), ...dr.keys()])].sort((a, b) => a - b);
  return { format: 1, start_instant: result.start_instant, t_ms: t, baseline_kw: t.map((x) => base.get(x) ?? 0), dr_kw: t.map((x) => dr.get(x) ?? 0) };
}

/** Writes load-curve.json and sketches.json (when the result has sketches) into a run folder. */
export function writeRunCurves(dir: string, result: RunResult, write: (file: string, text: string) => void = writeFileSync): void {
  write(join(dir, LOAD_CURVE_FILE), JSON.stringify(loadCurveOf(result)) + '\n');
  if (result.latency_sketches) write(join(dir, SKETCHES_FILE), JSON.stringify({ format: 1, by_priority: result.latency_sketches } satisfies SketchesFile) + '\n');
}

/** A run folder's load curve, or undefined when it has none (a folder from before these files) or it is unreadable. */
export function readLoadCurve(dir: string): LoadCurve | undefined {
  const j = readJson(join(dir, LOAD_CURVE_FILE)) as LoadCurve | undefined;
  return j && Array.isArray(j.t_ms) && Array.isArray(j.dr_kw) && Array.isArray(j.baseline_kw) ? j : undefined;
}

/** A run folder's latency sketches by priority, or undefined when it has none or they do not parse. */
export function readSketches(dir: string): Record<Priority, DDSketch> | undefined {
  const j = readJson(join(dir, SKETCHES_FILE)) as SketchesFile | undefined;
  if (!j || typeof j.by_priority !== 'object' || j.by_priority === null) return undefined;
  try {
    return { high: DDSketch.fromJSON(j.by_priority.high), medium: DDSketch.fromJSON(j.by_priority.medium), low: DDSketch.fromJSON(j.by_priority.low) };
  } catch {
    return undefined;
  }
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
