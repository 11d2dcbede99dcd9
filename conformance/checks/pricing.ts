/**
 * OI-6, the pricing actor, judged from what CDCS actually sent (the messages' bodies) against the study's own
 * series file, read here apart from the loader, and local dates from `local-time.ts`, not the model's clock:
 *
 * - every called day (a day-ahead notice CDCS sent) meets its rule's trigger and the program's limits;
 * - every candidate day meeting the trigger was called, unless a limit forbade it (the season's count was spent
 *   by the days called before it, or the `consecutive_days` days before it were all called);
 * - every notice went out `notice_lead` before its event, for the rule's hours;
 * - every hourly price sent equals the series' wholesale price per kWh plus the adders (to 5 decimals).
 */
import { readFileSync } from 'node:fs';
import { CDCS } from '../../models/world/ids.ts';
import { PriceEventKind } from '../../models/wire/codec.ts';
import type { EventRule, Scenario } from '../../scenarios/types.ts';
import type { Observation } from '../observe.ts';
import { StudyTime } from './local-time.ts';
import { check, fmtT, type Check } from './util.ts';
import { actionAt } from '../../models/pricing/plan.ts';

const H = 3_600_000;

interface Row {
  wholesale: number;
  temperature: number;
  load: number;
}

/** The series file as written: rows in order (comments and blank lines skipped), by column name. */
function readSeries(s: Scenario): Row[] {
  const lines = readFileSync(s.pricing!.series.file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const head = lines[0].split(',').map((c) => c.trim());
  const col = (cells: string[], name: string) => (head.includes(name) ? Number(cells[head.indexOf(name)]) : NaN);
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    return { wholesale: col(c, 'wholesale_usd_per_mwh'), temperature: col(c, 'temperature_c'), load: col(c, 'system_load_mw') };
  });
}

/** Local date `YYYY-MM-DD` of simulated time t. */
function dateAt(local: StudyTime, t: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: local.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(local.epoch0 + t));
}

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

interface Notice {
  at: number;
  start: number;
  minutes: number;
}

/**
 * The day-ahead notices the pricing actor handed CDCS to send, by program kind: what it decided, whether or not
 * any device was configured to receive one yet (the actions after the study's own timeline).
 */
function notices(o: Observation): Map<'CPP' | 'PTR', Notice[]> {
  const out = new Map<'CPP' | 'PTR', Notice[]>([['CPP', []], ['PTR', []]]);
  const plan = o.w.hooks.pricingPlan(o.s);
  for (const { index, at } of o.actionsAtCdcs) {
    if (index < o.s.timeline.length) continue;
    const a = actionAt(o.s, index, plan);
    if (a.action !== 'day_ahead_notice') continue;
    const kind = o.s.programs.find((p) => p.id === a.program)?.kind === 'PTR' ? 'PTR' : 'CPP';
    out.get(kind)!.push({ at, start: a.event_start, minutes: a.duration / 60_000 });
  }
  return out;
}

/** Every notice message CDCS sent for the pricing actor carries the event it was handed (start, length, kind). */
function noticeMessages(o: Observation, v: import('./util.ts').Verdict): void {
  const handed = new Set<string>();
  for (const [kind, list] of notices(o)) for (const n of list) handed.add(`${kind}|${n.start / 1000}|${n.minutes}|${n.at}`);
  for (const m of o.messagesOf('priceEventNotice')) {
    if (o.msgs.src[m] !== CDCS || o.actionOf[m] < o.s.timeline.length) continue;
    const n = o.env(m)?.priceEventNotice;
    const kind = n?.kind === PriceEventKind.PRICE_EVENT_PTR ? 'PTR' : 'CPP';
    const key = `${kind}|${n?.startTimeS}|${n?.durationMinutes}|${o.msgs.created[m]}`;
    v.expect(handed.has(key), () => `CDCS sent a ${kind} notice (${key}) the pricing actor did not hand it`);
  }
}

/** Each rule of the study with its program's kind, limits, the days it may call and their forecast highs. */
function rules(o: Observation) {
  const s = o.s;
  const local = new StudyTime(s.start, s.time_zone);
  const rows = readSeries(s);
  return s.pricing!.events.map((rule) => {
    const program = s.programs.find((p) => p.id === rule.program)!;
    const high = new Map<string, number>();
    rows.forEach((r, i) => {
      const v = rule.forecast === 'temperature' ? r.temperature : r.load;
      const d = dateAt(local, i * H);
      high.set(d, Math.max(high.get(d) ?? Number.NEGATIVE_INFINITY, v));
    });
    return { rule, kind: program.kind as 'CPP' | 'PTR', limits: program.event_limits, high, candidates: candidates(s, rule, local), local };
  });
}

