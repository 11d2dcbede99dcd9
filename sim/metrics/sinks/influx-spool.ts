/**
 * The InfluxDB spool: one line-protocol file per batch, `<seq>.lp` with a zero-padded sequence so a sorted
 * listing is the write order. A file is complete or absent (written as .tmp, then renamed) and is deleted
 * only after InfluxDB acknowledged it; `scsim influx-replay <dir> <url>` sends what is left.
 */
import { mkdirSync, readdirSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InfluxHttp, isPermanent } from './influx-http.ts';
import { parseInfluxUrl, redact } from './influx-url.ts';

const SEQ_DIGITS = 12;
const SPOOL_FILE = /^(\d+)\.lp$/;

export const spoolFileName = (seq: number): string => `${String(seq).padStart(SEQ_DIGITS, '0')}.lp`;

/** Spool files in write order, with their sequence numbers; empty if the folder does not exist. */
export function listSpool(dir: string): { seq: number; file: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .flatMap((n) => {
      const m = SPOOL_FILE.exec(n);
      return m ? [{ seq: Number(m[1]), file: join(dir, n) }] : [];
    })
    .sort((a, b) => a.seq - b.seq);
}

/** Writes a batch (text ends with a newline) atomically; returns its path. */
export function writeSpoolFile(dir: string, seq: number, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, spoolFileName(seq));
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return file;
}

export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Removes the folder if nothing is left in it. */
export function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    /* not empty, or already gone */
  }
}

export async function deleteFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Replay stopped: InfluxDB refused a file or could not be reached. The message says what is left and how to go on. */
export class ReplayError extends Error {
  override name = 'ReplayError';
}

export interface ReplayOptions {
  /** Attempts per file before giving up (default 5, backoff 0.5 s doubling). */
  attempts?: number;
  requestTimeoutMs?: number;
}

/**
 * Sends every spool file in `dir` to the InfluxDB at `url` in order, deleting each once acknowledged.
 * Safe to run again after a failure: a file is deleted only after its write succeeded, and writing a point
 * again with the same measurement, tags and timestamp overwrites it with identical values.
 */
export async function replaySpool(dir: string, url: string, opts: ReplayOptions = {}): Promise<{ files: number; points: number }> {
  const http = new InfluxHttp(parseInfluxUrl(url), opts.requestTimeoutMs ?? 30_000);
  const attempts = opts.attempts ?? 5;
  const files = listSpool(dir);
  let points = 0;
  let done = 0;
  let dbReady = false;
  for (const { file } of files) {
    const text = await readFile(file, 'utf8');
    for (let attempt = 1; ; attempt++) {
      try {
        if (!dbReady) await http.ensureDatabase();
        dbReady = true;
        await http.write(text);
        break;
      } catch (err) {
        if (isPermanent(err)) {
          throw new ReplayError(`InfluxDB refused ${file} as invalid: ${(err as Error).message}. It stays in ${dir}; move it aside to replay the rest.`);
        }
        if (attempt >= attempts) {
          throw new ReplayError(
            `influx-replay stopped at ${file}: ${(err as Error).message}. ${done} of ${files.length} files were written; ` +
              `the other ${files.length - done} are still in ${dir}. Run \`scsim influx-replay ${dir} ${redact(url)}\` again once InfluxDB is reachable.`,
          );
        }
        await new Promise((r) => setTimeout(r, 500 * 2 ** (attempt - 1)));
      }
    }
    await deleteFile(file);
    points += countLines(text);
    done++;
  }
  removeIfEmpty(dir);
  return { files: done, points };
}
