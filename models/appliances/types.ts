/**
 * The appliance-model interface the world's device actors call (see README.md beside this file).
 *
 * Everything is event-driven: `advance` brings device i to tMs in closed form and returns the next time its
 * power may change; the actor schedules an event then. State is one record per device inside each fleet's
 * typed array (record.ts), so a million devices are one typed array per fleet, not a million objects.
 */
import type { ApplianceType } from '../../scenarios/types.ts';

export type { ApplianceType };

/** Outdoor dry-bulb temperature, °C; a piecewise-linear hourly profile from the scenario. */
export interface Weather {
  outdoorC(tMs: number): number;
}

/** The programmed response in force (S2-04, FR-32). */
export type Control =
  | { mode: 'normal' }
  /** DLC cycling: off during the first offFraction of every period, counted from phaseMs (SCE SDP 50% = off 15 of every 30 min). */
  | { mode: 'cycle'; offFraction: number; periodMs: number; phaseMs: number }
  /** Thermostat set-back (+°C for cooling, −°C for heating loads) with optional pre-cooling (pre-heating) first. */
  | { mode: 'offset'; coolingOffsetC: number; precoolC?: number }
  /** Load adjustment / duty-cycle limit / price-threshold response: run at most loadFraction of the time or of the rate. */
  | { mode: 'curtail'; loadFraction: number }
  /** Off, subject to safety. */
  | { mode: 'shed' }
  /** Deferrable loads: do not start before untilMs. */
  | { mode: 'delay'; untilMs: number };

/** Power-system condition sensed at the appliance (OI-1). */
export interface GridCondition {
  underFrequency: boolean;
  lowVoltage: boolean;
}

export interface ApplianceFleet {
  readonly type: string;
  readonly count: number;
  /** Draw parameters for device i (population variation from the scenario's distributions, sensible defaults). */
  init(i: number, tMs: number): void;
  /**
   * Advance device i to tMs (closed form since its last update), apply its control, and return the next time
   * (ms, > tMs) its power may change, or Infinity. A returned time can be a control boundary at which nothing
   * turns out to change; it is never later than a real change (provided nothing else touches the device).
   */
  advance(i: number, tMs: number, weather: Weather): number;
  /** Electric power now, kW. */
  powerKw(i: number): number;
  /**
   * Put control c in force at tMs (≥ the device's last update). Brings the device to tMs under the old control
   * first, using the weather last passed to `advance`. Call `advance(i, tMs, weather)` afterwards for the new
   * next-event time.
   */
  setControl(i: number, c: Control, tMs: number): void;
  /**
   * Discomfort 0..1 (indoor temperature above the customer's comfort, chores delayed, EV behind schedule): drives
   * overrides. Thermal models report the state at the last update: call after `advance(i, tMs, …)`.
   */
  discomfort(i: number, tMs: number): number;
  /**
   * Copy device i's whole state from another fleet instance of the same type (the baseline "shadow" fork) into
   * slot `slot` (default i; another slot needs `useSlots`). Both must have been created with the same seed,
   * firstActorId and parameters (usage streams are keyed by them).
   */
  copyFrom(other: ApplianceFleet, i: number, slot?: number): void;
  /**
   * Lets `copyFrom(other, i, slot)` put device i into any slot of this fleet, where it keeps device i's random
   * streams: a compact shadow holds only the devices that fork, in the order they fork.
   */
  useSlots(): void;
  /**
   * Autonomous response to an under-frequency or low-voltage condition (OI-1, GridLAB-D's grid-friendly
   * appliance): shed from tMs for durationMs (plus a small per-device random restore delay), subject to safety.
   * A condition with both flags false ends any shed in force. Call `advance` afterwards, as after `setControl`.
   */
  respondToCondition(i: number, cond: GridCondition, tMs: number, durationMs: number): void;
  /**
   * Safety violations so far (FR-37), each attributable to DR: food above 4 °C (fridge) / −15 °C (freezer) for
   * > 2 h after DR held the compressor off, wet laundry left > 8 h, EV below target at departure, water below
   * 45 °C at a draw while DR held the element off, indoor air above the heat-safety limit + 1 °C while DR held the
   * AC off. Safety logic beats any DR control, so there should be none.
   */
  readonly violations: number;
}

/** Uniform range [lo, hi] a per-device parameter is drawn from (lo === hi fixes it). */
export type Range = readonly [number, number];

/** Parameters every fleet takes. */
export interface CommonParams {
  /** Local time of day at tMs = 0, ms after midnight (the default scenario starts at 00:00). */
  dayStartMs: number;
  /** `curtail` on on/off loads becomes cycling with offFraction = 1 − loadFraction over this period. */
  curtailPeriodMs: number;
  /** Upper bound of the random extra delay before a grid-friendly shed ends (staggers the restore). */
  gfaRestoreJitterMs: number;
  /** `advance` looks this far ahead for the next change; if none, it returns a no-op wake-up at the horizon. */
  horizonMs: number;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const COMMON_DEFAULTS: CommonParams = {
  dayStartMs: 0,
  curtailPeriodMs: 30 * MINUTE,
  gfaRestoreJitterMs: 30 * SECOND,
  horizonMs: 12 * HOUR,
};
