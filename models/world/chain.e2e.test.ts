import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_OF_ACTION, chainStudy, makeScenario } from '../../test/support/scenario.ts';
import { Css } from './back-office-state.ts';
import { State } from './messages.ts';
import { Intent } from './population.ts';
import { STEP_IDS } from './recorder.ts';
import { buildWorld, runScenario } from './run-scenario.ts';
import { MessageLog } from '../../conformance/message-log.ts';
import { DEVICE_TYPES } from './population.ts';
import type { World } from './world.ts';
import type { Target } from '../../scenarios/types.ts';

/**
 * A few thousand customers through the whole chain: every step, every rejection reason, public messages
 * reaching unregistered devices, private messages reaching exactly the devices they were meant for.
 */
const scenario = makeScenario(chainStudy(2000));


/** Every message of the run, as created (the world reuses finished messages' rows). */
let log: MessageLog;

/** What CDCS should target, computed from the population alone (an independent reference model). */
function expectedTargets(w: World, target: Target, at: number): Set<number> {
  const p = w.p;
  const out = new Set<number>();
  const registeredAt = new Float64Array(p.devices).fill(Infinity);
  for (let m = 0; m < log.count; m++) if (log.kindName(m) === 'configurationForward') registeredAt[log.device[m]] = log.created[m];
  for (let d = 0; d < p.devices; d++) {
    // Registered (S1-17 done) before the message was sent.
    if (w.css.status[d] !== Css.REGISTERED || !(registeredAt[d] < at)) continue;
    const c = p.owner[d];
    if ('device' in target && d !== target.device) continue;
    if ('region' in target && p.regions[p.region[c]] !== target.region) continue;
    if ('group' in target && !(p.groupBits[c] & (1 << p.groups.indexOf(target.group)))) continue;
    if ('appliance_type' in target && DEVICE_TYPES[p.type[d]] !== target.appliance_type) continue;
    if ('program' in target && w.s.programs[p.program[d]]?.id !== target.program) continue;
    out.add(d);
  }
  return out;
}

