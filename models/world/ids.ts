/**
 * Actor id layout of the C5 world: back-office singletons first, then collectors, regional broadcast
 * channels, meters, customers and devices in contiguous ranges (so kinds keep struct-of-arrays state).
 */
import type { Population } from './population.ts';

export const CSS = 0, NMS = 1, CDCS = 2, MDMS = 3, WEB = 4, CSR = 5, DIRECTOR = 6;
export const BACK_OFFICE = ['css', 'nms', 'cdcs', 'mdms', 'web', 'csr', 'director'] as const;

export interface Layout {
  collector0: number;
  broadcast0: number;
  meter0: number;
  customer0: number;
  device0: number;
  actors: number;
}

export function layoutOf(p: Population): Layout {
  const collector0 = BACK_OFFICE.length;
  const broadcast0 = collector0 + p.collectors;
  const meter0 = broadcast0 + p.regions.length;
  const customer0 = meter0 + p.customers;
  const device0 = customer0 + p.customers;
  return { collector0, broadcast0, meter0, customer0, device0, actors: device0 + p.devices };
}
