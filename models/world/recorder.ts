/**
 * What the C5 world measures: step counts by id, rejections by reason, delivery latency sketches by
 * priority and kind (whole run and per simulated minute), messages sent/delivered/dropped, overrides,
 * background traffic and queue depths — turned into per-minute metric points and summary figures.
 */
import { DDSketch, type DDSketchJSON } from '../../sim/metrics/ddsketch.ts';
import type { MetricPoint } from '../../sim/metrics/point.ts';
import { BODY_KINDS } from '../wire/types.ts';
import type { DecodeErrorClass } from '../wire/codec.ts';
import type { DeliveryStats } from '../run-result.ts';

export const STEP_IDS = [
  ...Array.from({ length: 17 }, (_, i) => `S1-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 8 }, (_, i) => `S2-${String(i + 1).padStart(2, '0')}`),
];
const STEP_INDEX: Record<string, number> = Object.fromEntries(STEP_IDS.map((s, i) => [s, i]));

export const REJECT_REASONS = ['unapproved_type', 'unknown_account', 'id_mismatch', 'type_mismatch', 'duplicate_id'] as const;
export type RejectReasonName = (typeof REJECT_REASONS)[number];

/** Frames that decode but cannot be used by the device they reach (counted with the codec's classes). */
export const DEVICE_DECODE_ERRORS = ['no-language-variant', 'misaddressed'] as const;
export type DecodeErrorName = DecodeErrorClass | (typeof DEVICE_DECODE_ERRORS)[number];

/** Sketches that need the exact within-SLA count keep the SLA as a registered threshold. */
export function sketch(slaS: number): DDSketch {
  return new DDSketch({ alpha: 0.01, thresholds: [slaS] });
}

/** A counter keyed by a small tag tuple, flushed into points each minute. */
/** `messages|kind|priority|visibility`, built once per combination: this runs for every message, twice. */
const MESSAGE_KEYS = new Map<string, Map<string, Map<string, string>>>();
function messageKey(kind: string, priority: string, visibility: string): string {
  let byPriority = MESSAGE_KEYS.get(kind);
  if (!byPriority) MESSAGE_KEYS.set(kind, (byPriority = new Map()));
  let byVisibility = byPriority.get(priority);
  if (!byVisibility) byPriority.set(priority, (byVisibility = new Map()));
  let key = byVisibility.get(visibility);
  if (!key) byVisibility.set(visibility, (key = `messages|${kind}|${priority}|${visibility}`));
  return key;
}

export class MinuteCounts {
  private current = new Map<string, Record<string, number>>();
  add(key: string, field: string, n = 1): void {
    const row = this.row(key);
    row[field] = (row[field] ?? 0) + n;
  }
  /** The row of `key` this minute, to add several fields at one lookup. */
  row(key: string): Record<string, number> {
    let row = this.current.get(key);
    if (!row) this.current.set(key, (row = {}));
    return row;
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
  /** Deliveries NFR-04 covers, by kind (byPriority holds only those too): the sla block of summary.json. */
  readonly slaByKind = new Map<string, DDSketch>();
  readonly dropped: Record<string, number> = {};
  /** Covered messages lost after every retry, by kind and by priority (high, medium, low). */
  readonly slaDroppedByKind: Record<string, number> = {};
  readonly slaDroppedByPriority = [0, 0, 0];
  /**
   * Covered private messages sent more than sla_s before the end, by body kind and priority (`slaSlot`): +1
   * when sent, −1 when delivered or dropped. What is left at the end is still in flight past its SLA (a miss),
   * and the sum over partitions is exact wherever a message was sent or finished.
   */
  readonly slaPending = new Float64Array(BODY_KINDS.length * 3);
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
  /** Metric points of the run so far (a single-partition run appends each minute's here). */
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
    this.minute.add(messageKey(kind, priority, visibility), 'sent');
  }

  /** A C5 message reached its destination after `latencyMs`. */
  delivered(kind: string, priorityIndex: number, priority: string, visibility: string, latencyMs: number, inSla: boolean): void {
    const s = latencyMs / 1000;
    if (inSla) {
      this.byPriority[priorityIndex].add(s);
      this.minuteByPriority[priorityIndex].add(s);
      let sk = this.slaByKind.get(kind);
      if (!sk) this.slaByKind.set(kind, (sk = sketch(this.slaS)));
      sk.add(s);
    }
    let k = this.byKind.get(kind);
    if (!k) this.byKind.set(kind, (k = sketch(this.slaS)));
    k.add(s);
    let mk = this.minuteByKind.get(kind);
    if (!mk) this.minuteByKind.set(kind, (mk = sketch(this.slaS)));
    mk.add(s);
    this.minute.add(messageKey(kind, priority, visibility), 'delivered');
  }

  droppedMessage(kind: string, priorityIndex: number, priority: string, visibility: string, inSla: boolean): void {
    this.dropped[kind] = (this.dropped[kind] ?? 0) + 1;
    if (inSla) {
      this.slaDroppedByKind[kind] = (this.slaDroppedByKind[kind] ?? 0) + 1;
      this.slaDroppedByPriority[priorityIndex]++;
    }
    this.minute.add(messageKey(kind, priority, visibility), 'dropped');
  }

  decodeError(cls: DecodeErrorName): void {
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

  /** NFR-03 metering reports sent, delivered, dropped and their bytes (every field on every point, 0 when none). */
  metering(sent: number, delivered: number, dropped: number, bytes: number): void {
    // One row lookup for the four fields (this runs for every report sent and delivered); fields in this order.
    const row = this.minute.row('metering');
    row.sent = (row.sent ?? 0) + sent;
    row.delivered = (row.delivered ?? 0) + delivered;
    row.dropped = (row.dropped ?? 0) + dropped;
    row.bytes = (row.bytes ?? 0) + bytes;
  }

  /** FR-04: a premise EMS's shed or restore command under a DEMAND_LIMIT program (both fields on every point). */
  emsCommand(program: string, shed: boolean): void {
    const row = this.minute.row(`demand_limit|${program}`);
    row.sheds = (row.sheds ?? 0) + (shed ? 1 : 0);
    row.restores = (row.restores ?? 0) + (shed ? 0 : 1);
  }

  /** Hands over this minute's sketches and counts (merged across partitions, then turned into points). */
  takeMinute(): RecorderMinute {
    const out: RecorderMinute = {
      byPriority: this.minuteByPriority,
      byKind: this.minuteByKind,
      steps: Array.from(this.minuteSteps),
      counts: this.minute.drain(),
      sent: this.sent,
      finished: this.finished,
    };
    this.minuteByPriority = [sketch(this.slaS), sketch(this.slaS), sketch(this.slaS)];
    this.minuteByKind = new Map();
    this.minuteSteps.fill(0);
    return out;
  }

  /** The whole-run figures, as plain data that crosses threads and merges exactly (mergeTotals). */
  totals(): RecorderTotals {
    const sk = (m: Map<string, DDSketch>) => [...m.entries()].map(([k, v]) => [k, v.toJSON()] as [string, DDSketchJSON]);
    return {
      steps: Array.from(this.steps),
      rejections: { ...this.rejections },
      byPriority: this.byPriority.map((x) => x.toJSON()),
      byKind: sk(this.byKind),
      dropped: { ...this.dropped },
      slaByKind: sk(this.slaByKind),
      slaDroppedByKind: { ...this.slaDroppedByKind },
      slaDroppedByPriority: [...this.slaDroppedByPriority],
      slaPending: Array.from(this.slaPending),
      decodeErrors: { ...this.decodeErrors },
      hops: sk(this.hops),
      ackRoundTrip: this.ackRoundTrip.toJSON(),
      counters: COUNTERS.map((c) => this[c]),
    };
  }

  /** Adds another partition's whole-run figures into this recorder. */
  mergeTotals(t: RecorderTotals): void {
    t.steps.forEach((n, i) => (this.steps[i] += n));
    addInto(this.rejections, t.rejections);
    t.byPriority.forEach((j, i) => this.byPriority[i].merge(DDSketch.fromJSON(j)));
    mergeSketches(this.byKind, t.byKind);
    addInto(this.dropped, t.dropped);
    mergeSketches(this.slaByKind, t.slaByKind);
    addInto(this.slaDroppedByKind, t.slaDroppedByKind);
    t.slaDroppedByPriority.forEach((n, i) => (this.slaDroppedByPriority[i] += n));
    t.slaPending.forEach((n, i) => (this.slaPending[i] += n));
    addInto(this.decodeErrors, t.decodeErrors);
    mergeSketches(this.hops, t.hops);
    this.ackRoundTrip.merge(DDSketch.fromJSON(t.ackRoundTrip));
    COUNTERS.forEach((c, i) => (this[c] += t.counters[i]));
  }
}

const COUNTERS = ['overrides', 'settingsChanges', 'overridesAtCdcs', 'overridesAtCss', 'overridesAtMdms', 'meterReads', 'firmwareBlocks', 'backgroundBytes', 'sent', 'finished'] as const;

export interface RecorderMinute {
  byPriority: DDSketch[];
  byKind: Map<string, DDSketch>;
  steps: number[];
  /** Rows of the minute's counters, sorted by key. */
  counts: [string, Record<string, number>][];
  /** Messages sent and finished since the start (their difference is in flight). */
  sent: number;
  finished: number;
}

export interface RecorderTotals {
  steps: number[];
  rejections: Record<string, number>;
  byPriority: DDSketchJSON[];
  byKind: [string, DDSketchJSON][];
  dropped: Record<string, number>;
  slaByKind: [string, DDSketchJSON][];
  slaDroppedByKind: Record<string, number>;
  slaDroppedByPriority: number[];
  slaPending: number[];
  decodeErrors: Record<string, number>;
  hops: [string, DDSketchJSON][];
  ackRoundTrip: DDSketchJSON;
  counters: number[];
}

export function addInto(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function mergeSketches(into: Map<string, DDSketch>, from: [string, DDSketchJSON][]): void {
  for (const [k, j] of from) {
    const other = DDSketch.fromJSON(j);
    const mine = into.get(k);
    if (mine) mine.merge(other);
    else into.set(k, other);
  }
}

export function tagsOf(measurement: string, values: string[]): Record<string, string> {
  switch (measurement) {
    case 'messages':
      return { kind: values[0], priority: values[1], visibility: values[2] };
    case 'rejections':
      return { reason: values[0] };
    case 'overrides':
      return { region: values[0] };
    case 'background':
      return { class: values[0] };
    case 'demand_limit':
      return { program: values[0] };
    default:
      return {};
  }
}

/**
 * Rounds to the microsecond so points and summaries print stably. A NaN or infinity stays what it is: it is a
 * bug upstream, and summary.json's writer refuses it by path (InfluxDB gets no field for it).
 */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Latency figures of a group; with no delivery they are not applicable (null), not 0 s and 100 % within. */
export function stats(sk: DDSketch, slaS: number): DeliveryStats {
  if (sk.count === 0) return { count: 0, p50_s: null, p95_s: null, p99_s: null, max_s: null, within_sla: null };
  return latencyFields(sk, slaS);
}

/** The same for a group that has deliveries (a per-minute point is written only then). */
export function latencyFields(sk: DDSketch, slaS: number) {
  return {
    count: sk.count,
    p50_s: round(sk.quantile(0.5)),
    p95_s: round(sk.quantile(0.95)),
    p99_s: round(sk.quantile(0.99)),
    max_s: round(sk.max),
    within_sla: round(sk.countAtMost(slaS) / sk.count),
  };
}

/** Where `Recorder.slaPending` counts messages of body kind index `kind` at priority `priority` (0 high … 2 low). */
export function slaSlot(kind: number, priority: number): number {
  return kind * 3 + priority;
}
