import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitProblem, machineBudget } from '../cli/estimate.ts';
import { runScenario } from '../models/world/run-scenario.ts';
import { chainStudy, makeScenario } from '../test/support/scenario.ts';
import { estimateRun, expectedAppliances } from './estimate.ts';

describe('the pre-run estimate', () => {
  it('expects 1 + a Poisson(mean − 1) capped at max appliances per customer (theory)', () => {
    expect(expectedAppliances(1, 6)).toBe(1);
    expect(expectedAppliances(4, 1)).toBe(1);
    // Far from the cap, the mean is the mean.
    expect(expectedAppliances(3, 253)).toBeCloseTo(3, 9);
    // Capped at 2: 1 + P(Poisson(λ) ≥ 1) = 2 − e^−λ.
    expect(expectedAppliances(2.5, 2)).toBeCloseTo(2 - Math.exp(-1.5), 12);
    fc.assert(
      fc.property(fc.double({ min: 1, max: 253, noNaN: true }), fc.integer({ min: 1, max: 253 }), (mean, max) => {
        const e = expectedAppliances(Math.min(mean, max), max);
        expect(e).toBeGreaterThanOrEqual(1);
        expect(e).toBeLessThanOrEqual(Math.min(mean, max) + 1e-9);
      }),
    );
  });

  it('lands within a factor of 1.5 of what a real run takes (events, devices)', async () => {
    const s = makeScenario(chainStudy(600));
    const e = estimateRun(s);
    const r = await runScenario(s);
    const p = r.summary.population;
    const devices = p.appliances + p.ihds + p.emss;
    expect(e.devices / devices).toBeGreaterThan(0.9);
    expect(e.devices / devices).toBeLessThan(1.1);
    expect(e.events / r.summary.sim.events).toBeGreaterThan(1 / 1.5);
    expect(e.events / r.summary.sim.events).toBeLessThan(1.5);
  });

  it('grows with the population and with the duration', () => {
    const at = (customers: number, duration: string) => estimateRun(makeScenario({ ...chainStudy(customers), duration }));
    const small = at(1000, '6h');
    const wide = at(4000, '6h');
    const long = at(1000, '24h');
    expect(wide.devices / small.devices).toBeCloseTo(4, 6);
    expect(wide.events / small.events).toBeGreaterThan(3.5);
    expect(wide.memoryBytes).toBeGreaterThan(small.memoryBytes);
    expect(long.events).toBeGreaterThan(small.events);
    expect(long.points / small.points).toBeCloseTo(4, 6);
  });

  it('advises a population that fits, and one more customer per 1% would not fit', () => {
    const budget = machineBudget({ SCSIM_MEMORY_MB: '1000' });
    const s = makeScenario(chainStudy(2_000_000));
    const problem = fitProblem(s, estimateRun(s), budget);
    expect(problem).toMatch(/^population\.customers: .+lower population\.customers to at most \d+/);
    const most = Number(/at most (\d+)/.exec(problem!)![1]);
    const fits = makeScenario(chainStudy(most));
    expect(fitProblem(fits, estimateRun(fits), budget)).toBeUndefined();
    const over = makeScenario(chainStudy(Math.ceil(most * 1.01)));
    expect(fitProblem(over, estimateRun(over), budget)).toBeDefined();
  });

  it('counts the extra memory of workers', () => {
    const s = makeScenario(chainStudy(100_000));
    expect(estimateRun(s, 2).memoryBytes).toBeGreaterThan(estimateRun(s, 1).memoryBytes);
  });
});
