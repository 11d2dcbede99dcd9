/**
 * What one partition measured in one simulated minute, kept as sums and sketches so that partitions merge
 * exactly (counters add, sketches merge, maxima take the max, energies are whole W·ms); and the builder that
 * turns merged minutes into metric points and the per-minute load totals of the summary. A single-partition
 * run goes through the same path with one part, so both produce the same points.
 */
import { APPLIANCE_TYPES } from '../../scenarios/types.ts';
import { DDSketch, type DDSketchJSON } from '../../sim/metrics/ddsketch.ts';
import type { MetricPoint } from '../../sim/metrics/point.ts';
import { sliceCount } from './load.ts';
import { DEVICE_TYPES } from './population.ts';
import { addInto, latencyFields, round, STEP_IDS, tagsOf, type RecorderMinute } from './recorder.ts';

const MINUTE = 60_000;
const PRIORITIES = ['high', 'medium', 'low'];

export interface QueueMinute {
  link: string;
  /** Deepest single link this minute. */
  max: number;
  /** Messages queued over all links of the class now, and how many links the class has. */
  queued: number;
  links: number;
}

export interface MinuteTotals extends RecorderMinute {
  /** Start of the minute, simulated ms. */
  t: number;
  queues: QueueMinute[];
  /** Energy per load group (region × appliance type), W·ms, DR world and baseline. */
  energy: number[];
  energyBase: number[];
  /** Energy per load slice (region × program, models/world/load.ts sliceCount), W·ms, DR world and baseline. */
  sliceEnergy: number[];
  sliceEnergyBase: number[];
  /** Events this partition has delivered so far (progress only; not in any point). */
  events: number;
}

