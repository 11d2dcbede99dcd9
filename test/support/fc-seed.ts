/**
 * Which seed fast-check uses for a test run (vitest.config.ts resolves it once per run, before any worker starts):
 *
 * - `SCSIM_FC_SEED=<integer>`: that seed — replays a run whose seed was printed.
 * - `SCSIM_FC_SEED=fresh` (`npm run test:fresh-seeds`), or no CI and no SCSIM_FC_SEED: a new seed, drawn once for
 *   the whole run and printed, so a failure found that way replays with SCSIM_FC_SEED.
 * - `CI` set (CI=true in .ci/run): the fixed CI_SEED, so CI is deterministic and a red run stays red.
 *
 * Every property without an explicit `seed` of its own then runs from this seed (fc.configureGlobal in
 * fc-setup.ts). fast-check still prints `{ seed, path }` on failure.
 */
import { randomInt } from 'node:crypto';

export const CI_SEED = 20260105;

export interface FcSeed {
  seed: number;
  /** How it was chosen, for the line printed at the start of the run. */
  why: 'SCSIM_FC_SEED' | 'fresh' | 'CI';
}

/** Throws an Error naming SCSIM_FC_SEED and its value when it is neither an integer nor "fresh". */
export function resolveFcSeed(env: Readonly<Record<string, string | undefined>>): FcSeed {
  const given = env['SCSIM_FC_SEED']?.trim();
  if (given !== undefined && given !== '' && given !== 'fresh') {
    const seed = Number(given);
    if (!/^-?\d+$/.test(given) || !Number.isSafeInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 31)
      throw new Error(`SCSIM_FC_SEED: expected an integer from -2^31 to 2^31-1 or "fresh", found ${JSON.stringify(given)}`);
    return { seed, why: 'SCSIM_FC_SEED' };
  }
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false' && env['CI'] !== '0';
  if (given !== 'fresh' && ci) return { seed: CI_SEED, why: 'CI' };
  return { seed: randomInt(1, 2 ** 31 - 1), why: 'fresh' };
}

/** The line printed once at the start of a run. */
export function describeFcSeed({ seed, why }: FcSeed): string {
  const how =
    why === 'CI'
      ? 'fixed under CI'
      : why === 'fresh'
        ? 'fresh for this run'
        : 'from SCSIM_FC_SEED';
  return `fast-check seed ${seed} (${how}); replay with SCSIM_FC_SEED=${seed}, draw fresh seeds with npm run test:fresh-seeds`;
}
