/**
 * The small decisions a few handlers delegate, gathered in one typed object so that a caller can replace one
 * without the model knowing why: the conformance suite's deliberate faults (kept in conformance/) are such
 * replacements. Each is typed with the state of the kind that decides, as that kind's handlers are.
 * `MODEL_HOOKS` holds the model's own; `World.hooks` is it, less whatever `WorldOptions.hooks` replaces.
 */
import type { Scenario, Target } from '../../scenarios/types.ts';
import { pricingPlan, type PricingPlan } from '../pricing/plan.ts';
import type { EnvelopeObject } from '../wire/codec.ts';
import { authenticate, forwardOverride } from './back-office.ts';
import type { LocalClock } from './clock.ts';
import { RETENTION_MS } from './device-state.ts';
import { relayToHan } from './network-kinds.ts';
import type { RejectReasonName } from './recorder.ts';
import { targetedDevices } from './timeline.ts';
import type { Own, Shared } from './actor-context.ts';
import type { EventWindow } from './response-book.ts';

export interface ModelHooks {
  /** CSS, S1-02 (FR-06): is the appliance type a customer claims on the utility's approved list? */
  typeApproved(type: string, approved: ReadonlySet<string>): boolean;
  /** NMS, S1-09 (FR-10): why device d's identification fails, or null when NMS authenticates it. */
  authenticate(w: Own<'nms'>, d: number, env: EnvelopeObject): Extract<RejectReasonName, 'id_mismatch' | 'type_mismatch' | 'duplicate_id'> | null;
  /** CDCS, S2-01 (FR-20): the devices a private timeline message goes to. */
  privateTargets(w: Own<'cdcs'>, target: Target): number[];
  /** CDCS, S2-07: an override notice (message m from device d) goes on to CSS and MDMS. */
  forwardOverride(w: Shared, d: number, m: number, notice: NonNullable<EnvelopeObject['overrideNotice']>): void;
  /** Meter, BR-01: a downstream message m for a device of customer c joins the premises HAN. */
  relayToHan(w: Shared, c: number, m: number): void;
  /** Device store, NFR-01: how long a received message stays readable, ms. */
  readonly retentionMs: number;
  /** Device prices, FR-27: ms into the local day at t (a TOU schedule's interval 0 starts at local midnight). */
  scheduleOffsetMs(clock: LocalClock, issuedAt: number, t: number): number;
  /** Device prices, FR-27: the first interval boundary of a schedule after t. */
  scheduleBoundaryAfter(clock: LocalClock, issuedAt: number, intervalMs: number, t: number): number;
  /** Device prices, FR-27: the time whose interval gives the next price, from t and the boundary after it. */
  nextPriceAt(t: number, boundary: number): number;
  /** S2-08 (FR-36): the energy a report carries, from the meter's total now and at the last report, Wh. */
  reportEnergyWh(totalWh: number, lastReportWh: number): number;
  /** OI-3: the regions a CAP alert's info block reaches, from those its areas map to (sorted). */
  alertRegions(regions: number[], regionCount: number): number[];
  /** OI-5: the local hour a piece of reported usage is billed at (TOU, CPP and PTR hourly prices). */
  adviceHour(clock: LocalClock, t: number): number;
  /** OI-6: what the pricing actor has CDCS send (prices, cycles, the event days it calls). */
  pricingPlan(s: Scenario): PricingPlan;
  /** Meter, NFR-03: has demand moved enough since the last report (NaN: none yet) to report it now? */
  reportableChange(lastW: number, nowW: number, changeW: number): boolean;
  /** EMS, DEMAND_LIMIT: is the demand the EMS holds from the meter over the program's limit (both W)? */
  emsOverLimit(heldW: number, limitW: number): boolean;
  /** Device, S2-05 with FR-17: the event a response belongs to, by the window its message states (an override holds for all of it). */
  responseEvent(startS: number, minutes: number): EventWindow;
}

export const MODEL_HOOKS: ModelHooks = {
  typeApproved: (type, approved) => approved.has(type),
  authenticate,
  privateTargets: (w, target) => targetedDevices(w, w.cdcs, target),
  forwardOverride,
  relayToHan,
  retentionMs: RETENTION_MS,
  scheduleOffsetMs: (clock, _issuedAt, t) => clock.msOfDay(t),
  scheduleBoundaryAfter: (clock, _issuedAt, intervalMs, t) => clock.nextIntervalAt(t, intervalMs),
  nextPriceAt: (_t, boundary) => boundary,
  reportEnergyWh: (totalWh, lastReportWh) => Math.max(0, totalWh - lastReportWh),
  alertRegions: (regions) => regions,
  adviceHour: (clock, t) => clock.hourOfDay(t),
  pricingPlan,
  reportableChange: (lastW, nowW, changeW) => Number.isNaN(lastW) || (nowW !== lastW && Math.abs(nowW - lastW) >= changeW),
  emsOverLimit: (heldW, limitW) => heldW > limitW,
  responseEvent: (startS, minutes) => [startS, startS + minutes * 60],
};
