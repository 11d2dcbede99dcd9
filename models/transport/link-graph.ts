/**
 * The fixed delays of the AMI link graph, and what follows from them: every path's delay is written here
 * once, and the lookahead of a partitioned run (the least delay of any event that crosses partitions) is
 * derived from the same edges, so a model that changes a path changes its lookahead with it.
 *
 *   back office ─LAN─▶ NMS ─processing + WAN─▶ collector ─RF mesh─▶ meter ─HAN─▶ device
 *   collector ─WAN─▶ NMS;  CDCS ─LAN─▶ broadcast channel ─broadcast─▶ every device of the region
 *   customer ◀─web─▶ web site;  customer ◀─phone─▶ CSR
 */
import type { Network, Scenario } from '../../scenarios/types.ts';

/** Latency of the utility's internal network between back-office systems. */
export const LAN_MS = 50;
/** Extra home-network hop for an appliance behind an EMS (FR-04). */
export const EMS_RELAY_MS = 100;
/** Round trip of a web-site page between customer and utility. */
export const WEB_MS = 2_000;
/** A phone call to a CSR takes at least this long (plus an exponential wait, drawn by the caller). */
export const CSR_CALL_MIN_MS = 60_000;

/**
 * NMS → collector: the head end's processing and the WAN's propagation delay, both taken before the
 * collector's WAN queue (a FIFO's departures shift with its arrivals, so delivery times are unchanged),
 * so this hop carries the whole delay and is the lookahead toward a collector's partition.
 */
export function nmsToCollectorMs(n: Network): number {
  return n.nms_processing_ms + n.wan.latency_ms;
}

/** Collector → NMS: the WAN's propagation delay after the collector's WAN queue. */
export function collectorToNmsMs(n: Network): number {
  return n.wan.latency_ms;
}

/** One edge of the graph that may join actors in different partitions, with the study field that sets it. */
export interface CrossingEdge {
  edge: string;
  ms: number;
  /** The study field whose value makes this delay (the one to raise when it is too short). */
  field: string;
}

/**
 * The edges that cross partitions: collectors, meters, customers and devices are split by collector, the
 * back office and broadcast channels sit apart, so NMS ↔ collector, broadcast → device and customer ↔
 * web site / CSR cross; with the back-office systems in more than one partition (`backOfficeSplit`), the LAN
 * between them too. Meter ↔ collector, HAN and EMS hops stay inside one partition.
 */
export function crossingEdges(s: Scenario, backOfficeSplit = false): CrossingEdge[] {
  const n = s.network;
  const lan = backOfficeSplit ? [{ edge: 'back office ↔ back office (LAN)', ms: LAN_MS, field: 'LAN_MS' }] : [];
  return [
    ...lan,
    { edge: 'collector → NMS', ms: collectorToNmsMs(n), field: 'network.wan.latency_ms' },
    { edge: 'NMS → collector', ms: nmsToCollectorMs(n), field: 'network.wan.latency_ms' },
    { edge: 'broadcast channel → device', ms: n.broadcast.latency_ms, field: 'network.broadcast.latency_ms' },
    { edge: 'customer ↔ web site', ms: WEB_MS, field: 'WEB_MS' },
    { edge: 'customer ↔ CSR', ms: CSR_CALL_MIN_MS, field: 'CSR_CALL_MIN_MS' },
  ];
}

/** The lookahead of a partitioned run: the least delay of any event between partitions, in ms. */
export function lookaheadMs(s: Scenario, backOfficeSplit = false): number {
  let min = Infinity;
  for (const e of crossingEdges(s, backOfficeSplit)) if (e.ms < min) min = e.ms;
  return min;
}

/**
 * Partitions need a lookahead of at least 1 ms (a window must move the clock): the first crossing edge
 * shorter than that, for the caller to name its field and value (exit 2), or null when the study has it.
 */
export function lookaheadProblem(s: Scenario, backOfficeSplit = false): CrossingEdge | null {
  for (const e of crossingEdges(s, backOfficeSplit)) if (!(e.ms >= 1)) return e;
  return null;
}
