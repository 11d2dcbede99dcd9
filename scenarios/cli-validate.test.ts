import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateCommand } from '../cli/validate.ts';

const here = dirname(fileURLToPath(import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const code = await validateCommand(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('scsim validate', () => {
  it('prints ok with name, customers and duration, exit 0', async () => {
    const r = await run([join(here, 'quickstart.yaml')]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    // Then the estimate of the run (cli/limits.test.ts checks it).
    expect(r.out).toMatch(/^ok: quickstart \(2000 customers, 6h\)\nestimate: .+\n$/);
  });

  it('applies --set (both spellings)', async () => {
    const r = await run([join(here, 'quickstart.yaml'), '--set', 'population.customers=5000', '--set=duration=6h30m']);
    expect(r.out.split('\n')[0]).toBe('ok: quickstart (5000 customers, 6h30m)');
  });

  it('prints every error, one per line, to stderr, exit 2, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scsim-validate-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nduration: fast\npopulation:\n  customers: -1\n');
    const r = await run([file, '--set', 'seed=x']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toEqual([
      `${file}:2: duration: expected a number of seconds or a duration like "15m", above zero, found "fast"`,
      `${file}:4: population.customers: expected a whole number from 1 to 10000000 (SCE serves about 5 million meters), found -1`,
      `${file}: seed: expected a whole number from 0 to 9007199254740991 (random streams are keyed by a safe integer), found "x" (from --set seed=x)`,
    ]);
    expect(r.err).not.toMatch(/\bat .+:\d+:\d+\)/);
  });

  it('a missing file is exit 2 with one line', async () => {
    const r = await run(['/nonexistent/x.yaml']);
    expect(r).toEqual({ code: 2, out: '', err: '/nonexistent/x.yaml: expected a readable scenario file, found no such file\n' });
  });

  it.each([[['--frobnicate', 'x.yaml']], [[]], [['a.yaml', 'b.yaml']], [['a.yaml', '--set']]])('usage problems %j: usage on stderr, exit 2', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: scsim validate <scenario.yaml>');
  });

  it('--help prints usage, exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: scsim validate');
  });
});
