/**
 * Security and bad input (S1-09, NFR-05): forged and spoofed frames injected into a running chain —
 * identifications and acknowledgements from devices that were never commissioned, identifications that
 * claim another meter, id or type, private frames delivered to the wrong device — and random or mutated
 * bytes fed to every decoder (back office, web/CSR, customers, devices, meters, broadcast channels).
 */
import fc from 'fast-check';
import { BODY_KINDS, decodeEnvelope, encodeEnvelope, type BodyKind } from '../../models/wire/codec.ts';
import { EXAMPLES } from '../../models/wire/examples.ts';
import * as B from '../../models/world/bodies.ts';
import { Nms } from '../../models/world/back-office-state.ts';
import { Cls, Ev } from '../../models/world/events.ts';
import { CDCS, CSR, CSS, MDMS, NMS, WEB } from '../../models/world/ids.ts';
import { DEVICE_TYPES } from '../../models/world/population.ts';
import type { Intervention, Observation } from '../observe.ts';
import { check, headerId, type Check } from './util.ts';

export const ATTACKS = ['forge-id', 'forge-ack', 'spoof-meter', 'spoof-id', 'spoof-type', 'misaddressed', 'random-bytes', 'mutated'] as const;

export interface Attack {
  minute: number;
  kind: (typeof ATTACKS)[number];
  /** Chooses the victim device, the target actor or the example frame. */
  pick: number;
  /** Random bytes (random-bytes) or (position, xor) pairs (mutated). */
  bytes: number[];
}

export const attackArb = (lastMinute: number): fc.Arbitrary<Attack> =>
  fc.record({
    minute: fc.integer({ min: 1, max: lastMinute }),
    kind: fc.constantFrom(...ATTACKS),
    pick: fc.nat(10_000),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 0, maxLength: 96 }),
  });

/** What an attack did, for the checks. */
export interface Injected {
  kind: Attack['kind'];
  m: number;
  d: number;
  /** A bad frame whose decoder must count and drop it. */
  bad: boolean;
}

const injectedOf = new WeakMap<Observation, Injected[]>();
export const injections = (o: Observation): Injected[] => injectedOf.get(o) ?? [];

function record(o: Observation, x: Injected): void {
  const l = injectedOf.get(o) ?? [];
  l.push(x);
  injectedOf.set(o, l);
}

/** The interventions of a list of attacks. */
export function attackInterventions(attacks: Attack[]): Intervention[] {
  return attacks.map((a) => ({ at: a.minute * 60_000, label: `attack ${a.kind}`, apply: (o: Observation) => attack(o, a) }));
}

/**
 * A frame device d sends to NMS now, entering the HAN at its premises meter — what `World.up` does from inside
 * an actor, seeded from outside with `sim.at` (World.up needs an actor context). Returns the message's serial.
 */
function fromDevice(o: Observation, d: number, kind: BodyKind, body: unknown): number {
  const { w, sim } = o;
  const m = w.create(kind, body, Cls.MEDIUM, false, w.deviceActor(d), NMS, d, true);
  sim.at(sim.now + (w.p.viaEms[d] ? 100 : 0), w.meterActor(w.p.owner[d]), Ev.HAN_ENQ, m);
  return o.msgs.serialOf(m);
}

