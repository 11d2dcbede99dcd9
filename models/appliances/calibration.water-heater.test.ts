/**
 * Calibration row (models/README.md, "Calibration"): a resistance water heater held off over an evening event
 * on a hot day, default parameters. Published range: 0.35–0.6 kW per heater over the evening peak (residential
 * water-heater load-control evaluations, as summarised in issue 11).
 */
import { describe, expect, it } from 'vitest';
import { fleetImpact } from './calibration-studies.ts';

const PUBLISHED = { lo: 0.35, hi: 0.6 };

describe('calibration: water-heater shed on an evening event', () => {
  for (const [startH, hours] of [
    [17, 4],
    [17, 2],
    [18, 4],
  ] as const) {
    it(`${startH}:00 for ${hours} h sheds ${PUBLISHED.lo}–${PUBLISHED.hi} kW per heater`, () => {
      const x = fleetImpact({ type: 'water_heater', peakC: 38, startH, hours, control: () => ({ mode: 'shed' }) });
      console.log(`water heater ${startH}:00 +${hours} h: baseline ${x.baselineKw.toFixed(3)} kW, shed ${x.shedKw.toFixed(3)} kW`);
      expect(x.shedKw).toBeGreaterThan(PUBLISHED.lo);
      expect(x.shedKw).toBeLessThan(PUBLISHED.hi);
    });
  }
});
