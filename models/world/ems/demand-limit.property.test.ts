/**
 * The controller's guarantee as a property over random small studies: with the EMS on, a premise's time above
 * its limit is never more than without it (the same study with an EMS that never sheds), give or take the
 * controller's own reaction delay — one step per appliance it may shed and one to notice, a step being a usage
 * report (period, minimum interval), its HAN delivery and the command's hop — and the time it had nothing left
 * to shed. From the first hour on (registrations done), everything is sampled here every second from the premises' power, the commands the EMSs sent (the
 * `emsCommand` trace) and whether the EMS holds a value; the bounds come from the study.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emsDoc, emsArb } from '../../../conformance/ems-study.ts';
import { EMS_HOP_MS } from '../../../conformance/checks/home-network.ts';
import type { Scenario } from '../../../scenarios/types.ts';
import { makeScenario } from '../../../test/support/scenario.ts';
import { DEVICE_TYPES } from '../population.ts';
import { buildWorld } from '../run-scenario.ts';
import type { WorldOptions } from '../world.ts';

const SAMPLE_MS = 1_000;
/** Registrations end by 10 minutes; from here on every appliance is configured and known to its EMS. */
const FROM_MS = 3_600_000;
/** A premise's HAN queue behind other frames, and airtime: well under this. */
const HAN_SLACK_MS = 2_000;

interface PremiseTimes {
  aboveMs: number;
  saturatedAboveMs: number;
  stretches: number;
  longestStretchMs: number;
  controlled: number;
}

function sampled(s: Scenario, options: WorldOptions = {}): PremiseTimes[] {
  const { sim, world: w } = buildWorld(s, options);
  const p = w.p, r = s.programs[0].response, limitW = r.demand_limit_kw * 1000;
  const shed = new Set<number>();
  w.trace.emsCommand.connect((_ems, d, on) => void (on ? shed.add(d) : shed.delete(d)));
  const out: PremiseTimes[] = [];
  const controlled: number[][] = [];
  for (let c = 0; c < p.customers; c++) {
    const list: number[] = [];
    for (let d = p.firstDevice[c]; d < p.firstDevice[c] + p.deviceCount[c]; d++) if (p.viaEms[d] && p.program[d] === 0 && (r.shed_order as readonly string[]).includes(DEVICE_TYPES[p.type[d]])) list.push(d);
    controlled.push(list);
    out.push({ aboveMs: 0, saturatedAboveMs: 0, stretches: 0, longestStretchMs: 0, controlled: list.length });
  }
  const stretchFrom = new Float64Array(p.customers).fill(NaN);
  for (let t = SAMPLE_MS; t <= s.duration; t += SAMPLE_MS) {
    sim.run({ until: t });
    if (t <= FROM_MS) continue;
    for (let c = 0; c < p.customers; c++) {
      let demand = 0;
      for (let d = p.firstDevice[c]; d < p.firstDevice[c] + p.deviceCount[c]; d++) demand += w.load.powerW(d);
      const o = out[c];
      const actionable = w.metering.held.readingAt[p.ems[c]] >= 0 && controlled[c].some((d) => !shed.has(d));
      if (demand > limitW) {
        o.aboveMs += SAMPLE_MS;
        if (!actionable) o.saturatedAboveMs += SAMPLE_MS;
        else if (Number.isNaN(stretchFrom[c])) (o.stretches++, (stretchFrom[c] = t));
      }
      if (!(demand > limitW && actionable)) stretchFrom[c] = NaN;
      else o.longestStretchMs = Math.max(o.longestStretchMs, t - stretchFrom[c] + SAMPLE_MS);
    }
  }
  return out;
}

describe('DEMAND_LIMIT: time above the limit with the EMS', () => {
  it('is never more than without it, but for the reaction delay and the time with nothing left to shed', () => {
    fc.assert(
      fc.property(emsArb(), (x) => {
        const s = makeScenario({ ...emsDoc({ ...x, customers: Math.min(x.customers, 5) }), duration: '3h' });
        const han = s.network.han;
        const stepMs = s.metering.period + s.metering.min_interval + 2 * (han.latency_ms + EMS_HOP_MS) + HAN_SLACK_MS;
        const on = sampled(s);
        const off = sampled(s, { hooks: { emsOverLimit: () => false } });
        on.forEach((a, c) => {
          // Each stretch above the limit while the EMS could act lasts at most (appliances + 1) steps (+ a sample).
          const boundMs = (a.controlled + 1) * stepMs + SAMPLE_MS;
          expect(a.longestStretchMs, `premise ${c}: above the limit with something to shed`).toBeLessThanOrEqual(boundMs);
          const slack = a.stretches * boundMs;
          expect(a.aboveMs, `premise ${c}: ${a.stretches} stretches, ${a.saturatedAboveMs} ms with nothing to shed`).toBeLessThanOrEqual(off[c].aboveMs + a.saturatedAboveMs + slack);
        });
      }),
      { numRuns: 8 },
    );
  }, 900_000);
});