function attack(o: Observation, a: Attack): void {
  const { w, sim } = o;
  const p = w.p;
  const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[a.pick % xs.length] : undefined);
  const never = Array.from({ length: p.devices }, (_, d) => d).filter((d) => p.registerAt[d] < 0);
  switch (a.kind) {
    case 'forge-id':
    case 'forge-ack': {
      // A device nobody commissioned speaks up on its own.
      const d = pick(never);
      if (d === undefined) return;
      const m =
        a.kind === 'forge-id'
          ? fromDevice(o, d, 'deviceIdentification', B.deviceIdentification(p.owner[d] + 1, p.hardwareId[d], DEVICE_TYPES[p.type[d]]))
          : fromDevice(o, d, 'authenticationAck', B.authenticationAck());
      return record(o, { kind: a.kind, m, d, bad: false });
    }
    case 'spoof-meter':
    case 'spoof-id':
    case 'spoof-type': {
      // While a device is being commissioned, a frame claiming another meter, id or type arrives for it.
      const binding = Array.from({ length: p.devices }, (_, d) => d).filter((d) => w.nms.state[d] === Nms.BIND_SENT);
      const d = pick(binding);
      if (d === undefined) return;
      const type = DEVICE_TYPES[p.type[d]];
      const meter = a.kind === 'spoof-meter' ? ((p.owner[d] + 1) % Math.max(2, p.customers)) + 1 + (p.customers === 1 ? 1 : 0) : p.owner[d] + 1;
      const id = a.kind === 'spoof-id' ? (p.hardwareId[(d + 1) % p.devices] !== p.hardwareId[d] ? p.hardwareId[(d + 1) % p.devices] : p.hardwareId[d] ^ 0x1000) : p.hardwareId[d];
      const other = a.kind === 'spoof-type' ? DEVICE_TYPES[(p.type[d] + 1) % DEVICE_TYPES.length] : type;
      const m = fromDevice(o, d, 'deviceIdentification', B.deviceIdentification(meter, id, other));
      return record(o, { kind: a.kind, m, d, bad: false });
    }
    case 'misaddressed': {
      // A valid private frame for device x arrives at device d.
      if (p.devices < 2) return;
      const d = a.pick % p.devices;
      const x = (d + 1 + (a.pick % (p.devices - 1))) % p.devices;
      const m = w.create('priceSignal', EXAMPLES.priceSignal.priceSignal, Cls.MEDIUM, false, CDCS, w.deviceActor(x), x, false, undefined, -1, d);
      sim.at(sim.now, w.deviceActor(d), Ev.ARRIVE, m);
      return record(o, { kind: a.kind, m: o.msgs.serialOf(m), d, bad: false });
    }
    case 'random-bytes':
    case 'mutated': {
      let frame: Uint8Array;
      if (a.kind === 'random-bytes') frame = Uint8Array.from(a.bytes);
      else {
        const kind = BODY_KINDS[a.pick % BODY_KINDS.length] as BodyKind;
        frame = encodeEnvelope(EXAMPLES[kind] as never).slice();
        for (let i = 0; i + 1 < a.bytes.length; i += 2) frame[a.bytes[i] % frame.length] ^= a.bytes[i + 1] || 1;
        if (a.bytes.length % 2 === 1) frame = frame.slice(0, a.bytes[a.bytes.length - 1] % (frame.length + 1));
      }
      // Valid frames are not bad input: a flip the decoder cannot see is the link layer's business.
      if (decodeEnvelope(frame).ok) return;
      const targets = ['css', 'nms', 'cdcs', 'mdms', 'web', 'csr', 'customer', 'device', 'meter', 'broadcast'] as const;
      const t = targets[Math.floor(a.pick / 7) % targets.length];
      const d = a.pick % p.devices;
      const c = a.pick % p.customers;
      const r = a.pick % p.regions.length;
      const fixed = { css: CSS, nms: NMS, cdcs: CDCS, mdms: MDMS, web: WEB, csr: CSR } as const;
      if (t === 'broadcast') {
        const { row, m } = o.inject('publicAlert', Cls.HIGH, true, CDCS, w.broadcastActor(r), -1, frame, 0);
        sim.at(sim.now, w.broadcastActor(r), Ev.BCAST_ENQ, row);
        return record(o, { kind: a.kind, m, d: -1, bad: true });
      }
      const dst = t === 'customer' ? w.customerActor(c) : t === 'device' ? w.deviceActor(d) : t === 'meter' ? w.meterActor(c) : fixed[t];
      const { row, m } = o.inject('priceSignal', Cls.MEDIUM, false, CDCS, dst, t === 'device' ? d : -1, frame);
      sim.at(sim.now, dst, Ev.ARRIVE, row);
      return record(o, { kind: a.kind, m, d: t === 'device' ? d : -1, bad: true });
    }
  }
}

/** S1-09 under attack: no forged or spoofed identification or acknowledgement ever authenticates a device. */
export const S1_09_FORGED: Check = check((o, v) => {
  const grants = new Set(o.steps.filter((r) => r.id === 'S1-09').map((r) => r.m));
  for (const x of injections(o)) {
    if (x.kind === 'misaddressed' || x.bad) continue;
    const caused = [...Array(o.msgs.count).keys()].filter((m) => o.causeOf[m] === x.m).map((m) => o.kind(m));
    v.expect(!grants.has(x.m) && !caused.includes('authenticationParameters') && !(x.kind === 'forge-ack' && caused.includes('connectionAuthenticated')), () => `${x.kind} frame ${headerId(o, x.m)} for device ${x.d} led to ${caused.join(', ') || 'authentication'}`);
    if (x.kind === 'forge-id' || x.kind === 'forge-ack') v.expect(o.w.nms.state[x.d] === Nms.NONE && o.w.nms.registeredIds.get(o.w.p.hardwareId[x.d]) !== x.d, () => `device ${x.d}, never commissioned, has NMS state ${o.w.nms.state[x.d]} after a forged ${x.kind}`);
  }
});

/** NFR-05 under attack: misaddressed private frames are discarded; undecodable frames are counted and dropped everywhere. */
export const NFR_05_FRAMES: Check = check((o, v) => {
  const accepted = new Set(o.accepted.map((a) => `${a.m}/${a.d}`));
  let bad = 0;
  for (const x of injections(o)) {
    if (x.kind === 'misaddressed') v.expect(!accepted.has(`${x.m}/${x.d}`), () => `device ${x.d} accepted a private frame addressed to another device`);
    if (!x.bad) continue;
    bad++;
    v.expect(!accepted.has(`${x.m}/${x.d}`), () => `a malformed frame (${x.kind}) was accepted by device ${x.d}`);
  }
  const counted = Object.entries(o.w.rec.decodeErrors).filter(([k]) => k !== 'misaddressed').reduce((a, [, n]) => a + n, 0);
  v.expect(counted === bad, () => `${bad} malformed frames injected, ${counted} counted as decode errors`);
});
