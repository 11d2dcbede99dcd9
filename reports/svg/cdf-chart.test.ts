import { expect, test } from 'vitest';
import { cdfChart, cdfDomain, cdfSteps } from './cdf-chart.ts';

const high = { name: 'high', color: '#D55E00', points: [{ s: 0.8, frac: 0.25 }, { s: 1.7, frac: 0.5 }, { s: 4.6, frac: 0.95 }, { s: 16.9, frac: 1 }] };
const low = { name: 'low', color: '#0072B2', points: [{ s: 13.5, frac: 0.5 }, { s: 164, frac: 0.99 }, { s: 699, frac: 1 }] };

test('cdfDomain covers the latencies and the SLA in whole decades', () => {
  expect(cdfDomain([high], 120)).toEqual([0.1, 1000]);
  expect(cdfDomain([high, low], 120)).toEqual([0.1, 1000]);
  expect(cdfDomain([{ ...high, points: [{ s: 2, frac: 1 }] }], 120)).toEqual([1, 1000]);
  expect(cdfDomain([], 120)).toEqual([1, 1000]);
});

test('cdfSteps starts at 0 and carries the last share to the right edge', () => {
  expect(cdfSteps(high.points, 0.1, 1000)).toEqual([
    [0.1, 0],
    [0.8, 0.25],
    [1.7, 0.5],
    [4.6, 0.95],
    [16.9, 1],
    [1000, 1],
  ]);
  expect(cdfSteps([{ s: 0, frac: 0.1 }], 0.1, 10)).toEqual([[0.1, 0], [0.1, 0.1], [10, 0.1]]);
  expect(cdfSteps([], 0.1, 10)).toEqual([]);
});

test('the chart draws one step path per priority and the SLA line at 120 s', () => {
  const svg = cdfChart({ id: 'latency-cdf', title: 'CDF', series: [high, low], slaS: 120, width: 480, height: 240 });
  const paths = [...svg.matchAll(/<path d="(M[^"]+)" stroke="([^"]+)"/g)];
  expect(paths.map((p) => p[2])).toEqual(['#D55E00', '#0072B2']);
  for (const p of paths) expect(p[1]).toMatch(/^M[\d.,HV]+$/);
  expect(svg).toContain('SLA 120 s</text>');
  // Plot spans x 64…462 over four decades: x(120) = 64 + (log10(120) + 1) / 4 * 398
  const x120 = Math.round((64 + ((Math.log10(120) + 1) / 4) * 398) * 10) / 10;
  expect(svg).toContain(`x1="${x120}" x2="${x120}"`);
  expect(svg).toContain('>delivery latency (s, log scale)</text>');
  expect(svg).toContain('>90</text>');
});