/** Adds `b` into `a` (same minute). */
export function mergeMinute(a: MinuteTotals, b: MinuteTotals): MinuteTotals {
  if (a.t !== b.t) throw new Error(`merging minute ${b.t} into minute ${a.t}`);
  b.byPriority.forEach((sk, i) => a.byPriority[i].merge(sk));
  for (const [k, sk] of b.byKind) {
    const mine = a.byKind.get(k);
    if (mine) mine.merge(sk);
    else a.byKind.set(k, sk);
  }
  b.steps.forEach((n, i) => (a.steps[i] += n));
  const rows = new Map(a.counts);
  for (const [k, fields] of b.counts) {
    const row = rows.get(k);
    if (row) addInto(row, fields);
    else rows.set(k, { ...fields });
  }
  a.counts = [...rows.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  a.sent += b.sent;
  a.finished += b.finished;
  a.queues.forEach((q, i) => {
    q.max = Math.max(q.max, b.queues[i].max);
    q.queued += b.queues[i].queued;
  });
  b.energy.forEach((e, g) => (a.energy[g] += e));
  b.energyBase.forEach((e, g) => (a.energyBase[g] += e));
  b.sliceEnergy.forEach((e, s) => (a.sliceEnergy[s] += e));
  b.sliceEnergyBase.forEach((e, s) => (a.sliceEnergyBase[s] += e));
  a.events += b.events;
  return a;
}

/** Plain data for postMessage (sketches as JSON). */
export interface MinuteTotalsJSON extends Omit<MinuteTotals, 'byPriority' | 'byKind'> {
  byPriority: DDSketchJSON[];
  byKind: [string, DDSketchJSON][];
}

export function minuteToJSON(m: MinuteTotals): MinuteTotalsJSON {
  return { ...m, byPriority: m.byPriority.map((s) => s.toJSON()), byKind: [...m.byKind.entries()].map(([k, s]) => [k, s.toJSON()]) };
}

export function minuteFromJSON(j: MinuteTotalsJSON): MinuteTotals {
  return { ...j, byPriority: j.byPriority.map((s) => DDSketch.fromJSON(s)), byKind: new Map(j.byKind.map(([k, s]) => [k, DDSketch.fromJSON(s)])) };
}

/** Turns merged minutes into metric points, in a fixed order, and keeps the summary's per-minute kW totals. */
export class MinutePoints {
  readonly baseTotal: number[] = [];
  readonly drTotal: number[] = [];
  /** The same per region (region index → minute), for response events by region. */
  readonly baseByRegion: number[][];
  readonly drByRegion: number[][];
  /** The same per slice (region × program, then the region's devices in no program), for response figures. */
  readonly baseBySlice: number[][];
  readonly drBySlice: number[][];

  constructor(
    readonly regions: string[],
    readonly programs: string[],
    private readonly populated: Uint8Array,
    private readonly slaS: number,
    readonly points: MetricPoint[] = [],
  ) {
    this.baseByRegion = regions.map(() => []);
    this.drByRegion = regions.map(() => []);
    const slices = sliceCount(regions.length, programs.length);
    this.baseBySlice = Array.from({ length: slices }, () => []);
    this.drBySlice = Array.from({ length: slices }, () => []);
  }

  /** Appends the points of one merged minute; returns how many were added. */
  add(m: MinuteTotals): number {
    const pts = this.points, before = pts.length, t = m.t, T = APPLIANCE_TYPES.length;
    let base = 0, dr = 0;
    const regionBase = new Array<number>(this.regions.length).fill(0), regionDr = new Array<number>(this.regions.length).fill(0);
    for (let g = 0; g < m.energy.length; g++) {
      if (!this.populated[g]) continue;
      const drKw = m.energy[g] / MINUTE / 1000, baseKw = m.energyBase[g] / MINUTE / 1000;
      base += baseKw;
      dr += drKw;
      regionBase[Math.floor(g / T)] += baseKw;
      regionDr[Math.floor(g / T)] += drKw;
      pts.push({
        measurement: 'load',
        tags: { appliance_type: DEVICE_TYPES[g % T], region: this.regions[Math.floor(g / T)] },
        fields: { baseline_kw: round(baseKw), dr_kw: round(drKw), shed_kw: round(baseKw - drKw) },
        t,
      });
    }
    this.baseTotal.push(base);
    this.drTotal.push(dr);
    regionBase.forEach((v, r) => this.baseByRegion[r].push(v));
    regionDr.forEach((v, r) => this.drByRegion[r].push(v));
    for (let s = 0; s < this.baseBySlice.length; s++) {
      this.baseBySlice[s].push(m.sliceEnergyBase[s] / MINUTE / 1000);
      this.drBySlice[s].push(m.sliceEnergy[s] / MINUTE / 1000);
    }
    for (let p = 0; p < 3; p++) {
      const sk = m.byPriority[p];
      if (sk.count > 0) pts.push({ measurement: 'delivery', tags: { priority: PRIORITIES[p] }, fields: latencyFields(sk, this.slaS), t });
    }
    for (const kind of [...m.byKind.keys()].sort()) {
      const sk = m.byKind.get(kind)!;
      pts.push({ measurement: 'delivery_kind', tags: { kind }, fields: { count: sk.count, p99_s: round(sk.quantile(0.99)), max_s: round(sk.max) }, t });
    }
    for (const q of m.queues) pts.push({ measurement: 'queue_depth', tags: { link: q.link }, fields: { max: q.max, mean: round(q.queued / Math.max(1, q.links)) }, t });
    pts.push({ measurement: 'in_flight', tags: {}, fields: { messages: m.sent - m.finished }, t });
    for (let i = 0; i < STEP_IDS.length; i++) {
      if (m.steps[i] > 0) pts.push({ measurement: 'steps', tags: { step: STEP_IDS[i] }, fields: { count: m.steps[i] }, t });
    }
    for (const [key, fields] of m.counts) {
      const [measurement, ...tagValues] = key.split('|');
      // Every field of a measurement on every point, 0 when nothing happened, so panels never lack a series.
      const full = measurement === 'messages' ? { sent: 0, delivered: 0, dropped: 0, ...fields } : fields;
      pts.push({ measurement, tags: tagsOf(measurement, tagValues), fields: full, t });
    }
    return pts.length - before;
  }
}
