import { describe, expect, it } from 'vitest';
import type { Statistics } from './analysis.ts';
import { meanInterval, pairedDifference, welchDifference } from './statistics.ts';
import { widthsFigure } from './widths-figure.ts';

describe('widths figure', () => {
  it('draws, per metric, both points, the unpaired and the paired difference, longest bar for the widest', () => {
    const a = [10, 12, 14, 11, 13], b = [10.5, 12.4, 14.6, 11.5, 13.5];
    const stats: Statistics = {
      confidence: 0.95,
      metrics: ['m'],
      points: [
        { point: 0, values: {}, runs_ok: 5, metrics: { m: meanInterval(a) } },
        { point: 1, values: {}, runs_ok: 5, metrics: { m: meanInterval(b) } },
      ],
      differences: [{ factor: 'f', from: 0, to: 1, metric: 'm', paired: pairedDifference(a, b), unpaired: welchDifference(a, b) }],
    };
    const svg = widthsFigure(stats, [{ from: 0, to: 1, title: 'one vs zero' }], 'test');
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(4);
    const [p0, p1, unpaired, paired] = widths;
    expect(unpaired).toBe(Math.max(...widths));
    expect(paired).toBeLessThan(p0 / 5);
    expect(p1).toBeGreaterThan(0);
    expect(svg).toContain('one vs zero');
    expect(svg).toContain(`± ${Number(stats.differences[0].paired.half_width!.toPrecision(2))}`);
  });
});
