import { expect, test } from 'vitest';
import { smallMultiples } from './small-multiples.ts';

test('panels share one y axis and carry their key and point count', () => {
  const html = smallMultiples({
    id: 'load-by-region',
    title: 'Load by region',
    x: { label: 'time', domain: [0, 2] },
    y: { label: 'kW' },
    panels: [
      { key: 'coastal', title: 'coastal', series: [{ name: 'dr', color: '#000', points: [[0, 100], [1, 200], [2, 150]] }] },
      { key: 'inland_empire', title: 'inland empire', series: [{ name: 'dr', color: '#000', points: [[0, 1000], [1, 3800], [2, 2500]] }] },
      { key: 'desert', title: 'desert', series: [] },
    ],
  });
  expect(html.startsWith('<div class="small-multiples">')).toBe(true);
  expect(html).toContain('data-panel="coastal" data-points="3"');
  expect(html).toContain('data-panel="inland_empire" data-points="3"');
  expect(html).toContain('data-panel="desert" data-points="0"');
  expect(html).toContain('<p class="no-data">no data</p>');
  const svgs = html.split('<svg').slice(1);
  expect(svgs).toHaveLength(2);
  // The small panel's y axis reaches 4,000 in both panels, though coastal peaks at 200.
  for (const s of svgs) expect(s).toContain('>4,000</text>');
  expect(new Set([...html.matchAll(/clipPath id="([^"]+)"/g)].map((m) => m[1])).size).toBe(2);
});
