import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInfo, gitCommit, projectVersion } from './build-info.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'scsim-build-info-'));
  dirs.push(d);
  return d;
};
const put = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('build info for provenance', () => {
  it('this checkout: the commit git itself names, and package.json version', () => {
    let expected: string;
    try {
      expected = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return; // no git binary or no repository: the cases below still cover the reader
    }
    expect(buildInfo().commit).toBe(expected);
    expect(buildInfo().version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('a loose ref, a packed ref, a detached HEAD', () => {
    const loose = tmp();
    put(join(loose, '.git/HEAD'), 'ref: refs/heads/main\n');
    put(join(loose, '.git/refs/heads/main'), `${A}\n`);
    expect(gitCommit(loose)).toBe(A);

    const packed = tmp();
    put(join(packed, '.git/HEAD'), 'ref: refs/heads/dev\n');
    put(join(packed, '.git/packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${A} refs/heads/main\n${B} refs/heads/dev\n^${A}\n`);
    expect(gitCommit(packed)).toBe(B);

    const detached = tmp();
    put(join(detached, '.git/HEAD'), `${B}\n`);
    expect(gitCommit(detached)).toBe(B);
  });

  it('a worktree: .git is a file naming its git dir, whose commondir holds the refs', () => {
    const main = tmp();
    put(join(main, '.git/refs/heads/feature'), `${A}\n`);
    put(join(main, '.git/worktrees/wt/HEAD'), 'ref: refs/heads/feature\n');
    put(join(main, '.git/worktrees/wt/commondir'), '../..\n');
    const wt = tmp();
    put(join(wt, '.git'), `gitdir: ${join(main, '.git/worktrees/wt')}\n`);
    expect(gitCommit(wt)).toBe(A);
  });

  it('unknown, never an error: no .git, an unborn branch, garbage, an escaping ref; no package.json', () => {
    const none = tmp();
    expect(gitCommit(none)).toBe('unknown');
    expect(projectVersion(none)).toBe('unknown');
    const unborn = tmp();
    put(join(unborn, '.git/HEAD'), 'ref: refs/heads/main\n');
    expect(gitCommit(unborn)).toBe('unknown');
    const garbage = tmp();
    put(join(garbage, '.git'), 'not a git file');
    expect(gitCommit(garbage)).toBe('unknown');
    const escaping = tmp();
    put(join(escaping, '.git/HEAD'), 'ref: refs/../../secret\n');
    put(join(escaping, 'secret'), `${A}\n`);
    expect(gitCommit(escaping)).toBe('unknown');
    const badJson = tmp();
    put(join(badJson, 'package.json'), '{');
    expect(projectVersion(badJson)).toBe('unknown');
  });
});
