/** scsim influx-replay <spool dir> <url>: sends the batches an InfluxDB outage left on disk, in order. */
import { replaySpool } from '../sim/metrics/sinks/index.ts';
import { UsageError } from './errors.ts';

export async function influxReplayCommand(args: string[]): Promise<number> {
  if (args.length !== 2) throw new UsageError('usage: scsim influx-replay <spool dir> <http://host:port/db>');
  const result = await replaySpool(args[0], args[1]);
  process.stdout.write(`replayed ${JSON.stringify(result)}\n`);
  return 0;
}
