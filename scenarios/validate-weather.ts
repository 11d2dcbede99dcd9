/** `weather`: the outdoor temperature profile the appliance physics is driven by. */
import { DEFAULT_WEATHER } from './defaults.ts';
import { FIELDS } from './fields.ts';
import { numberLimit } from './limits.ts';
import type { Reader } from './read.ts';
import type { Weather } from './types.ts';

export function readWeather(r: Reader, raw: unknown): Weather {
  const o = r.map('weather', raw, FIELDS.weather);
  if (!o || o.hourly_c === undefined) return { hourly_c: [...DEFAULT_WEATHER.hourly_c] };
  const list = r.list('weather.hourly_c', o.hourly_c, 'a list of 24 hourly outdoor temperatures (°C)');
  if (!list) return { hourly_c: [...DEFAULT_WEATHER.hourly_c] };
  if (list.length !== 24) r.error('weather.hourly_c', 'a list of 24 hourly outdoor temperatures (°C), hour 0 = local midnight', list);
  return { hourly_c: list.map((x, i) => r.number(`weather.hourly_c[${i}]`, x, 0, numberLimit('weather.hourly_c[]'))) };
}
