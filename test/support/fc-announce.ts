// vitest globalSetup: prints the run's fast-check seed once, before the tests (the seed is resolved in vitest.config.ts).
import { describeFcSeed, type FcSeed } from './fc-seed.ts';

export default function announce(): void {
  const seed = Number(process.env['SCSIM_FC_RUN_SEED']);
  const why = process.env['SCSIM_FC_RUN_SEED_WHY'] as FcSeed['why'] | undefined;
  if (Number.isSafeInteger(seed) && why) console.log(describeFcSeed({ seed, why }));
}
