import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { factorial } from './design.ts';
import { evenly, parseVary, splitTopLevel } from './vary.ts';

describe('--vary', () => {
  it('reads a list of values as --set reads them', () => {
    const r = parseVary('network.priority_queuing=true,false');
    expect(r).toEqual({ ok: true, factor: { path: 'network.priority_queuing', levels: [true, false] } });
    const t = parseVary('timeline[2].at=3h,3h30m');
    expect(t).toEqual({ ok: true, factor: { path: 'timeline[2].at', levels: ['3h', '3h30m'] } });
  });

  it('keeps a flow mapping with commas as one value', () => {
    const r = parseVary('timeline[0].target={region: north, program: cpp},all');
    expect(r.ok && r.factor.levels).toEqual([{ region: 'north', program: 'cpp' }, 'all']);
    expect(splitTopLevel('"a,b",[1,2],c')).toEqual(['"a,b"', '[1,2]', 'c']);
  });

  it('reads lo..hi:steps as evenly spaced values, ends included', () => {
    expect(parseVary('population.customers=500..2000:4')).toEqual({ ok: true, factor: { path: 'population.customers', levels: [500, 1000, 1500, 2000] } });
    expect(parseVary('network.rf_mesh.loss=0..0.3:4')).toEqual({ ok: true, factor: { path: 'network.rf_mesh.loss', levels: [0, 0.1, 0.2, 0.3] } });
  });

  it('evenly: steps values from lo to hi, increasing, ends exact', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 50 }), (lo, span, steps) => {
        const hi = lo + span;
        const v = evenly(lo, hi, steps);
        expect(v).toHaveLength(steps);
        expect(v[0]).toBeCloseTo(lo, 6);
        expect(v[steps - 1]).toBe(hi);
        for (let i = 1; i < steps; i++) expect(v[i]).toBeGreaterThanOrEqual(v[i - 1]);
      }),
    );
  });

  it.each([
    ['no equals sign', 'population.customers', /--vary: expected path=v1,v2/],
    ['a bad path', 'population..customers=1,2', /--vary: expected path=v1,v2/],
    ['the seed', 'seed=1,2', /a field other than seed/],
    ['one step', 'population.customers=1..5:1', /steps from 2 to 1000/],
    ['hi below lo', 'population.customers=5..1:3', /hi above lo/],
    ['an empty value', 'population.customers=1,,2', /a value between every comma/],
    ['a value twice', 'population.customers=1,2,1', /distinct values/],
  ])('refuses %s, naming --vary and what it found', (_what, raw, expected) => {
    const r = parseVary(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(expected);
      expect(r.message).toContain('--vary');
    }
  });
});

describe('full factorial', () => {
  it('has every combination of levels exactly once, the first factor varying slowest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }), (sizes) => {
        const factors = sizes.map((n, i) => ({ path: `f${i}`, levels: Array.from({ length: n }, (_, j) => j) }));
        const points = factorial(factors);
        expect(points).toHaveLength(sizes.reduce((a, b) => a * b, 1));
        const keys = points.map((p) => JSON.stringify(p.values));
        expect(new Set(keys).size).toBe(points.length);
        points.forEach((p, i) => expect(p.index).toBe(i));
        if (sizes.length > 0 && points.length > 1) expect(points[0].values.f0).toBe(0);
        if (sizes.length > 0) expect(points[points.length - 1].values.f0).toBe(sizes[0] - 1);
      }),
    );
  });
});
