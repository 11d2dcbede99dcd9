/**
 * Test-only studies for the calibration tests (README.md, "Calibration"): a fleet of default appliances on a
 * hot day, one DR control over an event window, against an identical fleet without it (common random
 * numbers), so the difference is the shed device by device.
 */
import { createFleet, type ParamsByType } from './index.ts';
import { HOT_DAY, meanKw, simulate, type Action } from './test-harness.ts';
import { HOUR, type ApplianceType, type Control } from './types.ts';
import { hourlyWeather } from './weather.ts';

/** The test harness's inland heat-wave day (38 °C at 15:00) moved up or down so that its peak is `peakC`. */
export function hotDay(peakC: number): number[] {
  const peak = Math.max(...HOT_DAY);
  return HOT_DAY.map((c) => c + peakC - peak);
}

export interface FleetStudy<T extends ApplianceType> {
  type: T;
  /** Daily peak of the outdoor temperature, °C (the shape of `hotDay`). */
  peakC: number;
  /** Local hour the event starts and its length in hours. */
  startH: number;
  hours: number;
  control: (i: number) => Control;
  devices?: number;
  seed?: number;
  params?: Partial<ParamsByType[T]>;
}

export interface FleetImpact {
  /** Mean power per device over the event without DR, kW. */
  baselineKw: number;
  /** Mean shed per device over the event (baseline − DR), kW. */
  shedKw: number;
}

export function fleetImpact<T extends ApplianceType>(s: FleetStudy<T>): FleetImpact {
  const n = s.devices ?? 300;
  const w = hourlyWeather(hotDay(s.peakC));
  const ev0 = s.startH * HOUR, ev1 = (s.startH + s.hours) * HOUR, end = ev1 + HOUR;
  const mk = () => {
    const f = createFleet(s.type, n, s.seed ?? 2026, 50_000, s.params ?? {});
    for (let i = 0; i < n; i++) f.init(i, 0);
    return f;
  };
  const base = simulate(mk(), w, 0, end);
  const actions: Action[] = [];
  for (let i = 0; i < n; i++) actions.push({ t: ev0, i, control: s.control(i) }, { t: ev1, i, control: { mode: 'normal' } });
  const dr = simulate(mk(), w, 0, end, { actions });
  let b = 0, shed = 0;
  for (let i = 0; i < n; i++) {
    const bi = meanKw(base.traces[i], ev0, ev1);
    b += bi;
    shed += bi - meanKw(dr.traces[i], ev0, ev1);
  }
  return { baselineKw: b / n, shedKw: shed / n };
}
