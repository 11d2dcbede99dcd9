/**
 * Output locations are checked before any work starts, so a bad `--out` (an existing file, a folder under a
 * file, a place without write permission, a pseudo file system such as /proc) is exit 2 with the path and the
 * reason, never a stack trace after a long run, and never a hang: Node's recursive mkdir loops forever where
 * mkdir keeps answering ENOENT (/proc), so folders are made one level at a time here.
 */
import { mkdirSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/** An output location that cannot be used: exit 2. */
export class OutputLocationError extends UsageError {
  override name = 'OutputLocationError';
}

/** A short reason for a failed file-system call, from its error code. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ENOENT':
      return 'no such file or folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw err;
  }
}

const describeNode = (st: Stats): string => (st.isFile() ? 'a file' : st.isDirectory() ? 'a folder' : 'not a regular file or folder (a device, pipe or socket)');

/**
 * Makes sure `dir` is a folder this process can create files in, creating it and its missing parents.
 * `files` are names the caller will write in it: any that exists must be a regular file (a folder or a
 * pipe there would fail or block later); `folders` likewise must be folders if they exist.
 */
export function prepareOutputDir(dir: string, what: string, opts: { files?: readonly string[]; folders?: readonly string[] } = {}): void {
  const fail = (reason: string): never => {
    throw new OutputLocationError(`${what} ${dir}: cannot write there: ${reason}`);
  };
  // An empty --out would quietly mean the current folder.
  if (dir.trim() === '') throw new OutputLocationError(`${what}: expected a folder, found an empty path`);
  const abs = resolve(dir);
  // The nearest existing ancestor, and the folders to make below it.
  const missing: string[] = [];
  let p = abs;
  for (;;) {
    let st: Stats | undefined;
    try {
      st = statOrUndefined(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A file somewhere above: name it.
      if (code === 'ENOTDIR') return fail(`${firstFileAbove(p) ?? 'a part of the path'} is a file, not a folder`);
      return fail(fsReason(err));
    }
    if (st !== undefined) {
      if (!st.isDirectory()) return fail(p === abs ? `it is ${describeNode(st)}, not a folder` : `${p} is ${describeNode(st)}, not a folder`);
      break;
    }
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statOrUndefined(m)?.isDirectory()) continue;
      return fail(`cannot create ${m}: ${createReason(err)}`);
    }
  }
  // Permission bits do not tell everything (root, read-only mounts, pseudo file systems): try it.
  const probe = join(abs, `.scsim-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
  } catch (err) {
    return fail(`cannot create a file in it: ${createReason(err)}`);
  }
  for (const f of opts.files ?? []) {
    const st = statOrUndefined(join(abs, f));
    if (st !== undefined && !st.isFile()) fail(`${join(dir, f)} is ${describeNode(st)}, where the run writes a file`);
  }
  for (const f of opts.folders ?? []) {
    const st = statOrUndefined(join(abs, f));
    if (st !== undefined && !st.isDirectory()) fail(`${join(dir, f)} is ${describeNode(st)}, where the run keeps a folder`);
  }
}

/** Checks that `file` can be written: its folder exists (or is created) and is writable, and it is not a folder or device. */
export function prepareOutputFile(file: string, what: string): void {
  if (file.trim() === '') throw new OutputLocationError(`${what}: expected a file name, found an empty path`);
  const st = (() => {
    try {
      return statOrUndefined(file);
    } catch {
      return undefined; // the folder check below names the problem
    }
  })();
  if (st !== undefined && !st.isFile()) throw new OutputLocationError(`${what} ${file}: cannot write there: it is ${describeNode(st)}, not a file`);
  prepareOutputDir(dirname(resolve(file)), `${what} ${file}: its folder`);
}

// Creating something in an existing folder that answers ENOENT: a pseudo file system.
const createReason = (err: unknown): string =>
  (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file system does not allow it (a pseudo file system such as /proc?)' : fsReason(err);

function firstFileAbove(p: string): string | undefined {
  const parts: string[] = [];
  for (let q = resolve(p); dirname(q) !== q; q = dirname(q)) parts.unshift(q);
  for (const q of parts) {
    try {
      if (!statSync(q).isDirectory()) return q;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
