import { describe, expect, it } from 'vitest';
import { chainStudy, makeScenario } from '../../test/support/scenario.ts';
import { runPartitioned } from './run-partitioned.ts';
import { runScenario } from './run-scenario.ts';

/**
 * A partner partition's frames are decoded without the value rules only when that partition's encoder wrote them
 * from an envelope (message-mail.ts, codec.decodeTrusted; message-mail.test.ts checks the rule itself). With the
 * HAN corrupting frames (the wire is real, nothing is trusted) a partitioned run counts the same decode errors
 * and gives the same digest as the single-thread run, on 2 and 3 partitions.
 */
describe('corrupted frames across a partition boundary', () => {
  it('are counted by error class as on one thread', async () => {
    const s = makeScenario(chainStudy(200));
    const world = { corruptProbability: 0.2 };
    const one = await runScenario(s, { world });
    const errors = one.summary.network.decode_errors as Record<string, number>;
    // This corruption (device.ts corrupt) gives wire-scan errors only ({ truncated: 379 } here), which decodeTrusted
    // refuses as well: the value-rule side of trust is message-mail.test.ts's; this run checks the counts and digest.
    expect(Object.values(errors).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const workers of [2, 3]) {
      const split = await runPartitioned(s, { workers, inProcess: true, world });
      expect(split.summary.network.decode_errors).toEqual(errors);
      expect(split.summary.digest).toBe(one.summary.digest);
    }
  }, 300_000);
});
