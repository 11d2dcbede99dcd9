/**
 * Honest verdicts for the library: every study either meets NFR-04 or says in its description that it shows
 * a breach, and its thresholds catch the breach (exit 3). Small studies run here through `scsim run`;
 * the big ones (cpp-day, cpp-heat-wave) only with SCSIM_LIBRARY_FULL=1.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../cli/run.ts';
import type { Summary } from '../models/run-result.ts';
import { declaresBreach } from './intent.ts';
import { loadScenarioFile } from './load.ts';
import type { Scenario } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const STUDIES = readdirSync(here).filter((f) => f.endsWith('.yaml')).sort();
/** Customer-hours a study may have to run by default (quickstart is 12,000; cpp-day 96,000). */
const SMALL = 20_000;
const FULL = process.env.SCSIM_LIBRARY_FULL === '1';

async function load(file: string): Promise<Scenario> {
  const r = await loadScenarioFile(join(here, file));
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

const out = mkdtempSync(join(tmpdir(), 'scsim-library-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(STUDIES)('%s', (file) => {
  it('has a threshold on NFR-04 for every priority', async () => {
    const s = await load(file);
    const paths = s.thresholds.map((t) => t.path);
    for (const p of ['high', 'medium', 'low']) expect(paths, p).toContain(`sla.by_priority.${p}.missed`);
  });

  it('is listed in scenarios/README.md as showing a breach exactly when its description says so', async () => {
    const s = await load(file);
    const readme = readFileSync(join(here, 'README.md'), 'utf8');
    const section = /### Studies that show a breach\n([\s\S]*?)\n##/.exec(readme)?.[1] ?? '';
    expect(section.split('\n').some((row) => row.startsWith(`| \`${file}\` |`)), file).toBe(declaresBreach(s));
  });

  it('ends with the verdict and exit code its description declares', async (ctx) => {
    const s = await load(file);
    const customerHours = (s.population.customers * s.duration) / 3_600_000;
    if (!FULL && customerHours > SMALL) ctx.skip();
    const dir = join(out, s.name);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await runCommand([join(here, file), '--out', dir, '--quiet']);
    } finally {
      write.mockRestore();
    }
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    const failed = summary.thresholds.filter((t) => !t.ok).map((t) => t.name);
    if (declaresBreach(s)) {
      expect(summary.sla.verdict).toBe('missed');
      expect(code).toBe(3);
      expect(failed.some((n) => n.startsWith('sla.'))).toBe(true);
    } else {
      expect({ verdict: summary.sla.verdict, missed: summary.sla.missed, failed }).toEqual({ verdict: 'met', missed: 0, failed: [] });
      expect(code).toBe(0);
    }
  }, 600_000);
});
