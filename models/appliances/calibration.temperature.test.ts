/**
 * Calibration (models/README.md): below the hot days of the published ranges, the AC's shed rises with the
 * outdoor temperature; and the capacity and power curves are GridLAB-D house_e's own (written there in °F).
 */
import { describe, expect, it } from 'vitest';
import { uniformAt } from '../../sim/random/stream.ts';
import { fleetImpact } from './calibration-studies.ts';
import { capacityFactor, compressorPowerFactor } from './thermostat.ts';
import { MINUTE, type Control } from './types.ts';

const cycling = (i: number): Control => ({ mode: 'cycle', offFraction: 0.5, periodMs: 30 * MINUTE, phaseMs: Math.floor(uniformAt(7, i, 0, 0) * 30 * MINUTE) });
const setUp = (): Control => ({ mode: 'offset', coolingOffsetC: 2.2 });

describe('calibration: AC shed rises with temperature below 38 °C', () => {
  for (const [name, control] of [
    ['SDP 50% cycling', cycling],
    ['+2.2 °C set-up', setUp],
  ] as const) {
    it(`${name}, 14:00–18:00, peaks of 30, 34 and 38 °C`, () => {
      const shed = [30, 34, 38].map((peakC) => fleetImpact({ type: 'thermostat', peakC, startH: 14, hours: 4, control, devices: 200 }).shedKw);
      console.log(`${name}: shed ${shed.map((x) => x.toFixed(3)).join(' < ')} kW at 30 / 34 / 38 °C`);
      expect(shed[1]).toBeGreaterThan(shed[0]);
      expect(shed[2]).toBeGreaterThan(shed[1]);
    });
  }
});

describe('AC performance curves: GridLAB-D house_e CP_DEFAULT and CC_DEFAULT', () => {
  // house_e.cpp, in °F: capacity × (1.48924533 − 0.00514995·T); COP ÷ (−0.01363961 + 0.01066989·T) for T ≥ 40 °F.
  const cap = (f: number) => 1.48924533 - 0.00514995 * f;
  const eir = (f: number) => -0.01363961 + 0.01066989 * Math.max(f, 40);
  for (const f of [40, 80, 95, 100.4, 105.8, 115]) {
    it(`at ${f} °F`, () => {
      const c = ((f - 32) * 5) / 9;
      expect(capacityFactor(c, 'gridlabd')).toBeCloseTo(cap(f), 9);
      expect(compressorPowerFactor(c, 'gridlabd')).toBeCloseTo(cap(f) * eir(f), 9);
      expect(compressorPowerFactor(c, 'flat')).toBe(1);
    });
  }
});
