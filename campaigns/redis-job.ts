/**
 * A campaign run as a BullMQ job: what the sweep puts in Redis and what the worker accepts from it.
 *
 * A job carries its study as text (the run folder's `resolved.yaml`, header and all) and never code. The
 * worker parses it with the loader `scsim run` uses, so a study that would not validate on the command line is
 * refused; the job's key must be the hash of the study parsed, so a job cannot claim another run's folder.
 * Its return value is the run folder's files, by name, from a fixed list: the sweep writes nothing else.
 */
import { parseScenario } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runKey } from './run-key.ts';

/** The queue every worker takes runs from unless `--queue` names another. */
export const DEFAULT_QUEUE = 'scsim-runs';
export const JOB_NAME = 'run';
/** Attempts per run: a run that throws this often is recorded as failed; a refused study gets one. */
export const RUN_ATTEMPTS = 3;

/** Files of a run folder that travel back through Redis; summary.json last (it marks the run finished). */
export const RUN_FILES = ['study.json', 'resolved.yaml', 'load-curve.json', 'sketches.json', 'summary.json'] as const;
export type RunFiles = Partial<Record<(typeof RUN_FILES)[number], string>>;

export interface RunJobData {
  format: 1;
  /** The campaign the run belongs to (also the prefix of the job id). */
  campaign: string;
  /** The run's key: the hash of its resolved study. */
  key: string;
  runId: string;
  /** The resolved study as a study file (resolved.yaml). */
  study: string;
  /** Partitions of the run on threads of the worker's machine (scsim run --workers). */
  workers: number;
  /** Where the study came from, for summary.json `provenance` and resolved.yaml's header. */
  source: string;
  sets: string[];
  /** The point's index in its campaign (the `point` of campaign_runs). */
  point?: number;
  /**
   * `sweep --influx`: stream the run's points tagged with this campaign id and point, to the InfluxDB the
   * worker was given (`scsim worker --influx`) — never to a URL taken from a job.
   */
  influx?: { campaign: string; point: number };
}

export interface RunJobResult {
  files: RunFiles;
  thresholdsFailed: number;
}

const MAX_STUDY_CHARS = 1_000_000;
const NAME = /^[A-Za-z0-9._-]{1,200}$/;

/** One campaign's run: `<campaign>.<key>`, so a run is enqueued once per campaign and two campaigns never share a job. */
export function jobIdOf(campaign: string, key: string): string {
  return `${campaign}.${key}`;
}

export type CheckedJob = { ok: true; data: RunJobData; scenario: Scenario } | { ok: false; message: string };

/** The worker's gate: anything that is not a well-formed job with a valid study is refused, with the reason. */
export function checkRunJob(raw: unknown): CheckedJob {
  const bad = (message: string): CheckedJob => ({ ok: false, message: `refused: ${message}` });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return bad('expected a job object, found ' + (raw === null ? 'null' : typeof raw));
  const d = raw as Record<string, unknown>;
  if (d.format !== 1) return bad(`format: expected 1, found ${JSON.stringify(d.format)}`);
  for (const f of ['campaign', 'key', 'runId'] as const) {
    if (typeof d[f] !== 'string' || !NAME.test(d[f] as string)) return bad(`${f}: expected 1 to 200 letters, digits, '.', '_' or '-', found ${JSON.stringify(d[f])?.slice(0, 80)}`);
  }
  if (typeof d.study !== 'string') return bad(`study: expected the study as YAML text, found ${typeof d.study}`);
  if (d.study.length > MAX_STUDY_CHARS) return bad(`study: expected at most ${MAX_STUDY_CHARS} characters, found ${d.study.length}`);
  if (!Number.isInteger(d.workers) || (d.workers as number) < 1 || (d.workers as number) > 64) return bad(`workers: expected a whole number from 1 to 64, found ${JSON.stringify(d.workers)}`);
  if (typeof d.source !== 'string' || /[\r\n]/.test(d.source) || d.source.length > 4096) return bad('source: expected one line of text');
  if (!Array.isArray(d.sets) || d.sets.length > 1000 || !d.sets.every((s) => typeof s === 'string' && !/[\r\n]/.test(s) && s.length <= 4096)) return bad('sets: expected a list of one-line --set texts');
  if (d.point !== undefined && !(Number.isInteger(d.point) && (d.point as number) >= 0)) return bad(`point: expected a whole number ≥ 0, found ${JSON.stringify(d.point)}`);
  if (d.influx !== undefined) {
    const i = d.influx as Record<string, unknown> | null;
    if (i === null || typeof i !== 'object' || typeof i.campaign !== 'string' || !NAME.test(i.campaign) || !Number.isInteger(i.point) || (i.point as number) < 0) {
      return bad(`influx: expected {campaign: a name, point: a whole number ≥ 0}, found ${JSON.stringify(d.influx)?.slice(0, 120)}`);
    }
  }
  const parsed = parseScenario(d.study, `job ${d.campaign}.${d.key}`, []);
  if (!parsed.ok) return bad(`invalid study: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const key = runKey(parsed.scenario);
  if (key !== d.key) return bad(`key: expected the hash of the study, ${key}, found ${d.key}`);
  return { ok: true, data: d as unknown as RunJobData, scenario: parsed.scenario };
}
