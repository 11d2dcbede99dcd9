/** Test support: runs the real `scsim` command (bin/scsim.js) in a child process and collects what it printed. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  /** Exit code; null when the process was killed (by the timeout: a hang). */
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** `scsim <args>` (from the repository root unless `cwd`); killed after `timeoutMs`, so that a hang fails the test instead of stalling it. */
export function scsim(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/scsim.js'), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, CI: 'true', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code, stdout, stderr, timedOut });
    });
  });
}

/** A JavaScript stack frame line, as printed by an uncaught error. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;
