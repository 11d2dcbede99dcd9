import { describe, expect, it } from 'vitest';
import { referenceThermostat } from './reference.ts';
import { HOT_DAY, meanKw, simulate, timeAtLeast } from './test-harness.ts';
import { ThermostatFleet, houseFromFloorArea, THERMOSTAT_DEFAULTS } from './thermostat.ts';
import { HOUR, MINUTE, type Control } from './types.ts';
import { constantWeather, hourlyWeather } from './weather.ts';

const fixed = { floorAreaFt2: [1800, 1800], coolingSetpointC: [25, 25], deadbandC: [0.6, 0.6], sizingFactor: [1.4, 1.4], eerBtuPerWh: [10, 10], awayShare: 0 } as const;

describe('thermostat: ETP closed form', () => {
  it('air temperature after an hour with the compressor off matches GridLAB-D’s constant-input solution', () => {
    // No sun, constant 35 °C outside; shed keeps the compressor off; safety limit out of the way.
    const f = new ThermostatFleet(1, 3, 100, { ...fixed, solarPeakBtuPerHFt2: 0, solAirRoofC: 0, solAirWallC: 0, internalGainProfile: new Array(24).fill(1), maxIndoorC: 80 });
    f.init(0, 0);
    f.setControl(0, { mode: 'shed' }, 0);
    const w = constantWeather(35);
    const Ta0 = f.field(0, 'Ta'), Tm0 = f.field(0, 'Tm');
    f.advance(0, 0, w);
    f.advance(0, HOUR, w);
    expect(f.field(0, 'comp')).toBe(0);

    // Independent: GridLAB-D house_e (init + update_model + presync), time in seconds.
    const U = f.field(0, 'U'), Ca = f.field(0, 'Ca'), Cm = f.field(0, 'Cm'), Hm = f.field(0, 'Hm'), Qi = f.field(0, 'Qi'), To = 35;
    const Qa = 0.5 * Qi, Qm = 0.5 * Qi;
    const a = (Cm * Ca) / Hm, b = (Cm * (U + Hm)) / Hm + Ca, c = U;
    const rr = Math.sqrt(b * b - 4 * a * c) / (2 * a), r = -b / (2 * a);
    const r1 = r + rr, r2 = r - rr;
    const c1 = -(U + Hm) / Ca, c2 = Hm / Ca;
    const Teq = (Qa + Qm + U * To) / U;
    const dTa = c2 * Tm0 + c1 * Ta0 - (c1 + c2) * To + Qa / Ca;
    const k1 = (r2 * Ta0 - r2 * Teq - dTa) / (r2 - r1);
    const k2 = Ta0 - Teq - k1;
    const expected = k1 * Math.exp(r1 * 3600) + k2 * Math.exp(r2 * 3600) + Teq;
    expect(f.field(0, 'Ta')).toBeCloseTo(expected, 9);
    expect(f.field(0, 'Ta')).toBeGreaterThan(Ta0 + 1); // it really warmed
  });

  it('derives GridLAB-D’s default house: UA, air ×3 heat capacity, mass and interior surface coefficient', () => {
    // 2500 ft², GridLAB-D's own defaults (R30/R19/R22/R5, U-window 0.47, 0.5 ach): Ua ≈ 573 Btu/h·°F.
    const h = houseFromFloorArea(2500, { ...THERMOSTAT_DEFAULTS, rRoof: 30, rWall: 19, rFloor: 22, rDoor: 5, uWindow: 0.47, airChangesPerHour: 0.5 });
    expect(h.U / (0.29307107 * 1.8)).toBeCloseTo(573.1, 0);
    expect(h.Ca / (1055.056 * 1.8)).toBeCloseTo(3 * 0.0735 * 0.2402 * 20000, 6);
  });
});

