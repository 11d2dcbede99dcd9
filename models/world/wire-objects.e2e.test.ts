import { describe, expect, it } from 'vitest';
import { chainStudy, makeScenario } from '../../test/support/scenario.ts';
import { runPartitioned } from './run-partitioned.ts';
import { runScenario } from './run-scenario.ts';

/**
 * Messages travel as objects unless the wire is real (models/world/messages.ts): a run on objects and the same
 * run with every message encoded at its sender and decoded at its destination are the same run — every summary
 * figure, every metric point and the digest — on one thread and across partitions (where objects are encoded).
 */
describe('messages as objects or as frames: the same run', () => {
  const s = makeScenario(chainStudy(150));

  it('gives the same summary, points and digest with every frame encoded and decoded', async () => {
    const objects = await runScenario(s);
    const bytes = await runScenario(s, { world: { wire: 'bytes' } });
    const strip = (x: typeof objects) => ({ ...x.summary, sim: { ...x.summary.sim, wall_s: 0, events_per_s: 0 } });
    expect(strip(objects)).toEqual(strip(bytes));
    expect(objects.points).toEqual(bytes.points);
    expect(objects.summary.digest).toBe(bytes.summary.digest);
    // Every kind the chain study sends was carried (registration through DR and reports).
    expect(Object.keys(objects.summary.delivery.by_kind).length).toBeGreaterThan(15);
  }, 120_000);

  it('gives the same digest on 2 partitions, where messages crossing a boundary are encoded', async () => {
    const bytes = await runScenario(s, { world: { wire: 'bytes' } });
    const two = await runPartitioned(s, { workers: 2, inProcess: true });
    expect(two.summary.digest).toBe(bytes.summary.digest);
  }, 120_000);
});
