import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DDSketch } from '../sim/metrics/ddsketch.ts';
import { mergeSketches, pointLatency } from './merged-sketches.ts';

/** Merging a point's replications is exact: the same sketch as one fed every replication's latencies. */
const latency = fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e4, noNaN: true }), fc.constantFrom(119.999, 120, 120.001));
const sketchOf = (values: readonly number[]) => {
  const s = new DDSketch({ alpha: 0.01, thresholds: [120] });
  for (const v of values) s.add(v);
  return s;
};

describe('merged latency sketches', () => {
  it('the bin-wise merge of replications equals one sketch fed all their values', () => {
    fc.assert(
      fc.property(fc.array(fc.array(latency, { maxLength: 60 }), { minLength: 1, maxLength: 6 }), (reps) => {
        const merged = mergeSketches(reps.map(sketchOf))!;
        const all = sketchOf(reps.flat());
        expect(merged.toJSON()).toEqual(all.toJSON());
        expect(merged.quantile(0.99)).toBe(all.quantile(0.99));
      }),
    );
  });

  it('per point p50, p99 and share within the SLA are those of the pooled latencies', () => {
    // 3 replications: 1..100, 101..200, 201..300 s; pooled: 300 values, 120 of them ≤ 120 s.
    const reps = [0, 1, 2].map((r) => Array.from({ length: 100 }, (_, i) => r * 100 + i + 1));
    const runs = reps.map((vs) => ({ high: sketchOf(vs), medium: sketchOf([]), low: sketchOf([1]) }));
    const p = pointLatency(runs);
    expect(p.runs).toBe(3);
    const high = p.by_priority.high!;
    expect(high.count).toBe(300);
    expect(high.within_sla).toBe(120 / 300);
    expect(high.max_s).toBe(300);
    // The lower quantile of 1..300: sorted[floor(q·299)] = 150 and 297, within DDSketch's 1 % relative error.
    expect(Math.abs(high.p50_s! - 150) / 150).toBeLessThanOrEqual(0.01);
    expect(Math.abs(high.p99_s! - 297) / 297).toBeLessThanOrEqual(0.01);
    expect(p.by_priority.medium).toEqual({ count: 0, p50_s: null, p99_s: null, max_s: null, within_sla: null });
  });

  it('refuses sketches built with different settings', () => {
    expect(() => mergeSketches([new DDSketch({ thresholds: [120] }).add(1), new DDSketch({ thresholds: [60] }).add(1)])).toThrow(/thresholds mismatch/);
  });
});
