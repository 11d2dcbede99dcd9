/**
 * What the pricing actor has CDCS send (OI-6), computed from the study alone (its series and forecasts are inputs,
 * so the actor's decisions are known before the run and the load summary can name every event window):
 *
 * - each hour, to every `hourly_programs` program, a current price (this hour's and the next hour's) equal to the
 *   series' wholesale price per kWh plus the retail adders;
 * - at the start of each billing cycle, a billing cycle start to every device and the TOU schedule to every
 *   `tou_programs` program;
 * - for each event rule, a day-ahead notice `notice_lead` before the start of every day `decideEventDays` calls.
 *
 * The actions are numbered after the study's own timeline (index = timeline length + k, so issuer ids stay unique)
 * and CDCS sends them through the same code as timeline actions.
 */
import type { EventRule, Scenario, TimelineAction } from '../../scenarios/types.ts';
import { sumAdders } from '../../scenarios/validate-pricing.ts';
import { LocalClock } from '../world/clock.ts';
import { decideEventDays, type CandidateDay, type DayDecision } from './event-days.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface CalledDay {
  program: string;
  date: string;
  /** Event start and end, notice time: simulated ms. */
  start: number;
  end: number;
  noticeAt: number;
  forecast: number;
  trigger: number;
}

export interface PricingPlan {
  /** Actions in the order sent (by time), numbered from `first` (the study timeline's length). */
  actions: TimelineAction[];
  first: number;
  /** Every rule's verdict on every candidate day. */
  decisions: { program: string; days: DayDecision[] }[];
  called: CalledDay[];
  /** Retail price of every hour of the run, per kWh. */
  hourlyRetail: number[];
}

const EMPTY: PricingPlan = { actions: [], first: 0, decisions: [], called: [], hourlyRetail: [] };
const plans = new WeakMap<Scenario, PricingPlan>();

/** The plan of a study (computed once per study object). */
export function pricingPlan(s: Scenario): PricingPlan {
  let plan = plans.get(s);
  if (!plan) {
    plan = s.pricing ? buildPlan(s) : { ...EMPTY, first: s.timeline.length };
    plans.set(s, plan);
  }
  return plan;
}

/** The study's timeline followed by the pricing actor's actions: index i is what CDCS sends as action i. */
export function effectiveTimeline(s: Scenario): TimelineAction[] {
  const plan = pricingPlan(s);
  return plan.actions.length === 0 ? s.timeline : [...s.timeline, ...plan.actions];
}

/** Action i of the effective timeline, the actor's actions from `plan` (the world's own, see hooks.ts). */
export function actionAt(s: Scenario, i: number, plan: PricingPlan = pricingPlan(s)): TimelineAction {
  return i < s.timeline.length ? s.timeline[i] : plan.actions[i - s.timeline.length];
}

/** The retail price per kWh of series row `i`: wholesale per MWh / 1000 plus the adders. */
export function retailPrice(s: Scenario, i: number): number {
  const p = s.pricing!;
  const w = p.series.wholesale_usd_per_mwh;
  return w[Math.min(i, w.length - 1)] / 1000 + sumAdders(p);
}

function buildPlan(s: Scenario): PricingPlan {
  const p = s.pricing!;
  const clock = new LocalClock(s.start, s.time_zone);
  const out: TimelineAction[] = [];
  const base = { visibility: 'private' as const };
  const hours = Math.ceil(s.duration / HOUR_MS);
  const hourlyRetail = Array.from({ length: hours }, (_, i) => retailPrice(s, i));
  for (let i = 0; i < hours; i++) {
    for (const program of p.hourly_programs) {
      const price = round5(hourlyRetail[i]);
      const next = round5(retailPrice(s, i + 1));
      out.push({ ...base, action: 'current_price', at: i * HOUR_MS, priority: 'medium', target: { program }, program, price, next_price: next, tier: 1, duration: HOUR_MS });
    }
  }
  for (let t = 0; t < s.duration; t += p.billing_cycle) {
    out.push({ ...base, action: 'billing_cycle_start', at: t, priority: 'low', target: { all: true } });
    for (const program of p.tou_programs) out.push({ ...base, action: 'tou_schedule', at: t, priority: 'medium', target: { program }, program, prices: [...p.tou_prices] });
  }
  const decisions: PricingPlan['decisions'] = [];
  const called: CalledDay[] = [];
  for (const rule of p.events) {
    const program = s.programs.find((x) => x.id === rule.program)!;
    const days = candidateDays(s, rule, clock);
    const verdicts = decideEventDays(days.map((d) => d.day), rule.trigger, program.event_limits);
    decisions.push({ program: rule.program, days: verdicts });
    verdicts.forEach((v) => {
      if (v.verdict !== 'called') return;
      const start = days.find((d) => d.day.day === v.day)!.start;
      const noticeAt = start - rule.notice_lead;
      called.push({ program: rule.program, date: v.date, start, end: start + rule.hours * HOUR_MS, noticeAt, forecast: v.forecast!, trigger: rule.trigger });
      out.push({ ...base, action: 'day_ahead_notice', at: noticeAt, priority: rule.priority, target: { program: rule.program }, program: rule.program, event_start: start, duration: rule.hours * HOUR_MS });
    });
  }
  // By time; at one time hourly prices, then cycles, then notices (the order built), stable.
  const order = out.map((a, k) => [a, k] as const).sort((x, y) => x[0].at - y[0].at || x[1] - y[1]);
  called.sort((a, b) => a.start - b.start || (a.program < b.program ? -1 : a.program > b.program ? 1 : 0));
  return { actions: order.map(([a]) => a), first: s.timeline.length, decisions, called, hourlyRetail };
}

/**
 * The days a rule may call: local days whose event window (start_hour for `hours`) lies within the run and whose
 * notice falls at or after its start; the forecast of a day is the maximum of the series' forecast column over
 * the rows of that local date.
 */
function candidateDays(s: Scenario, rule: EventRule, clock: LocalClock): { day: CandidateDay; start: number }[] {
  const series = s.pricing!.series;
  const column = rule.forecast === 'temperature' ? series.temperature_c : series.system_load_mw;
  const maxByDay = new Map<number, number>();
  for (let i = 0; i < (column?.length ?? 0); i++) {
    const day = Math.floor(clock.localMs(i * HOUR_MS) / DAY_MS);
    maxByDay.set(day, Math.max(maxByDay.get(day) ?? Number.NEGATIVE_INFINITY, column![i]));
  }
  const first = Math.floor(clock.localMs(0) / DAY_MS);
  const last = Math.floor(clock.localMs(s.duration) / DAY_MS);
  const out: { day: CandidateDay; start: number }[] = [];
  for (let day = first; day <= last; day++) {
    const start = simTimeOfLocal(clock, day * DAY_MS + rule.start_hour * HOUR_MS);
    if (start - rule.notice_lead < 0 || start + rule.hours * HOUR_MS > s.duration) continue;
    out.push({ day: { date: new Date(day * DAY_MS).toISOString().slice(0, 10), day, forecast: maxByDay.get(day) ?? null }, start });
  }
  return out;
}

/** The simulated time at which the local wall clock reads `localMs` (one correction step covers a DST change). */
export function simTimeOfLocal(clock: LocalClock, localMs: number): number {
  const t0 = localMs - clock.localMs(0);
  return t0 + (localMs - clock.localMs(t0));
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
