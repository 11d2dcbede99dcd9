import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSimjs, type SimjsEntity, type SimjsRequest } from '../test/support/simjs.ts';
import { Simulator } from './simulator.ts';

/**
 * Our kernel and simjs 2.0.3 run the same random schedule of timers, messages and cancellations and
 * must deliver the same events at the same times in the same order.
 *
 * Ties: simjs breaks them by insertion order, we by (priority, source, sequence), so schedules are
 * built without ties. Every action k adds 2^k ms to its delay on top of a random multiple of 2^K
 * (K = number of actions); a delivery's time then encodes the set of actions on its causal chain, and
 * since labels strictly increase along a chain, distinct deliveries have distinct times.
 */
type Action =
  | { kind: 'timer'; label: number; delay: number }
  | { kind: 'send'; label: number; delay: number; to: number }
  | { kind: 'cancel' };

interface Schedule {
  entities: number;
  /** Per entity, its initial timers. */
  initial: Action[][];
  /** reactions[entity][label]: what the entity does when an event with that label reaches it. */
  reactions: Action[][][];
}

const LABELS = 5;

const scheduleArb: fc.Arbitrary<Schedule> = fc.integer({ min: 1, max: 4 }).chain((entities) => {
  const action = (minLabel: number) =>
    fc.oneof(
      fc.record({ kind: fc.constant('timer' as const), label: fc.integer({ min: minLabel, max: LABELS }), delay: fc.integer({ min: 0, max: 50 }) }),
      fc.record({
        kind: fc.constant('send' as const),
        label: fc.integer({ min: minLabel, max: LABELS }),
        delay: fc.integer({ min: 0, max: 50 }),
        to: fc.integer({ min: 0, max: entities - 1 }),
      }),
      fc.constant({ kind: 'cancel' as const }),
    );
  const reactionsFor = fc.tuple(...Array.from({ length: LABELS }, (_, label) => fc.array(action(label + 1), { maxLength: label + 1 < LABELS ? 2 : 0 })));
  return fc.record({
    entities: fc.constant(entities),
    initial: fc.array(fc.array(action(0), { minLength: 1, maxLength: 3 }), { minLength: entities, maxLength: entities }),
    reactions: fc.array(reactionsFor, { minLength: entities, maxLength: entities }),
  });
});

/** Numbers every scheduling action and gives it a delay with a unique power-of-two part. */
function delaysOf(s: Schedule): Map<Action, number> {
  const actions = [...s.initial.flat(), ...s.reactions.flat(2)].filter((a) => a.kind !== 'cancel');
  const unit = 2 ** actions.length;
  return new Map(actions.map((a, k) => [a, (a as { delay: number }).delay * unit + 2 ** k]));
}

function runOurs(s: Schedule): string[] {
  const delay = delaysOf(s);
  const log: string[] = [];
  const sim = new Simulator({ seed: 7 });
  const lastTimer: number[] = new Array(s.entities).fill(-1);
  const act = (id: number, a: Action) => {
    if (a.kind === 'timer') lastTimer[id] = sim.timer(delay.get(a)!, a.label);
    else if (a.kind === 'send') sim.send(a.to, delay.get(a)!, a.label);
    else if (lastTimer[id] >= 0) sim.cancel(lastTimer[id]);
  };
  sim.addKind(
    {
      name: 'scripted',
      init: (_sim, id) => s.initial[id].forEach((a) => act(id, a)),
      event(_sim, id, _local, label) {
        log.push(`${sim.now}:${id}:${label}`);
        if (label < LABELS) s.reactions[id][label].forEach((a) => act(id, a));
      },
    },
    s.entities,
  );
  sim.spawnAll();
  sim.run();
  return log;
}

function runSimjs(s: Schedule): string[] {
  const Simjs = loadSimjs();
  const delay = delaysOf(s);
  const log: string[] = [];
  const sim = new Simjs.Sim();
  const entities: Scripted[] = [];
  class Scripted extends Simjs.Entity {
    id = -1;
    lastTimer: SimjsRequest | null = null;
    start(id: number) {
      this.id = id;
      entities[id] = this;
    }
    begin() {
      s.initial[this.id].forEach((a) => this.act(a));
    }
    deliver(label: number) {
      log.push(`${this.time()}:${this.id}:${label}`);
      if (label < LABELS) s.reactions[this.id][label].forEach((a) => this.act(a));
    }
    onMessage(_sender: SimjsEntity, label: number) {
      this.deliver(label);
    }
    act(a: Action) {
      if (a.kind === 'timer') this.lastTimer = this.setTimer(delay.get(a)!).done(() => this.deliver(a.label));
      else if (a.kind === 'send') this.send(a.label, delay.get(a)!, entities[a.to]);
      else this.lastTimer?.cancel();
    }
  }
  for (let id = 0; id < s.entities; id++) sim.addEntity(Scripted as never, `e${id}`, id);
  entities.forEach((e) => e.begin());
  sim.simulate(Number.MAX_SAFE_INTEGER);
  return log;
}

describe('kernel vs simjs 2.0.3 (reference)', () => {
  it('delivers the same events at the same times in the same order, for random tie-free schedules', () => {
    fc.assert(
      fc.property(scheduleArb, (s) => {
        const ours = runOurs(s);
        const ref = runSimjs(s);
        expect(new Set(ours.map((e) => e.split(':')[0])).size).toBe(ours.length); // tie-free by construction
        expect(ours).toEqual(ref);
      }),
      { numRuns: 300 },
    );
  });

  it('has schedules with cancellations and cross-actor messages in the generated space', () => {
    // Guards the generator: a property over schedules that never cancel or message would prove little.
    const sample = fc.sample(scheduleArb, { numRuns: 200, seed: 42 });
    const kinds = new Set(sample.flatMap((s) => [...s.initial.flat(), ...s.reactions.flat(2)].map((a) => a.kind)));
    expect([...kinds].sort()).toEqual(['cancel', 'send', 'timer']);
    expect(sample.some((s) => runOurs(s).length >= 10)).toBe(true);
  });
});
