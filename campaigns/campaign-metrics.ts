/**
 * A campaign's metrics in InfluxDB (`scsim sweep … --influx URL`). Every run streams its per-minute points
 * as `scsim run --influx` does, each point tagged with `campaign` (the campaign's id) and `point` (the point's
 * index — never its values, so a tag's cardinality is the number of points); the run's own `run_id` tag
 * stays. After the runs, one `campaign_point` point per (point, metric) holds the statistics of statistics.json
 * (n, mean, sd and the Student-t interval), which the "C5 campaign" dashboard draws as bands by point.
 */
import { join } from 'node:path';
import { zonedEpochMs } from '../models/world/clock.ts';
import type { MetricPoint, MetricSink } from '../sim/metrics/point.ts';
import { InfluxSink, InfluxSpoolError } from '../sim/metrics/sinks/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { Statistics } from './analysis.ts';
import type { CampaignPlan } from './plan.ts';
import { runKey } from './run-key.ts';

export const CAMPAIGN_TAG = 'campaign';
export const POINT_TAG = 'point';
/** One point per (campaign point, metric): the per-point statistics. */
export const CAMPAIGN_POINT_MEASUREMENT = 'campaign_point';
export const SPOOL_DIR = 'influx-spool';

/** What a pool thread needs to stream one run. */
export interface RunInflux {
  url: string;
  campaign: string;
  point: number;
  /** How long the run waits at its end for InfluxDB (then the points stay in the run's spool). */
  closeTimeoutS: number;
}

/** The campaign's id: its study and a hash of its runs (the default folder's name), whatever --out says. */
export function campaignId(plan: Pick<CampaignPlan, 'name' | 'runs'>): string {
  return `sweep-${plan.name}-${runKey(plan.runs.map((r) => r.key)).slice(0, 8)}`;
}

/** A sink that adds `tags` to every point before `inner` sees it. */
export function tagged(inner: MetricSink, tags: Readonly<Record<string, string>>): MetricSink {
  return {
    write: (points) => inner.write(points.map((p) => ({ ...p, tags: { ...p.tags, ...tags } }))),
    close: () => inner.close(),
  };
}

/** One run's stream: its points, tagged, to InfluxDB, with the spool in the run's folder. */
export function runStream(scenario: Scenario, runId: string, dir: string, o: RunInflux, log: (m: string) => void) {
  const startEpochMs = zonedEpochMs(scenario.start, scenario.time_zone);
  const influx = new InfluxSink({ url: o.url, runId, startEpochMs, spoolDir: join(dir, SPOOL_DIR), log });
  const sink = tagged(influx, { [CAMPAIGN_TAG]: o.campaign, [POINT_TAG]: String(o.point) });
  return {
    onPoints: (points: readonly MetricPoint[]) => sink.write(points),
    /** Waits for InfluxDB; if it cannot take the points they stay spooled and `log` says how to replay them. */
    close: () => closeOrSpool(influx, o.closeTimeoutS, log),
  };
}

/** statistics.json as `campaign_point` points: tags campaign, point (index), metric; fields index, n, mean, sd, low, high. */
export function statisticsPoints(stats: Statistics, campaign: string): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const p of stats.points) {
    for (const [metric, i] of Object.entries(p.metrics)) {
      const fields: Record<string, number> = { index: p.point, n: i.n, confidence: i.confidence };
      for (const k of ['mean', 'sd', 'low', 'high'] as const) if (i[k] !== null) fields[k] = i[k];
      out.push({ measurement: CAMPAIGN_POINT_MEASUREMENT, tags: { [CAMPAIGN_TAG]: campaign, [POINT_TAG]: String(p.point), metric }, fields, t: 0 });
    }
  }
  return out;
}

/**
 * Writes the per-point statistics, stamped at the study's start (inside the window of the runs' points, so the
 * dashboard shows both in one time range). Writing them again (a resumed campaign) replaces them: same series,
 * same time.
 */
export async function writeStatistics(url: string, campaign: string, stats: Statistics, scenario: Scenario, dir: string, closeTimeoutS: number, log: (m: string) => void): Promise<void> {
  const startEpochMs = zonedEpochMs(scenario.start, scenario.time_zone);
  const influx = new InfluxSink({ url, runId: campaign, startEpochMs, spoolDir: join(dir, SPOOL_DIR), log });
  influx.write(statisticsPoints(stats, campaign));
  await closeOrSpool(influx, closeTimeoutS, log);
}

async function closeOrSpool(influx: InfluxSink, seconds: number, log: (m: string) => void): Promise<void> {
  try {
    await influx.close({ timeoutMs: seconds * 1000 });
  } catch (err) {
    if (!(err instanceof InfluxSpoolError)) throw err;
    log(`scsim: ${err.message}`);
  }
}
