/**
 * npm run build — compiles the simulator and the benchmarks to JavaScript in dist/ (tsconfig.build.json), and
 * copies what they read at run time beside them (the .proto files, the studies). bench:scale runs its runs
 * from there: compiled JavaScript starts faster and uses less memory per worker thread than going through tsx
 * (see README, "Benchmark"). Tests and the CLI run the TypeScript sources and never read dist/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

/** Compiles to dist/; true when it worked (tsc's own messages go to stderr). */
export function buildDist(): boolean {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) return false;
  for (const [from, pick] of [['models/proto', (f: string) => f.endsWith('.proto')], ['scenarios', (f: string) => f.endsWith('.yaml')]] as const) {
    mkdirSync(join(DIST, from), { recursive: true });
    for (const f of readdirSync(join(ROOT, from))) if (pick(f)) cpSync(join(ROOT, from, f), join(DIST, from, f));
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(buildDist() ? 0 : 1);
