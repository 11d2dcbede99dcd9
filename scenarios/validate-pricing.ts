/** `pricing`: the pricing actor's inputs (OI-6): the hourly series file, adders, which programs get what, event rules. */
import { dirname, resolve } from 'node:path';
import { DEFAULT_PRICING, DEFAULT_TOU_PRICES } from './defaults.ts';
import { FIELDS } from './fields.ts';
import { durationLimit, itemsLimit, numberLimit } from './limits.ts';
import { parsePriceSeries, readPriceSeries, seriesMessage } from './price-series.ts';
import { isSha256 } from './file-digest.ts';
import { REQUIRED, isMapping, type Reader } from './read.ts';
import { FORECASTS, type EventRule, type Pricing, type Program, type ProgramKind } from './types.ts';
import { PRIORITIES } from './fields.ts';

const HOUR_MS = 3_600_000;
/** Issuer ids of next prices are the action's id + 100000 (timeline.ts): every action CDCS sends stays below. */
export const MAX_ACTIONS = 100_000;

export interface PricingContext {
  programs: Program[];
  start: string;
  timeZone: string;
  /** The run's duration, when it is valid. */
  duration: number | undefined;
  timelineLength: number;
}

export function readPricing(r: Reader, raw: unknown, ctx: PricingContext): Pricing | null {
  if (raw === undefined || raw === null) return null;
  const o = r.map('pricing', raw, FIELDS.pricing);
  if (!o) return null;
  const kinds = new Map(ctx.programs.map((p) => [p.id, p.kind] as const));
  const programList = (path: string, v: unknown, allowed: readonly ProgramKind[]): string[] => {
    if (v === undefined) return [];
    const list = r.list(path, v, 'a list of program ids');
    if (!list) return [];
    return list.map((x, i) => programRef(r, `${path}[${i}]`, x, kinds, allowed));
  };
  const adders = readAdders(r, o.adders);
  const tou = o.tou_prices === undefined ? [...DEFAULT_TOU_PRICES] : readPrices(r, o.tou_prices);
  const pricing: Pricing = {
    series: { file: '', sha256: '', csv: '', wholesale_usd_per_mwh: [], temperature_c: null, system_load_mw: null },
    adders,
    hourly_programs: programList('pricing.hourly_programs', o.hourly_programs, ['RTP', 'TOU', 'CPP', 'PTR']),
    tou_programs: programList('pricing.tou_programs', o.tou_programs, ['TOU']),
    tou_prices: tou,
    billing_cycle: r.limitedDuration('pricing.billing_cycle', o.billing_cycle, DEFAULT_PRICING.billing_cycle, durationLimit('pricing.billing_cycle')),
    events: readRules(r, o.events, ctx, kinds),
  };
  const { file, sha256, csv } = readSeriesRef(r, o.series);
  if (file === '' || ctx.duration === undefined) return pricing;
  const hours = Math.ceil(ctx.duration / HOUR_MS);
  const read = csv !== undefined ? parsePriceSeries(csv, file, ctx.start, ctx.timeZone, hours) : readPriceSeries(resolve(dirname(r.issues.file), file), ctx.start, ctx.timeZone, hours);
  if (!read.ok) {
    for (const p of read.problems) {
      const m = seriesMessage(file, p);
      r.errorText('pricing.series', m.expected, m.found);
    }
    return pricing;
  }
  if (sha256 !== undefined && sha256 !== read.series.sha256) {
    r.errorText('pricing.series.sha256', `the SHA-256 of ${file} as the study recorded it`, `${sha256}, but the file's is ${read.series.sha256}`);
    return pricing;
  }
  pricing.series = { ...read.series, file };
  checkRetailPrices(r, file, pricing);
  pricing.events.forEach((e, i) => {
    const column = e.forecast === 'temperature' ? 'temperature_c' : 'system_load_mw';
    if (read.series[column] === null) r.errorText(`pricing.events[${i}].forecast`, `a forecast the series has (a column ${column} in ${file})`, `"${e.forecast}"`);
  });
  const generated = actionCount(pricing, ctx.duration);
  if (ctx.timelineLength + generated > MAX_ACTIONS) {
    r.errorText('pricing.hourly_programs', `at most ${MAX_ACTIONS} messages sent by CDCS in all (issuer ids of next prices are offset by ${MAX_ACTIONS})`, `${ctx.timelineLength} timeline actions and ${generated} from the pricing actor`);
  }
  return pricing;
}

/**
 * `series`: the CSV's path (relative to the study), or `{file, sha256, csv}` as resolved.yaml writes it: the text
 * inline (`file` then only names it) and its SHA-256, so a replay needs no other file and refuses an edited one.
 */
function readSeriesRef(r: Reader, raw: unknown): { file: string; sha256?: string; csv?: string } {
  if (!isMapping(raw)) return { file: r.text('pricing.series', raw, REQUIRED, 'the path of an hourly CSV file (time, wholesale_usd_per_mwh, ...)') };
  r.unknownKeys('pricing.series', raw, FIELDS['pricing.series']);
  const file = r.text('pricing.series.file', raw.file, REQUIRED, 'the path of an hourly CSV file (time, wholesale_usd_per_mwh, ...)');
  let csv: string | undefined;
  if (raw.csv !== undefined) {
    if (typeof raw.csv !== 'string') {
      r.error('pricing.series.csv', 'the CSV text of the series', raw.csv);
      return { file: '' };
    }
    csv = raw.csv;
  }
  if (raw.sha256 === undefined) return { file, csv };
  if (!isSha256(raw.sha256)) {
    r.error('pricing.series.sha256', 'the SHA-256 of the file, 64 lowercase hex digits', raw.sha256);
    return { file: '' };
  }
  return { file, sha256: raw.sha256, csv };
}

