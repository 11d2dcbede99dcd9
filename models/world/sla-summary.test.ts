/**
 * The `sla` block of summary.json against an oracle built from outside the model: every C5 frame as created
 * (its header names priority, visibility, source and destination), every arrival the kernel delivered, and
 * each message's final state. NFR-04 covers messages to or from CDCS, NMS or a HAN device (appliance, IHD,
 * EMS) and public broadcasts (heard by devices); a delivery is within when it took ≤ sla_s (from the study),
 * and a message dropped, or still in flight at the end although sent more than sla_s before it, is a miss.
 */
import { describe, expect, it } from 'vitest';
import { Observation } from '../../conformance/observe.ts';
import { chainStudy, makeScenario } from '../../test/support/scenario.ts';
import { ActorKind, Priority, Visibility } from '../wire/types.ts';
import { Ev } from './events.ts';
import { runPartitioned } from './run-partitioned.ts';
import { runScenario } from './run-scenario.ts';

const SLA_S = 6;
const COVERED_ENDS = new Set<number>([ActorKind.ACTOR_CDCS, ActorKind.ACTOR_NMS, ActorKind.ACTOR_APPLIANCE, ActorKind.ACTOR_IHD, ActorKind.ACTOR_EMS]);
const PRIORITY_NAME: Record<number, string> = { [Priority.PRIORITY_HIGH]: 'high', [Priority.PRIORITY_MEDIUM]: 'medium', [Priority.PRIORITY_LOW]: 'low' };

interface Tally {
  count: number;
  delivered: number;
  dropped: number;
  late_in_flight: number;
  within: number;
  missed: number;
}

const empty = (): Tally => ({ count: 0, delivered: 0, dropped: 0, late_in_flight: 0, within: 0, missed: 0 });

function oracle(o: Observation, slaMs: number, endMs: number) {
  const byPriority: Record<string, Tally> = { high: empty(), medium: empty(), low: empty() };
  const byKind: Record<string, Tally> = {};
  const total = empty();
  const add = (pr: string, kind: string, outcome: 'within' | 'late' | 'dropped' | 'in-flight') => {
    for (const t of [byPriority[pr], (byKind[kind] ??= empty()), total]) {
      t.count++;
      if (outcome === 'dropped') t.dropped++;
      else if (outcome === 'in-flight') t.late_in_flight++;
      else t.delivered++;
      if (outcome === 'within') t.within++;
      else t.missed++;
    }
  };
  const device0 = o.w.ids.device0;
  for (let m = 0; m < o.msgs.count; m++) {
    const env = o.env(m);
    if (!env) continue; // background traffic keeps no frame
    const h = env.header!;
    const pr = PRIORITY_NAME[h.priority ?? 0];
    if (!pr) continue;
    const pub = h.visibility === Visibility.VISIBILITY_PUBLIC;
    if (!pub && !COVERED_ENDS.has(h.source?.kind ?? 0) && !COVERED_ENDS.has(h.destination?.kind ?? 0)) continue;
    const kind = Object.keys(env).find((k) => k !== 'header')!;
    const judge = (at: number) => add(pr, kind, at - Number(h.sentAtMs) <= slaMs ? 'within' : 'late');
    if (pub) for (const hop of o.hops[m] ?? []) if (hop.type === Ev.ARRIVE && hop.actor >= device0) judge(hop.at);
    if (!pub && o.arrivedAt[m] !== undefined) judge(o.arrivedAt[m]);
    if (o.dropped(m)) add(pr, kind, 'dropped');
    // Never arrived nor dropped: in flight when the run ended; a miss once it has waited longer than the SLA.
    else if (!pub && o.arrivedAt[m] === undefined && Number(h.sentAtMs) < endMs - slaMs) add(pr, kind, 'in-flight');
  }
  return { byPriority, byKind, total };
}

const pick = (t: Tally) => ({ count: t.count, delivered: t.delivered, dropped: t.dropped, late_in_flight: t.late_in_flight, within: t.within, missed: t.missed });
const END = 6 * 3_600_000; // chainStudy's duration

describe('summary.json sla block (NFR-04)', () => {
  it('counts within, missed and dropped as the per-message record does', async () => {
    // A tight SLA and a lossy mesh with one retry, so every outcome occurs.
    const s = makeScenario(chainStudy(24, { sla_s: SLA_S, network: { rf_mesh: { loss: 0.15, max_retries: 1 } } }));
    const expected = oracle(new Observation(s).runAll(), SLA_S * 1000, END);
    const { summary } = await runScenario(s);
    const sla = summary.sla;

    expect(expected.total.within).toBeGreaterThan(0);
    expect(expected.total.missed - expected.total.dropped).toBeGreaterThan(0);
    expect(expected.total.dropped).toBeGreaterThan(0);

    expect(sla.sla_s).toBe(SLA_S);
    expect(pick(sla)).toEqual(expected.total);
    expect(sla.verdict).toBe('missed');
    expect(sla.ok).toBe(false);
    for (const pr of ['high', 'medium', 'low'] as const) {
      expect(pick(sla.by_priority[pr]), pr).toEqual(expected.byPriority[pr]);
      expect(sla.by_priority[pr].ok).toBe(expected.byPriority[pr].missed === 0);
    }
    expect(Object.keys(sla.by_kind).sort()).toEqual(Object.keys(expected.byKind).sort());
    for (const [kind, t] of Object.entries(expected.byKind)) {
      expect(pick(sla.by_kind[kind]), kind).toEqual(t);
      expect(sla.by_kind[kind].within_sla).toBeCloseTo(t.within / t.count, 5);
    }
  });

  it('counts messages still in flight at the end, past the SLA, as missed', async () => {
    // A mesh far too slow for the traffic: queues still hold messages sent hours before the end.
    const s = makeScenario(chainStudy(24, { sla_s: 60, network: { meters_per_collector: 6, rf_mesh: { bandwidth_Bps: 1 } } }));
    const expected = oracle(new Observation(s).runAll(), 60_000, END);
    const { summary } = await runScenario(s);
    expect(expected.total.late_in_flight).toBeGreaterThan(0);
    expect(pick(summary.sla)).toEqual(expected.total);
    for (const pr of ['high', 'medium', 'low'] as const) expect(pick(summary.sla.by_priority[pr]), pr).toEqual(expected.byPriority[pr]);
    for (const [kind, t] of Object.entries(expected.byKind)) expect(pick(summary.sla.by_kind[kind]), kind).toEqual(t);
    // Sent in one partition, finished in another: the sums over partitions give the same block.
    const split = await runPartitioned(s, { workers: 2, inProcess: true });
    expect(split.summary.sla).toEqual(summary.sla);
  });

  it('is met with zero missed when the SLA is generous', async () => {
    const s = makeScenario(chainStudy(12, { sla_s: 3600, network: { rf_mesh: { loss: 0 }, han: { loss: 0 }, wan: { loss: 0 } } }));
    const expected = oracle(new Observation(s).runAll(), 3600 * 1000, END);
    const { summary } = await runScenario(s);
    expect(expected.total.missed).toBe(0);
    expect(pick(summary.sla)).toEqual(expected.total);
    expect(summary.sla.verdict).toBe('met');
    expect(summary.sla.within_sla).toBe(1);
  });
});
