/**
 * A run folder replays anywhere: resolved.yaml carries every input file inline (the price series' CSV, the CAP
 * messages' XML), each with its SHA-256, so after the study's own folder is gone and the run folder has moved,
 * `scsim run <moved>/resolved.yaml` computes the same digest, and an edited input is refused. Before,
 * resolved.yaml named the price series by its absolute path on the machine that ran it.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, scsim } from '../test/support/cli.ts';

const TMP = mkdtempSync(join(tmpdir(), 'scsim-replay-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const digestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).digest as string;

/** Copies a library study and the files it names into a folder of its own, runs it, removes that folder, moves the run. */
async function runThenMove(name: string, files: string[], sets: string[]): Promise<{ digest: string; moved: string }> {
  const src = join(TMP, `${name}-src`);
  mkdirSync(src, { recursive: true });
  for (const f of [`${name}.yaml`, ...files]) cpSync(join(ROOT, 'scenarios', f), join(src, f), { recursive: true });
  const run = join(TMP, `${name}-run`);
  const first = await scsim(['run', join(src, `${name}.yaml`), ...sets.flatMap((x) => ['--set', x]), '--out', run, '--quiet']);
  expect(first.stderr).not.toMatch(/\n\s+at /);
  expect([0, 3], first.stderr).toContain(first.status);
  rmSync(src, { recursive: true });
  const moved = join(TMP, 'elsewhere', name);
  mkdirSync(join(TMP, 'elsewhere'), { recursive: true });
  renameSync(run, moved);
  // The study itself (the header comment names the file as given, for provenance) refers to no machine path.
  const text = readFileSync(join(moved, 'resolved.yaml'), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
  expect(text).not.toContain(TMP);
  expect(text).not.toContain(ROOT);
  return { digest: digestOf(moved), moved };
}

describe('a run folder replays after a move, with the study folder gone', () => {
  it('pricing series (inline, SHA-256 checked): same digest; an edited series is exit 2 naming the field', async () => {
    const { digest, moved } = await runThenMove('summer-auto-events', ['data'], ['duration=1d', 'population.customers=40', 'rate_advice.at=20h']);
    const again = await scsim(['run', join(moved, 'resolved.yaml'), '--out', join(TMP, 'summer-replay'), '--quiet'], { cwd: tmpdir() });
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect([0, 3], again.stderr).toContain(again.status);
    expect(digestOf(join(TMP, 'summer-replay'))).toBe(digest);

    const resolved = join(moved, 'resolved.yaml');
    const text = readFileSync(resolved, 'utf8');
    expect(text).toContain('2026-06-01T00:00,37.00');
    writeFileSync(resolved, text.replace('2026-06-01T00:00,37.00', '2026-06-01T00:00,38.00'));
    const edited = await scsim(['validate', resolved]);
    expect(edited.status).toBe(2);
    expect(edited.stderr).toMatch(/pricing\.series\.sha256/);
    expect(edited.stderr).not.toMatch(/\n\s+at /);
  }, 240_000);

  it('CAP alerts (inline, SHA-256 checked): same digest; an edited message is exit 2 naming the field', async () => {
    const { digest, moved } = await runThenMove('cap-alerts', ['alerts'], ['population.customers=40']);
    const again = await scsim(['run', join(moved, 'resolved.yaml'), '--out', join(TMP, 'cap-replay'), '--quiet'], { cwd: tmpdir() });
    expect([0, 3], again.stderr).toContain(again.status);
    expect(digestOf(join(TMP, 'cap-replay'))).toBe(digest);

    const resolved = join(moved, 'resolved.yaml');
    writeFileSync(resolved, readFileSync(resolved, 'utf8').replace(/<severity>\w+<\/severity>/, '<severity>Minor</severity>'));
    const edited = await scsim(['validate', resolved]);
    expect(edited.status).toBe(2);
    expect(edited.stderr).toMatch(/public_alerts\.cap\[\d+\]\.sha256/);
  }, 240_000);
});
