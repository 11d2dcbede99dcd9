/**
 * Demand limiting wired into the device kind without touching its code (as metering/kinds.ts does for the
 * feed): every device event books the premise's demand change with control and in the counterfactual
 * (measurement), an EMS that takes a fresh value from the meter decides on it, and an appliance configured in
 * a program tells its premise's EMS (EMS_JOIN). A study with no DEMAND_LIMIT program gets the kind unchanged.
 */
import type { ActorKind } from '../../../sim/actor-kind.ts';
import { Ev } from '../events.ts';
import type { World } from '../world.ts';
import { PROGRAM_SLOTS } from './demand-limiter.ts';

export function withDemandLimit(w: World, device: ActorKind): ActorKind {
  const ems = w.ems;
  if (!ems.on) return device;
  const p = w.p, load = w.load, held = w.metering.held, demand = ems.demand, limiter = ems.limiter;
  return {
    name: device.name,
    init(sim, id, d) {
      device.init?.(sim, id, d);
      const c = p.owner[d];
      if (demand.tracked(c) && load.isAppliance(d)) demand.change(c, sim.now, load.powerW(d), load.baselineW(d));
    },
    event(sim, id, d, type, payload, data) {
      const c = p.owner[d];
      if (type === Ev.EMS_JOIN) {
        const dev = Math.floor(payload / PROGRAM_SLOTS);
        return limiter.join(c, dev, (payload % PROGRAM_SLOTS) - 1);
      }
      const tracked = demand.tracked(c) && load.isAppliance(d);
      const isEms = p.ems[c] === d;
      const before = tracked ? load.powerW(d) : 0, beforeCf = tracked ? load.baselineW(d) : 0;
      const heldAt = isEms && held.readingAt.length > 0 ? held.readingAt[d] : 0;
      device.event(sim, id, d, type, payload, data);
      if (tracked) {
        const dCtl = load.powerW(d) - before, dCf = load.baselineW(d) - beforeCf;
        if (dCtl !== 0 || dCf !== 0) demand.change(c, sim.now, dCtl, dCf);
      }
      if (isEms && type === Ev.ARRIVE && held.readingAt.length > 0 && held.readingAt[d] !== heldAt) limiter.onHeld(c, d);
    },
  };
}
