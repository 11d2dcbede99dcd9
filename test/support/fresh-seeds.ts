/**
 * `npm run test:fresh-seeds`: the property tests (every *.test.ts that imports fast-check) with a fresh fast-check
 * seed, printed at the start (replay a failure with SCSIM_FC_SEED=<seed>). `npm test` and CI use a fixed seed under
 * CI=true; this is where new counterexamples are looked for. Extra arguments go to vitest.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SKIP = new Set(['node_modules', '.git', 'runs', '.ci']);

function propertyTestFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) propertyTestFiles(path, out);
    else if (e.name.endsWith('.test.ts') && /from ['"]fast-check['"]/.test(readFileSync(path, 'utf8'))) out.push(relative(ROOT, path));
  }
  return out;
}

const files = propertyTestFiles(ROOT).sort();
const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const env: NodeJS.ProcessEnv = { ...process.env, SCSIM_FC_SEED: 'fresh' };
delete env['SCSIM_FC_RUN_SEED'];
const r = spawnSync(process.execPath, [vitest, 'run', ...files, ...process.argv.slice(2)], { cwd: ROOT, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
