import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainStudy, makeScenario } from '../../test/support/scenario.ts';
import { DECODE_ERROR_CLASSES, encodeEnvelope } from '../wire/codec.ts';
import { EXAMPLES } from '../wire/examples.ts';
import { Ev } from './events.ts';
import { CDCS, CSS, MDMS, NMS, WEB } from './ids.ts';
import { buildWorld } from './run-scenario.ts';

const KNOWN = new Set<string>([...DECODE_ERROR_CLASSES, 'misaddressed']);

describe('malformed frames', () => {
  it('are rejected with a counted error class, never a crash, when the HAN corrupts frames', () => {
    const s = makeScenario(chainStudy(200));
    const { sim, world: w } = buildWorld(s, { corruptProbability: 0.2 });
    sim.run({ until: s.duration });
    const errors = Object.entries(w.rec.decodeErrors);
    expect(errors.reduce((a, [, n]) => a + n, 0)).toBeGreaterThan(0);
    for (const [cls] of errors) expect(KNOWN.has(cls)).toBe(true);
  });

  it('random and mutated frames delivered to every kind of actor are counted and dropped', () => {
    const s = makeScenario(chainStudy(20));
    const valid = encodeEnvelope(EXAMPLES.priceSignal);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 0, max: valid.length - 1 }).map((n) => valid.slice(0, n))), { minLength: 1, maxLength: 20 }),
        (frames) => {
          const { sim, world: w } = buildWorld(s);
          const targets = [CSS, NMS, CDCS, MDMS, WEB, w.deviceActor(0), w.customerActor(0)];
          frames.forEach((frame, i) => {
            const dst = targets[i % targets.length];
            const m = w.msgs.add('priceSignal', 1, false, 0, CDCS, dst, dst >= w.ids.device0 ? dst - w.ids.device0 : -1, false, frame, 255, true);
            sim.at(1, dst, Ev.ARRIVE, m);
          });
          sim.run({ until: 2 });
          const counted = Object.values(w.rec.decodeErrors).reduce((a, b) => a + b, 0);
          expect(counted).toBe(frames.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
