/** `metering`: the meter's usage feed to HAN devices (NFR-03). */
import { DEFAULT_METERING } from './defaults.ts';
import { FIELDS } from './fields.ts';
import { durationLimit, itemsLimit, numberLimit } from './limits.ts';
import type { Reader } from './read.ts';
import { METERING_SUBSCRIBERS, type Metering, type MeteringSubscriber } from './types.ts';

export function readMetering(r: Reader, raw: unknown): Metering {
  const d = DEFAULT_METERING;
  const o = r.map('metering', raw, FIELDS.metering);
  if (!o) return { ...d, subscribers: [...d.subscribers] };
  const m = 'metering';
  return {
    subscribers: readSubscribers(r, `${m}.subscribers`, o.subscribers),
    period: r.limitedDuration(`${m}.period`, o.period, d.period, durationLimit('metering.period')),
    min_interval: r.limitedDuration(`${m}.min_interval`, o.min_interval, d.min_interval, durationLimit('metering.min_interval')),
    reportable_change_w: r.number(`${m}.reportable_change_w`, o.reportable_change_w, d.reportable_change_w, numberLimit('metering.reportable_change_w')),
    age_sla_s: r.number(`${m}.age_sla_s`, o.age_sla_s, d.age_sla_s, numberLimit('metering.age_sla_s')),
  };
}

function readSubscribers(r: Reader, path: string, v: unknown): MeteringSubscriber[] {
  if (v === undefined) return [...DEFAULT_METERING.subscribers];
  const list = r.list(path, v, `a list of HAN device types (${METERING_SUBSCRIBERS.join(', ')})`);
  if (!list) return [...DEFAULT_METERING.subscribers];
  r.withinCount(path, list, list.length, itemsLimit('metering.subscribers'));
  const out: MeteringSubscriber[] = [];
  list.forEach((t, i) => {
    const type = r.choice(`${path}[${i}]`, t, METERING_SUBSCRIBERS[0], METERING_SUBSCRIBERS);
    if (typeof t === 'string' && out.includes(t as MeteringSubscriber)) r.errorText(`${path}[${i}]`, 'each type once', `"${t}" again`);
    else out.push(type);
  });
  return out;
}