/** Days whose event (start_hour local for `hours`) lies within the run with its notice at or after the start. */
function candidates(s: Scenario, rule: EventRule, local: StudyTime): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of local.hourStarts(0, s.duration)) {
    if (local.hourAt(t) !== rule.start_hour) continue;
    if (t - rule.notice_lead < 0 || t + rule.hours * H > s.duration) continue;
    out.set(dateAt(local, t), t);
  }
  return out;
}

export const OI_6_CALLED: Check = check((o, v) => {
  const sent = notices(o);
  for (const r of rules(o)) {
    const days = sent.get(r.kind)!.map((n) => dateAt(r.local, n.start)).sort();
    v.expect(days.length <= r.limits.per_season, () => `${r.rule.program}: ${days.length} event days called, above per_season ${r.limits.per_season}`);
    const set = new Set(days.map(dayNumber));
    for (const d of days) {
      const f = r.high.get(d) ?? Number.NEGATIVE_INFINITY;
      v.expect(f >= r.rule.trigger, () => `${r.rule.program}: ${d} called with forecast ${f} below the trigger ${r.rule.trigger}`);
      let run = 1;
      while (set.has(dayNumber(d) - run)) run++;
      v.expect(run <= r.limits.consecutive_days, () => `${r.rule.program}: ${d} is the ${run}th event day in a row, above consecutive_days ${r.limits.consecutive_days}`);
    }
  }
});

export const OI_6_COMPLETE: Check = check((o, v) => {
  const sent = notices(o);
  for (const r of rules(o)) {
    const called = new Set(sent.get(r.kind)!.map((n) => dayNumber(dateAt(r.local, n.start))));
    for (const [date] of r.candidates) {
      const f = r.high.get(date) ?? Number.NEGATIVE_INFINITY;
      const day = dayNumber(date);
      if (f < r.rule.trigger) continue;
      const before = [...called].filter((x) => x < day).length;
      const inRow = Array.from({ length: r.limits.consecutive_days }, (_, k) => day - 1 - k).every((x) => called.has(x));
      v.expect(called.has(day) || before >= r.limits.per_season || inRow, () => `${r.rule.program}: ${date} meets the trigger (${f} ≥ ${r.rule.trigger}) but was not called, with ${before} of ${r.limits.per_season} days called before it and the days before it not all called`);
    }
  }
});

export const OI_6_NOTICE: Check = check((o, v) => {
  noticeMessages(o, v);
  const sent = notices(o);
  for (const r of rules(o)) {
    for (const n of sent.get(r.kind)!) {
      v.expect(n.start - n.at === r.rule.notice_lead, () => `${r.rule.program}: the notice of the event at ${fmtT(n.start)} went out at ${fmtT(n.at)}, not ${fmtT(n.start - r.rule.notice_lead)} (notice_lead)`);
      v.expect(r.local.hourAt(n.start) === r.rule.start_hour && n.minutes === r.rule.hours * 60, () => `${r.rule.program}: event at ${fmtT(n.start)} for ${n.minutes} min, not at ${r.rule.start_hour}:00 for ${r.rule.hours} h`);
    }
  }
});

export const OI_6_PRICES: Check = check((o, v) => {
  const s = o.s;
  const rows = readSeries(s);
  const adders = Object.values(s.pricing!.adders).reduce((a, b) => a + b, 0);
  const expected = (i: number) => Math.round((rows[Math.min(i, rows.length - 1)].wholesale / 1000 + adders) * 1e5);
  for (const m of o.messagesOf('priceSignal')) {
    if (o.msgs.src[m] !== CDCS || o.actionOf[m] < s.timeline.length) continue;
    const sig = o.env(m)?.priceSignal;
    const startS = sig?.current?.startTimeS ?? 0;
    const hour = Math.round((startS * 1000) / H);
    v.expect(sig?.current?.price === expected(hour) && sig?.next?.price === expected(hour + 1), () => `hour ${hour}: sent ${sig?.current?.price}/${sig?.next?.price} (1e-5 per kWh), the series says ${expected(hour)}/${expected(hour + 1)}`);
    v.expect(o.msgs.created[m] === hour * H, () => `the price of hour ${hour} was sent at ${fmtT(o.msgs.created[m])}`);
  }
});
