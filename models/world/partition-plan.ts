/**
 * How a world splits into partitions: each owns a contiguous run of collectors with their meters,
 * customers and devices (customers are numbered collector by collector, devices customer by customer);
 * each back-office system runs in the partition its placement names (partition 0 by default), the broadcast
 * channels with CDCS, the firmware push with NMS. Every partition runs its own director. The lookahead (the
 * shortest delay of any event between partitions) comes from the link graph: models/transport/link-graph.ts.
 */
import { BACK_OFFICE, CDCS, CSR, CSS, DIRECTOR, MDMS, NMS, WEB, type Layout } from './ids.ts';
import type { Population } from './population.ts';
import type { KindRange } from '../../sim/actor-kind.ts';
import { timingKnob } from '../../sim/parallel/timing-knob.ts';
import type { BackOfficePlacement } from './world.ts';

export interface PartitionPlan {
  count: number;
  /** Partition i owns collectors collectorStart[i] … collectorStart[i+1]-1, and likewise customers and devices. */
  collectorStart: number[];
  customerStart: number[];
  deviceStart: number[];
}

/**
 * Splits the collectors into `count` contiguous runs so that the work is even: partition 0 also runs the
 * back office, whose share of the whole run's work is `hubShare` (it decodes, answers and forwards every
 * upstream message), so it takes that much less of the devices. Any split gives the same results.
 */
export function planPartitions(p: Population, count: number, hubShare = DEFAULT_HUB_SHARE): PartitionPlan {
  const perCollector = new Float64Array(p.collectors);
  for (let c = 0; c < p.customers; c++) perCollector[p.collector[c]] += p.deviceCount[c];
  // Device share of each partition: partition 0 gets what the back office leaves of an even share.
  const h = Math.min(Math.max(hubShare, 0), 0.95);
  const first = count === 1 ? 1 : Math.max(0, 1 / count - h) / (1 - h);
  const bounds = Array.from({ length: count - 1 }, (_, i) => p.devices * (first + (i * (1 - first)) / (count - 1)));
  const collectorStart = [0];
  let acc = 0;
  for (let k = 0; k < p.collectors && collectorStart.length < count; k++) {
    if (acc + perCollector[k] / 2 > bounds[collectorStart.length - 1]) {
      collectorStart.push(k);
      k--; // the same collector may close several empty partitions' runs
      continue;
    }
    acc += perCollector[k];
  }
  while (collectorStart.length <= count) collectorStart.push(p.collectors);
  collectorStart[count] = p.collectors;
  const customerStart = collectorStart.map((k) => firstCustomerOf(p, k));
  const deviceStart = customerStart.map((c) => (c < p.customers ? p.firstDevice[c] : p.devices));
  return { count, collectorStart, customerStart, deviceStart };
}

/**
 * The back office's share of a C5 run's work, as the split uses it: 0.2 puts 37.5 % of the devices with the back
 * office on 2 partitions. Measured on cpp-day (sim/parallel/README.md, "Where the devices go"): at 100k on 2
 * workers 0.3 / 0.25 / 0.2 / 0.15 took 55.9 / 52.4 / 49.0 / 50.0 s, the first hour about the same each time
 * (14.3-14.7 s), the back office's partition waiting 15.3 / 10.5 / 6.2 / 5.1 s in the other 23 hours.
 * SCSIM_HUB_SHARE=<share in [0, 0.95]> overrides it (timing only: any split gives the same results).
 */
export const DEFAULT_HUB_SHARE = timingKnob('SCSIM_HUB_SHARE', 0, 0.95) ?? 0.2;

function firstCustomerOf(p: Population, k: number): number {
  let lo = 0, hi = p.customers;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.collector[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Back-office actor ids by their placement names. */
const SYSTEMS = { css: CSS, nms: NMS, cdcs: CDCS, mdms: MDMS, web: WEB, csr: CSR } as const;

/** The partition of each back-office actor id (CSS … CSR) under `placement` (unnamed systems: partition 0). */
export function backOfficeOwners(placement: BackOfficePlacement | undefined, count: number): number[] {
  const out = new Array<number>(CSR + 1).fill(0);
  for (const [name, id] of Object.entries(SYSTEMS)) {
    const at = placement?.[name as keyof typeof SYSTEMS] ?? 0;
    if (!Number.isInteger(at) || at < 0 || at >= count) throw new Error(`back-office placement ${name}: partition ${at} is not one of 0…${count - 1}`);
    out[id] = at;
  }
  return out;
}

/** True when the placement puts back-office systems in more than one partition (LAN messages cross then). */
export function backOfficeSplit(placement: BackOfficePlacement | undefined, count: number): boolean {
  return new Set(backOfficeOwners(placement, count)).size > 1;
}

/**
 * Kinds added after the devices and the system they work for, in whose partition they run: the firmware push
 * numbers its messages from NMS's counter, the pricing actor hands actions to CDCS at once (an event, not a
 * message, so the two must share a partition).
 */
const HELPER_HOME: Record<string, number> = { firmware: NMS, pricing: CDCS };

/**
 * The partition of every actor id below `limit`: collectors, meters, customers and devices by the plan,
 * back-office systems by their placement, broadcast channels with CDCS, helper kinds after the devices
 * (`helpers`: the simulator's kind ranges from `ids.actors` on) with the system they work for.
 */
export function ownerMap(plan: PartitionPlan, ids: Layout, limit: number, me: number, placement?: BackOfficePlacement, helpers: readonly KindRange[] = []): Uint8Array {
  const owner = new Uint8Array(limit);
  const office = backOfficeOwners(placement, plan.count);
  office.forEach((at, id) => (owner[id] = at));
  owner.fill(office[CDCS], ids.broadcast0, ids.meter0);
  for (const r of helpers) {
    if (r.first < ids.actors) continue;
    const home = HELPER_HOME[r.name];
    if (home === undefined) throw new Error(`kind "${r.name}" after the devices has no partition: add it to HELPER_HOME`);
    owner.fill(office[home], r.first, r.first + r.count);
  }
  for (let i = 0; i < plan.count; i++) {
    owner.fill(i, ids.collector0 + plan.collectorStart[i], ids.collector0 + plan.collectorStart[i + 1]);
    owner.fill(i, ids.meter0 + plan.customerStart[i], ids.meter0 + plan.customerStart[i + 1]);
    owner.fill(i, ids.customer0 + plan.customerStart[i], ids.customer0 + plan.customerStart[i + 1]);
    owner.fill(i, ids.device0 + plan.deviceStart[i], ids.device0 + plan.deviceStart[i + 1]);
  }
  owner[DIRECTOR] = me;
  if (BACK_OFFICE.length !== DIRECTOR + 1) throw new Error('the director must be the last back-office actor');
  return owner;
}
