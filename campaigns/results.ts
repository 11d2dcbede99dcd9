/**
 * results.json and results.csv: one row per run in plan order (point, then replication), with the point's
 * values and every numeric summary.json field. Built from the run folders alone, so a campaign resumed
 * after a kill gives the same rows as one that ran straight through.
 */
import type { Summary } from '../models/run-result.ts';
import type { CampaignFolder } from './folder.ts';
import { numericFields } from './flatten.ts';
import type { CampaignPlan } from './plan.ts';

export interface ResultRow {
  point: number;
  rep: number;
  seed: number;
  key: string;
  status: 'ok' | 'failed' | 'not run';
  error?: string;
  /** How many of the study's thresholds failed in this run, and which. */
  thresholds_failed?: number;
  failed_thresholds?: string[];
  values: Record<string, unknown>;
  metrics: Record<string, number>;
}

export interface Results {
  campaign: string;
  /** Every metric column, in the order first seen. */
  columns: string[];
  rows: ResultRow[];
}

export function collectResults(plan: CampaignPlan, folder: CampaignFolder): Results {
  const columns = new Set<string>();
  const valuesOf = new Map(plan.points.map((p) => [p.index, p.values]));
  const rows = plan.runs.map((r): ResultRow => {
    const base = { point: r.point, rep: r.rep, seed: r.seed, key: r.key, values: valuesOf.get(r.point) ?? {} };
    const summary: Summary | undefined = folder.summary(r.key);
    if (!summary) {
      const error = folder.error(r.key);
      return error === undefined ? { ...base, status: 'not run', metrics: {} } : { ...base, status: 'failed', error, metrics: {} };
    }
    const metrics = numericFields(summary);
    for (const c of Object.keys(metrics)) columns.add(c);
    const failed = summary.thresholds.filter((t) => !t.ok).map((t) => t.name);
    return { ...base, status: 'ok', thresholds_failed: failed.length, failed_thresholds: failed, metrics };
  });
  return { campaign: plan.name, columns: [...columns], rows };
}

export function resultsCsv(results: Results, valuePaths: string[]): string {
  const lead = ['point', 'rep', 'seed', 'key', 'status', 'error', 'thresholds_failed'];
  // summary.json's own seed equals the run's: one column of that name.
  const columns = results.columns.filter((c) => !lead.includes(c));
  const head = [...lead, ...valuePaths.map((p) => `set:${p}`), ...columns];
  const lines = [head.map(csvCell).join(',')];
  for (const r of results.rows) {
    const cells: unknown[] = [r.point, r.rep, r.seed, r.key, r.status, r.error ?? '', r.thresholds_failed ?? ''];
    for (const p of valuePaths) cells.push(r.values[p] ?? '');
    for (const c of columns) cells.push(r.metrics[c] ?? '');
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

/** RFC 4180: quote a cell holding a comma, quote or line break; objects as JSON. */
function csvCell(v: unknown): string {
  const s = typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
