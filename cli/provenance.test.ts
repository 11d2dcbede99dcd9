import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario } from '../scenarios/load.ts';
import { ROOT, scsim } from '../test/support/cli.ts';

/**
 * Every run records what it ran: resolved.yaml (the study after defaults and --set), and summary.json
 * `provenance` and the top of report.html name the file, the --set list, the seed, the version and commit.
 * resolved.yaml is a study of its own: it validates and re-runs, with no --set, to the same digest.
 */
const TMP = mkdtempSync(join(tmpdir(), 'scsim-provenance-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const STUDY = 'campaigns/fixtures/tiny.yaml';
const SETS = ['population.customers=40', 'network.priority_queuing=false', 'timeline[0].at=25m'];
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const gitHead = (): string | undefined => {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
};

describe('a run records what it ran', () => {
  it('resolved.yaml, summary.json provenance and report.html; resolved.yaml re-runs to the same digest', async () => {
    const a = join(TMP, 'a');
    const first = await scsim(['run', STUDY, ...SETS.flatMap((x) => ['--set', x]), '--seed', '11', '--out', a, '--quiet']);
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect([0, 3]).toContain(first.status);

    // resolved.yaml is the study the loader makes of the file and the --set list, and nothing else is needed to get it.
    const expected = await loadScenarioFile(join(ROOT, STUDY), [...SETS, 'seed=11']);
    if (!expected.ok) throw new Error('fixture did not load');
    const resolvedText = readFileSync(join(a, 'resolved.yaml'), 'utf8');
    const resolved = parseScenario(resolvedText, 'resolved.yaml');
    if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join('\n'));
    expect(resolved.scenario).toEqual(expected.scenario);
    expect(resolved.scenario.population.customers).toBe(40);
    expect(resolved.scenario.network.priority_queuing).toBe(false);
    expect(resolved.scenario.seed).toBe(11);

    const sa = json(join(a, 'summary.json'));
    const version = json(join(ROOT, 'package.json')).version;
    expect(sa.provenance).toMatchObject({ study: 'tiny', source: STUDY, sets: [...SETS, 'seed=11'], seed: 11, version });
    const head = gitHead();
    if (head !== undefined) expect(sa.provenance.commit).toBe(head);
    expect(sa.provenance.study_hash).toMatch(/^[0-9a-f]{64}$/);

    const validate = await scsim(['validate', join(a, 'resolved.yaml')]);
    expect(validate.status, validate.stderr).toBe(0);

    const b = join(TMP, 'b');
    const again = await scsim(['run', join(a, 'resolved.yaml'), '--out', b, '--quiet']);
    expect(again.status).toBe(first.status);
    const sb = json(join(b, 'summary.json'));
    expect(sb.digest).toBe(sa.digest);
    expect(sb.provenance).toMatchObject({ source: join(a, 'resolved.yaml'), sets: [], seed: 11, study_hash: sa.provenance.study_hash });
    // and its own resolved.yaml is the same study again
    expect(readFileSync(join(b, 'resolved.yaml'), 'utf8').replace(/^#.*\n/gm, '')).toBe(resolvedText.replace(/^#.*\n/gm, ''));

    // The overrides mattered: the file alone is another study, with another hash and digest.
    const c = join(TMP, 'c');
    await scsim(['run', STUDY, '--seed', '11', '--out', c, '--quiet']);
    const sc = json(join(c, 'summary.json'));
    expect(sc.provenance.study_hash).not.toBe(sa.provenance.study_hash);
    expect(sc.digest).not.toBe(sa.digest);

    const html = readFileSync(join(a, 'report.html'), 'utf8');
    const top = html.slice(0, html.indexOf('<main>'));
    const block = /<dl class="meta" data-section="provenance"[^>]*>([\s\S]*?)<\/dl>/.exec(top)?.[1] ?? '';
    expect(block).toContain(STUDY);
    for (const x of SETS) expect(block).toContain(`--set ${x}`);
    expect(block).toContain('--set seed=11');
    expect(block).toContain(`smartconnect-sim <span class="mono">${version}</span>`);
    expect(block).toContain(sa.provenance.commit);
    expect(block).toContain('href="resolved.yaml"');
  }, 300_000);
});
