import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScenario } from '../../scenarios/load.ts';
import { makeScenario } from '../../test/support/scenario.ts';
import { Css } from './back-office-state.ts';
import { buildWorld, runScenario } from './run-scenario.ts';
import { MessageLog } from '../../conformance/message-log.ts';
import type { World } from './world.ts';

/**
 * Indexes and counts kept in small typed arrays wrapped silently: a 33rd group aliased group 0, region 256
 * aliased region 0, hops above 255 and more than 255 devices per premise were cut modulo 256. The format now
 * stops each at what its storage holds (limits.ts). These tests run the world AT each limit, where the
 * storage must still be exact, and check that one past it is refused with the field, the limit and the value.
 * Expected deliveries come from the study itself (who is in the group or region), not from model state.
 */

const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function study(population: Record<string, unknown>, timeline: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'edge',
    duration: '3h',
    seed: 5,
    population: { registration: { start: 0, window: '10m' }, registration_rate: 1, mismatch_rate: 0, duplicate_rate: 0, ems_share: 0, ihd_share: 0, ...population },
    network: { background: { meter_reads: { interval: 0 } } },
    behaviour: { change_share: 0 },
    timeline,
    ...extra,
  };
}

function errorsOf(doc: Record<string, unknown>): string[] {
  const r = parseScenario(stringify(doc), 'edge.yaml');
  return r.ok ? [] : r.errors.map((e) => e.message);
}

/** Devices that accepted a message of `kind` created at `at`. */
function reached(log: MessageLog, kind: string, at: number): Set<number> {
  return new Set(log.accepted.filter(({ m }) => log.kindName(m) === kind && log.created[m] === at).map(({ d }) => d));
}

function registered(w: World): number[] {
  return [...Array(w.p.devices).keys()].filter((d) => w.css.status[d] === Css.REGISTERED);
}

