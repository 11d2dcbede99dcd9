/** `--redis URL` of sweep and capacity: the campaign's connection, or exit 2 when Redis does not answer. */
import { RedisRuns, RedisUnreachable, redisCampaignId } from '../campaigns/redis-execute.ts';
import { UsageError } from './errors.ts';

export async function openRedisRuns(url: string, queue: string, outDir: string): Promise<RedisRuns> {
  const timeoutS = Number(process.env.SCSIM_REDIS_CONNECT_TIMEOUT_S ?? 10);
  try {
    return await RedisRuns.open(url, queue, redisCampaignId(outDir), { timeoutS: Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS : 10 });
  } catch (e) {
    if (e instanceof RedisUnreachable) throw new UsageError(e.message);
    throw e;
  }
}
