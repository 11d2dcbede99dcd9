/**
 * The prices a HAN device holds (FR-27) and its price alerts (FR-30). A device keeps what it was told:
 *
 * - a TOU schedule: prices per interval of the local day, interval 0 starting at local midnight in the study's
 *   zone (DST-aware, through the world's `LocalClock`). The current price is the interval the local wall
 *   clock is in, the next price the interval after it. A PRICE_TICK timer re-evaluates at the next interval
 *   boundary where either changes;
 * - a price signal: its current and next price, in force from when it arrives until its start plus its
 *   duration. A newer signal replaces it. When it expires the schedule governs again, or, with no schedule,
 *   the signal's next price becomes current (and next).
 *
 * The alert (FR-30) fires when the current price changes to a value above the customer's limit.
 */
import type { PriceSignal, TouSchedule } from '../wire/types.ts';
import { Ev } from './events.ts';
import { priceFromWire } from './timeline.ts';
import type { Shared } from './actor-context.ts';
import type { DeviceState } from './device-state.ts';

const MINUTE_MS = 60_000;

/** One schedule as received (all devices given the same schedule share it). */
interface Schedule {
  prices: Float64Array;
  intervalMs: number;
  /** When the schedule was issued (simulated ms): the local day, not this, indexes it (ModelHooks.scheduleOffsetMs). */
  startMs: number;
}

export class DevicePrices {
  /** Schedule each device holds (index into `schedules`), -1 none. */
  private readonly schedule: Int32Array;
  private readonly sigPrice: Float64Array;
  private readonly sigNext: Float64Array;
  /** When the device's price signal expires (simulated ms), NaN: no signal received. */
  private readonly sigUntil: Float64Array;
  /** Generation of each device's pending PRICE_TICK: a tick of an older generation is stale. */
  private readonly gen: Uint32Array;
  private readonly schedules: Schedule[] = [];
  private readonly scheduleOf = new Map<number, number>();

  constructor(
    private readonly w: Shared,
    private readonly dev: DeviceState,
    n: number,
    d0 = 0,
    d1 = n,
  ) {
    this.schedule = new Int32Array(n).fill(-1, d0, d1);
    this.sigPrice = new Float64Array(n);
    this.sigNext = new Float64Array(n);
    this.sigUntil = new Float64Array(n).fill(NaN, d0, d1);
    this.gen = new Uint32Array(n);
  }

  /** A TOU schedule reached device d (FR-26): from now on its prices follow the local clock. */
  onSchedule(d: number, tou: TouSchedule): void {
    const iv = tou.intervals ?? [];
    if (iv.length === 0) return;
    const key = tou.issuerEventId ?? 0;
    let k = this.scheduleOf.get(key);
    if (k === undefined) {
      k = this.schedules.push({ prices: Float64Array.from(iv, (x) => priceFromWire(x.price ?? 0)), intervalMs: Math.max(1, tou.intervalMinutes ?? 60) * MINUTE_MS, startMs: (tou.startTimeS ?? 0) * 1000 }) - 1;
      this.scheduleOf.set(key, k);
    }
    this.schedule[d] = k;
    this.evaluate(d);
  }

  /** A price signal reached device d (FR-27): current and next price until it expires. */
  onSignal(d: number, signal: PriceSignal): void {
    const cur = signal.current;
    this.sigPrice[d] = priceFromWire(cur?.price ?? 0);
    this.sigNext[d] = priceFromWire(signal.next?.price ?? 0);
    this.sigUntil[d] = ((cur?.startTimeS ?? 0) + (cur?.durationMinutes ?? 60) * 60) * 1000;
    this.evaluate(d);
  }

  /** PRICE_TICK: a boundary where the price changes (ignored when a newer message rescheduled the device). */
  onTick(d: number, generation: number): void {
    if (generation === this.gen[d]) this.evaluate(d);
  }

  /** Sets device d's current and next price for now, alerts on a change, and schedules the next change. */
  private evaluate(d: number): void {
    const w = this.w, dev = this.dev, now = w.sim.now;
    let cur = NaN, next = NaN, wake = Infinity;
    const k = this.schedule[d];
    if (this.sigUntil[d] > now) {
      cur = this.sigPrice[d];
      next = this.sigNext[d];
      wake = this.sigUntil[d];
    } else if (k >= 0) {
      const s = this.schedules[k];
      [cur, next] = this.pairAt(s, now);
      wake = this.nextChange(s, now, cur, next);
    } else if (this.sigUntil[d] === this.sigUntil[d]) {
      cur = next = this.sigNext[d];
    }
    if (cur !== cur) return;
    const changed = dev.priceKnown[d] === 0 || dev.price[d] !== cur;
    dev.price[d] = cur;
    dev.nextPrice[d] = next;
    dev.priceKnown[d] = 1;
    const limit = dev.alertLimit[d];
    if (changed && limit === limit && cur > limit) dev.alerts[d]++;
    this.gen[d]++;
    if (wake <= w.s.duration) w.sim.timer(wake - now, Ev.PRICE_TICK, this.gen[d]);
  }

  /** Current and next price of a schedule at t. */
  private pairAt(s: Schedule, t: number): [number, number] {
    const cur = s.prices[this.intervalAt(s, t)];
    return [cur, s.prices[this.intervalAt(s, this.w.hooks.nextPriceAt(t, this.boundaryAfter(s, t)))]];
  }

  /** The first interval boundary after t where the current or next price differs from (cur, next). */
  private nextChange(s: Schedule, t: number, cur: number, next: number): number {
    let b = this.boundaryAfter(s, t);
    // A day and a bit of boundaries covers every interval, also on a 25-hour DST day; past that nothing changes.
    for (let i = 0; i <= s.prices.length + 2; i++, b = this.boundaryAfter(s, b)) {
      const [c, n] = this.pairAt(s, b);
      if (c !== cur || n !== next) return b;
    }
    return Infinity;
  }

  /** Index of the schedule interval the local clock is in at t (interval 0 starts at local midnight). */
  private intervalAt(s: Schedule, t: number): number {
    const ms = this.w.hooks.scheduleOffsetMs(this.w.clock, s.startMs, t);
    const i = Math.floor(ms / s.intervalMs);
    return ((i % s.prices.length) + s.prices.length) % s.prices.length;
  }

  private boundaryAfter(s: Schedule, t: number): number {
    return this.w.hooks.scheduleBoundaryAfter(this.w.clock, s.startMs, s.intervalMs, t);
  }
}
