import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkNumberPath } from '../models/summary-paths.ts';
import { parseCapacityVary } from './capacity-vary.ts';
import { planCampaign } from './plan.ts';

/** The library's capacity study documents a `scsim capacity` command: it must stay one that starts (no runs here). */
const STUDY = fileURLToPath(new URL('../scenarios/sla-capacity.yaml', import.meta.url));

function documentedCommand(): string[] {
  const lines = readFileSync(STUDY, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^#\s+scsim capacity /.test(l));
  expect(start, 'a "#   scsim capacity …" line in sla-capacity.yaml').toBeGreaterThanOrEqual(0);
  // The command may continue over comment lines ending in a backslash.
  let text = '';
  for (let i = start; ; i++) {
    const l = lines[i].replace(/^#\s+/, '');
    text += ' ' + l.replace(/\\$/, '');
    if (!l.endsWith('\\')) break;
  }
  return text.trim().split(/\s+/);
}

describe('sla-capacity.yaml as a capacity study', () => {
  it('documents a capacity command whose field, range and metric are valid', async () => {
    const argv = documentedCommand();
    expect(argv.slice(0, 3)).toEqual(['scsim', 'capacity', 'scenarios/sla-capacity.yaml']);
    const opt = (name: string) => argv[argv.indexOf(`--${name}`) + 1];
    const metric = opt('metric');
    expect(metric.startsWith('sla.')).toBe(true);
    expect(checkNumberPath(metric)).toEqual({ ok: true });
    expect(Number.isFinite(Number(opt('limit')))).toBe(true);
    const vary = parseCapacityVary(opt('vary'), argv.includes('--step') ? opt('step') : undefined);
    if (!vary.ok) throw new Error(vary.message);
    const { path, lo, hi, step } = vary.range;
    const planned = await planCampaign(STUDY, [], [lo, lo + step, hi].map((v, index) => ({ index, values: { [path]: v } })), 1);
    expect(planned.ok ? [] : planned.errors).toEqual([]);
  });
});