describe('the C5 chain end to end (2,000 customers)', () => {
  let w: World;
  beforeAll(() => {
    const built = buildWorld(scenario);
    log = new MessageLog(built.world);
    built.sim.run({ until: scenario.duration });
    w = built.world;
  });

  it('counts every step S1-01 … S2-08', () => {
    const missing = STEP_IDS.filter((id) => w.rec.stepCount(id) === 0);
    expect(missing).toEqual([]);
  });

  it('rejects unapproved, mismatched and duplicate devices, each with its reason, and finishes every request', () => {
    const r = w.rec.rejections;
    expect(r.unapproved_type).toBeGreaterThan(0);
    expect(r.id_mismatch).toBeGreaterThan(0);
    expect(r.type_mismatch).toBeGreaterThan(0);
    expect(r.duplicate_id).toBeGreaterThan(0);
    let registered = 0, rejected = 0;
    for (let d = 0; d < w.p.devices; d++) {
      if (w.css.status[d] === Css.REGISTERED) registered++;
      if (w.css.status[d] === Css.REJECTED) rejected++;
    }
    const requests = w.rec.stepCount('S1-01');
    expect(registered + rejected).toBe(requests);
    expect(rejected).toBe(Object.values(r).reduce((a, b) => a + b, 0));
    // Only approved types, with the id and type the customer gave, ever get registered (FR-06, S1-09).
    for (let d = 0; d < w.p.devices; d++) {
      if (w.css.status[d] !== Css.REGISTERED) continue;
      expect([Intent.REGISTER, Intent.DUPLICATE_ID]).toContain(w.p.intent[d]);
      expect(w.css.claimedId[d]).toBe(w.p.hardwareId[d]);
    }
    // FR-10: registered ids are unique.
    const ids = new Set<number>();
    for (let d = 0; d < w.p.devices; d++) if (w.css.status[d] === Css.REGISTERED) ids.add(w.p.hardwareId[d]);
    expect(ids.size).toBe(registered);
  });

  it('delivers a public alert to every device in range, registered or not, in its language (FR-22, FR-19)', () => {
    const alerts = log.accepted.filter(({ m }) => log.kindName(m) === 'publicAlert');
    const perDevice = new Map<number, number>();
    for (const { d } of alerts) perDevice.set(d, (perDevice.get(d) ?? 0) + 1);
    // One broadcast carries every language; a device without its language's variant would count an error.
    expect(w.rec.decodeErrors['no-language-variant'] ?? 0).toBe(0);
    expect(perDevice.size).toBe(w.p.devices);
    expect([...perDevice.values()].every((n) => n === 1)).toBe(true);
    expect(alerts.some(({ d }) => w.p.intent[d] === Intent.NONE)).toBe(true);
  });

  it('delivers each private message to exactly the targeted registered devices, in the customer’s language', () => {
    for (const [index, action] of scenario.timeline.entries()) {
      if (action.visibility !== 'private' || action.action === 'diagnostic_test') continue;
      const expected = expectedTargets(w, action.target, action.at);
      const sent = new Set<number>();
      for (let m = 0; m < log.count; m++) {
        if (log.created[m] !== action.at || log.up[m] || log.device[m] < 0 || log.src[m] !== 2) continue;
        if (log.kindName(m) !== BODY_OF_ACTION[action.action]) continue; // not an event reminder or end due then
        sent.add(log.device[m]);
      }
      const got = new Set(log.accepted.filter(({ m }) => log.created[m] === action.at && !log.pub[m] && !log.up[m] && log.kindName(m) === BODY_OF_ACTION[action.action]).map(({ d }) => d));
      const dropped = new Set([...sent].filter((d) => !got.has(d)));
      expect({ index, sent: [...sent].sort() }).toEqual({ index, sent: [...expected].sort() });
      for (const d of got) expect(expected.has(d)).toBe(true);
      for (const d of dropped) {
        const ms = [...Array(log.count).keys()].filter((m) => log.device[m] === d && log.created[m] === action.at && !log.up[m]);
        expect(ms.some((m) => log.state[m] !== State.DELIVERED)).toBe(true);
      }
      expect(expected.size).toBeGreaterThan(0);
    }
    for (const { m, d } of log.accepted) if (log.kindName(m) === 'textMessage') expect(log.lang[m]).toBe(w.cdcs.language[d]);
  });

  it('measures the delivery latency of every message, and produces the summary contract', async () => {
    const result = await runScenario(scenario);
    const s = result.summary;
    expect(s.population.customers).toBe(2000);
    expect(Object.keys(s.steps)).toEqual(STEP_IDS);
    for (const p of ['high', 'medium', 'low'] as const) {
      expect(s.delivery.by_priority[p].count).toBeGreaterThan(0);
      expect(s.delivery.by_priority[p].p50_s).toBeLessThanOrEqual(s.delivery.by_priority[p].p99_s!);
    }
    expect(s.delivery.by_kind.loadControlEvent.count).toBeGreaterThan(0);
    // Every hop is timed: each AMI message crosses the WAN once but the RF mesh once per hop (1–5, mean 2.5).
    const hops = s.network.hop_latency;
    expect(hops.rf.count).toBeGreaterThan(1.5 * hops.wan.count);
    expect(hops.han.count).toBeGreaterThan(0);
    expect(hops.rf.p50_s).toBeLessThanOrEqual(hops.rf.p99_s!);
    // Acknowledgements close round trips that are longer than the one-way trip they answer.
    expect(s.delivery.ack_round_trip.count).toBeGreaterThan(s.steps['S2-02'] * 0.9);
    expect(s.delivery.ack_round_trip.p50_s).toBeGreaterThan(hops.wan.p50_s!);
    expect(s.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.points.some((p) => p.measurement === 'delivery')).toBe(true);
    // The same seed gives the same digest.
    expect((await runScenario(scenario)).summary.digest).toBe(s.digest);
  });
});
