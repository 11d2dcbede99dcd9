/**
 * `rate_advice` (OI-5): when CDCS advises, which rate customers are on, and the rates offered (flat, tiered,
 * TOU, CPP, PTR, as `models/pricing/rates.ts` bills them). Absent: no advice. `rates` defaults to the
 * illustrative SCE-shaped set of `DEFAULT_RATES`.
 */
import { DEFAULT_RATES, RATE_KINDS, type Rate, type RateKind, type Tier } from '../models/pricing/rates.ts';
import { formatDuration } from './durations.ts';
import { FIELDS, RATE_FIELDS, TIER_FIELDS } from './fields.ts';
import { durationLimit, itemsLimit, numberLimit } from './limits.ts';
import { REQUIRED, isMapping, type Reader } from './read.ts';
import type { RateAdvice } from './types.ts';

/** Fields each kind needs beyond id and kind. */
const KIND_FIELDS: Record<RateKind, readonly string[]> = {
  flat: ['price'],
  tiered: ['tiers'],
  tou: ['hourly'],
  cpp: ['hourly', 'event_price'],
  ptr: ['hourly', 'rebate_per_kwh'],
};

/** Advice 30 minutes before the end by default, so it is delivered within the run. */
const DEFAULT_BEFORE_END = 30 * 60_000;

export function readRateAdvice(r: Reader, raw: unknown, duration: number | undefined): RateAdvice | null {
  if (raw === undefined || raw === null) return null;
  const o = r.map('rate_advice', raw, FIELDS.rate_advice);
  if (!o) return null;
  const rates = readRates(r, o.rates);
  const end = duration ?? 0;
  const at = r.limitedDuration('rate_advice.at', o.at, Math.max(0, end - DEFAULT_BEFORE_END), durationLimit('rate_advice.at'));
  if (duration !== undefined && at > duration) r.error('rate_advice.at', `a time within the run (0s to ${formatDuration(duration)})`, o.at);
  const ids = rates.map((x) => x.id);
  const current = r.text('rate_advice.current', o.current, ids[0] ?? '', 'the id of an offered rate');
  if (typeof o.current === 'string' && !ids.includes(current)) r.error('rate_advice.current', `the id of an offered rate (${ids.join(', ')})`, o.current);
  return { at, current, rates };
}

function readRates(r: Reader, raw: unknown): Rate[] {
  if (raw === undefined) return structuredClone(DEFAULT_RATES) as Rate[];
  const list = r.list('rate_advice.rates', raw, 'a list of rates, each {id, kind, ...}');
  if (!list) return [];
  if (list.length === 0) r.error('rate_advice.rates', 'at least one rate', list);
  r.withinCount('rate_advice.rates', list, list.length, itemsLimit('rate_advice.rates'));
  const out: Rate[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const path = `rate_advice.rates[${i}]`;
    if (!isMapping(item)) return void r.error(path, 'a rate such as {id: tou, kind: tou, hourly: [...]}', item);
    const kind = r.choice(`${path}.kind`, item.kind, REQUIRED, RATE_KINDS);
    r.unknownKeys(path, item, ['id', 'kind', ...((RATE_KINDS as readonly unknown[]).includes(item.kind) ? KIND_FIELDS[kind] : RATE_FIELDS.slice(2))]);
    const id = r.text(`${path}.id`, item.id, REQUIRED, 'a rate id (non-empty text)');
    if (seen.has(id)) r.error(`${path}.id`, 'an id no other rate has', item.id);
    seen.add(id);
    const price = (field: string, key: 'rate_advice.rates[flat].price' | 'rate_advice.rates[cpp].event_price' | 'rate_advice.rates[ptr].rebate_per_kwh') => r.number(`${path}.${field}`, item[field], REQUIRED, numberLimit(key));
    switch (kind) {
      case 'flat':
        return void out.push({ id, kind, price: price('price', 'rate_advice.rates[flat].price') });
      case 'tiered':
        return void out.push({ id, kind, tiers: readTiers(r, `${path}.tiers`, item.tiers) });
      case 'tou':
        return void out.push({ id, kind, hourly: readHourly(r, `${path}.hourly`, item.hourly) });
      case 'cpp':
        return void out.push({ id, kind, hourly: readHourly(r, `${path}.hourly`, item.hourly), event_price: price('event_price', 'rate_advice.rates[cpp].event_price') });
      case 'ptr':
        return void out.push({ id, kind, hourly: readHourly(r, `${path}.hourly`, item.hourly), rebate_per_kwh: price('rebate_per_kwh', 'rate_advice.rates[ptr].rebate_per_kwh') });
    }
  });
  return out;
}

function readHourly(r: Reader, path: string, v: unknown): number[] {
  const list = r.list(path, v, 'a list of 24 hourly prices per kWh, hour 0 = local midnight');
  if (!list) {
    if (v === undefined) r.error(path, 'a list of 24 hourly prices per kWh, hour 0 = local midnight', v);
    return [];
  }
  if (list.length !== 24) r.error(path, 'a list of 24 hourly prices per kWh, hour 0 = local midnight', list);
  return list.map((x, i) => r.number(`${path}[${i}]`, x, 0, numberLimit('rate_advice.rates[tou].hourly[]')));
}

/** Blocks in increasing order of their upper end; only the last may be open (`up_to_kwh: null`). */
function readTiers(r: Reader, path: string, v: unknown): Tier[] {
  const list = r.list(path, v, 'a list of blocks {up_to_kwh, price}, the last with up_to_kwh: null');
  if (!list) {
    if (v === undefined) r.error(path, 'a list of blocks {up_to_kwh, price}', v);
    return [];
  }
  r.withinCount(path, list, list.length, itemsLimit('rate_advice.rates[tiered].tiers'));
  if (list.length === 0) r.error(path, 'at least one block', list);
  let last = -Infinity;
  return list.map((item, i) => {
    const p = `${path}[${i}]`;
    if (!isMapping(item)) {
      r.error(p, 'a block {up_to_kwh, price}', item);
      return { up_to_kwh: null, price: 0 };
    }
    r.unknownKeys(p, item, TIER_FIELDS);
    const open = item.up_to_kwh === null || (item.up_to_kwh === undefined && i === list.length - 1);
    const upTo = open ? null : r.number(`${p}.up_to_kwh`, item.up_to_kwh, REQUIRED, numberLimit('rate_advice.rates[tiered].tiers[].up_to_kwh'));
    if (open && i !== list.length - 1) r.error(`${p}.up_to_kwh`, 'a number of kWh (only the last block is open)', item.up_to_kwh);
    if (upTo !== null && upTo <= last) r.error(`${p}.up_to_kwh`, `more than the block before (${last} kWh)`, item.up_to_kwh);
    if (upTo !== null) last = upTo;
    return { up_to_kwh: upTo, price: r.number(`${p}.price`, item.price, REQUIRED, numberLimit('rate_advice.rates[tiered].tiers[].price')) };
  });
}
