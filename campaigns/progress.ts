/**
 * The campaign's progress line on stderr: runs done of all, running, failed, ETA. On a terminal it rewrites
 * one line; elsewhere (CI, a pipe) it prints one line per finished run.
 */
export interface ProgressState {
  total: number;
  /** Finished before this invocation (skipped). */
  skipped: number;
  done: number;
  running: number;
  failed: number;
  /** Wall-clock seconds since this invocation started its first run. */
  elapsedS: number;
}

export function progressText(p: ProgressState): string {
  const ranHere = p.done - p.skipped;
  const remaining = p.total - p.done;
  // Runs finish at the pool's pace, so the mean time between finishes already reflects the parallelism.
  const eta = ranHere > 0 && remaining > 0 ? formatEta((p.elapsedS / ranHere) * remaining) : remaining === 0 ? '0s' : '?';
  const skipped = p.skipped > 0 ? ` (${p.skipped} already done)` : '';
  const failed = p.failed > 0 ? `, ${p.failed} failed` : '';
  return `sweep ${p.done}/${p.total} runs done${skipped}, ${p.running} running${failed}, ETA ${eta}`;
}

export function formatEta(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressLine(mode: 'tty' | 'lines' | 'quiet', write: (s: string) => void = (s) => process.stderr.write(s)) {
  return {
    update(p: ProgressState, finished: boolean) {
      if (mode === 'tty') write(`\r${progressText(p)}\x1b[K`);
      else if (mode === 'lines' && finished) write(progressText(p) + '\n');
    },
    done() {
      if (mode === 'tty') write('\n');
    },
  };
}
