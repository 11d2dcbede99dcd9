/**
 * NFR-03, the meter's usage feed, as the world holds it: the meters' side (feed.ts), the devices' side (held.ts),
 * and the figures both produce — whole-run totals that cross threads and merge exactly, and summary.json's
 * `metering` block.
 */
import { DDSketch, type DDSketchJSON } from '../../../sim/metrics/ddsketch.ts';
import type { Scenario } from '../../../scenarios/types.ts';
import { round, stats } from '../recorder.ts';
import type { World } from '../world.ts';
import { AgeHistogram, type AgeHistogramJSON } from './age-histogram.ts';
import { MeterFeed } from './feed.ts';
import { HeldUsage } from './held.ts';

export class MeteringModel {
  readonly feed: MeterFeed;
  readonly held: HeldUsage;
  /** Reports lost on the HAN after every retry. */
  dropped = 0;

  /** `devices`: the devices (and so the meters) this world runs, whose entries alone it initialises. */
  constructor(w: World, devices: readonly [number, number] = [0, w.p.devices]) {
    this.feed = new MeterFeed(w, devices);
    this.held = new HeldUsage(w, devices);
  }

  /** The partition's whole-run figures; closes the held values' last stretches at the end of the run. */
  totals(d0: number, d1: number, end: number): MeteringTotals {
    this.held.closeAll(d0, d1, end);
    let subscribers = 0;
    for (let d = d0; d < Math.min(d1, this.feed.subscribed.length); d++) subscribers += this.feed.subscribed[d];
    const f = this.feed, h = this.held;
    return {
      subscribers,
      periodic: f.periodic,
      onChange: f.onChange,
      bytes: f.bytes,
      delivered: h.delivered,
      dropped: this.dropped,
      stale: h.stale,
      latency: h.latency.toJSON(),
      age: h.age.toJSON(),
    };
  }
}

export interface MeteringTotals {
  subscribers: number;
  periodic: number;
  onChange: number;
  bytes: number;
  delivered: number;
  dropped: number;
  stale: number;
  latency: DDSketchJSON;
  age: AgeHistogramJSON;
}

/** Partitions' totals added up (the first one's shape; sketches and histograms merge exactly). */
export function mergeMeteringTotals(parts: MeteringTotals[]): MeteringTotals {
  const age = new AgeHistogram();
  const latency = DDSketch.fromJSON(parts[0].latency);
  parts.forEach((t, i) => {
    age.merge(t.age);
    if (i > 0) latency.merge(DDSketch.fromJSON(t.latency));
  });
  const sum = (k: 'subscribers' | 'periodic' | 'onChange' | 'bytes' | 'delivered' | 'dropped' | 'stale') => parts.reduce((a, t) => a + t[k], 0);
  return {
    subscribers: sum('subscribers'),
    periodic: sum('periodic'),
    onChange: sum('onChange'),
    bytes: sum('bytes'),
    delivered: sum('delivered'),
    dropped: sum('dropped'),
    stale: sum('stale'),
    latency: latency.toJSON(),
    age: age.toJSON(),
  };
}

/** summary.json `metering`: the feed's traffic and NFR-03's verdict on the age of held values. */
export function meteringSummary(t: MeteringTotals, s: Scenario) {
  const age = new AgeHistogram();
  age.merge(t.age);
  const sla = s.metering.age_sla_s;
  const held = age.totalMs > 0;
  // Ages over no held value are not applicable (null); the verdict is then 'none'.
  const p99 = held ? round(age.quantile(0.99) / 1000) : null;
  const latency = DDSketch.fromJSON(t.latency);
  return {
    subscribers: t.subscribers,
    period_s: s.metering.period / 1000,
    reportable_change_w: s.metering.reportable_change_w,
    reports: { sent: t.periodic + t.onChange, periodic: t.periodic, on_change: t.onChange, delivered: t.delivered, dropped: t.dropped, stale: t.stale, bytes: t.bytes },
    latency: stats(latency, sla),
    age: {
      sla_s: sla,
      p50_s: held ? round(age.quantile(0.5) / 1000) : null,
      p99_s: p99,
      max_s: held ? round(age.maxMs / 1000) : null,
      held_device_hours: round(age.totalMs / 3_600_000),
      verdict: (p99 === null ? 'none' : p99 <= sla ? 'met' : 'missed') as 'none' | 'met' | 'missed',
    },
  };
}

export type MeteringSummary = ReturnType<typeof meteringSummary>;
