/**
 * node --import tsx campaigns/draw-widths.ts <campaign dir> <out.svg> <from>:<to>:<title>…
 * Draws widths-figure.ts from a campaign's statistics.json (the README's figure).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Statistics } from './analysis.ts';
import { widthsFigure } from './widths-figure.ts';

const [dir, out, ...specs] = process.argv.slice(2);
if (!dir || !out || specs.length === 0) {
  process.stderr.write('usage: draw-widths.ts <campaign dir> <out.svg> <from>:<to>:<title>…\n');
  process.exit(2);
}
const stats = JSON.parse(readFileSync(join(dir, 'statistics.json'), 'utf8')) as Statistics;
const comparisons = specs.map((s) => {
  const [from, to, ...title] = s.split(':');
  return { from: Number(from), to: Number(to), title: title.join(':') };
});
const campaign = JSON.parse(readFileSync(join(dir, 'campaign.json'), 'utf8')) as { name: string; reps: number };
writeFileSync(out, widthsFigure(stats, comparisons, `${campaign.name}: what common seeds buy (${campaign.reps} replications per point)`));
