import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Css } from '../../models/world/back-office-state.ts';
import { modelArb, runModel, setup } from './chain-model.ts';

/**
 * Model-based tests of the chain: fc.commands sequences (register, enroll, change program / language /
 * alert limit, delete, send every message kind, override, link partitions and recovery, HAN drops, meter
 * restarts, waits) run against the world and compared with the reference model after every command.
 */
describe('the chain against its reference model', () => {
  it('agrees after every command of random sequences', () => {
    fc.assert(
      fc.property(modelArb(30), (x) => {
        const o = runModel(x, { mutants: [], sets: [] });
        if (o.notes.length) throw new Error(o.notes.join('\n'));
      }),
      { numRuns: 100, seed: 4242 },
    );
  });

  it('exercises what it claims: registrations, changes, sends, overrides and faults', () => {
    const seen = { registered: 0, changes: 0, sends: 0, accepted: 0 };
    for (const x of fc.sample(modelArb(30), { numRuns: 12, seed: 7 })) {
      const o = runModel(x, { mutants: [], sets: [] });
      for (let d = 0; d < o.w.p.devices; d++) if (o.w.css.status[d] === Css.REGISTERED || o.w.css.status[d] === Css.DELETED) seen.registered++;
      seen.changes += o.w.customers.changes.length;
      seen.sends += o.s.timeline.length;
      seen.accepted += o.accepted.filter((a) => o.actionOf[a.m] >= 0).length;
    }
    expect(seen.registered).toBeGreaterThan(10);
    expect(seen.changes).toBeGreaterThan(5);
    expect(seen.sends).toBeGreaterThan(10);
    expect(seen.accepted).toBeGreaterThan(10);
  });

  it('finds a CDCS that ignores targets (private-to-all) and a NMS that skips id checks', () => {
    for (const mutant of ['private-to-all', 'skip-id-check']) {
      const r = fc.check(
        fc.property(modelArb(30), (x) => {
          const o = runModel(x, { mutants: [mutant], sets: [] });
          if (o.notes.length) throw new Error(o.notes.join('\n'));
        }),
        { numRuns: 60, seed: 99 },
      );
      expect(r.failed, mutant).toBe(true);
    }
  });

  it('starts from a world where nobody has registered yet', () => {
    const { model, real } = setup(3, { mutants: [], sets: [] });
    expect(model.devices).toBe(real.o.w.p.devices);
    expect(model.devs.every((d) => d.status === 'none')).toBe(true);
    expect([...real.o.w.p.registerAt].every((t) => t < 0)).toBe(true);
  });
});
