/**
 * OI-5: rate advice. The oracle takes the S2-08 reports CDCS received before the advice (the reported history,
 * as it travelled), spreads each report's energy over its period, cuts it at local hours (the suite's own
 * clock) and at the study's CPP/PTR event edges, bills it under every offered rate with its own arithmetic
 * (models/advice/README.md's rules), and checks each customer's advice: every bill (absent where it cannot be
 * computed: PTR with no usage outside events), the cheapest billable rate recommended, saving = current −
 * recommended (absent when the current rate has no bill), sent once to the customer's IHD, private and low
 * priority, and delivered.
 */
import { Priority } from '../../models/wire/codec.ts';
import { IHD } from '../../models/world/population.ts';
import { State } from '../../models/world/messages.ts';
import type { Observation } from '../observe.ts';
import { StudyTime } from './local-time.ts';
import { check, configuredAt, type Check } from './util.ts';

const HOUR = 3_600_000;
/** Bills are rounded to mills; summing pieces in another order may move the last digit. */
const TOLERANCE_MILLS = 2;

interface Piece {
  kwh: number;
  hours: number;
  hour: number;
  event: boolean;
}

function eventWindows(o: Observation): [number, number][] {
  const kind = new Map(o.s.programs.map((p) => [p.id, p.kind]));
  const out: [number, number][] = [];
  for (const a of o.s.timeline) {
    if (a.action === 'dr_event' && (kind.get(a.program) === 'CPP' || kind.get(a.program) === 'PTR')) out.push([a.at, a.at + a.duration]);
    if (a.action === 'day_ahead_notice' && (kind.get(a.program) === 'CPP' || kind.get(a.program) === 'PTR')) out.push([a.event_start, a.event_start + a.duration]);
  }
  return out;
}

/** The bill of pieces under each rate of the study, in currency units; null when it cannot be computed. */
function bills(o: Observation, pieces: Piece[], until: number): Map<string, number | null> {
  const out = new Map<string, number | null>();
  let offKwh = 0, offH = 0, total = 0;
  for (const p of pieces) {
    total += p.kwh;
    if (!p.event) [offKwh, offH] = [offKwh + p.kwh, offH + p.hours];
  }
  // PTR's baseline is the mean power outside events: with no time outside events there is none, and a PTR bill
  // with usage inside events to rebate is not applicable (absent on the wire), never a bill without rebate.
  const meanKw = offH > 0 ? offKwh / offH : null;
  for (const r of o.s.rate_advice!.rates) {
    if (r.kind === 'ptr' && meanKw === null && pieces.some((p) => p.event)) {
      out.set(r.id, null);
      continue;
    }
    let b = 0;
    if (r.kind === 'flat') b = total * r.price;
    else if (r.kind === 'tiered') {
      // Blocks per 30 days, prorated to the history; the bill depends only on the total.
      const scale = until / (720 * HOUR);
      let from = 0;
      for (const t of r.tiers) {
        const to = t.up_to_kwh === null ? Infinity : t.up_to_kwh * scale;
        b += Math.max(0, Math.min(total, to) - from) * t.price;
        from = Math.max(from, to);
      }
      if (total > from) b += (total - from) * r.tiers[r.tiers.length - 1].price;
    } else {
      for (const p of pieces) {
        if (r.kind === 'cpp' && p.event) b += p.kwh * r.event_price;
        else b += p.kwh * r.hourly[p.hour];
        if (r.kind === 'ptr' && p.event) b -= Math.max(0, meanKw! * p.hours - p.kwh) * r.rebate_per_kwh;
      }
    }
    out.set(r.id, b);
  }
  return out;
}

