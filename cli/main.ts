/**
 * scsim — the thin command line that wires sim/, models/, scenarios/, reports/ and dashboards/.
 * Exit codes (DESIGN.md): 0 ok, 1 internal failure, 2 invalid input, 3 a threshold breached.
 */
import { runCli, UsageError } from './commands.ts';

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError || (err as { exitCode?: number } | null)?.exitCode === 2) {
    process.stderr.write(`scsim: ${(err as Error).message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`scsim: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
