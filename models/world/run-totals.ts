/**
 * The whole-run figures of one partition (or of a whole single-partition run), as plain data that crosses
 * threads and merges exactly: counts add, sketches merge, queue maxima take the max. A partition counts
 * only what it owns, so the sum over partitions is the figure of the whole world.
 */
import { Css } from './back-office-state.ts';
import { CSS } from './ids.ts';
import { EMS, IHD, Intent } from './population.ts';
import { Recorder, type RecorderTotals } from './recorder.ts';
import { emptyReach, mergeReach, type ReachTotals } from './response-reach.ts';
import type { World } from './world.ts';
import type { AdviceRecord } from '../advice/advisor.ts';
import { mergeMeteringTotals, type MeteringTotals } from './metering/metering.ts';
import { mergeDemandLimitTotals, type DemandLimitTotals } from './ems/ems.ts';

export interface RunTotals {
  events: number;
  /** Partitioned runs: events this partition mailed to others, and windows it ran (not in the summary). */
  mailed?: number;
  windows?: number;
  devices: { appliances: number; ihds: number; emss: number; unregistered: number; registered: number; enrolled: number };
  rec: RecorderTotals;
  queueDepthMax: Record<string, number>;
  load: { participants: number; households: number; violations: number; shortfalls: number };
  reach: ReachTotals;
  /** OI-5: the advisor's records, where CDCS runs. */
  advice: AdviceRecord[];
  metering: MeteringTotals;
  demandLimit: DemandLimitTotals[];
}

/** What the summary is built from: merged totals, plus the per-minute kW totals of the merged points. */
export interface SummaryInput {
  customers: number;
  events: number;
  devices: RunTotals['devices'];
  rec: Recorder;
  queueDepthMax: Record<string, number>;
  load: RunTotals['load'] & LoadSeries;
  reach: ReachTotals;
  advice: AdviceRecord[];
  metering: MeteringTotals;
  demandLimit: DemandLimitTotals[];
}

/** Per-minute kW of the whole world and of each region, DR world and exact baseline. */
export interface LoadSeries {
  baseTotal: number[];
  drTotal: number[];
  regions: string[];
  baseByRegion: number[][];
  drByRegion: number[][];
  /**
   * The same per slice of each region's appliances (load.ts sliceCount): slice r × (P + 1) + k holds the
   * participants of program k (study order), slice r × (P + 1) + P those in no program.
   */
  programs: string[];
  baseBySlice: number[][];
  drBySlice: number[][];
}

/** Totals over devices d0 … d1-1 (the partition's own); back-office counts only where the back office runs. */
export function runTotals(w: World, d0: number, d1: number, events: number): RunTotals {
  const p = w.p, css = w.css;
  const devices = { appliances: 0, ihds: 0, emss: 0, unregistered: 0, registered: 0, enrolled: 0 };
  let participants = 0, households = 0, lastOwner = -1;
  for (let d = d0; d < d1; d++) {
    if (p.type[d] === IHD) devices.ihds++;
    else if (p.type[d] === EMS) devices.emss++;
    else devices.appliances++;
    if (p.intent[d] === Intent.NONE) devices.unregistered++;
    if (w.load.hasParticipated(d)) {
      participants++;
      // A customer's devices are consecutive, so a household is counted at its first participating device.
      if (p.owner[d] !== lastOwner) households++;
      lastOwner = p.owner[d];
    }
  }
  // CSS's records cover every device and live where CSS runs: registered, and enrolled in the program chosen.
  if (w.sim.owns(CSS)) {
    for (let d = 0; d < p.devices; d++) {
      if (css.status[d] !== Css.REGISTERED) continue;
      devices.registered++;
      if (css.program[d] >= 0) devices.enrolled++;
    }
  }
  return {
    events,
    devices,
    rec: w.rec.totals(),
    queueDepthMax: Object.fromEntries([w.wan, w.rf, w.han, w.bcast].map((l) => [l.name, l.maxDepthEver])),
    load: { participants, households, violations: w.load.violations(), shortfalls: w.load.shortfalls() },
    reach: w.reach,
    advice: w.advisor?.records ?? [],
    metering: w.metering.totals(d0, d1, w.s.duration),
    demandLimit: w.ems.totals(d0 < d1 ? p.owner[d0] : 0, d0 < d1 ? p.owner[d1 - 1] + 1 : 0, w.s.duration, w.s.programs),
  };
}

export function mergeRunTotals(parts: RunTotals[], slaS: number, customers: number, minutes: LoadSeries): SummaryInput {
  const rec = new Recorder(slaS);
  const devices = { appliances: 0, ihds: 0, emss: 0, unregistered: 0, registered: 0, enrolled: 0 };
  const { baseTotal, drTotal, regions, baseByRegion, drByRegion, programs, baseBySlice, drBySlice } = minutes;
  const load = { participants: 0, households: 0, violations: 0, shortfalls: 0, baseTotal, drTotal, regions, baseByRegion, drByRegion, programs, baseBySlice, drBySlice };
  const reach = emptyReach();
  const queueDepthMax: Record<string, number> = {};
  let events = 0;
  const advice: AdviceRecord[] = [];
  for (const t of parts) {
    advice.push(...t.advice);
    events += t.events;
    rec.mergeTotals(t.rec);
    for (const k of Object.keys(devices) as (keyof typeof devices)[]) devices[k] += t.devices[k];
    for (const k of ['participants', 'households', 'violations', 'shortfalls'] as const) load[k] += t.load[k];
    for (const [k, v] of Object.entries(t.queueDepthMax)) queueDepthMax[k] = Math.max(queueDepthMax[k] ?? 0, v);
    mergeReach(reach, t.reach);
  }
  advice.sort((a, b) => a.customer - b.customer);
  return { customers, events, devices, rec, queueDepthMax, load, reach, advice, metering: mergeMeteringTotals(parts.map((t) => t.metering)), demandLimit: mergeDemandLimitTotals(parts.map((t) => t.demandLimit)) };
}
