/**
 * The actors that carry messages: a collector owns its WAN backhaul and its RF mesh channel, a meter
 * is the HAN gateway (BR-01, BR-07) with its HAN link and its interval-read uploads, a broadcast
 * channel serves one region. Each handles "enqueue" and "transmission done" events of its links.
 */
import type { ActorKind } from '../../sim/actor-kind.ts';
import { Cls, Ev } from './events.ts';
import { MDMS, NMS } from './ids.ts';
import type { Shared } from './actor-context.ts';
import { collectorToNmsMs, EMS_RELAY_MS } from '../transport/link-graph.ts';
import { EXAMPLES } from '../wire/examples.ts';

export function collectorKind(w: Shared): ActorKind {
  const { wan, rf } = w;
  const n = w.s.network;
  return {
    name: 'collector',
    event(sim, id, k, type, m) {
      const msgs = w.msgs;
      switch (type) {
        case Ev.WAN_ENQ:
          return w.offer(wan, k, m, Ev.WAN_DONE);
        case Ev.WAN_DONE:
          if (!w.complete(wan, k, m, Ev.WAN_DONE, Ev.WAN_ENQ, id)) return;
          if (msgs.up[m]) return void sim.send(NMS, collectorToNmsMs(n), Ev.ARRIVE, m);
          // Downstream the WAN's latency was taken before its queue (see NMS): straight onto the mesh.
          msgs.hopsLeft[m] = hopsFrom(w, m);
          return w.offer(rf, k, m, Ev.RF_DONE);
        case Ev.LINK_DOWN:
        case Ev.LINK_UP: {
          // A scenario fault on this collector's WAN backhaul or RF channel (payload: the fault's index).
          w.transport.linkDown(n.faults[m].kind === 'wan' ? 'wan' : 'rf', k, type === Ev.LINK_DOWN);
          if (type === Ev.LINK_DOWN) sim.timer(n.faults[m].duration, Ev.LINK_UP, m);
          return;
        }
        case Ev.RF_ENQ:
          if (msgs.up[m] && msgs.hopsLeft[m] === 0) msgs.hopsLeft[m] = hopsFrom(w, m);
          return w.offer(rf, k, m, Ev.RF_DONE);
        case Ev.RF_DONE: {
          if (!w.complete(rf, k, m, Ev.RF_DONE, Ev.RF_ENQ, id)) return;
          const left = --msgs.hopsLeft[m];
          const hop = n.rf_mesh.latency_ms;
          // Back onto this collector's own links: no event when the link is sure to be busy then (Transport.later).
          if (left > 0) w.transport.later(rf, k, m, hop, Ev.RF_ENQ);
          else if (msgs.up[m]) w.transport.later(wan, k, m, hop, Ev.WAN_ENQ);
          else sim.send(meterOf(w, m), hop, Ev.ARRIVE, m);
          return;
        }
      }
    },
  };
}

/** The meter a downstream message is for: the device owner's, or the meter itself for firmware. */
function meterOf(w: Shared, m: number): number {
  const d = w.msgs.device[m];
  return d >= 0 ? w.meterActor(w.p.owner[d]) : w.msgs.dst[m];
}

function hopsFrom(w: Shared, m: number): number {
  return w.p.hops[w.customerOfMessage(m)];
}

