/**
 * The response in force (S2-04) of a device over random timelines of DR events, day-ahead CPP notices and price
 * signals: at every instant, what the device says it is doing (issuer, kind and end of `dev.activeEvent`,
 * `responseKind`, `eventEnd`) equals what a reference computes from what the device received and the study. The
 * reference is written here from the rules (models/world/README.md, "Overlapping responses"), not from the model:
 *
 * - a DR event for the device's program is live from max(arrival, its start) for its duration; a CPP notice
 *   from max(arrival, event start) for its duration;
 * - a price signal above the program's threshold is live from its arrival for its block, one more block when its
 *   next price is dear too, until the next signal arrives (which hands it on, or ends it when it is not dear);
 * - of the live responses, an event (DR or CPP) goes before a price response; among events the one that started
 *   last, the later received on a tie. Nothing live: no response in force.
 *
 * Before the fix a response wrote its end and kind when it was scheduled: a notice for tomorrow arriving during
 * today's event gave today's response tomorrow's end, a notice during a price response stopped its hand-over, and
 * a DR event inside a dear hour left the device at normal load for the rest of the hour.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { decodeEnvelope } from '../wire/codec.ts';
import type { EnvelopeObject } from '../wire/codec.ts';
import { ResponseKind } from './device-state.ts';
import { buildWorld } from './run-scenario.ts';
import { MessageLog } from '../../conformance/message-log.ts';

const MIN = 60_000;
const THRESHOLD = 0.3;
const DEAR = 0.45, CHEAP = 0.1;
/** Longest a message may take from its timeline time to the device here (small study, no faults). */
const MAX_LATENCY_MS = MIN;

type Action =
  | { kind: 'dr'; atMin: number; durMin: number }
  | { kind: 'notice'; atMin: number; leadMin: number; durMin: number }
  | { kind: 'price'; atMin: number; durMin: number; price: number; next: number };

function study(actions: Action[], seed: number) {
  const last = Math.max(...actions.map((a) => a.atMin + (a.kind === 'notice' ? a.leadMin : 0) + 2 * a.durMin));
  return makeScenario({
    name: 'responses-in-force',
    start: '2026-07-15T08:00:00',
    duration: `${last + 30}m`,
    seed,
    population: {
      customers: 4,
      appliance_mix: { thermostat: 1, water_heater: 1, pool_pump: 1, ev_charger: 1 },
      ihd_share: 0,
      ems_share: 0,
      registration_rate: 1,
      enrollment_rate: 1,
      mismatch_rate: 0,
      duplicate_rate: 0,
      registration: { start: '0s', window: '20m' },
    },
    programs: [{ id: 'cpp', kind: 'CPP', response: { price_threshold: THRESHOLD, randomize_start: '0s' } }],
    timeline: actions.map((a) => {
      const base = { at: `${a.atMin}m`, program: 'cpp', target: { program: 'cpp' } };
      if (a.kind === 'dr') return { ...base, action: 'dr_event', duration: `${a.durMin}m`, in_progress_every: '0s' };
      if (a.kind === 'notice') return { ...base, action: 'day_ahead_notice', event_start: `${a.atMin + a.leadMin}m`, duration: `${a.durMin}m` };
      return { ...base, action: 'current_price', price: a.price, next_price: a.next, duration: `${a.durMin}m` };
    }),
    behaviour: { override_probability: 0, change_share: 0 },
  });
}

interface Received {
  at: number;
  issuer: number;
  action: Action;
}

interface InForce {
  issuer: number;
  kind: ResponseKind;
  end: number;
}

const BODY_OF: Record<Action['kind'], keyof EnvelopeObject> = { dr: 'loadControlEvent', notice: 'priceEventNotice', price: 'priceSignal' };

function issuerOf(env: EnvelopeObject): number {
  return env.loadControlEvent?.issuerEventId ?? env.priceEventNotice?.issuerEventId ?? env.priceSignal?.current?.issuerEventId ?? 0;
}

