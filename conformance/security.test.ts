import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BODY_KINDS, decodeEnvelope, encodeEnvelope } from '../models/wire/codec.ts';
import { EXAMPLES } from '../models/wire/examples.ts';
import { Nms } from '../models/world/back-office-state.ts';
import { Cls, Ev } from '../models/world/events.ts';
import { CDCS, CSR, CSS, MDMS, NMS, WEB } from '../models/world/ids.ts';
import { attackInterventions, injections, NFR_05_FRAMES, S1_09_FORGED } from './checks/security.ts';
import { Observation } from './observe.ts';
import { security } from './profiles.ts';
import { CHAIN_SHAPE, studyArb, toScenario } from './study.ts';

const study = () => fc.sample(studyArb({ ...CHAIN_SHAPE, maxFaults: 0 }), { numRuns: 1, seed: 5 })[0];

describe('security and bad input', () => {
  it('under random attacks nothing forged authenticates, and every malformed frame is counted and dropped', () => {
    fc.assert(
      fc.property(security.arbitrary(), (x) => {
        const o = security.run(x, { mutants: [], sets: [] });
        for (const c of [S1_09_FORGED, NFR_05_FRAMES]) {
          const r = c(o);
          if (r.violations.length) throw new Error(r.violations.join('\n'));
        }
      }),
      { numRuns: 15, seed: 31 },
    );
  });

  it('ignores identifications and acknowledgements from a device that was never commissioned', () => {
    const x = { ...study(), registrationRate: 0.5, loss: { wan: 0, rf: 0, han: 0 } };
    const o = new Observation(toScenario(x));
    const never = [...Array(o.w.p.devices).keys()].filter((d) => o.w.p.registerAt[d] < 0);
    expect(never.length).toBeGreaterThan(0);
    const attacks = never.flatMap((_, i) => [
      { minute: 5 + i, kind: 'forge-id' as const, pick: i, bytes: [] },
      { minute: 30 + i, kind: 'forge-ack' as const, pick: i, bytes: [] },
    ]);
    o.runAll(attackInterventions(attacks));
    const forged = injections(o);
    expect(forged.length).toBe(2 * never.length);
    for (const f of forged) expect(o.arrivedAt[f.m], 'the forged frame reached NMS').toBeDefined();
    for (const d of never) {
      expect(o.w.nms.state[d]).toBe(Nms.NONE);
      expect(o.stepsOf(d).filter((r) => r.id.startsWith('S1')).map((r) => r.id)).toEqual([]);
    }
    expect(S1_09_FORGED(o).violations).toEqual([]);
  });

  it('never authenticates a device whose identification names another meter, id or type', () => {
    const x = { ...study(), registrationWindow: 30 };
    let spoofed = 0;
    for (const minute of [2, 5, 9, 14, 20, 27]) {
      for (const kind of ['spoof-meter', 'spoof-id', 'spoof-type'] as const) {
        const o = new Observation(toScenario(x));
        o.runAll(attackInterventions([{ minute, kind, pick: minute, bytes: [] }]));
        spoofed += injections(o).length;
        expect(S1_09_FORGED(o).violations).toEqual([]);
      }
    }
    expect(spoofed).toBeGreaterThan(0);
  });

  it('random bytes and mutated frames to every decoder are rejected without a crash', () => {
    const s = toScenario(study());
    const valid = BODY_KINDS.map((k) => encodeEnvelope(EXAMPLES[k] as never));
    const frameArb = fc.oneof(
      fc.uint8Array({ maxLength: 160 }),
      fc.tuple(fc.nat(valid.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.option(fc.nat())).map(([k, flips, cut]) => {
        let f = valid[k].slice();
        for (const [i, x] of flips) f[i % f.length] ^= x;
        if (cut !== null) f = f.slice(0, cut % (f.length + 1));
        return f;
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(frameArb, fc.nat()), { minLength: 1, maxLength: 30 }), (frames) => {
        const o = new Observation(s);
        const { w, sim } = o;
        let bad = 0;
        frames.forEach(([frame, pick]) => {
          if (decodeEnvelope(frame).ok) return;
          bad++;
          const targets = [CSS, NMS, CDCS, MDMS, WEB, CSR, w.customerActor(pick % w.p.customers), w.deviceActor(pick % w.p.devices), w.meterActor(pick % w.p.customers), w.broadcastActor(0)];
          const dst = targets[pick % targets.length];
          if (dst === w.broadcastActor(0)) {
            sim.at(1, dst, Ev.BCAST_ENQ, o.inject('publicAlert', Cls.HIGH, true, CDCS, dst, -1, frame, 0).row);
          } else {
            sim.at(1, dst, Ev.ARRIVE, o.inject('priceSignal', Cls.MEDIUM, false, CDCS, dst, dst >= w.ids.device0 ? dst - w.ids.device0 : -1, frame).row);
          }
        });
        o.runTo(60_000);
        const counted = Object.entries(w.rec.decodeErrors).filter(([k]) => k !== 'misaddressed').reduce((a, [, n]) => a + n, 0);
        expect(counted).toBe(bad);
        expect(o.accepted.length).toBe(0);
      }),
      { numRuns: 60, seed: 17 },
    );
  });
});
