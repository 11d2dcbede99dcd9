/**
 * NFR-03, "the meter updates the appliance's energy usage data instantly", as two properties of the meter's usage
 * feed, judged from what each subscribing device held over time (the `usageHeld` trace) against the load
 * model's power of every device of its premise (the power trace), never from the feed's own figures:
 *
 * - age: the demand value a device holds is, for 99 % of its time, no older than the study's `metering.age_sla_s`
 *   (time-weighted: each held value ages linearly from its arrival until the next one);
 * - agreement: at every moment, the held demand is within `reportable_change_w` of what the premise drew at some
 *   instant of the last `min_interval` + one HAN delivery — unless a report to that device was lost.
 */
import { KIND_INDEX } from '../../models/world/messages.ts';
import { State } from '../../models/world/messages.ts';
import { EMS_HOP_MS } from './home-network.ts';
import type { HeldStep, Observation } from '../observe.ts';
import { check, fmtT, type Check } from './util.ts';

const METERING_REPORT = KIND_INDEX['meteringReport'];
/** Queueing behind C5 frames on a premise's HAN (a burst of a few frames of ~50 ms), with room to spare. */
const HAN_QUEUE_SLACK_MS = 2_000;
/** The largest usage-feed frame, bytes (the example is 55; demand and summation grow a few bytes at most). */
const REPORT_BYTES_MAX = 80;

/** Ages (ms) of one held value from its arrival to the next arrival (or the end of the run). */
function stretches(steps: HeldStep[], end: number): [number, number][] {
  return steps.map((s, i) => [s.at - s.readingAt, (steps[i + 1]?.at ?? end) - s.readingAt]);
}

/** The age, ms, the held value stays within for share q of the time (linear ramps; bisection on the time below x). */
export function timeWeightedQuantile(ramps: [number, number][], q: number): number {
  const total = ramps.reduce((a, [a0, a1]) => a + (a1 - a0), 0);
  if (total <= 0) return 0;
  let lo = 0, hi = Math.max(...ramps.map((r) => r[1]));
  for (let i = 0; i < 60; i++) {
    const x = (lo + hi) / 2;
    const below = ramps.reduce((a, [a0, a1]) => a + Math.min(Math.max(x - a0, 0), a1 - a0), 0);
    if (below >= q * total) hi = x;
    else lo = x;
  }
  return hi;
}

export const NFR_03_AGE: Check = check((o, v) => {
  const limitMs = o.s.metering.age_sla_s * 1000;
  o.heldTrace.forEach((steps, d) => {
    if (!steps?.length) return;
    const p99 = timeWeightedQuantile(stretches(steps, o.s.duration), 0.99);
    v.expect(p99 <= limitMs, () => `device ${d}: the demand it held was older than ${o.s.metering.age_sla_s} s for more than 1 % of its time from ${fmtT(steps[0].at)} (p99 ${(p99 / 1000).toFixed(1)} s)`);
  });
});

/** The premise's demand as the load model drew it: change times and the sum of its devices' power from then on. */
function premiseDemand(o: Observation, c: number): { at: number[]; watts: number[] } {
  const p = o.w.p;
  const changes: { at: number; d: number; watts: number }[] = [];
  for (let d = p.firstDevice[c]; d < p.firstDevice[c] + p.deviceCount[c]; d++) for (const s of o.powerTrace[d] ?? []) changes.push({ at: s.at, d, watts: s.watts });
  changes.sort((a, b) => a.at - b.at);
  const now = new Map<number, number>();
  const at: number[] = [], watts: number[] = [];
  for (let i = 0; i < changes.length; ) {
    const t = changes[i].at;
    for (; i < changes.length && changes[i].at === t; i++) now.set(changes[i].d, changes[i].watts);
    at.push(t);
    watts.push([...now.values()].reduce((a, b) => a + b, 0));
  }
  return { at, watts };
}

/** Index of the piece of a step function in force at t (the last change at or before t), −1 before the first. */
function pieceAt(at: number[], t: number): number {
  let lo = -1, hi = at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (at[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export const NFR_03_AGREEMENT: Check = check((o, v) => {
  const m = o.s.metering, han = o.s.network.han, p = o.w.p;
  const airtime = Math.ceil((REPORT_BYTES_MAX * 1000) / han.bandwidth_Bps);
  // One HAN delivery at worst: latency, the EMS hop, every retry and its airtime, a short queue of C5 frames.
  const deliveryMs = han.latency_ms + EMS_HOP_MS + han.max_retries * (han.retry_timeout_ms + airtime) + airtime + HAN_QUEUE_SLACK_MS;
  const windowMs = m.min_interval + deliveryMs;
  const lost = new Map<number, number[]>();
  for (let x = 0; x < o.msgs.count; x++) {
    if (o.msgs.kind[x] === METERING_REPORT && o.msgs.state[x] === State.DROPPED) (lost.get(o.msgs.device[x]) ?? lost.set(o.msgs.device[x], []).get(o.msgs.device[x])!).push(o.msgs.created[x]);
  }
  const demandOf = new Map<number, { at: number[]; watts: number[] }>();
  o.heldTrace.forEach((held, d) => {
    if (!held?.length) return;
    const c = p.owner[d];
    const D = demandOf.get(c) ?? demandOf.set(c, premiseDemand(o, c)).get(c)!;
    // The moments the verdict can change: a new held value, a change of demand, and the moment one leaves the window.
    const times = new Set<number>(held.map((h) => h.at));
    for (const t of D.at) times.add(t).add(t + windowMs + 1);
    const first = held[0].at;
    const heldAt = held.map((x) => x.at);
    let failures = 0;
    for (const t of [...times].filter((t) => t >= first && t <= o.s.duration).sort((a, b) => a - b)) {
      const h = held[pieceAt(heldAt, t)];
      let ok = false;
      for (let i = Math.max(0, pieceAt(D.at, t - windowMs)); i < D.at.length && D.at[i] <= t && !ok; i++) ok = Math.abs(h.demandW - D.watts[i]) <= m.reportable_change_w;
      const excused = (lost.get(d) ?? []).some((at) => at >= t - windowMs - m.period && at <= t);
      if (excused) continue;
      if (!v.expect(ok, () => `device ${d} at ${fmtT(t)}: holds ${h.demandW} W (measured ${fmtT(h.readingAt)}) but its premise drew ${D.watts.slice(Math.max(0, pieceAt(D.at, t - windowMs)), pieceAt(D.at, t) + 1).join(' → ')} W over the last ${(windowMs / 1000).toFixed(1)} s (reportable change ${m.reportable_change_w} W)`) && ++failures >= 3) return;
    }
  });
});