/** The reference: the response in force at t for a device that received `got` (in order of arrival). */
function reference(got: Received[], t: number): InForce | null {
  let event: (InForce & { start: number; order: number }) | null = null;
  let price: InForce | null = null;
  got.forEach((r, order) => {
    if (r.at > t) return;
    const a = r.action;
    if (a.kind === 'price') {
      // The newest signal is the price: it replaces the previous one, dear or not.
      const until = (a.atMin + a.durMin * (a.next > THRESHOLD ? 2 : 1)) * MIN;
      price = a.price > THRESHOLD && t < until ? { issuer: r.issuer, kind: ResponseKind.HIGH_PRICE, end: until } : null;
      return;
    }
    const from = (a.atMin + (a.kind === 'notice' ? a.leadMin : 0)) * MIN;
    // Its duration counts from when the device starts it (a device that hears of an event late still runs it in full).
    const start = Math.max(r.at, from), end = start + a.durMin * MIN;
    if (!(start <= t && t < end)) return;
    if (!event || start > event.start || (start === event.start && order > event.order)) {
      event = { issuer: r.issuer, kind: a.kind === 'dr' ? ResponseKind.DR_EVENT : ResponseKind.PRICE_EVENT, end, start, order };
    }
  });
  const e = event as (InForce & { start: number }) | null;
  return e ? { issuer: e.issuer, kind: e.kind, end: e.end } : price;
}

/** Every instant at which the reference can change for these receipts. */
function boundaries(got: Received[]): number[] {
  const out: number[] = [];
  for (const r of got) {
    const a = r.action;
    out.push(r.at, a.atMin * MIN);
    if (a.kind === 'price') out.push((a.atMin + a.durMin) * MIN, (a.atMin + 2 * a.durMin) * MIN);
    else {
      const from = Math.max(r.at, (a.atMin + (a.kind === 'notice' ? a.leadMin : 0)) * MIN);
      out.push(from, from + a.durMin * MIN);
    }
  }
  return out;
}

/** Runs the study, collecting what each device received (the frames it accepted, decoded) and when. */
function receive(actions: Action[], seed: number, probes: number[], look: (t: number, w: ReturnType<typeof buildWorld>['world']) => void): Map<number, Received[]> {
  const s = study(actions, seed);
  const { sim, world: w } = buildWorld(s);
  const log = new MessageLog(w);
  const got = new Map<number, Received[]>();
  w.trace.accepted.connect((row, d) => {
    const frame = log.frames[log.serialOf(row)];
    const r = frame ? decodeEnvelope(frame) : null;
    if (!r || !r.ok) return;
    const env = r.value;
    const kind = (Object.keys(BODY_OF) as Action['kind'][]).find((k) => env[BODY_OF[k]] !== undefined);
    if (!kind) return;
    // The action it carries: the latest of its kind due at or before its arrival (actions are minutes apart).
    const now = sim.now;
    const action = actions.filter((a) => a.kind === kind && a.atMin * MIN <= now).at(-1)!;
    expect(now - action.atMin * MIN, `latency of a ${kind} to device ${d}`).toBeLessThan(MAX_LATENCY_MS);
    (got.get(d) ?? got.set(d, []).get(d)!).push({ at: now, issuer: issuerOf(env), action });
  });
  for (const t of probes) {
    sim.run({ until: t });
    look(t, w);
  }
  sim.run({ until: s.duration });
  return got;
}

/**
 * Runs the study twice (the run is deterministic): once to learn what every device received and when, then to
 * compare, between every two consecutive instants where the reference can change, every receiving appliance's
 * response in force with the reference's. Returns what was compared.
 */
