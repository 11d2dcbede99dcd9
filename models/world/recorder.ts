/**
 * What the C5 world measures: step counts by id, rejections by reason, delivery latency sketches by
 * priority and kind (whole run and per simulated minute), messages sent/delivered/dropped, overrides,
 * background traffic and queue depths — turned into per-minute metric points and summary figures.
 */
import { DDSketch } from '../../sim/metrics/ddsketch.ts';
import type { MetricPoint } from '../../sim/metrics/point.ts';

export const STEP_IDS = [
  ...Array.from({ length: 17 }, (_, i) => `S1-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 8 }, (_, i) => `S2-${String(i + 1).padStart(2, '0')}`),
];
const STEP_INDEX: Record<string, number> = Object.fromEntries(STEP_IDS.map((s, i) => [s, i]));

export const REJECT_REASONS = ['unapproved_type', 'unknown_account', 'id_mismatch', 'type_mismatch', 'duplicate_id'] as const;
export type RejectReasonName = (typeof REJECT_REASONS)[number];

/** Sketches that need the exact within-SLA count keep the SLA as a registered threshold. */
function sketch(slaS: number): DDSketch {
  return new DDSketch({ alpha: 0.01, thresholds: [slaS] });
}

/** A counter keyed by a small tag tuple, flushed into points each minute. */
class MinuteCounts {
  private current = new Map<string, Record<string, number>>();
  add(key: string, field: string, n = 1): void {
    let row = this.current.get(key);
    if (!row) this.current.set(key, (row = {}));
    row[field] = (row[field] ?? 0) + n;
  }
  /** Rows sorted by key, so points come out in a fixed order. */
  drain(): [string, Record<string, number>][] {
    const rows = [...this.current.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.current = new Map();
    return rows;
  }
}

export class Recorder {
  readonly steps = new Float64Array(STEP_IDS.length);
  readonly rejections: Record<string, number> = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0]));
  readonly byPriority: DDSketch[];
  readonly byKind = new Map<string, DDSketch>();
  readonly dropped: Record<string, number> = {};
  readonly decodeErrors: Record<string, number> = {};
  /** Time on each hop — queueing, airtime and retransmissions on one link — by link class. */
  readonly hops = new Map<string, DDSketch>();
  /** From a message's creation to its acknowledgement reaching the back office (S2-02, S1-12, S1-16). */
  readonly ackRoundTrip: DDSketch;
  overrides = 0;
  settingsChanges = 0;
  overridesAtCdcs = 0;
  overridesAtCss = 0;
  overridesAtMdms = 0;
  meterReads = 0;
  firmwareBlocks = 0;
  backgroundBytes = 0;
  sent = 0;
  finished = 0;
  readonly points: MetricPoint[] = [];
  private minuteByPriority: DDSketch[];
  private minuteByKind = new Map<string, DDSketch>();
  private minuteSteps = new Float64Array(STEP_IDS.length);
  private minute = new MinuteCounts();

  constructor(readonly slaS: number) {
    this.byPriority = [sketch(slaS), sketch(slaS), sketch(slaS)];
    this.minuteByPriority = [sketch(slaS), sketch(slaS), sketch(slaS)];
    this.ackRoundTrip = sketch(slaS);
  }

  hop(link: string, ms: number): void {
    let sk = this.hops.get(link);
    if (!sk) this.hops.set(link, (sk = sketch(this.slaS)));
    sk.add(ms / 1000);
  }

  acknowledged(roundTripMs: number): void {
    this.ackRoundTrip.add(roundTripMs / 1000);
  }

  step(id: string): void {
    const i = STEP_INDEX[id];
    this.steps[i]++;
    this.minuteSteps[i]++;
  }

  stepCount(id: string): number {
    return this.steps[STEP_INDEX[id]];
  }

  reject(reason: RejectReasonName): void {
    this.rejections[reason]++;
    this.minute.add(`rejections|${reason}`, 'count');
  }

  sentMessage(kind: string, priority: string, visibility: string): void {
    this.sent++;
    this.minute.add(`messages|${kind}|${priority}|${visibility}`, 'sent');
  }

  /** A C5 message reached its destination after `latencyMs`. */
  delivered(kind: string, priorityIndex: number, priority: string, visibility: string, latencyMs: number, inSla: boolean): void {
    const s = latencyMs / 1000;
    if (inSla) {
      this.byPriority[priorityIndex].add(s);
      this.minuteByPriority[priorityIndex].add(s);
    }
    let k = this.byKind.get(kind);
    if (!k) this.byKind.set(kind, (k = sketch(this.slaS)));
    k.add(s);
    let mk = this.minuteByKind.get(kind);
    if (!mk) this.minuteByKind.set(kind, (mk = sketch(this.slaS)));
    mk.add(s);
    this.minute.add(`messages|${kind}|${priority}|${visibility}`, 'delivered');
  }

  droppedMessage(kind: string, priority: string, visibility: string): void {
    this.dropped[kind] = (this.dropped[kind] ?? 0) + 1;
    this.minute.add(`messages|${kind}|${priority}|${visibility}`, 'dropped');
  }

  decodeError(cls: string): void {
    this.decodeErrors[cls] = (this.decodeErrors[cls] ?? 0) + 1;
  }

  override(region: string, settingsChange: boolean): void {
    this.overrides++;
    if (settingsChange) this.settingsChanges++;
    this.minute.add(`overrides|${region}`, 'count');
    this.minute.add(`overrides|${region}`, 'settings_changes', settingsChange ? 1 : 0);
  }

  background(cls: 'meter_read' | 'firmware', bytes: number): void {
    if (cls === 'meter_read') this.meterReads++;
    else this.firmwareBlocks++;
    this.backgroundBytes += bytes;
    this.minute.add(`background|${cls}`, 'messages');
    this.minute.add(`background|${cls}`, 'bytes', bytes);
  }

  /** Emits the points of the minute starting at `t` (simulated ms). */
  flushMinute(t: number, queues: { link: string; max: number; mean: number }[], inFlight: number): void {
    const pts = this.points;
    const names = ['high', 'medium', 'low'];
    for (let p = 0; p < 3; p++) {
      const sk = this.minuteByPriority[p];
      if (sk.count > 0) pts.push({ measurement: 'delivery', tags: { priority: names[p] }, fields: stats(sk, this.slaS), t });
      this.minuteByPriority[p] = sketch(this.slaS);
    }
    for (const kind of [...this.minuteByKind.keys()].sort()) {
      const sk = this.minuteByKind.get(kind)!;
      pts.push({ measurement: 'delivery_kind', tags: { kind }, fields: { count: sk.count, p99_s: round(sk.quantile(0.99)), max_s: round(sk.max) }, t });
    }
    this.minuteByKind = new Map();
    for (const q of queues) pts.push({ measurement: 'queue_depth', tags: { link: q.link }, fields: { max: q.max, mean: round(q.mean) }, t });
    pts.push({ measurement: 'in_flight', tags: {}, fields: { messages: inFlight }, t });
    for (let i = 0; i < STEP_IDS.length; i++) {
      if (this.minuteSteps[i] > 0) pts.push({ measurement: 'steps', tags: { step: STEP_IDS[i] }, fields: { count: this.minuteSteps[i] }, t });
    }
    this.minuteSteps.fill(0);
    for (const [key, fields] of this.minute.drain()) {
      const [measurement, ...tagValues] = key.split('|');
      // Every field of a measurement on every point, 0 when nothing happened, so panels never lack a series.
      const full = measurement === 'messages' ? { sent: 0, delivered: 0, dropped: 0, ...fields } : fields;
      pts.push({ measurement, tags: tagsOf(measurement, tagValues), fields: full, t });
    }
  }
}

function tagsOf(measurement: string, values: string[]): Record<string, string> {
  switch (measurement) {
    case 'messages':
      return { kind: values[0], priority: values[1], visibility: values[2] };
    case 'rejections':
      return { reason: values[0] };
    case 'overrides':
      return { region: values[0] };
    case 'background':
      return { class: values[0] };
    default:
      return {};
  }
}

/** Rounds to the microsecond so points and summaries print stably. */
export function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : 0;
}

export function stats(sk: DDSketch, slaS: number) {
  if (sk.count === 0) return { count: 0, p50_s: 0, p95_s: 0, p99_s: 0, max_s: 0, within_sla: 1 };
  return {
    count: sk.count,
    p50_s: round(sk.quantile(0.5)),
    p95_s: round(sk.quantile(0.95)),
    p99_s: round(sk.quantile(0.99)),
    max_s: round(sk.max),
    within_sla: round(sk.countAtMost(slaS) / sk.count),
  };
}
