/**
 * Prices on the devices (FR-27) and price alerts (FR-30), judged against what the study says, at every local
 * hour of the run. The expected price comes from the timeline actions a device received and the local hour
 * from `local-time.ts` (not from the model's clock or the frames it built):
 *
 * - a price signal (current_price) is in force from when the device accepts it until the action's time plus
 *   its duration: current = `price`, next = `next_price`; a newer signal replaces it;
 * - otherwise a TOU schedule the device holds gives the price of the local hour (hour 0 = local midnight in
 *   the study's zone, DST included) and, as next, the price of the local hour after it;
 * - otherwise a signal that has expired leaves its `next_price` as current and next.
 *
 * Prices travel with 5 decimals (ZigBee SE trailing digits), so expectations are taken to 5 decimals.
 */
import type { Observation, PriceState } from '../observe.ts';
import { StudyTime } from './local-time.ts';
import { check, fmtT } from './util.ts';

const MINUTE = 60_000;
const wire5 = (x: number) => Math.round(x * 1e5) / 1e5;

interface Held {
  known: boolean;
  price: number;
  next: number;
}

/** The price messages one device accepted, as the study's actions, in acceptance order. */
interface PriceEvent {
  at: number;
  signal?: { price: number; next: number; until: number };
  schedule?: number[];
}

/** Price events of each device, from the timeline actions behind the messages it accepted. */
function priceEvents(o: Observation): Map<number, PriceEvent[]> {
  const out = new Map<number, PriceEvent[]>();
  for (const a of o.accepted) {
    const k = o.kind(a.m);
    if (k !== 'priceSignal' && k !== 'touSchedule') continue;
    const action = o.s.timeline[o.actionOf[a.m]];
    if (!action) continue;
    const list = out.get(a.d) ?? [];
    out.set(a.d, list);
    if (action.action === 'current_price') list.push({ at: a.at, signal: { price: wire5(action.price), next: wire5(action.next_price), until: action.at + Math.max(1, Math.round(action.duration / MINUTE)) * MINUTE } });
    else if (action.action === 'tou_schedule') list.push({ at: a.at, schedule: action.prices.map(wire5) });
  }
  return out;
}

/** What a device with these price events should hold at t. */
function expectedAt(events: PriceEvent[], local: StudyTime, t: number): Held {
  let signal: PriceEvent['signal'], schedule: number[] | undefined;
  for (const e of events) {
    if (e.at > t) break;
    if (e.signal) signal = e.signal;
    if (e.schedule) schedule = e.schedule;
  }
  if (signal && t < signal.until) return { known: true, price: signal.price, next: signal.next };
  if (schedule) return { known: true, price: schedule[local.hourAt(t)], next: schedule[local.hourAt(local.nextHourAt(t))] };
  if (signal) return { known: true, price: signal.next, next: signal.next };
  return { known: false, price: NaN, next: NaN };
}

/** The traced state at t: the last entry at or before t. */
function tracedAt(trace: PriceState[], t: number): PriceState {
  let lo = 0, hi = trace.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (trace[mid].at <= t) lo = mid;
    else hi = mid - 1;
  }
  return trace[lo];
}

const close = (a: number, b: number) => Math.abs(a - b) < 5e-6;
const show = (h: { known: boolean; price: number; next: number }) => (h.known ? `${h.price}/${h.next}` : 'no price');

/** Times to look at: the start, middle and last second of every local hour of the run, and its end. */
function sampleTimes(o: Observation, local: StudyTime): number[] {
  const out = [0];
  for (const b of local.hourStarts(0, o.s.duration)) out.push(b, b + 30 * MINUTE, local.nextHourAt(b) - 1000);
  out.push(o.s.duration);
  return [...new Set(out.filter((t) => t >= 0 && t <= o.s.duration))].sort((a, b) => a - b);
}

/** FR-27: at every local hour a device holds the current and next price its price messages give for then. */
export const FR_27 = check((o, v) => {
  const local = new StudyTime(o.s.start, o.s.time_zone);
  const events = priceEvents(o);
  const times = sampleTimes(o, local);
  for (let d = 0; d < o.w.p.devices; d++) {
    const ev = events.get(d) ?? [];
    const trace = o.priceTrace[d];
    let failed = false;
    for (const t of times) {
      if (failed) break;
      const want = expectedAt(ev, local, t);
      const got = tracedAt(trace, t);
      const ok = want.known ? got.known && close(got.price, want.price) && close(got.next, want.next) : !got.known;
      if (ev.length === 0 && !got.known) continue;
      failed = !v.expect(ok, () => `device ${d} at ${fmtT(t)} (local ${String(local.hourAt(t)).padStart(2, '0')}h): holds ${show(got)}, its price messages say ${show(want)}`);
    }
  }
});

/**
 * FR-30: a device whose customer set a price limit counts one alert each time its current price changes to a
 * value above the limit — on a price message, a signal's expiry or a new local hour of its TOU schedule.
 */
export const FR_30 = check((o, v) => {
  const local = new StudyTime(o.s.start, o.s.time_zone);
  const events = priceEvents(o);
  for (const [d, ev] of events) {
    const trace = o.priceTrace[d];
    // Every moment the price can change: each message, each signal's expiry, each local hour start after the first schedule.
    const moments = new Set<number>();
    for (const e of ev) {
      moments.add(e.at);
      if (e.signal && e.signal.until > e.at && e.signal.until <= o.s.duration) moments.add(e.signal.until);
    }
    const firstSchedule = ev.find((e) => e.schedule)?.at;
    if (firstSchedule !== undefined) for (const b of local.hourStarts(firstSchedule, o.s.duration)) moments.add(b);
    let expected = 0, prev: Held = { known: false, price: NaN, next: NaN };
    for (const t of [...moments].sort((a, b) => a - b)) {
      const now = expectedAt(ev, local, t);
      const limit = tracedAt(trace, t).alertLimit;
      if (now.known && (!prev.known || !close(now.price, prev.price)) && limit === limit && now.price > limit) expected++;
      prev = now;
      const got = tracedAt(trace, t).alerts;
      if (!v.expect(got === expected, () => `device ${d} at ${fmtT(t)}: ${got} price alerts, expected ${expected} (price ${show(now)}, limit ${limit})`)) break;
    }
  }
});