describe('storage limits: exact at the limit, refused one past it', () => {
  it('32 messaging groups: a private text to the 32nd group reaches its members only; a 33rd group is refused', () => {
    // Every customer is in the last group and in no other: a text to group 0 must reach nobody.
    const groups = names(32, 'g').map((name, i) => ({ name, share: i === 31 ? 1 : 0 }));
    const text = { en: 'hello' };
    const s = makeScenario(
      study({ customers: 20, groups }, [
        { at: '1h', action: 'text_message', text, target: { group: 'g31' } },
        { at: '1h10m', action: 'text_message', text, target: { group: 'g0' } },
      ]),
    );
    const { sim, world: w } = buildWorld(s);
    const log = new MessageLog(w);
    sim.run({ until: s.duration });
    expect(registered(w).length).toBeGreaterThan(0);
    expect([...reached(log, 'textMessage', 3_600_000)].sort()).toEqual(registered(w).sort());
    expect(reached(log, 'textMessage', 4_200_000).size).toBe(0);

    const errs = errorsOf(study({ customers: 20, groups: [...groups, { name: 'g32', share: 0 }] }, []));
    expect(errs).toEqual([expect.stringMatching(/population\.groups: expected at most 32 entries \(.+\), found a list of 33$/)]);
  });

  it('256 regions: a public alert to region 256 reaches every device there; a 257th region is refused', () => {
    const regions = names(256, 'r').map((name, i) => ({ name, share: i === 255 ? 1 : 0 }));
    const text = { en: 'alert' };
    const s = makeScenario(
      study({ customers: 10, regions, registration_rate: 0 }, [
        { at: '1h', action: 'public_alert', alert: 'weather', text, target: { region: 'r255' } },
        { at: '1h10m', action: 'public_alert', alert: 'weather', text, target: { region: 'r0' } },
      ]),
    );
    const { sim, world: w } = buildWorld(s);
    const log = new MessageLog(w);
    sim.run({ until: s.duration });
    // Unregistered devices hear public alerts too (FR-22): every device of the study is in region 256.
    expect(reached(log, 'publicAlert', 3_600_000).size).toBe(w.p.devices);
    expect(reached(log, 'publicAlert', 4_200_000).size).toBe(0);

    const errs = errorsOf(study({ customers: 10, regions: names(257, 'r').map((name, i) => ({ name, share: i === 0 ? 1 : 0 })) }, []));
    expect(errs).toEqual([expect.stringMatching(/population\.regions: expected at most 256 entries \(.+\), found a list of 257$/)]);
  });

  it('255 devices per premise: a broadcast reaches all of them; a premise of 256 is refused', () => {
    // Up to 253 appliances + an EMS + an IHD = 255 devices per customer (1 + Poisson(252), capped: many hit the cap).
    const s = makeScenario(
      study({ customers: 6, appliances_per_customer: { mean: 253, max: 253 }, ems_share: 1, ihd_share: 1, registration_rate: 0 }, [
        { at: '1h', action: 'public_alert', alert: 'weather', text: { en: 'alert' } },
      ]),
    );
    const { sim, world: w } = buildWorld(s);
    const log = new MessageLog(w);
    sim.run({ until: s.duration });
    const perCustomer = new Map<number, number>();
    for (let d = 0; d < w.p.devices; d++) perCustomer.set(w.p.owner[d], (perCustomer.get(w.p.owner[d]) ?? 0) + 1);
    expect(Math.max(...perCustomer.values())).toBe(255);
    expect(reached(log, 'publicAlert', 3_600_000).size).toBe(w.p.devices);

    const errs = errorsOf(study({ customers: 2, appliances_per_customer: { mean: 2, max: 254 } }, []));
    expect(errs).toEqual([expect.stringMatching(/population\.appliances_per_customer\.max: expected a whole number from 1 to 253 \(.+\), found 254$/)]);
  });

  it('255 RF hops: each meter message crosses the mesh 255 times, later than at 254 hops; 256 hops are refused', async () => {
    const at = (h: number) =>
      study({ customers: 1, appliances_per_customer: { mean: 1, max: 1 } }, [{ at: '1h', action: 'diagnostic_test' }], {
        network: { rf_mesh: { hops: { min: h, max: h }, loss: 0 }, wan: { loss: 0 }, han: { loss: 0 }, background: { meter_reads: { interval: 0 } } },
      });
    const [r255, r254] = await Promise.all([runScenario(makeScenario(at(255))), runScenario(makeScenario(at(254)))]);
    const hops = r255.summary.network.hop_latency;
    // A message between NMS and the meter crosses the WAN once and the mesh once per hop.
    expect(hops.rf.count).toBe(255 * hops.wan.count);
    expect(r254.summary.network.hop_latency.rf.count).toBe(254 * r254.summary.network.hop_latency.wan.count);
    expect(r255.summary.digest).not.toBe(r254.summary.digest);

    expect(errorsOf(at(256))).toEqual([
      expect.stringMatching(/network\.rf_mesh\.hops\.min: expected a whole number from 1 to 255 \(.+\), found 256$/),
      expect.stringMatching(/network\.rf_mesh\.hops\.max: expected a whole number from 1 to 255 \(.+\), found 256$/),
    ]);
  });

  it.each([
    ['languages', { population: { customers: 1, languages: Object.fromEntries(names(257, 'x').map((_, i) => [`l${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, 1])) } }, /population\.languages: expected at most 256 entries/],
    ['programs', { population: { customers: 1 }, programs: names(32_768, 'p').map((id) => ({ id, kind: 'TOU' })) }, /programs: expected at most 32767 entries/],
    ['max_retries', { population: { customers: 1 }, network: { han: { max_retries: 256 } } }, /network\.han\.max_retries: expected a whole number from 0 to 255 .+found 256/],
    ['opt_out_limit', { population: { customers: 1 }, programs: [{ id: 'p', kind: 'CPP', opt_out_limit: 65_536 }] }, /programs\[0\]\.opt_out_limit: expected a whole number from 0 to 65535 .+found 65536/],
    ['a price past the wire', { population: { customers: 1 }, programs: [{ id: 'p', kind: 'RTP' }], timeline: [{ action: 'current_price', program: 'p', price: 21_475 }] }, /timeline\[0\]\.price: expected a number from 0 to 21474 .+found 21475/],
    ['a price duration meaning "until changed"', { population: { customers: 1 }, programs: [{ id: 'p', kind: 'RTP' }], timeline: [{ action: 'current_price', program: 'p', price: 1, duration: '65535m' }] }, /timeline\[0\]\.duration: expected a duration from 1ms to 45d12h14m .+found "65535m"/],
    ['a price tier', { population: { customers: 1 }, programs: [{ id: 'p', kind: 'RTP' }], timeline: [{ action: 'current_price', program: 'p', price: 1, tier: 16 }] }, /timeline\[0\]\.tier: expected a whole number from 1 to 15 .+found 16/],
    ['devices past 32-bit ids', { population: { customers: 10_000_000, appliances_per_customer: { mean: 2, max: 60 } } }, /population\.customers: expected at most 8064516 with appliances_per_customer\.max 60 .+found 10000000/],
  ])('one past the limit of %s is refused, naming the field, the limit and the value', (_, doc, message) => {
    const errs = errorsOf({ name: 'edge', ...doc });
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(message);
  });
});
