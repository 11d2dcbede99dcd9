/**
 * scsim influx-replay <spool dir> <url>: sends the batches an InfluxDB outage left on disk, in order.
 * A folder that is missing, not a folder, or holds no batch is exit 2 (nothing was sent, and saying "replayed"
 * would hide a wrong path); so is a server that refuses or cannot be reached (what is left stays on disk).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInfluxUrl, listSpool, parseInfluxUrl, ReplayError, replaySpool } from '../sim/metrics/sinks/index.ts';
import { UsageError } from './errors.ts';
import { fsReason } from './output-location.ts';

const USAGE = 'usage: scsim influx-replay <spool dir> <http://host:port/db>';
const EXPECTED = 'a spool folder left by `scsim run --influx` (<run folder>/influx-spool)';

export async function influxReplayCommand(args: string[]): Promise<number> {
  if (args.length !== 2) throw new UsageError(USAGE);
  const [dir, url] = args;
  try {
    parseInfluxUrl(url);
  } catch (e) {
    if (e instanceof InvalidInfluxUrl) throw new UsageError(`influx-replay: ${e.message}`);
    throw e;
  }
  checkSpool(dir);
  try {
    const result = await replaySpool(dir, url);
    process.stdout.write(`replayed ${result.points} points from ${result.files} files in ${dir}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    process.stderr.write(`scsim: ${e.message}\n`);
    return 2;
  }
}

function checkSpool(dir: string): void {
  const found = (() => {
    try {
      const st = statSync(dir);
      if (!st.isDirectory()) return 'a file, not a folder';
      return listSpool(dir).length === 0 ? emptyWhy(dir) : undefined;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : fsReason(e);
    }
  })();
  if (found !== undefined) throw new UsageError(`${dir}: expected ${EXPECTED}, found ${found}`);
}

function emptyWhy(dir: string): string {
  const inner = join(dir, 'influx-spool');
  const hasInner = (() => {
    try {
      return listSpool(inner).length > 0;
    } catch {
      return false;
    }
  })();
  return hasInner ? `a run folder: its spool is ${inner}` : 'a folder with no spooled batch (<n>.lp files): nothing to replay';
}
