import { describe, expect, it } from 'vitest';
import { chainStudy, makeScenario } from '../../test/support/scenario.ts';
import { decodeEnvelope, encodeEnvelope } from '../wire/codec.ts';
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

  it('opens every message, header built from its row, to the frame that travels on the real wire', async () => {
    // The world keeps only a message's body and rebuilds the header from the message table when the message is
    // opened; on the real wire the envelope is encoded at the sender. Both runs make the same messages in the same
    // order, so what the first opens must encode to the second's frame, byte for byte (the encoding is canonical).
    const frames = async (wire: 'bytes' | 'objects') => {
      const out: number[][] = [];
      await runScenario(s, {
        world: { wire },
        onBuilt: ({ world }) =>
          void world.trace.created.connect((m) => {
            const opened = world.msgs.open(m);
            const frame = wire === 'bytes' ? world.msgs.wireBytes(m) : opened.ok ? encodeEnvelope(opened.value) : undefined;
            out.push(Array.from(frame ?? []));
          }),
      });
      return out;
    };
    const objects = await frames('objects');
    const bytes = await frames('bytes');
    expect(objects.length).toBeGreaterThan(1000);
    expect(objects).toEqual(bytes);
    // The study's messages carry what a header may omit: correlation ids (acknowledgements) and languages.
    const headers = bytes.map((f) => {
      const r = decodeEnvelope(Uint8Array.from(f));
      if (!r.ok) throw new Error(`undecodable frame: ${r.error}`);
      return r.value.header;
    });
    expect(headers.some((h) => h.correlationId !== undefined)).toBe(true);
    expect(headers.some((h) => h.language !== undefined)).toBe(true);
  }, 120_000);

  it('gives the same digest on 2 partitions, where messages crossing a boundary are encoded', async () => {
    const bytes = await runScenario(s, { world: { wire: 'bytes' } });
    const two = await runPartitioned(s, { workers: 2, inProcess: true });
    expect(two.summary.digest).toBe(bytes.summary.digest);
  }, 120_000);
});
