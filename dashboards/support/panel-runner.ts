/**
 * Runs every panel query of the generated dashboards against a live InfluxDB, with Grafana's macros and
 * variables filled in as Grafana would, and reports what each returned.
 */
import { generateDashboards, RUN_DASHBOARDS } from '../generate.ts';
import { fillMacros, panelQueries, type VariableValue } from '../queries.ts';
import { influxQuery, resultValues } from './influx-client.ts';

export interface PanelRun {
  dashboard: string;
  panel: string;
  refId: string;
  query: string;
  error?: string;
  series: number;
  nonNull: number;
}

export interface RunOptions {
  url: string;
  db: string;
  runId: string;
  fromMs: number;
  toMs: number;
  intervalS: number;
  vars?: Readonly<Record<string, VariableValue>>;
  /** Which dashboards (default: the run dashboards; the campaign dashboard needs a campaign's points). */
  dashboards?: readonly string[];
}

export async function runAllPanelQueries(opts: RunOptions): Promise<PanelRun[]> {
  const runs: PanelRun[] = [];
  const pick = opts.dashboards ?? RUN_DASHBOARDS;
  for (const [dashboard, json] of Object.entries(generateDashboards())) {
    if (!pick.includes(dashboard)) continue;
    for (const q of panelQueries(json)) {
      const query = fillMacros(q.query, opts);
      const run: PanelRun = { dashboard, panel: q.panel, refId: q.refId, query, series: 0, nonNull: 0 };
      try {
        const [result] = await influxQuery(opts.url, opts.db, query);
        if (result?.error !== undefined) run.error = result.error;
        run.series = result?.series?.length ?? 0;
        run.nonNull = result ? resultValues(result).filter((v) => v !== null && v !== undefined).length : 0;
      } catch (err) {
        run.error = err instanceof Error ? err.message : String(err);
      }
      runs.push(run);
    }
  }
  return runs;
}

/** The panels whose query failed or returned nothing but nulls, one line each (empty when all good). */
export function emptyOrFailed(runs: readonly PanelRun[]): string[] {
  return runs
    .filter((r) => r.error !== undefined || r.nonNull === 0)
    .map((r) => `${r.dashboard} / ${r.panel} / ${r.refId}: ${r.error ?? 'no non-null value'}\n    ${r.query}`);
}

/** Tag values the dashboard variables would offer (SHOW TAG VALUES … WITH KEY = …). */
export async function tagValues(url: string, db: string, measurement: string, key: string): Promise<string[]> {
  const [result] = await influxQuery(url, db, `SHOW TAG VALUES FROM "${measurement}" WITH KEY = "${key}"`);
  return (result?.series ?? []).flatMap((s) => s.values.map((v) => String(v[1])));
}
