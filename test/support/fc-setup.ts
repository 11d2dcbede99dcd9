// vitest setupFile: every fast-check property of this worker runs from the seed the run resolved (fc-seed.ts).
import fc from 'fast-check';

const seed = Number(process.env['SCSIM_FC_RUN_SEED']);
if (Number.isSafeInteger(seed)) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
