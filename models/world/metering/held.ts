/**
 * The devices' side of the usage feed (NFR-03), state owned by the devices (indexed by device): the demand and
 * summation each subscribing device holds, when the meter measured them, and when they arrived. Each arrival
 * closes the stretch over which the previous value aged (age-histogram.ts): that is how "instantly" is measured.
 */
import { DDSketch } from '../../../sim/metrics/ddsketch.ts';
import { sketch } from '../recorder.ts';
import { AgeHistogram } from './age-histogram.ts';
import type { World } from '../world.ts';

export class HeldUsage {
  /** The held demand (W) and summation (Wh); NaN before the first report. */
  readonly demandW: Float64Array;
  readonly summationWh: Float64Array;
  /** When the meter measured the held value, and when it arrived (−1: nothing held yet). */
  readonly readingAt: Float64Array;
  readonly arrivedAt: Float64Array;
  readonly age = new AgeHistogram();
  /** Meter → device delivery time of each report, s. */
  readonly latency: DDSketch;
  delivered = 0;
  /** Reports older than the value already held (a retransmission overtaken by a later report): ignored. */
  stale = 0;

  /** Arrays cover every device; only `devices` (this world's) are initialised, so other partitions' pages stay untouched. */
  constructor(
    private readonly w: World,
    [d0, d1]: readonly [number, number],
  ) {
    const D = w.s.metering.subscribers.length > 0 ? w.p.devices : 0;
    const from = Math.min(d0, D), to = Math.min(d1, D);
    this.demandW = new Float64Array(D).fill(NaN, from, to);
    this.summationWh = new Float64Array(D).fill(NaN, from, to);
    this.readingAt = new Float64Array(D).fill(-1, from, to);
    this.arrivedAt = new Float64Array(D).fill(-1, from, to);
    this.latency = sketch(w.s.metering.age_sla_s);
  }

  /** A `meteringReport` reached device d: open it (decode its frame where the wire is real), keep the newer value, close the old value's stretch. */
  onArrive(d: number, m: number): void {
    const w = this.w;
    const r = w.msgs.open(m);
    if (!r.ok) {
      w.rec.decodeError(r.error);
      w.rec.metering(0, 0, 1, 0);
      return w.drop(m);
    }
    const created = w.msgs.created[m];
    w.arrived(m);
    const env = r.value, now = w.sim.now;
    if (env.header.destination?.id !== d + 1 || !env.meteringReport) return void w.rec.decodeError('misaddressed');
    const report = env.meteringReport;
    this.delivered++;
    this.latency.add((now - created) / 1000);
    w.rec.metering(0, 1, 0, 0);
    const at = report.readingTimeMs ?? 0;
    if (at <= this.readingAt[d]) return void this.stale++;
    this.closeStretch(d, now);
    this.demandW[d] = report.instantaneousDemandW ?? 0;
    this.summationWh[d] = report.summationDeliveredWh ?? 0;
    this.readingAt[d] = at;
    this.arrivedAt[d] = now;
    w.trace.usageHeld.fire?.(d, this.demandW[d], at);
  }

  /** The run ends at `end`: every held value's last stretch counts up to it (devices d0 … d1-1, a partition's own). */
  closeAll(d0: number, d1: number, end: number): void {
    for (let d = d0; d < Math.min(d1, this.readingAt.length); d++) this.closeStretch(d, end);
  }

  private closeStretch(d: number, until: number): void {
    const at = this.readingAt[d];
    if (at < 0) return;
    this.age.add(this.arrivedAt[d] - at, until - at);
    this.arrivedAt[d] = until;
  }
}
