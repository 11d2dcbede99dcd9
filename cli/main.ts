/**
 * scsim — the thin command line that wires sim/, models/, scenarios/, reports/ and dashboards/.
 * Exit codes (DESIGN.md): 0 ok, 1 internal failure, 2 invalid input, 3 a threshold breached.
 * A cause outside the program — a file or folder that cannot be read or written, a full disk — is exit 2
 * too, with one line and no stack trace: the user, not a bug, has to act. Only a bug prints a stack.
 */
import { runCli, UsageError } from './commands.ts';
import { externalCause } from './external-cause.ts';

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (err) {
  const external = externalCause(err);
  if (err instanceof UsageError || (err as { exitCode?: number } | null)?.exitCode === 2) {
    process.stderr.write(`scsim: ${(err as Error).message}\n`);
    process.exitCode = 2;
  } else if (external !== undefined) {
    process.stderr.write(`scsim: ${external}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`scsim: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
