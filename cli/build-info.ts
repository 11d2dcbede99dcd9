/**
 * The simulator's version (package.json) and git commit, for a run's provenance. The commit is read from
 * `.git` without spawning git (a worktree's `.git` file, loose refs, packed-refs, a detached HEAD); anything
 * it cannot read gives 'unknown', never an error: a copy without `.git` still runs.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const UNKNOWN = 'unknown';

/** The repository root: the folder above cli/. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BuildInfo {
  version: string;
  commit: string;
}

let cached: BuildInfo | undefined;

/** Version and commit of the code this process runs (read once). */
export function buildInfo(): BuildInfo {
  cached ??= { version: projectVersion(ROOT), commit: gitCommit(ROOT) };
  return cached;
}

export function projectVersion(root: string): string {
  try {
    const v = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' && v !== '' ? v : UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

const HASH = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The commit HEAD names in `root`'s git repository, or 'unknown'. Uncommitted changes are not detected. */
export function gitCommit(root: string): string {
  try {
    const gitDir = findGitDir(root);
    if (gitDir === undefined) return UNKNOWN;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (HASH.test(head)) return head;
    const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
    if (ref === undefined || ref.split('/').includes('..')) return UNKNOWN;
    const common = commonDir(gitDir);
    for (const dir of [gitDir, common]) {
      const loose = readText(join(dir, ref))?.trim();
      if (loose !== undefined && HASH.test(loose)) return loose;
    }
    for (const line of (readText(join(common, 'packed-refs')) ?? '').split('\n')) {
      const [hash, name] = line.trim().split(' ');
      if (name === ref && HASH.test(hash)) return hash;
    }
    return UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

/** `.git` is a folder, or (in a worktree or submodule) a file saying `gitdir: <path>`. */
function findGitDir(root: string): string | undefined {
  const dotGit = join(root, '.git');
  const st = statSync(dotGit, { throwIfNoEntry: false });
  if (st === undefined) return undefined;
  if (st.isDirectory()) return dotGit;
  const target = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1].trim();
  if (!target) return undefined;
  return isAbsolute(target) ? target : resolve(root, target);
}

/** A worktree's refs live in the main repository, named by its `commondir` file. */
function commonDir(gitDir: string): string {
  const c = readText(join(gitDir, 'commondir'))?.trim();
  if (!c) return gitDir;
  return isAbsolute(c) ? c : resolve(gitDir, c);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

