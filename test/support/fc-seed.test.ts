// The run's fast-check seed: fixed under CI, replayable with SCSIM_FC_SEED, fresh (and printed) otherwise.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveFcSeed } from './fc-seed.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('resolveFcSeed', () => {
  it('CI gets the fixed seed 20260105; SCSIM_FC_SEED replays any integer, under CI too', () => {
    expect(resolveFcSeed({ CI: 'true' })).toEqual({ seed: 20260105, why: 'CI' });
    expect(resolveFcSeed({ CI: '1' }).seed).toBe(20260105);
    expect(resolveFcSeed({ CI: 'true', SCSIM_FC_SEED: '-77' })).toEqual({ seed: -77, why: 'SCSIM_FC_SEED' });
    expect(resolveFcSeed({ SCSIM_FC_SEED: ' 123 ' })).toEqual({ seed: 123, why: 'SCSIM_FC_SEED' });
  });

  it('without CI, or with SCSIM_FC_SEED=fresh, a new 31-bit seed each time', () => {
    for (const env of [{}, { CI: 'false' }, { CI: '' }, { CI: 'true', SCSIM_FC_SEED: 'fresh' }]) {
      const seeds = new Set(Array.from({ length: 20 }, () => resolveFcSeed(env).seed));
      expect(seeds.size).toBeGreaterThan(1);
      for (const s of seeds) expect(Number.isInteger(s) && s > 0 && s < 2 ** 31).toBe(true);
      expect(resolveFcSeed(env).why).toBe('fresh');
    }
  });

  it.each(['1.5', 'abc', '1e3', '99999999999', '0x10'])('SCSIM_FC_SEED=%s is refused with the variable and the value', (v) => {
    expect(() => resolveFcSeed({ SCSIM_FC_SEED: v })).toThrow(`SCSIM_FC_SEED: expected an integer from -2^31 to 2^31-1 or "fresh", found "${v}"`);
  });
});

describe('the run', () => {
  it('configured fast-check with the seed it resolved', () => {
    expect(fc.readConfigureGlobal().seed).toBe(Number(process.env['SCSIM_FC_RUN_SEED']));
  });

  // A nested vitest on this file's "configured" test, as CI runs it: the seed line is printed first and the
  // properties use it.
  const nested = (env: Record<string, string>) => {
    const clean = { ...process.env, ...env };
    delete clean['SCSIM_FC_RUN_SEED'];
    delete clean['SCSIM_FC_RUN_SEED_WHY'];
    if (!('SCSIM_FC_SEED' in env)) delete clean['SCSIM_FC_SEED'];
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/support/fc-seed.test.ts', '-t', 'configured fast-check', '--reporter=default'],
      { cwd: ROOT, env: clean, encoding: 'utf8' },
    );
    return { status: r.status, seedLine: /fast-check seed (-?\d+) \(([^)]*)\)/.exec(r.stdout + r.stderr) };
  };

  it('under CI=true prints and uses 20260105; SCSIM_FC_SEED=fresh prints a new one', () => {
    const ci = nested({ CI: 'true' });
    expect(ci.status).toBe(0);
    expect(ci.seedLine?.slice(1)).toEqual(['20260105', 'fixed under CI']);
    const fresh = nested({ CI: 'true', SCSIM_FC_SEED: 'fresh' });
    expect(fresh.status).toBe(0);
    expect(fresh.seedLine?.[2]).toBe('fresh for this run');
    expect(fresh.seedLine?.[1]).not.toBe('20260105');
  });
});
