import { describe, expect, it } from 'vitest';
import type { ActorKind } from './actor-kind.ts';
import { ScheduleError, Simulator } from './simulator.ts';

/** A kind that logs every delivery as "tick:id:type:payload". */
function logger(log: string[], react?: (sim: Simulator, id: number, type: number, payload: number) => void): ActorKind {
  return {
    name: 'logger',
    event(sim, id, _local, type, payload) {
      log.push(`${sim.now}:${id}:${type}:${payload}`);
      react?.(sim, id, type, payload);
    },
  };
}

describe('Simulator', () => {
  it('delivers timers and messages at their ticks, with the sender known', () => {
    const log: string[] = [];
    const sim = new Simulator();
    const senders: number[] = [];
    sim.addKind(
      {
        name: 'pinger',
        init(s) {
          s.timer(10, 1);
        },
        event(s, id, _l, type) {
          log.push(`${s.now}:${id}:${type}`);
          if (type === 1) s.send(1, 5, 2, 42);
        },
      },
      1,
    );
    sim.addKind(logger(log, (s) => senders.push(s.sender)), 1);
    sim.spawnAll();
    const r = sim.run();
    expect(log).toEqual(['10:0:1', '15:1:2:42']);
    expect(senders).toEqual([0]);
    expect(r).toEqual({ events: 2, stoppedBy: 'empty' });
  });

  it('orders same-tick events by priority, then source id, then source sequence — not by insertion', () => {
    const log: string[] = [];
    const sim = new Simulator();
    sim.addKind(logger(log), 1); // id 0: the sink
    sim.addKind(
      {
        name: 'src',
        init(s, id) {
          // Two messages each, both at tick 100; source 2 is spawned first below.
          s.send(0, 100, id, 1, undefined, id === 1 ? 5 : 5);
          s.send(0, 100, id, 2, undefined, 5);
        },
        event() {},
      },
      2,
    );
    sim.addKind(
      {
        name: 'urgent',
        init(s) {
          s.send(0, 100, 9, 0, undefined, 1);
        },
        event() {},
      },
      1,
    );
    sim.spawn(2);
    sim.spawn(3);
    sim.spawn(1);
    sim.run();
    expect(log).toEqual(['100:0:9:0', '100:0:1:1', '100:0:1:2', '100:0:2:1', '100:0:2:2']);
  });

  it('cancels a pending event, and a stale handle cancels nothing', () => {
    const log: string[] = [];
    const sim = new Simulator();
    let handle = -1;
    sim.addKind(
      {
        name: 'c',
        init(s) {
          handle = s.timer(50, 1);
          s.timer(60, 2);
        },
        event(s, _id, _l, type) {
          log.push(`${s.now}:${type}`);
        },
      },
      1,
    );
    sim.spawnAll();
    expect(sim.cancel(handle)).toBe(true);
    expect(sim.cancel(handle)).toBe(false);
    sim.run();
    expect(log).toEqual(['60:2']);
    expect(sim.cancel(handle)).toBe(false);
  });

  it('runs until a time, keeps the rest pending, and resumes', () => {
    const log: string[] = [];
    const sim = new Simulator();
    sim.addKind(logger(log, (s, _id, type) => type < 5 && s.timer(100, type + 1)), 1);
    sim.at(0, 0, 1);
    expect(sim.run({ until: 250 })).toEqual({ events: 3, stoppedBy: 'until' });
    expect(sim.now).toBe(250);
    expect(sim.nextTick()).toBe(300);
    sim.run();
    expect(log).toEqual(['0:0:1:0', '100:0:2:0', '200:0:3:0', '300:0:4:0', '400:0:5:0']);
  });

  it('runs until a condition or an event budget', () => {
    const sim = new Simulator();
    let count = 0;
    sim.addKind({ name: 'loop', init: (s) => void s.timer(1, 0), event: (s) => void (count++, s.timer(1, 0)) }, 1);
    sim.spawnAll();
    expect(sim.run({ stopWhen: () => count === 7 }).stoppedBy).toBe('condition');
    expect(sim.now).toBe(7);
    expect(sim.run({ maxEvents: 3 })).toEqual({ events: 3, stoppedBy: 'maxEvents' });
    expect(sim.delivered).toBe(10);
  });

  it('lets an observer see every delivery (the metrics hook)', () => {
    const sim = new Simulator();
    sim.addKind(logger([]), 2);
    const seen: string[] = [];
    sim.observer = (s, type) => seen.push(`${s.now}>${s.self}:${type}`);
    sim.at(5, 1, 3);
    sim.at(2, 0, 4);
    sim.run();
    expect(seen).toEqual(['2>0:4', '5>1:3']);
  });

  it('carries a data object with an event and releases it after delivery', () => {
    const got: unknown[] = [];
    const sim = new Simulator();
    sim.addKind({ name: 'd', event: (_s, _i, _l, _t, _p, data) => void got.push(data) }, 1);
    sim.at(1, 0, 0, 0, { hello: 'world' });
    sim.at(2, 0, 0, 0);
    sim.run();
    expect(got).toEqual([{ hello: 'world' }, undefined]);
  });

  it('dispatches to kinds on ids far apart (beyond the one-byte kind table) and refuses ids between them', () => {
    const sim = new Simulator();
    const log: string[] = [];
    sim.addKind({ name: 'low', event: (s, id, local) => void log.push(`low ${id} ${local} ${s.now}`) }, 2);
    sim.addKind({ name: 'high', event: (s, id, local) => void log.push(`high ${id} ${local} ${s.now}`) }, 2, 2 ** 30);
    sim.at(3, 2 ** 30 + 1, 0);
    sim.at(2, 1, 0);
    expect(() => sim.at(1, 2, 0)).toThrow(/no actor with id 2\b/);
    expect(() => sim.at(1, 2 ** 30 + 0.5, 0)).toThrow(/no actor with id/);
    sim.run();
    expect(log).toEqual(['low 1 1 2', `high ${2 ** 30 + 1} 1 3`]);
  });

  it('gives struct-of-arrays kinds their local index', () => {
    const sim = new Simulator();
    const hits = new Uint32Array(3);
    sim.addKind(logger([]), 5);
    const r = sim.addKind({ name: 'soa', init: (s) => void s.timer(1, 0), event: (_s, _id, local) => void hits[local]++ }, 3);
    expect(r.first).toBe(5);
    sim.spawnAll();
    sim.run();
    expect(Array.from(hits)).toEqual([1, 1, 1]);
  });

  it('rejects bad input with clear messages', () => {
    const sim = new Simulator();
    sim.addKind({ name: 'x', event: (s) => void s.timer(-1, 0) }, 1);
    expect(() => sim.addKind({ name: 'y', event() {} }, 2, 0)).toThrow(/overlap x/);
    expect(() => sim.send(0, 1, 0)).toThrow(/outside an actor/);
    expect(() => sim.at(1.5, 0, 0)).toThrow(/whole number/);
    expect(() => sim.at(1, 9, 0)).toThrow(/no actor with id 9/);
    expect(() => sim.at(1, 0.5, 0)).toThrow(/no actor with id 0.5/);
    expect(() => sim.at(1, 0, 2 ** 24)).toThrow(/event type must be a whole number 0 … 16777215/);
    expect(() => sim.at(1, 0, 0, 0, undefined, 8)).toThrow(/priority/);
    expect(() => new Simulator({ seed: -1 })).toThrow(/seed/);
    sim.at(1, 0, 0);
    expect(() => sim.run()).toThrow(/a delay must be a finite whole number of ms ≥ 0/);
  });

  it.each([Infinity, -Infinity, NaN, -1, 0.5, 1e-300, 2 ** 53])(
    'refuses a delay of %s, naming the actor kind and the event; the clock and the pending events stay as they were',
    (delay) => {
      const sim = new Simulator({ eventNames: { PING: 3, SEND_LATE: 7 } });
      sim.addKind({ name: 'idle', event() {} }, 2);
      sim.addKind({ name: 'meter', event: (s, _id, _l, type) => void (type === 7 && s.send(1, delay, 3)) }, 2);
      sim.at(5, 3, 7);
      sim.at(9, 0, 3);
      expect(() => sim.run()).toThrow(new RegExp(`^meter 1 \\(actor 3\\) scheduled event PING \\(type 3\\) for idle 1 \\(actor 1\\) with delay ${String(delay).replace('+', '\\+')}: `));
      expect(sim.now).toBe(5);
      expect(sim.pending).toBe(1);
      expect(sim.nextTick()).toBe(9);
    },
  );

  it.each([Infinity, NaN, 1.5, 2 ** 53])('refuses a seeded tick of %s, naming the actor kind and the event', (tick) => {
    const sim = new Simulator();
    sim.addKind({ name: 'cdcs', event() {} }, 1);
    expect(() => sim.at(tick, 0, 20)).toThrow(/^cdcs 0 \(actor 0\) scheduled event type 20 for cdcs 0 \(actor 0\) with tick .+: a tick must be a finite whole number of ms ≥ now \(0\)$/);
    expect(() => sim.inject(tick, 4, 0, 1, 0, 20, 0)).toThrow(ScheduleError);
    expect(sim.pending).toBe(0);
  });

  it('gives the same order on the heap and the calendar queue over a busy random model', () => {
    const trace = (queue: 'heap' | 'calendar') => {
      const log: string[] = [];
      const sim = new Simulator({ queue, buckets: 64 });
      sim.addKind(
        {
          name: 'chatty',
          init: (s, id) => void s.timer(id % 3, id),
          event(s, id, _l, type, payload) {
            log.push(`${s.now}:${id}:${type}:${payload}`);
            if (payload < 6) {
              const h = (id * 7919 + payload * 104729 + s.now) % 1000;
              s.send((id + h) % 50, h % 3 === 0 ? 0 : h * 37, type, payload + 1, undefined, h % 8);
            }
          },
        },
        50,
      );
      sim.spawnAll();
      sim.run();
      return log;
    };
    const heap = trace('heap');
    expect(heap.length).toBe(50 * 7);
    expect(trace('calendar')).toEqual(heap);
  });
});
