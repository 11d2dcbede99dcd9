/**
 * The meter's side of the usage feed (NFR-03), state owned by the meters (indexed by customer = meter): what each
 * meter measures — the premise's demand, the sum of its appliances' power in whole watts, and the summation
 * register — and when it reports it to the HAN devices that subscribed, after ZigBee SE 1.x attribute reporting:
 * every `period` (maximum reporting interval), and when demand has moved by `reportable_change_w` since the last
 * report, no sooner than `min_interval` after it (minimum reporting interval). One `meteringReport` frame per
 * subscribing device crosses the premise's HAN link in the METERING class.
 *
 * The measurement itself is physics, not a message: the current of every appliance flows through the meter, so
 * a device's power change updates the register in the same instant (`onPower`). What the meter does about it —
 * a report — is the meter's own event.
 */
import { uniformAt } from '../../../sim/random/stream.ts';
import { MeteringTrigger } from '../../wire/codec.ts';
import { Cls, Ev } from '../events.ts';
import { DEVICE_TYPES } from '../population.ts';
import type { World } from '../world.ts';

/** Random stream of a meter that only the feed draws (the report phase), so the meter's other draws are untouched. */
const PHASE_STREAM = 7;

export class MeterFeed {
  /** Is anything subscribing at all (a study with `subscribers: []` has no feed). */
  readonly on: boolean;
  /** Demand the meter measures now, W (a sum of whole watts: exact in any order). */
  readonly demandW: Float64Array;
  /** Summation register, W·ms, up to `energyAt`. */
  private readonly energyWms: Float64Array;
  private readonly energyAt: Float64Array;
  /** Demand and time of the last report (NaN / −∞ before the first). */
  readonly lastSentW: Float64Array;
  readonly lastSentAt: Float64Array;
  private readonly changePending: Uint8Array;
  private readonly sequence: Uint32Array;
  /** Subscribing devices per meter, and which devices have subscribed (the meter's binding table). */
  private readonly subscribers: Uint16Array;
  readonly subscribed: Uint8Array;
  /** Which device types subscribe, by population type index. */
  private readonly subscribingType: Uint8Array;
  periodic = 0;
  onChange = 0;
  bytes = 0;

  /**
   * Arrays cover every meter, but only this world's (the owners of `devices`) are initialised: another partition's
   * entries are never read here, and pages never written cost no memory.
   */
  constructor(
    private readonly w: World,
    [d0, d1]: readonly [number, number],
  ) {
    const p = w.p, m = w.s.metering;
    this.on = m.subscribers.length > 0;
    const C = this.on ? p.customers : 0, D = this.on ? p.devices : 0;
    // Customers own contiguous runs of devices, so a run of devices belongs to a run of meters.
    const c0 = d1 > d0 ? p.owner[d0] : 0, c1 = d1 > d0 ? p.owner[d1 - 1] + 1 : 0;
    this.demandW = new Float64Array(C);
    this.energyWms = new Float64Array(C);
    this.energyAt = new Float64Array(C);
    this.lastSentW = new Float64Array(C).fill(NaN, c0, c1);
    this.lastSentAt = new Float64Array(C).fill(-Infinity, c0, c1);
    this.changePending = new Uint8Array(C);
    this.sequence = new Uint32Array(C);
    this.subscribers = new Uint16Array(C);
    this.subscribed = new Uint8Array(D);
    this.subscribingType = Uint8Array.from(DEVICE_TYPES, (t) => ((m.subscribers as readonly string[]).includes(t) ? 1 : 0));
  }

  /** Does device d subscribe once it is on the HAN (by its type and the study's `subscribers`)? */
  subscribes(d: number): boolean {
    return this.subscribingType[this.w.p.type[d]] === 1;
  }

  /** The premise's demand changed by deltaW now (a device's power changed): book it; report it if it moved enough. */
  onPower(c: number, deltaW: number): void {
    const now = this.w.sim.now;
    this.integrate(c, now);
    this.demandW[c] += deltaW;
    if (this.subscribers[c] === 0 || this.changePending[c] || !this.movedEnough(c)) return;
    this.changePending[c] = 1;
    const at = Math.max(now, this.lastSentAt[c] + this.w.s.metering.min_interval);
    this.w.sim.send(this.w.meterActor(c), at - now, Ev.METERING_CHANGE, 0);
  }