export const OI_5: Check = check((o, v) => {
  const ra = o.s.rate_advice;
  if (!ra) return;
  const at = ra.at;
  const clock = new StudyTime(o.s.start, o.s.time_zone);
  const events = eventWindows(o);
  const p = o.w.p;
  // The reported history: each report's energy periods, by customer, if it reached CDCS before the advice.
  const periods = new Map<number, { start: number; length: number; wh: number }[]>();
  for (let m = 0; m < o.msgs.count; m++) {
    if (o.kind(m) !== 'applianceReport' || o.msgs.state[m] !== State.DELIVERED || !(o.msgs.deliveredAt[m] < at)) continue;
    const c = p.owner[o.msgs.device[m]];
    const list = periods.get(c) ?? [];
    for (const e of o.env(m)?.applianceReport?.energy ?? []) list.push({ start: (e.startS ?? 0) * 1000, length: (e.intervalMinutes ?? 0) * 60_000, wh: e.energyWh ?? 0 });
    periods.set(c, list);
  }
  const advice = new Map<number, number[]>();
  for (let m = 0; m < o.msgs.count; m++) if (o.kind(m) === 'rateAdvice') advice.set(o.msgs.device[m], [...(advice.get(o.msgs.device[m]) ?? []), m]);
  const configured = configuredAt(o);
  for (const [d, ms] of advice) v.expect(p.type[d] === IHD, () => `device ${d} (not an IHD) was sent ${ms.length} rate advice`);

  for (let d = 0; d < p.devices; d++) {
    if (p.type[d] !== IHD) continue;
    const c = p.owner[d];
    const history = periods.get(c) ?? [];
    const sent = advice.get(d) ?? [];
    const pieces = piecesOf(history, at, clock, events);
    const want = bills(o, pieces, at);
    // Advised: usage to bill (a period with time before the advice) and some offered rate that can be billed.
    const expected = pieces.length > 0 && [...want.values()].some((b) => b !== null) && (configured.get(d) ?? Infinity) < at;
    // A device configured in the same instant as the advice is ambiguous: skip it.
    if (configured.get(d) === at) continue;
    if (!v.expect(sent.length === (expected ? 1 : 0), () => `IHD ${d} of customer ${c} (${history.length} reported periods, configured ${configured.get(d) ?? 'never'}) got ${sent.length} rate advice`)) continue;
    if (!expected) continue;
    const m = sent[0];
    const e = o.env(m);
    const x = e?.rateAdvice;
    v.expect(!o.msgs.pub[m] && e?.header.priority === Priority.PRIORITY_LOW && o.msgs.created[m] === at, () => `IHD ${d}: advice ${o.msgs.pub[m] ? 'public' : 'private'} at priority ${e?.header.priority} created ${o.msgs.created[m]}, want private, low, at ${at}`);
    if (at <= o.settledBefore()) v.expect(o.accepted.some((a) => a.m === m && a.d === d) || o.msgs.state[m] === State.DROPPED, () => `IHD ${d}: the advice never reached it`);
    if (!x) continue;
    const got = new Map((x.bills ?? []).map((b) => [b.rateId ?? '', b.billMills]));
    for (const [id, b] of want) {
      if (b === null) v.expect(got.has(id) && got.get(id) === undefined, () => `IHD ${d}: ${id} cannot be billed (no usage outside events), yet the advice says ${got.get(id)} mills`);
      else v.expect(Math.abs((got.get(id) ?? NaN) - b * 1000) <= TOLERANCE_MILLS, () => `IHD ${d}: ${id} bill ${got.get(id)} mills, recomputed ${(b * 1000).toFixed(1)}`);
    }
    const least = Math.min(...[...want.values()].flatMap((b) => (b === null ? [] : [b])));
    const rec = x.recommendedRate ?? '';
    v.expect((want.get(rec) ?? Infinity) * 1000 <= least * 1000 + TOLERANCE_MILLS, () => `IHD ${d}: recommended ${rec} (${((want.get(rec) ?? NaN) * 1000).toFixed(1)} mills) but the least bill is ${(least * 1000).toFixed(1)}`);
    const current = got.get(ra.current), best = got.get(rec);
    const saving = current === undefined || best === undefined ? undefined : current - best;
    v.expect(x.currentRate === ra.current && x.savingMills === saving, () => `IHD ${d}: saving ${x.savingMills} ≠ ${ra.current} ${current} − ${rec} ${best}`);
  }
});

/** A history's pieces within one local hour and inside or outside every event, up to the advice. */
function piecesOf(history: readonly { start: number; length: number; wh: number }[], at: number, clock: StudyTime, events: readonly [number, number][]): Piece[] {
  const pieces: Piece[] = [];
  for (const q of history) {
    const end = Math.min(q.start + q.length, at);
    for (let t = Math.max(0, q.start); t < end && q.length > 0; ) {
      let next = Math.min(end, clock.nextHourAt(t));
      for (const [a, b] of events) for (const edge of [a, b]) if (edge > t && edge < next) next = edge;
      pieces.push({ kwh: (q.wh / 1000) * ((next - t) / q.length), hours: (next - t) / HOUR, hour: clock.hourAt(t), event: events.some(([a, b]) => t >= a && t < b) });
      t = next;
    }
  }
  return pieces;
}
