import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conformanceCommand } from '../cli/conformance.ts';

/** Runs the command, capturing stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await conformanceCommand(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('scsim conformance', () => {
  afterEach(() => vi.restoreAllMocks());
  const dir = mkdtempSync(join(tmpdir(), 'scsim-conformance-'));

  it('exits 2 with one clear line for bad options', async () => {
    for (const args of [['--runs', 'x'], ['--only'], ['--only', 'XX-9'], ['--only', 'FR-06#4'], ['--path', '1:2'], ['--path', '1:2', '--only', 'S1-09'], ['--mutant', 'nope'], ['--bogus'], ['--set', 'network.priority_queuing=maybe']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0], args.join(' ')).toMatch(/^scsim conformance: /);
      expect(r.out).toBe('');
    }
  });

  it('prints verdict lines, step coverage and a summary; exit 0 when all pass', async () => {
    const r = await run(['--only', 'FR-06', 'BR-04,NFR-02', '--runs', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^N\/A   BR-04       0  The utility has the customer's permission/m);
    expect(r.out).toMatch(/^PASS  FR-06       2  Only pre-approved appliance types are registered\.$/m);
    expect(r.out).toMatch(/^PASS  NFR-02      2  /m);
    expect(r.out).toMatch(/steps exercised \(\d+\/25/);
    expect(r.out).toMatch(/2 pass, 0 fail, 1 not applicable — seed 20090105/);
  });

  it('--json reports every requirement ID and writes JUnit XML beside it; a failure exits 3 with its replay', async () => {
    const junit = join(dir, 'junit.xml');
    const r = await run(['--json', '--only', 'FR-06', '--mutant', 'skip-approved-type-check', '--junit', junit]);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out);
    expect(report.requirements).toHaveLength(81);
    const fr06 = report.requirements.find((x: { id: string }) => x.id === 'FR-06');
    expect(fr06.status).toBe('FAIL');
    expect(fr06.properties[0].replay).toMatch(/^scsim conformance --only FR-06 --seed 20090105 --path [\d:]+ --mutant skip-approved-type-check$/);
    expect(fr06.properties[0].study).toMatch(/approved_types:/);
    expect(report.requirements.find((x: { id: string }) => x.id === 'BR-01').status).toBe('SKIPPED');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="scsim conformance" tests="1" failures="1"/);
    expect(xml).toMatch(/<failure message="device \d+: /);
    // The replay command prints the same failure.
    const p = fr06.properties[0];
    const again = await run(['--only', 'FR-06', '--seed', String(p.seed), '--path', p.path, '--mutant', 'skip-approved-type-check']);
    expect(again.code).toBe(3);
    expect(again.out).toContain(p.violations[0]);
  });

  it('--sequence writes a Mermaid chart of one device', async () => {
    const file = join(dir, 'seq.md');
    const r = await run(['--only', 'BR-04', '--sequence', file]);
    expect(r.code).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/```mermaid\nsequenceDiagram\n/);
    expect(md).toMatch(/bindRequest \(S1-07\)/);
  });
});
