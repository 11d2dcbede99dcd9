/**
 * The price-response windows of a study: when devices of an RTP or CPP program curtail because their current
 * price is above the program's `price_threshold`. One rule, shared by the device (price-response.ts) and the
 * load accounting (response-events.ts), so that the shed a study reports is measured over the span in which
 * devices actually curtailed:
 *
 * - a price signal is in force from its start for its duration (the wire's whole seconds and minutes), and for
 *   one more block of the same length when the next price it announces is above the threshold too (the device
 *   was told the next hour is dear as well);
 * - a later price signal sent to the same devices replaces it (FR-27: the newest signal is the current price),
 *   so a window ends where the next signal starts, whatever that signal's price;
 * - a device curtails through abutting or overlapping windows without restoring (the newer signal hands the
 *   response on), and the accounting counts them as one window (response-events.ts, mergeRuns), so the energy a
 *   device defers in hour k and uses in hour k+1 is one response's, not a negative shed of hour k+1.
 */
import type { Program, Scenario, TimelineAction } from '../../scenarios/types.ts';

type PriceAction = Extract<TimelineAction, { action: 'current_price' }>;

export interface PriceWindow {
  /** The program whose price it is (the action's `program`). */
  name: string;
  region: string | null;
  start: number;
  end: number;
  /** Timeline index of the signal that opened the window (the one whose delivery counts). */
  signalIndex: number;
  /** Indices (study order) of the programs whose devices curtail on it. */
  programs: number[];
}

/** Start and end (simulated ms) of the block a price signal announces, as the wire carries them. */
export function signalBlock(a: Pick<PriceAction, 'at' | 'duration'>): { start: number; end: number; blockMs: number } {
  const start = Math.floor(a.at / 1000) * 1000;
  const blockMs = Math.max(1, Math.round(a.duration / 60_000)) * 60_000;
  return { start, end: start + blockMs, blockMs };
}

/**
 * How long a device of program `p` curtails on a signal of `price` and `next` price over [start, end) of length
 * `blockMs`: until the end, or one block later when the next price is dear too; null when the price is not dear.
 */
export function curtailUntil(p: Program | undefined, price: number, next: number, end: number, blockMs: number): number | null {
  if (!p || (p.kind !== 'RTP' && p.kind !== 'CPP') || !(price > p.response.price_threshold)) return null;
  return next > p.response.price_threshold ? end + blockMs : end;
}

/** The price windows of a timeline (the effective one: the study's actions and the pricing actor's), by start. */
export function priceWindows(s: Scenario, timeline: readonly TimelineAction[]): PriceWindow[] {
  const prices: { a: PriceAction; index: number }[] = [];
  timeline.forEach((a, index) => {
    if (a.action === 'current_price') prices.push({ a, index });
  });
  // Signals in the order devices take them: by time, then timeline order.
  prices.sort((x, y) => x.a.at - y.a.at || x.index - y.index);
  const raw: PriceWindow[] = [];
  prices.forEach(({ a, index }, k) => {
    const { start, end, blockMs } = signalBlock(a);
    let until = -Infinity;
    const programs: number[] = [];
    for (const p of respondingPrograms(s, a)) {
      const u = curtailUntil(p, a.price, a.next_price, end, blockMs);
      if (u === null) continue;
      until = Math.max(until, u);
      programs.push(s.programs.indexOf(p));
    }
    if (until === -Infinity) return;
    for (let j = k + 1; j < prices.length; j++) {
      const b = prices[j].a;
      if (signalBlock(b).start >= until) break;
      if (replaces(b, a)) {
        until = Math.min(until, signalBlock(b).start);
        break;
      }
    }
    if (until > start) raw.push({ name: a.program, region: 'region' in a.target ? a.target.region : null, start, end: until, signalIndex: index, programs });
  });
  return raw;
}

/** Does signal b replace a at every device a reached (sent to all of them or more; whatever program it prices)? */
function replaces(b: PriceAction, a: PriceAction): boolean {
  const t = b.target;
  return 'all' in t || ('program' in t && 'program' in a.target && t.program === a.target.program) || JSON.stringify(t) === JSON.stringify(a.target);
}

/** Programs whose devices a signal can reach: the targeted program, or any when it targets otherwise. */
export function respondingPrograms(s: Pick<Scenario, 'programs'>, a: TimelineAction): Scenario['programs'] {
  const target = a.target;
  return 'program' in target ? s.programs.filter((p) => p.id === target.program) : s.programs;
}