/** Every hour's retail price (wholesale per kWh plus the adders) must travel on the wire. */
function checkRetailPrices(r: Reader, file: string, p: Pricing): void {
  const add = sumAdders(p);
  const max = numberLimit('timeline[current_price].price').max!;
  const bad = p.series.wholesale_usd_per_mwh.findIndex((x) => !(x / 1000 + add >= 0 && x / 1000 + add <= max));
  if (bad < 0) return;
  const x = p.series.wholesale_usd_per_mwh[bad];
  r.errorText('pricing.series', `in ${file} hour ${bad} (data row ${bad + 1}), column wholesale_usd_per_mwh: a retail price (wholesale / 1000 + adders ${add}) from 0 to ${max} per kWh`, `${x} (retail ${x / 1000 + add})`);
}

export const sumAdders = (p: Pick<Pricing, 'adders'>): number => Object.values(p.adders).reduce((a, b) => a + b, 0);

/** Messages (actions) the pricing actor has CDCS send over a run: hourly prices, cycles, notices (an upper bound). */
export function actionCount(p: Pricing, duration: number): number {
  const hours = Math.ceil(duration / HOUR_MS);
  const cycles = Math.ceil(duration / p.billing_cycle);
  const days = Math.ceil(duration / (24 * HOUR_MS)) + 8;
  return hours * p.hourly_programs.length + cycles * (1 + p.tou_programs.length) + days * p.events.length;
}

function programRef(r: Reader, path: string, v: unknown, kinds: Map<string, ProgramKind>, allowed: readonly ProgramKind[]): string {
  const id = r.text(path, v, REQUIRED, 'a program id');
  if (id === '') return id;
  const kind = kinds.get(id);
  if (kind === undefined) r.errorText(path, 'a program declared under programs', `"${id}"`);
  else if (!allowed.includes(kind)) r.errorText(path, `a program of kind ${allowed.join(' or ')}`, `"${id}" (${kind})`);
  return id;
}

function readAdders(r: Reader, v: unknown): Record<string, number> {
  if (v === undefined || v === null) return {};
  if (!isMapping(v)) {
    r.error('pricing.adders', 'a mapping of charge names to prices per kWh, such as {distribution: 0.06}', v);
    return {};
  }
  r.withinCount('pricing.adders', v, Object.keys(v as object).length, itemsLimit('pricing.adders'));
  return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, r.number(`pricing.adders.${k}`, x, 0, numberLimit('pricing.adders.*'))]));
}

function readPrices(r: Reader, v: unknown): number[] {
  const list = r.list('pricing.tou_prices', v, 'a list of 24 prices per kWh, hour 0 = local midnight');
  if (!list) return [...DEFAULT_TOU_PRICES];
  if (list.length !== 24) r.error('pricing.tou_prices', 'a list of 24 prices per kWh, hour 0 = local midnight', list);
  return list.map((x, i) => r.number(`pricing.tou_prices[${i}]`, x, 0, numberLimit('pricing.tou_prices[]')));
}

function readRules(r: Reader, v: unknown, ctx: PricingContext, kinds: Map<string, ProgramKind>): EventRule[] {
  if (v === undefined || v === null) return [];
  const list = r.list('pricing.events', v, 'a list of event rules, each {program, forecast, trigger, ...}');
  if (!list) return [];
  r.withinCount('pricing.events', list, list.length, itemsLimit('pricing.events'));
  const seen = new Set<string>();
  return list.map((item, i) => {
    const at = `pricing.events[${i}]`;
    const o = r.map(at, item, FIELDS['pricing.events[]'], 'an event rule {program, forecast, trigger, ...}') ?? {};
    const program = programRef(r, `${at}.program`, o.program, kinds, ['CPP', 'PTR']);
    if (seen.has(program)) r.errorText(`${at}.program`, 'one rule per program', `"${program}" again`);
    seen.add(program);
    const d = DEFAULT_PRICING;
    const rule: EventRule = {
      program,
      forecast: r.choice(`${at}.forecast`, o.forecast, REQUIRED, FORECASTS),
      trigger: r.number(`${at}.trigger`, o.trigger, REQUIRED, numberLimit('pricing.events[].trigger')),
      start_hour: r.number(`${at}.start_hour`, o.start_hour, d.start_hour, numberLimit('pricing.events[].start_hour')),
      hours: r.number(`${at}.hours`, o.hours, d.hours, numberLimit('pricing.events[].hours')),
      notice_lead: r.limitedDuration(`${at}.notice_lead`, o.notice_lead, d.notice_lead, durationLimit('pricing.events[].notice_lead')),
      priority: r.choice(`${at}.priority`, o.priority, d.priority, PRIORITIES),
    };
    const limits = ctx.programs.find((p) => p.id === program)?.event_limits;
    if (limits && rule.hours > limits.hours_per_day) {
      r.errorText(`${at}.hours`, `at most the program's event_limits.hours_per_day (${limits.hours_per_day})`, `${rule.hours}`);
    }
    if (rule.start_hour + rule.hours > 24) r.errorText(`${at}.hours`, `an event that ends by midnight (start_hour ${rule.start_hour} + hours ≤ 24)`, `${rule.hours}`);
    return rule;
  });
}
