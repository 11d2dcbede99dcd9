/**
 * Calibration against published program results (README.md, "Calibration"): with default parameters on a hot
 * afternoon, per-device shed under SCE SDP-style 50% cycling, a 2.2 °C (4 °F) thermostat offset, and an evening
 * water-heater shed. Each DR fleet is compared with an identical baseline fleet (common random numbers).
 */
import { describe, expect, it } from 'vitest';
import { uniformAt } from '../../sim/random/stream.ts';
import { createFleet, type ParamsByType } from './index.ts';
import { HOT_DAY, meanKw, simulate, type Action } from './test-harness.ts';
import { HOUR, MINUTE, type ApplianceType, type Control } from './types.ts';
import { hourlyWeather } from './weather.ts';

const w = hourlyWeather(HOT_DAY);
const N = 300;

interface Impact {
  baselineKw: number;
  shedKw: number;
  reboundKw: number;
}

function impact<T extends ApplianceType>(type: T, control: (i: number) => Control, ev0: number, ev1: number, params: Partial<ParamsByType[T]> = {}): Impact {
  const mk = () => {
    const f = createFleet(type, N, 2026, 50_000, params);
    for (let i = 0; i < N; i++) f.init(i, 0);
    return f;
  };
  const base = simulate(mk(), w, 0, 24 * HOUR);
  const actions: Action[] = [];
  for (let i = 0; i < N; i++) actions.push({ t: ev0, i, control: control(i) }, { t: ev1, i, control: { mode: 'normal' } });
  const dr = simulate(mk(), w, 0, 24 * HOUR, { actions });
  let b = 0, s = 0, r = 0;
  for (let i = 0; i < N; i++) {
    const bi = meanKw(base.traces[i], ev0, ev1);
    b += bi;
    s += bi - meanKw(dr.traces[i], ev0, ev1);
    r += meanKw(dr.traces[i], ev1, ev1 + HOUR) - meanKw(base.traces[i], ev1, ev1 + HOUR);
  }
  return { baselineKw: b / N, shedKw: s / N, reboundKw: r / N };
}

const fmt = (x: Impact) => `baseline ${x.baselineKw.toFixed(2)} kW, shed ${x.shedKw.toFixed(2)} kW, rebound (first hour after) +${x.reboundKw.toFixed(2)} kW`;

describe('calibration (default parameters, 35–38 °C afternoon)', () => {
  it('SDP 50% cycling (off 15 of every 30 min, random phase) sheds 0.2–1 kW per AC, 14:00–18:00', () => {
    const x = impact('thermostat', (i) => ({ mode: 'cycle', offFraction: 0.5, periodMs: 30 * MINUTE, phaseMs: Math.floor(uniformAt(7, i, 0, 0) * 30 * MINUTE) }), 14 * HOUR, 18 * HOUR);
    console.log(`AC 50% cycling: ${fmt(x)}`);
    expect(x.shedKw).toBeGreaterThan(0.2);
    expect(x.shedKw).toBeLessThan(1);
    expect(x.reboundKw).toBeGreaterThan(0);
  });

  it('a 2.2 °C (4 °F) thermostat offset sheds 0.5–1 kW per AC, 14:00–18:00', () => {
    const x = impact('thermostat', () => ({ mode: 'offset', coolingOffsetC: 2.2 }), 14 * HOUR, 18 * HOUR);
    console.log(`AC +2.2 °C offset: ${fmt(x)}`);
    expect(x.shedKw).toBeGreaterThan(0.5);
    expect(x.shedKw).toBeLessThan(1);
  });

  it('a 4.5 kW water heater shed 17:00–21:00 sheds up to ~1.6 kW on average (0.2–1.6), and large winter draws shed more', () => {
    const x = impact('water_heater', () => ({ mode: 'shed' }), 17 * HOUR, 21 * HOUR);
    console.log(`Water heater shed (summer, default draws): ${fmt(x)}`);
    expect(x.shedKw).toBeGreaterThan(0.2);
    expect(x.shedKw).toBeLessThan(1.6);
    const big = impact('water_heater', () => ({ mode: 'shed' }), 17 * HOUR, 21 * HOUR, { inletC: 10, dailyHotWaterL: [350, 450] });
    console.log(`Water heater shed (cold inlet, large draws): ${fmt(big)}`);
    expect(big.shedKw).toBeGreaterThan(x.shedKw);
    expect(big.shedKw).toBeLessThan(1.6);
  });
});
