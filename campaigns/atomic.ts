/** Whole-file writes that a kill -9 cannot leave half done: write a temp file, then rename it into place. */
import { renameSync, writeFileSync } from 'node:fs';

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