describe('thermostat: DR behaviour', () => {
  it('DLC 50% cycling halves compressor runtime during the event on a design-busting hot day', () => {
    // Undersized units on a 43 °C afternoon run flat out without DR.
    const params = { ...fixed, sizingFactor: [0.9, 0.9] as const, maxIndoorC: 60 };
    const w = constantWeather(43);
    const N = 6;
    const mk = () => {
      const f = new ThermostatFleet(N, 5, 200, params);
      for (let i = 0; i < N; i++) f.init(i, 0);
      return f;
    };
    const ev0 = 12 * HOUR, ev1 = 16 * HOUR;
    const normal = simulate(mk(), w, 0, ev1);
    const actions = Array.from({ length: N }, (_, i) => ({ t: ev0, i, control: { mode: 'cycle', offFraction: 0.5, periodMs: 30 * MINUTE, phaseMs: i * 5 * MINUTE } as Control }));
    const cycled = simulate(mk(), w, 0, ev1, { actions });
    const f = mk();
    for (let i = 0; i < N; i++) {
      const onNormal = timeAtLeast(normal.traces[i], ev0, ev1, f.field(i, 'kw') - 1e-9);
      const onCycled = timeAtLeast(cycled.traces[i], ev0, ev1, f.field(i, 'kw') - 1e-9);
      expect(onNormal / (ev1 - ev0)).toBeGreaterThan(0.97);
      expect(onCycled / onNormal).toBeGreaterThan(0.45);
      expect(onCycled / onNormal).toBeLessThanOrEqual(0.5 + 1e-9);
    }
  });

  it('respects minimum on and off times except when DR cuts the compressor', () => {
    const f = new ThermostatFleet(3, 9, 300);
    for (let i = 0; i < 3; i++) f.init(i, 0);
    const run = simulate(f, hourlyWeather(HOT_DAY), 0, 24 * HOUR);
    for (let i = 0; i < 3; i++) {
      // Compressor runs: the power follows the outdoor temperature while it runs, so merge those steps.
      const { t, kw } = run.traces[i];
      const on = kw.map((x) => x > THERMOSTAT_DEFAULTS.fanKw);
      for (let k = 1; k + 1 < t.length; k++) {
        if (on[k] === on[k - 1]) continue;
        let e = k + 1;
        while (e < t.length && on[e] === on[k]) e++;
        if (e >= t.length) break;
        expect(t[e] - t[k]).toBeGreaterThanOrEqual(on[k] ? THERMOSTAT_DEFAULTS.minOnMs : THERMOSTAT_DEFAULTS.minOffMs);
      }
    }
  });

  it('an offset warms the house and the AC resumes at the new set point; discomfort grows with it', () => {
    const f = new ThermostatFleet(1, 4, 400, fixed);
    f.init(0, 0);
    const w = hourlyWeather(HOT_DAY);
    simulate(f, w, 0, 14 * HOUR);
    f.advance(0, 14 * HOUR, w);
    // At most the overshoot of a minimum off time (~0.3 °C/min with the compressor off on this afternoon).
    expect(f.discomfort(0, 14 * HOUR)).toBeLessThan(0.5);
    f.setControl(0, { mode: 'offset', coolingOffsetC: 2.2 }, 14 * HOUR);
    // A running compressor finishes its minimum on time, then stops: the air is below the new deadband.
    f.advance(0, 14 * HOUR + THERMOSTAT_DEFAULTS.minOnMs, w);
    expect(f.powerKw(0)).toBe(0);
    const seen: number[] = [];
    const run = simulate(f, w, 14 * HOUR + THERMOSTAT_DEFAULTS.minOnMs, 16 * HOUR, { onEvent: (_i, t) => t >= 15 * HOUR && seen.push(f.field(0, 'Ta')) });
    // Around the new set point: within the deadband, plus the overshoot the minimum off time allows.
    const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
    expect(mean).toBeGreaterThan(25 + 2.2 - 0.3);
    expect(mean).toBeLessThan(25 + 2.2 + 0.8);
    expect(Math.min(...seen)).toBeGreaterThan(25 + 2.2 - 0.3 - 1e-3);
    expect(meanKw(run.traces[0], 15 * HOUR, 16 * HOUR)).toBeGreaterThan(0.5);
    expect(f.discomfort(0, 16 * HOUR)).toBeGreaterThan(0.5);
  });
});

describe('thermostat: heat safety beats DR', () => {
  it('under an all-day shed on a 45 °C day the AC runs at the 32 °C limit, so the air never passes it by more than the minimum off time allows', () => {
    for (const control of [{ mode: 'shed' }, { mode: 'offset', coolingOffsetC: 8 }] as Control[]) {
      const N = 5;
      const f = new ThermostatFleet(N, 13, 600);
      for (let i = 0; i < N; i++) f.init(i, 0);
      let maxTa = -Infinity;
      const run = simulate(f, constantWeather(45), 0, 24 * HOUR, {
        actions: Array.from({ length: N }, (_, i) => ({ t: 6 * HOUR, i, control })),
        onEvent: (i) => (maxTa = Math.max(maxTa, f.field(i, 'Ta'))),
      });
      expect(f.violations).toBe(0);
      expect(maxTa).toBeGreaterThan(31.9);
      expect(maxTa).toBeLessThan(32.6);
      for (let i = 0; i < N; i++) expect(timeAtLeast(run.traces[i], 12 * HOUR, 24 * HOUR, f.field(i, 'kw') - 1e-9)).toBeGreaterThan(HOUR);
    }
  });
});

describe('thermostat: energy vs a 1-second fixed-step reference', () => {
  it('matches within 1% over a hot day with a shed, a DLC event and an offset', () => {
    const w = hourlyWeather(HOT_DAY);
    const N = 4;
    const fleet = new ThermostatFleet(N, 21, 500);
    const ref = new ThermostatFleet(N, 21, 500);
    for (let i = 0; i < N; i++) fleet.init(i, 0), ref.init(i, 0);
    const controls = (i: number) => [
      { t: 11 * HOUR, control: { mode: 'shed' } as Control },
      { t: 11 * HOUR + 20 * MINUTE, control: { mode: 'normal' } as Control },
      { t: 13 * HOUR + i * 7 * MINUTE, control: { mode: 'cycle', offFraction: 0.5, periodMs: 30 * MINUTE, phaseMs: i * 4 * MINUTE } as Control },
      { t: 16 * HOUR, control: { mode: 'offset', coolingOffsetC: 2.2 } as Control },
      { t: 18 * HOUR, control: { mode: 'normal' } as Control },
    ];
    const actions = Array.from({ length: N }, (_, i) => controls(i).map((c) => ({ t: c.t, i, control: c.control }))).flat();
    const run = simulate(fleet, w, 0, 24 * HOUR, { actions });
    for (let i = 0; i < N; i++) {
      const r = referenceThermostat(ref, i, w, 0, 24 * HOUR, controls(i));
      expect(Math.abs(run.energyKwh[i] - r.energyKwh) / r.energyKwh).toBeLessThan(0.01);
    }
  });
});
