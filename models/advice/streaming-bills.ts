/**
 * Every customer's bill under every offered rate, accumulated as report periods reach CDCS (OI-5), instead of
 * keeping every period of every customer until the advice (about 1 GB at hourly reports over a summer). The
 * arithmetic is advise()'s, in the same order (rate-advice.ts: each period cut into local-hour and event pieces,
 * bills summed piece by piece, tiered blocks filled in order), so the bills are the same. What cannot be billed
 * before the advice is kept: the PTR rebate needs the customer's mean power outside events over the whole
 * history, so the pieces inside called events are kept (a few per event hour) and rebated at the end; with no
 * time outside events there is no baseline and the PTR bill is null (not applicable), as in advise().
 */
import { basePrice, tieredAdd, type Rate } from '../pricing/rates.ts';
import { billedRates, choose, toMills, usagePieces, type Advice, type AdviceContext, type ReportedPeriod } from './rate-advice.ts';

const HOUR = 3_600_000;

export class StreamingBills {
  private readonly rates: Rate[];
  private readonly n: number;
  /** customers × rates: the bill so far (PTR: before its rebates). */
  private readonly bill: Float64Array;
  /** Per customer: kWh so far (a tiered rate's blocks fill in order), and outside events (kWh, ms) for the PTR baseline. */
  private readonly kwh: Float64Array;
  private readonly offKwh: Float64Array;
  private readonly offMs: Float64Array;
  /** Per customer: whether any usage was billed (a period with time before the advice), and its pieces inside events as [kWh, ms, ...] (PTR only). */
  private readonly seen: Uint8Array;
  private readonly inEvents: (number[] | undefined)[];
  private readonly ptr: boolean;

  constructor(
    private readonly ctx: AdviceContext,
    customers: number,
  ) {
    this.rates = billedRates(ctx);
    this.n = this.rates.length;
    this.bill = new Float64Array(customers * this.n);
    this.kwh = new Float64Array(customers);
    this.offKwh = new Float64Array(customers);
    this.offMs = new Float64Array(customers);
    this.seen = new Uint8Array(customers);
    this.inEvents = new Array(customers);
    this.ptr = this.rates.some((r) => r.kind === 'ptr');
  }

  /** One reported period of customer c, billed now. */
  add(c: number, period: ReportedPeriod): void {
    const row = c * this.n;
    for (const x of usagePieces([period], this.ctx)) {
      this.seen[c] = 1;
      for (let i = 0; i < this.n; i++) {
        const r = this.rates[i];
        if (r.kind === 'tiered') this.bill[row + i] = tieredAdd(r.tiers, this.kwh[c], x.kwh, this.bill[row + i]);
        else this.bill[row + i] += r.kind === 'cpp' && x.event ? x.kwh * r.event_price : x.kwh * basePrice(r, x.hour);
      }
      this.kwh[c] += x.kwh;
      if (!x.event) {
        this.offKwh[c] += x.kwh;
        this.offMs[c] += x.ms;
      } else if (this.ptr) (this.inEvents[c] ??= []).push(x.kwh, x.ms);
    }
  }

  /** Has customer c reported any usage to bill (advise() is null otherwise)? */
  has(c: number): boolean {
    return this.seen[c] === 1;
  }

  /** Customer c's bills, the cheapest rate and the saving: advise() over every period added. */
  advice(c: number): Advice {
    const row = c * this.n;
    // No time outside events: no baseline (null), and a PTR bill with event pieces to rebate is not applicable.
    const meanKw = this.offMs[c] > 0 ? this.offKwh[c] / (this.offMs[c] / HOUR) : null;
    const pieces = this.inEvents[c] ?? [];
    const billsMills = this.rates.map((r, i) => {
      let bill = this.bill[row + i];
      if (r.kind === 'ptr' && pieces.length > 0) {
        if (meanKw === null) return null;
        for (let k = 0; k < pieces.length; k += 2) bill -= Math.max(0, meanKw * (pieces[k + 1] / HOUR) - pieces[k]) * r.rebate_per_kwh;
      }
      return toMills(bill);
    });
    return choose(billsMills, this.ctx.current, this.kwh[c]);
  }
}
