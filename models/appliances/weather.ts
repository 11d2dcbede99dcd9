/** Weather helpers: the scenario's outdoor profile as a `Weather` (piecewise linear between hourly values). */
import { DAY, HOUR, type Weather } from './types.ts';

/**
 * A daily profile repeated every day: hourly[h] is the temperature at local hour h, linear in between.
 * dayStartMs is the local time of day at tMs = 0.
 */
export function hourlyWeather(hourly: readonly number[], dayStartMs = 0): Weather {
  if (hourly.length !== 24) throw new RangeError(`hourlyWeather needs 24 values, got ${hourly.length}`);
  return {
    outdoorC(t: number): number {
      const h = ((((t + dayStartMs) % DAY) + DAY) % DAY) / HOUR;
      const k = Math.floor(h), f = h - k;
      return hourly[k % 24] * (1 - f) + hourly[(k + 1) % 24] * f;
    },
  };
}

export function constantWeather(c: number): Weather {
  return { outdoorC: () => c };
}
