/**
 * Page size of the per-partition entry pools that grow a page at a time and are never copied (device-state.ts
 * MessagePool, response-book.ts ResponseBook): about a quarter of an entry per device, 2^6 to 2^16 entries.
 */
const MIN_PAGE_BITS = 6;
const MAX_PAGE_BITS = 16;

/** log2 of the entries per page for a pool serving `devices` devices. */
export function entryPageBits(devices: number): number {
  return Math.min(MAX_PAGE_BITS, Math.max(MIN_PAGE_BITS, Math.ceil(Math.log2(Math.max(1, devices / 4)))));
}
