/**
 * Memory of the rate advisor's history (OI-5) at hourly reports over a summer: the advisor as it was (every
 * report period of every customer kept until the advice, then advise() per customer) against the streaming one
 * (StreamingBills: each period billed as it arrives). Same input stream, same advice (checked: the sums of the
 * bills must agree). Prints JSON; run each mode in its own process and read its peak RSS:
 *
 *   /usr/bin/time -v node --import tsx bench/advice-memory.ts --mode kept
 *   /usr/bin/time -v node --import tsx bench/advice-memory.ts --mode streaming
 *
 * Defaults: summer-auto-events' size (2,500 customers, 2.2 appliances each, 90 days), an S2-08 report every hour.
 */
import { DEFAULT_RATES } from '../models/pricing/rates.ts';
import { advise, type AdviceContext, type ReportedPeriod } from '../models/advice/rate-advice.ts';
import { StreamingBills } from '../models/advice/streaming-bills.ts';

const H = 3_600_000;
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const mode = arg('mode', 'streaming');
const customers = Number(arg('customers', '2500'));
const devices = Math.round(customers * Number(arg('appliances', '2.2')));
const days = Number(arg('days', '90'));
const hours = days * 24;

// 20 event days of 14:00–18:00, as the summer study calls them.
const events = Array.from({ length: 20 }, (_, k) => [((4 * k + 17) * 24 + 14) * H, ((4 * k + 17) * 24 + 18) * H] as const);
const ctx: AdviceContext = { rates: DEFAULT_RATES, current: 0, until: hours * H, hourAt: (t) => Math.floor(t / H) % 24, nextHourAt: (t) => (Math.floor(t / H) + 1) * H, events };

/** A deterministic energy per device-hour (no Math.random): 0.2–3 kWh shaped by the hour. */
const wh = (d: number, h: number) => 200 + ((d * 7919 + h * 104729) % 2800);

const t0 = performance.now();
let total = 0;
if (mode === 'kept') {
  const periods: ReportedPeriod[][] = Array.from({ length: customers }, () => []);
  for (let h = 0; h < hours; h++) for (let d = 0; d < devices; d++) periods[d % customers].push({ start: h * H, length: H, wh: wh(d, h) });
  const held = process.memoryUsage();
  for (let c = 0; c < customers; c++) total += (advise(periods[c], ctx)?.billsMills ?? []).reduce<number>((a, b) => a + (b ?? 0), 0);
  report(held);
} else {
  const bills = new StreamingBills(ctx, customers);
  for (let h = 0; h < hours; h++) for (let d = 0; d < devices; d++) bills.add(d % customers, { start: h * H, length: H, wh: wh(d, h) });
  const held = process.memoryUsage();
  for (let c = 0; c < customers; c++) total += bills.advice(c).billsMills.reduce<number>((a, b) => a + (b ?? 0), 0);
  report(held);
}

function report(held: NodeJS.MemoryUsage): void {
  const mb = (x: number) => Math.round(x / 1e6);
  process.stdout.write(JSON.stringify({ mode, customers, devices, days, periods: devices * hours, heap_used_mb_before_advice: mb(held.heapUsed), rss_mb_before_advice: mb(held.rss), bills_total_mills: total, cpu_s: Math.round((performance.now() - t0) / 10) / 100 }) + '\n');
}
