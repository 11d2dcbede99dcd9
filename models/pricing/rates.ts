/**
 * Retail rate schedules (OI-5, OI-6): what a kWh costs under each kind of rate a utility offers, and the bill of
 * a run of interval usage under one. Pure data and arithmetic, no simulation state: the pricing actor sends
 * prices from these schedules, and rate advice bills a customer's usage under every one of them.
 *
 * Kinds (after SCE's residential rates of the use case's time, 2009–2012: domestic tiered, TOU-D, CPP, PTR
 * "Save Power Day"; figures in `DEFAULT_RATES` are illustrative round numbers of that shape):
 * - `flat`: one price per kWh;
 * - `tiered`: increasing block prices over the kWh used in a billing cycle (tier 1 up to the baseline allowance);
 * - `tou`: a price per local hour of the day;
 * - `cpp`: a TOU schedule, plus a critical peak price for every kWh inside a called event;
 * - `ptr`: a TOU schedule, minus a rebate per kWh below the customer's baseline inside a called event.
 */

export type RateKind = 'flat' | 'tiered' | 'tou' | 'cpp' | 'ptr';
export const RATE_KINDS: readonly RateKind[] = ['flat', 'tiered', 'tou', 'cpp', 'ptr'];

/** One block of a tiered rate: `price` per kWh for the kWh of a cycle up to `up_to_kwh` (null: no upper end). */
export interface Tier {
  up_to_kwh: number | null;
  price: number;
}

export type Rate =
  | { id: string; kind: 'flat'; price: number }
  | { id: string; kind: 'tiered'; tiers: Tier[] }
  | { id: string; kind: 'tou'; hourly: number[] }
  | { id: string; kind: 'cpp'; hourly: number[]; event_price: number }
  | { id: string; kind: 'ptr'; hourly: number[]; rebate_per_kwh: number };

/**
 * One interval of a customer's usage: its energy, the local hour of day it falls in (0 = local midnight), the
 * billing cycle it belongs to, whether it lies inside a called CPP/PTR event, and (for PTR) the customer's
 * baseline energy for the interval: absent when the customer has no baseline (no usage outside events), and then
 * a PTR bill of an event interval cannot be computed.
 */
export interface UsageInterval {
  kwh: number;
  hour: number;
  cycle: number;
  event: boolean;
  baseline_kwh?: number;
}

/** The price of one kWh at `hour` before events and tiers: flat, or the schedule's hour (tiered: tier 1). */
export function basePrice(rate: Rate, hour: number): number {
  switch (rate.kind) {
    case 'flat':
      return rate.price;
    case 'tiered':
      return rate.tiers[0]?.price ?? 0;
    default:
      return rate.hourly[((hour % 24) + 24) % 24];
  }
}

/** The 24 hourly prices a device is sent for this rate (FR-26): a TOU-shaped schedule, flat for flat and tiered (tier 1). */
export function hourlyPrices(rate: Rate): number[] {
  return Array.from({ length: 24 }, (_, h) => basePrice(rate, h));
}

/**
 * The bill of `usage` under `rate`, in currency units. Tiered blocks restart at each billing cycle; a CPP event
 * hour is billed at the event price instead of the schedule; a PTR event hour earns the rebate on the kWh below
 * the baseline (never a charge for kWh above it). Null when the bill cannot be computed: a PTR event interval
 * without a baseline (a rebate of 0 there would be a bill that looks real and is not).
 */
export function billOf(rate: Rate, usage: readonly UsageInterval[]): number | null {
  if (rate.kind === 'tiered') return tieredBill(rate.tiers, usage);
  let bill = 0;
  for (const u of usage) {
    if (rate.kind === 'cpp' && u.event) bill += u.kwh * rate.event_price;
    else bill += u.kwh * basePrice(rate, u.hour);
    if (rate.kind === 'ptr' && u.event) {
      if (u.baseline_kwh === undefined) return null;
      bill -= Math.max(0, u.baseline_kwh - u.kwh) * rate.rebate_per_kwh;
    }
  }
  return bill;
}

function tieredBill(tiers: readonly Tier[], usage: readonly UsageInterval[]): number {
  const used = new Map<number, number>();
  let bill = 0;
  for (const u of usage) {
    const before = used.get(u.cycle) ?? 0;
    used.set(u.cycle, before + u.kwh);
    bill = tieredAdd(tiers, before, u.kwh, bill);
  }
  return bill;
}

/** `bill` plus `kwh` more under blocks already filled up to `before` kWh (one step of a tiered bill, in order). */
export function tieredAdd(tiers: readonly Tier[], before: number, kwh: number, bill: number): number {
  let rest = kwh;
  for (const t of tiers) {
    if (rest <= 0) break;
    const room = t.up_to_kwh === null ? rest : Math.max(0, t.up_to_kwh - before);
    const take = Math.min(rest, room);
    bill += take * t.price;
    rest -= take;
    before += take;
  }
  // Past the last bounded tier the last tier's price applies.
  if (rest > 0) bill += rest * (tiers[tiers.length - 1]?.price ?? 0);
  return bill;
}

/** SCE-like TOU shape: off-peak 0.10, mid-peak 0.17 (8–12, 18–23), on-peak 0.31 noon–6 pm (the timeline's default schedule). */
const TOU_SHAPE = Array.from({ length: 24 }, (_, h) => (h >= 12 && h < 18 ? 0.31 : (h >= 8 && h < 12) || (h >= 18 && h < 23) ? 0.17 : 0.1));

/** Illustrative rates of every kind, for studies that name none (round numbers of SCE's 2009–2012 residential shape). */
export const DEFAULT_RATES: readonly Rate[] = [
  { id: 'flat', kind: 'flat', price: 0.16 },
  // Domestic tiered: baseline allowance ~300 kWh a summer month inland, then 101–130 %, then above.
  { id: 'tiered', kind: 'tiered', tiers: [{ up_to_kwh: 300, price: 0.13 }, { up_to_kwh: 390, price: 0.16 }, { up_to_kwh: null, price: 0.28 }] },
  { id: 'tou', kind: 'tou', hourly: TOU_SHAPE },
  // CPP: a lower on-peak in exchange for ~$1.35/kWh on event hours (SCE CPP's event adder was about $1.20–1.35).
  { id: 'cpp', kind: 'cpp', hourly: TOU_SHAPE.map((x) => (x === 0.31 ? 0.26 : x)), event_price: 1.35 },
  // PTR (SCE Save Power Day): $0.75 a kWh reduced below the baseline during events.
  { id: 'ptr', kind: 'ptr', hourly: TOU_SHAPE, rebate_per_kwh: 0.75 },
];
