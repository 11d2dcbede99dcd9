/** `scsim worker` and `scsim sweep` as child processes for the Redis tests, with their output kept. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Other test files share the cores: partitions sleep at a rendezvous instead of spinning.
const ENV = { ...process.env, CI: 'true', SCSIM_SPIN: '0' };

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed on stderr so far. */
  log(): string;
  exited: Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `scsim worker` and resolves once it takes runs. */
export async function startWorker(url: string, queue: string, extra: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['bin/scsim.js', 'worker', '--redis', url, '--queue', queue, '--concurrency', '1', '--lock-ms', '5000', ...extra], { cwd: ROOT, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  child.stderr!.on('data', (d) => (text += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await until(() => text.includes('worker: taking runs') || child.exitCode !== null, 120_000);
  if (child.exitCode !== null) throw new Error(`scsim worker exited at start:\n${text}`);
  return {
    child,
    log: () => text,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `scsim <args>` to its end, without blocking this process (workers and the test go on meanwhile). */
export function scsim(args: string[]): Promise<Finished> & { child: ChildProcess } {
  const child = spawn(process.execPath, ['bin/scsim.js', ...args], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const finished = new Promise<Finished>((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
  return Object.assign(finished, { child });
}

export async function until(ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