export function meterKind(w: Shared): ActorKind {
  const { han } = w;
  const n = w.s.network;
  const reads = n.background.meter_reads;
  return {
    name: 'meter',
    init(sim, id) {
      // Interval reads start at a random phase so a collector's meters do not all upload at once.
      if (reads.interval > 0) sim.timer(Math.floor(w.uniform(id) * reads.interval), Ev.METER_READ_TIMER);
    },
    event(sim, id, c, type, m) {
      const msgs = w.msgs;
      switch (type) {
        case Ev.ARRIVE:
          if (msgs.device[m] < 0) return firmwareArrived(w, m);
          return w.hooks.relayToHan(w, c, m);
        case Ev.HAN_ENQ:
          return w.offer(han, c, m, Ev.HAN_DONE);
        case Ev.METER_UP:
          return w.transport.linkDown('han', c, false);
        case Ev.METER_RESTART:
          return w.restartMeter(c, n.faults[m].duration);
        case Ev.LINK_DOWN:
        case Ev.LINK_UP:
          w.transport.linkDown('han', c, type === Ev.LINK_DOWN);
          if (type === Ev.LINK_DOWN) sim.timer(n.faults[m].duration, Ev.LINK_UP, m);
          return;
        case Ev.HAN_DONE: {
          if (!w.complete(han, c, m, Ev.HAN_DONE, Ev.HAN_ENQ, id)) return;
          const d = msgs.device[m];
          if (msgs.up[m]) return void sim.send(w.collectorActor(w.p.collector[c]), 0, Ev.RF_ENQ, m);
          // A bind waits at the meter until the customer has connected the device (S1-05).
          const extra = w.p.viaEms[d] ? EMS_RELAY_MS : 0;
          sim.send(w.deviceActor(d), n.han.latency_ms + extra, Ev.ARRIVE, m);
          return;
        }
        case Ev.METER_READ_TIMER: {
          const body = { ...EXAMPLES.intervalMeterRead.intervalMeterRead, meterId: c + 1, startTimeS: w.nowS(), intervalWh: paddedIntervals(reads.bytes) };
          const mm = w.create('intervalMeterRead', body, Cls.METER_READ, false, id, MDMS, -1, true);
          w.rec.background('meter_read', w.msgs.size[mm]);
          sim.send(w.collectorActor(w.p.collector[c]), 0, Ev.RF_ENQ, mm);
          sim.timer(reads.interval, Ev.METER_READ_TIMER);
          return;
        }
      }
    },
  };
}

/** BR-01: the premises meter passes a downstream message for one of customer c's devices on to its HAN. */
export function relayToHan(w: Shared, c: number, m: number): void {
  w.offer(w.han, c, m, Ev.HAN_DONE);
}

/**
 * The 15-minute intervals that pad an interval read to about `bytes` on the wire. The same for every read of a
 * study, so made once per size and shared: a body is never written to once sent.
 */
function paddedIntervals(bytes: number): readonly number[] {
  let wh = PADDED_INTERVALS.get(bytes);
  if (wh === undefined) {
    const intervals = Math.max(1, Math.round((bytes - 40) / 3));
    wh = Object.freeze(Array.from({ length: intervals }, (_, i) => 150 + ((i * 37) % 200)));
    PADDED_INTERVALS.set(bytes, wh);
  }
  return wh;
}
const PADDED_INTERVALS = new Map<number, readonly number[]>();

function firmwareArrived(w: Shared, m: number): void {
  const r = w.msgs.open(m);
  if (!r.ok) w.rec.decodeError(r.error);
  w.arrived(m);
}

export function broadcastKind(w: Shared): ActorKind {
  const { bcast } = w;
  const n = w.s.network;
  return {
    name: 'broadcast',
    event(sim, _id, r, type, m) {
      if (type === Ev.BCAST_ENQ) return w.offer(bcast, r, m, Ev.BCAST_DONE);
      if (type === Ev.PROCESSED) {
        // Every device in the region has heard it: the broadcast is complete.
        w.decodedBroadcasts.delete(m);
        return w.arrivedBroadcast(m);
      }
      if (type !== Ev.BCAST_DONE) return;
      w.complete(bcast, r, m, Ev.BCAST_DONE, Ev.BCAST_ENQ, _id);
      const decoded = w.msgs.open(m);
      if (!decoded.ok) {
        w.rec.decodeError(decoded.error);
        return w.drop(m);
      }
      w.decodedBroadcasts.set(m, decoded.value);
      // Every device of every customer in the region hears it, registered or not (FR-22).
      const p = w.p;
      for (let c = 0; c < p.customers; c++) {
        if (p.region[c] !== r) continue;
        for (let d = p.firstDevice[c], end = d + p.deviceCount[c]; d < end; d++) sim.send(w.deviceActor(d), n.broadcast.latency_ms, Ev.ARRIVE, m);
      }
      sim.timer(n.broadcast.latency_ms + 1, Ev.PROCESSED, m);
    },
  };
}
