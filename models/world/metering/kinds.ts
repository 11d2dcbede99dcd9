/**
 * The feed wired into the world's actor kinds without touching their code: the meter kind gains the feed's
 * events, and the device kind tells the meter's register of every power change (the measurement) and, on its
 * authentication (S1-11), subscribes when its type is one the study lists. A study with no subscribers gets the
 * kinds unchanged.
 */
import type { ActorKind } from '../../../sim/actor-kind.ts';
import type { World } from '../world.ts';
import { EMS_RELAY_MS } from '../../transport/link-graph.ts';
import { Ev } from '../events.ts';
import { KIND_INDEX } from '../messages.ts';

const METERING_REPORT = KIND_INDEX['meteringReport'];

export function withMeterFeed(w: World, meter: ActorKind): ActorKind {
  const feed = w.metering.feed;
  if (!feed.on) return meter;
  return {
    name: meter.name,
    init: meter.init?.bind(meter),
    event(sim, id, c, type, payload, data) {
      if (!feed.event(c, type, payload)) meter.event(sim, id, c, type, payload, data);
    },
  };
}

export function withHeldUsage(w: World, device: ActorKind): ActorKind {
  const { feed, held } = w.metering;
  if (!feed.on) return device;
  const p = w.p, dev = w.dev, load = w.load;
  return {
    name: device.name,
    init(sim, id, d) {
      device.init?.(sim, id, d);
      const watts = load.powerW(d);
      if (watts !== 0) feed.onPower(p.owner[d], watts);
    },
    event(sim, id, d, type, payload, data) {
      if (type === Ev.ARRIVE && w.msgs.kind[payload] === METERING_REPORT && w.msgs.pub[payload] === 0) return held.onArrive(d, payload);
      const before = load.powerW(d), authenticated = dev.authenticated[d];
      device.event(sim, id, d, type, payload, data);
      const after = load.powerW(d);
      if (after !== before) feed.onPower(p.owner[d], after - before);
      // Authenticated on the HAN: bind to the meter's Metering cluster (one HAN hop, through the EMS if behind one).
      if (!authenticated && dev.authenticated[d] && feed.subscribes(d)) {
        sim.send(w.meterActor(p.owner[d]), w.s.network.han.latency_ms + (p.viaEms[d] ? EMS_RELAY_MS : 0), Ev.METERING_SUBSCRIBE, d);
      }
    },
  };
}
