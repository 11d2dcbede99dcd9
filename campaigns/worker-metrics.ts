/**
 * `scsim worker --influx URL`: what the worker does, as `campaign_runs` points in InfluxDB — one per run
 * started, done, failed or refused, tagged with the campaign, the worker (host and pid) and the event; fields
 * the point's index, the attempt and (when done) the wall seconds. Stamped with the wall clock: this is the
 * fleet's activity, not the simulation's. InfluxDB away: the points wait in the worker's spool.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { MetricPoint } from '../sim/metrics/point.ts';
import { InfluxSink, InfluxSpoolError } from '../sim/metrics/sinks/index.ts';
import { CAMPAIGN_TAG } from './campaign-metrics.ts';

export const CAMPAIGN_RUNS_MEASUREMENT = 'campaign_runs';
export type RunEvent = 'started' | 'done' | 'failed' | 'refused';

export function workerName(): string {
  return `${hostname()}-${process.pid}`;
}

export class CampaignRunsStream {
  private readonly sink: InfluxSink;
  private readonly t0 = Date.now();

  constructor(
    url: string,
    spoolRoot: string,
    private readonly worker: string,
    private readonly log: (m: string) => void,
  ) {
    this.sink = new InfluxSink({ url, runId: worker, startEpochMs: this.t0, spoolDir: join(spoolRoot, 'campaign-runs'), log });
  }

  event(campaign: string, event: RunEvent, fields: { point?: number; attempt: number; wall_s?: number }): void {
    const f: Record<string, number> = { attempt: fields.attempt };
    if (fields.point !== undefined) f.point = fields.point;
    if (fields.wall_s !== undefined) f.wall_s = fields.wall_s;
    const p: MetricPoint = { measurement: CAMPAIGN_RUNS_MEASUREMENT, tags: { [CAMPAIGN_TAG]: campaign, worker: this.worker, event }, fields: f, t: Date.now() - this.t0 };
    this.sink.write([p]);
  }

  async close(timeoutS: number): Promise<void> {
    try {
      await this.sink.close({ timeoutMs: timeoutS * 1000 });
    } catch (e) {
      if (!(e instanceof InfluxSpoolError)) throw e;
      this.log(`scsim: ${e.message}`);
    }
  }
}
