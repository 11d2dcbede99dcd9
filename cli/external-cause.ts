/**
 * Errors whose cause lies outside the program: the operating system refused a file-system call (no such
 * file, permission denied, disk full, read-only) or a network peer could not be reached. They are reported
 * as one line naming the path or address and the reason, never as a stack trace.
 */
import { fsReason } from './output-location.ts';

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** One line for an error from the outside world, or undefined for anything else (a bug: keep its stack). */
export function externalCause(err: unknown): string | undefined {
  const e = err as (NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string; dest?: string }) | null;
  if (e === null || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  if (NETWORK.has(e.code)) return `cannot reach ${e.address ?? e.hostname ?? 'the server'}${e.port !== undefined ? `:${e.port}` : ''}: ${e.code} (${e.syscall})`;
  if (!/^E[A-Z]+$/.test(e.code)) return undefined;
  if (e.path === undefined) return `${e.syscall} failed: ${fsReason(e)}`;
  return `cannot ${e.syscall} ${e.path}${e.dest !== undefined ? ` → ${e.dest}` : ''}: ${fsReason(e)}`;
}