  /** The meter's own events; false when `type` is not the feed's. */
  event(c: number, type: number, payload: number): boolean {
    switch (type) {
      case Ev.METERING_TICK:
        this.report(c, MeteringTrigger.METERING_TRIGGER_PERIODIC);
        this.w.sim.timer(this.w.s.metering.period, Ev.METERING_TICK);
        return true;
      case Ev.METERING_CHANGE:
        this.changePending[c] = 0;
        if (this.movedEnough(c)) this.report(c, MeteringTrigger.METERING_TRIGGER_CHANGE);
        return true;
      case Ev.METERING_SUBSCRIBE:
        return this.subscribe(c, payload), true;
      default:
        return false;
    }
  }

  /**
   * Device d bound itself to the meter's Metering cluster (ZigBee binding + attribute reporting configuration;
   * 2030.5 subscription). It gets the current reading at once; the first subscriber starts the meter's period,
   * at a phase of its own so a collector's meters do not all report together.
   */
  private subscribe(c: number, d: number): void {
    if (this.subscribed[d]) return;
    this.subscribed[d] = 1;
    const first = this.subscribers[c]++ === 0;
    const body = this.readingBody(c, MeteringTrigger.METERING_TRIGGER_PERIODIC);
    if (first) {
      // What the premise's devices hold from now on: changes are judged against it.
      this.lastSentW[c] = this.demandW[c];
      this.lastSentAt[c] = this.w.sim.now;
      const period = this.w.s.metering.period;
      this.w.sim.timer(Math.floor(uniformAt(this.w.s.seed, this.w.meterActor(c), PHASE_STREAM, 0) * period), Ev.METERING_TICK);
    }
    this.send(c, d, MeteringTrigger.METERING_TRIGGER_PERIODIC, body);
  }

  private movedEnough(c: number): boolean {
    return this.w.hooks.reportableChange(this.lastSentW[c], this.demandW[c], this.w.s.metering.reportable_change_w);
  }

  /** One report to every subscribing device of the premise. */
  private report(c: number, trigger: MeteringTrigger): void {
    if (this.subscribers[c] === 0) return;
    const body = this.readingBody(c, trigger);
    this.lastSentW[c] = this.demandW[c];
    this.lastSentAt[c] = this.w.sim.now;
    const p = this.w.p;
    for (let d = p.firstDevice[c], end = d + p.deviceCount[c]; d < end; d++) if (this.subscribed[d]) this.send(c, d, trigger, body);
  }

  private readingBody(c: number, trigger: MeteringTrigger) {
    const now = this.w.sim.now;
    this.integrate(c, now);
    return {
      meterId: c + 1,
      instantaneousDemandW: this.demandW[c],
      summationDeliveredWh: Math.floor(this.energyWms[c] / 3_600_000),
      readingTimeMs: now,
      trigger,
      sequence: ++this.sequence[c],
    };
  }

  private send(c: number, d: number, trigger: MeteringTrigger, body: ReturnType<MeterFeed['readingBody']>): void {
    const w = this.w;
    const m = w.create('meteringReport', body, Cls.METERING, false, w.meterActor(c), w.deviceActor(d), d, false);
    // HAN metering is judged by the age of the value devices hold (NFR-03), not by NFR-04's delivery SLA.
    w.msgs.sla[m] = 0;
    if (trigger === MeteringTrigger.METERING_TRIGGER_PERIODIC) this.periodic++;
    else this.onChange++;
    this.bytes += w.msgs.size[m];
    w.rec.metering(1, 0, 0, w.msgs.size[m]);
    w.offer(w.han, c, m, Ev.HAN_DONE);
  }

  private integrate(c: number, now: number): void {
    this.energyWms[c] += this.demandW[c] * (now - this.energyAt[c]);
    this.energyAt[c] = now;
  }
}
