/** The director ticks every simulated minute to turn the recorder's counts into metric points. */
import type { ActorKind } from '../../sim/actor-kind.ts';
import { Ev } from './events.ts';
import type { World } from './world.ts';

export const MINUTE_MS = 60_000;

export function directorKind(w: World): ActorKind {
  return {
    name: 'director',
    init(sim) {
      sim.timer(MINUTE_MS, Ev.MINUTE);
    },
    event(sim, _id, _l, type) {
      if (type !== Ev.MINUTE) return;
      w.directorEvents++; // every partition runs a director; the merged event count keeps one
      w.transport.settle(false); // arrivals due before this tick join their queues before the queues are read
      flushMinute(w, sim.now - MINUTE_MS);
      if (sim.now + MINUTE_MS <= w.s.duration) sim.timer(MINUTE_MS, Ev.MINUTE);
    },
  };
}

/** The minute starting at t: queue depths per link class, messages in flight, counts, load energy. */
export function flushMinute(w: World, t: number): void {
  const queues = [w.wan, w.rf, w.han, w.bcast].map((links) => {
    const q = { link: links.name, max: links.maxDepthThisMinute, queued: links.queued, links: links.depth.length };
    links.maxDepthThisMinute = 0; // the maximum is over enqueues: a queue only grows at one
    return q;
  });
  const load = w.load.takeMinute(t);
  // Rows of messages finished before this event are free for reuse (none is referenced any more).
  w.msgs.recycle();
  w.minuteSink({ t, ...w.rec.takeMinute(), queues, ...load, events: w.sim.delivered });
}
