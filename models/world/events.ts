/** Event types of the C5 world (the `type` of a kernel event); payload is a message id unless noted. */
export const Ev = {
  /** A message arrives at an actor (final or intermediate destination). */
  ARRIVE: 1,
  /** Link queue: a message joins the WAN / RF / HAN / broadcast link of the receiving actor. */
  WAN_ENQ: 2,
  RF_ENQ: 3,
  HAN_ENQ: 4,
  BCAST_ENQ: 5,
  /** A transmission on a link of the receiving actor ends (payload: message id). */
  WAN_DONE: 6,
  RF_DONE: 7,
  HAN_DONE: 8,
  BCAST_DONE: 9,
  /** Customer actions (payload: device index; OVERRIDE: the issuer id of the response overridden). */
  REGISTER: 10,
  CONNECT: 11,
  OVERRIDE: 12,
  VIEW: 13,
  CHANGE: 14,
  /** Device timers (payload: device-local argument; RESPONSE_START / RESPONSE_END: the scheduling's sequence number, response-book.ts). */
  REPORT_TIMER: 15,
  RESPONSE_START: 16,
  RESPONSE_END: 17,
  /** Meter timers. */
  METER_READ_TIMER: 18,
  FIRMWARE_START: 19,
  /** Director: a timeline action is due (payload: action index); the minute tick. */
  ACTION: 20,
  MINUTE: 21,
  /** Back-office processing done (payload: message id). */
  PROCESSED: 22,
  /** A restarted meter's HAN link is back (payload: customer index). */
  METER_UP: 23,
  /** Device physics: the appliance's power changes now (payload: generation). */
  PHYSICS: 24,
  /** CDCS: an event-in-progress reminder or the end of a DR event is due (payload: action index). */
  EVENT_IN_PROGRESS: 25,
  EVENT_END: 26,
  /** The baseline shadow of a device's physics (payload: generation). */
  PHYSICS_SHADOW: 27,
  /** During a DR response the customer weighs overriding (payload: the response's sequence number, response-book.ts). */
  OVERRIDE_CHECK: 28,
  /** Scenario network faults (payload: index in network.faults): a link goes down, comes back; a meter restarts. */
  LINK_DOWN: 29,
  LINK_UP: 30,
  METER_RESTART: 31,
  /** A device's price changes at a TOU interval boundary or a price signal's expiry (payload: generation). */
  PRICE_TICK: 32,
  /** CDCS: time to bill every customer's reported usage under the offered rates and advise (OI-5). */
  RATE_ADVICE: 33,
  /** A device asks its customer whether an override is an opt-out or a change of settings (payload: device index). */
  OVERRIDE_ASK: 34,
  /** The customer's answer (payload: 1 a change of settings, 0 an opt-out): the device reports the override (S2-06). */
  OVERRIDE_KIND: 35,
  /**
   * NFR-03, the meter's usage feed (metering/): the meter's periodic report is due; a change report is due; a
   * device subscribes (payload: device index). Numbered apart so other new events do not collide.
   */
  METERING_TICK: 60,
  METERING_CHANGE: 61,
  METERING_SUBSCRIBE: 62,
  /**
   * DEMAND_LIMIT (ems/): an appliance configured in a program tells its premise's EMS (payload: device × 65536 +
   * program + 1, 0 for none); the EMS sheds (payload 1) or restores (0) an appliance over the home network.
   */
  EMS_JOIN: 70,
  EMS_CONTROL: 71,
} as const;

/**
 * Link queue classes: the three C5 priorities ahead of background traffic (NFR-02). METERING is the meter's usage
 * feed (NFR-03): HAN only, where it is served after the C5 classes (meter reads and firmware never cross a HAN).
 */
export const Cls = { HIGH: 0, MEDIUM: 1, LOW: 2, METER_READ: 3, FIRMWARE: 4, METERING: 5 } as const;
export { CLASS_COUNT } from '../transport/links.ts';
export const PRIORITY_NAMES = ['high', 'medium', 'low'] as const;
