import { describe, expect, test } from 'vitest';
import { countPoints, frame, lineChart, type LineChartSpec } from './line-chart.ts';

const spec: LineChartSpec = {
  id: 'load-total',
  title: 'Total load <kW>',
  width: 500,
  height: 300,
  margin: { top: 20, right: 20, bottom: 40, left: 80 },
  x: { label: 'time (h)', domain: [0, 4] },
  y: { label: 'load (kW)' },
  series: [{ name: 'with DR', color: '#D55E00', points: [[0, 3000], [1, 3400], [2, 2100], [3, NaN], [4, 5849]] }],
  refLines: [{ axis: 'y', value: 5005, label: 'baseline peak 5,005 kW' }],
};

describe('frame', () => {
  test('nice y domain from the data, reference lines and zero', () => {
    const f = frame(spec);
    expect(f.yAxis.domain).toEqual([0, 6000]);
    expect(f.yAxis.ticks.map((t) => t.label)).toEqual(['0', '1,000', '2,000', '3,000', '4,000', '5,000', '6,000']);
    expect(f.x(0)).toBe(80);
    expect(f.x(4)).toBe(480);
    expect(f.y(0)).toBe(260);
    expect(f.y(6000)).toBe(20);
  });
});

describe('lineChart', () => {
  const svg = lineChart(spec);
  test('one svg with an accessible, escaped title', () => {
    expect(svg.startsWith('<svg class="chart"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('viewBox="0 0 500 300"');
    expect(svg).toContain('<title id="load-total-title">Total load &lt;kW&gt;</title>');
    expect(svg).not.toContain('<kW>');
  });
  test('the series path has the expected pixel coordinates and a gap at NaN', () => {
    // y(3000) = 260 - 3000/6000*240 = 140; y(3400) = 124; y(2100) = 176; y(5849) = 26.04
    expect(svg).toContain('<path d="M80,140L180,124L280,176M480,26h0.1" stroke="#D55E00" stroke-width="2"><title>with DR</title></path>');
  });
  test('ticks, axis titles, clip path and the reference line', () => {
    expect(svg).toContain('>3,000</text>');
    expect(svg).toContain('>load (kW)</text>');
    expect(svg).toContain('>time (h)</text>');
    expect(svg).toContain('<clipPath id="load-total-clip">');
    expect(svg).toContain('clip-path="url(#load-total-clip)"');
    // y(5005) = 260 - 5005/6000*240 = 59.8
    expect(svg).toContain('y1="59.8" y2="59.8"');
    expect(svg).toContain('baseline peak 5,005 kW</text>');
  });
  test('areas fill to a value, step curves draw steps', () => {
    const s = lineChart({
      ...spec,
      refLines: [],
      y: { label: 'shed (kW)', domain: [-1000, 2000] },
      series: [
        { name: 'shed', color: '#009E73', stroke: false, fillTo: 0, points: [[0, 0], [2, 1500], [4, 0]] },
        { name: 'count', color: '#000', curve: 'step', points: [[0, 0], [2, 1000], [4, 1000]] },
      ],
    });
    // y(0) = 260 - 1000/3000*240 = 180; y(1500) = 60; y(1000) = 100
    expect(s).toContain('<path d="M80,180L80,180L280,60L480,180L480,180Z" fill="#009E73"');
    expect(s).toContain('<path d="M80,180H280V100H480" stroke="#000"');
  });
  test('a log x axis places decades evenly', () => {
    const s = lineChart({ id: 'l', title: 't', width: 420, height: 200, margin: { left: 10, right: 10, top: 10, bottom: 40 }, x: { kind: 'log', label: 's', domain: [0.1, 1000] }, y: { label: 'y', domain: [0, 1] }, series: [{ name: 'a', color: '#000', points: [[1, 0], [10, 1]] }] });
    // 400 px for four decades: x(1) = 110, x(10) = 210
    expect(s).toContain('d="M110,160L210,10"');
    for (const label of ['0.1', '1', '10', '100', '1,000']) expect(s).toContain(`>${label}</text>`);
  });
});

test('countPoints counts finite points only', () => {
  expect(countPoints(spec.series)).toBe(4);
  expect(countPoints([])).toBe(0);
});

describe('markers', () => {
  test('a dot at every finite point of a series that asks for one', () => {
    const dotted = lineChart({ ...spec, y: { label: 'load (kW)', domain: [0, 6000] }, refLines: [], series: [{ name: 'mean', color: '#0072B2', points: [[0, 3000], [1, 4500], [2, NaN]], marker: 3 }] });
    // x: 80 + 100·x; y(v) = 260 − v/6000·240.
    expect(dotted.match(/<circle class="marker"/g)).toHaveLength(2);
    expect(dotted).toContain('<circle class="marker" cx="180" cy="80" r="3"');
  });
});
