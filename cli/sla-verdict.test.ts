/**
 * `scsim run` on a study with no threshold at all still prints NFR-04's verdict and puts it in summary.json and
 * report.html; the exit code stays 0 (no threshold failed) and the closing line says the miss goes uncaught.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import type { Summary } from '../models/run-result.ts';
import { chainStudy } from '../test/support/scenario.ts';
import { runCommand } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'scsim-sla-verdict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(doc: Record<string, unknown>, name: string): Promise<{ code: number; out: string; summary: Summary; html: string }> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify({ ...doc, name }));
  const out = join(dir, name);
  let text = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((text += String(chunk)), true));
  let code: number;
  try {
    code = await runCommand([file, '--out', out, '--quiet']);
  } finally {
    write.mockRestore();
  }
  return { code, out: text, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')), html: readFileSync(join(out, 'report.html'), 'utf8') };
}

describe('scsim run: NFR-04 verdict without thresholds', () => {
  it('prints and reports a missed SLA, exit 0, and says no threshold catches it', async () => {
    // A 5-second SLA no multi-hop delivery can keep.
    const r = await run(chainStudy(12, { sla_s: 5 }), 'tight-sla');
    expect(r.code).toBe(0);
    expect(r.summary.thresholds).toEqual([]);
    expect(r.summary.sla.verdict).toBe('missed');
    expect(r.summary.sla.missed).toBeGreaterThan(0);
    expect(r.out).toContain(`NFR-04      MISSED: ${r.summary.sla.missed.toLocaleString('en-US')} of ${r.summary.sla.count.toLocaleString('en-US')} covered messages not delivered within 5 s`);
    expect(r.out).toContain('no thresholds, but NFR-04 is MISSED');
    expect(r.html).toContain('data-sla-verdict="missed"');
  });

  it('prints and reports a met SLA', async () => {
    const r = await run(chainStudy(12, { sla_s: 3600 }), 'loose-sla');
    expect(r.code).toBe(0);
    expect(r.summary.sla.verdict).toBe('met');
    expect(r.out).toContain(`NFR-04      met: all ${r.summary.sla.count.toLocaleString('en-US')} covered messages delivered within 3600 s`);
    expect(r.html).toContain('data-sla-verdict="met"');
  });
});