function check(actions: Action[], seed: number): { t: number; d: number; want: InForce | null }[] {
  const first = receive(actions, seed, [], () => {});
  const bs = [...new Set([...first.values()].flatMap(boundaries))].sort((a, b) => a - b);
  const probes = bs.map((b, i) => (i + 1 < bs.length ? (b + bs[i + 1]) / 2 : b + MIN)).filter((t, i) => i + 1 === bs.length || bs[i + 1] - bs[i] > 2);
  const compared: { t: number; d: number; want: InForce | null }[] = [];
  const again = receive(actions, seed, probes, (t, w) => {
    for (const [d, list] of first) {
      const want = reference(list, t);
      const seen = w.dev.activeEvent[d] === 0 ? null : { issuer: w.dev.activeEvent[d], kind: w.dev.responseKind[d], end: w.dev.eventEnd[d] };
      expect(seen, `device ${d} at minute ${(t / MIN).toFixed(3)}`).toEqual(want);
      compared.push({ t, d, want });
    }
  });
  expect(again).toEqual(first);
  expect(compared.length).toBeGreaterThan(0);
  return compared;
}

const h = (hh: number, mm = 0) => (hh - 8) * 60 + mm;

describe('the response in force over overlapping DR events, CPP notices and price signals', () => {
  it("a notice for tomorrow's event, arriving during today's event, leaves today's response alone", () => {
    const seen = check(
      [
        { kind: 'notice', atMin: h(9), leadMin: h(13) - h(9), durMin: 240 },
        { kind: 'notice', atMin: h(15), leadMin: 24 * 60 - 120, durMin: 240 },
      ],
      4,
    );
    // Today's event is in force until 17:00 with its own end, tomorrow's from tomorrow 13:00.
    expect(seen.some((x) => x.t > h(15, 1) * MIN && x.t < h(17) * MIN && x.want?.end === h(17) * MIN)).toBe(true);
    expect(seen.some((x) => x.t > (h(13) + 24 * 60) * MIN && x.want?.end === (h(17) + 24 * 60) * MIN)).toBe(true);
  }, 120_000);

  it('a price response hands on past a notice that arrives during it, and resumes after a DR event inside it', () => {
    const seen = check(
      [
        { kind: 'price', atMin: h(10), durMin: 60, price: DEAR, next: CHEAP },
        { kind: 'notice', atMin: h(10, 30), leadMin: 240, durMin: 60 },
        { kind: 'price', atMin: h(11), durMin: 60, price: DEAR, next: DEAR },
        { kind: 'dr', atMin: h(11, 30), durMin: 30 },
      ],
      7,
    );
    expect(seen.some((x) => x.t > h(12) * MIN && x.t < h(13) * MIN && x.want?.kind === ResponseKind.HIGH_PRICE)).toBe(true);
  }, 120_000);

  it('for any timeline, at every instant, every appliance holds the response the reference puts in force', () => {
    const actionArb = fc.oneof(
      fc.record({ kind: fc.constant('dr' as const), durMin: fc.constantFrom(15, 30, 60, 120, 180) }),
      fc.record({ kind: fc.constant('notice' as const), leadMin: fc.constantFrom(0, 30, 90, 240, 600), durMin: fc.constantFrom(30, 60, 120, 240) }),
      fc.record({ kind: fc.constant('price' as const), durMin: fc.constantFrom(15, 30, 60, 90), price: fc.constantFrom(DEAR, DEAR, CHEAP), next: fc.constantFrom(DEAR, CHEAP) }),
    );
    const timelineArb = fc.array(fc.tuple(fc.constantFrom(2, 5, 15, 30, 60, 120), actionArb), { minLength: 1, maxLength: 8 }).map((xs) => {
      let at = 60;
      return xs.map(([gap, a]) => {
        at += gap;
        return { ...a, atMin: at } as Action;
      });
    });
    fc.assert(
      fc.property(timelineArb, fc.integer({ min: 1, max: 1e6 }), (actions, seed) => {
        check(actions, seed);
      }),
      { numRuns: 25 },
    );
  }, 600_000);
});
