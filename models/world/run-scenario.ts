/**
 * Runs one study: draws the population, builds the C5 world on the kernel, seeds registrations, the
 * timeline and background traffic, runs to the scenario's end and returns summary, points and CDFs.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../../scenarios/types.ts';
import type { ActorKind } from '../../sim/actor-kind.ts';
import { Simulator } from '../../sim/simulator.ts';
import { studyHash } from '../../scenarios/study-hash.ts';
import type { Provenance, RunOrigin, RunResult, Summary } from '../run-result.ts';
import { cdcsKind, cssKind, mdmsKind, nmsKind, webKind } from './back-office.ts';
import { isoWithOffset, zonedEpochMs } from './clock.ts';
import { customerKind } from './customer.ts';
import { deviceKind } from './device.ts';
import { withHeldUsage, withMeterFeed } from './metering/kinds.ts';
import { withDemandLimit } from './ems/kinds.ts';
import { directorKind, flushMinute, MINUTE_MS } from './director.ts';
import { Cls, Ev } from './events.ts';
import { CDCS, CSR, NMS, WEB } from './ids.ts';
import { broadcastKind, collectorKind, meterKind } from './network-kinds.ts';
import { deviceTypeName, drawPopulation, type Population } from './population.ts';
import type { CustomerChange } from './management.ts';
import { buildSummary, cdfOf } from './summary.ts';
import { World, type WorldOptions } from './world.ts';
import type { ExportEvent } from '../../sim/simulator.ts';
import { backOfficeOwners, ownerMap, planPartitions, type PartitionPlan } from './partition-plan.ts';
import { actorOfAction } from './timeline.ts';
import { mergeRunTotals, runTotals, type SummaryInput } from './run-totals.ts';
import type { MetricPoint } from '../../sim/metrics/point.ts';
import { EXAMPLES } from '../wire/examples.ts';
import { nmsToCollectorMs } from '../transport/link-graph.ts';
import { withPublicAlertFeeds } from '../alerts/feeds.ts';
import { pricingKind } from '../pricing/pricing-actor.ts';
import { PricingState } from '../pricing/pricing-state.ts';

export interface Progress {
  simMs: number;
  durationMs: number;
  events: number;
  wallS: number;
}

export interface RunOptions {
  runId?: string;
  workers?: number;
  onProgress?: (p: Progress) => void;
  /** Receives the metric points as the run produces them (each slice of simulated time), for streaming sinks. */
  onPoints?: (points: RunResult['points']) => void;
  world?: WorldOptions;
  /** Wall-clock source for the wall_s figures (the CLI passes performance.now); never used by the model. */
  clock?: () => number;
  /** Where the study came from, for summary.json `provenance` (default: not from a file, version unknown). */
  origin?: RunOrigin;
  /** One-thread runs: receives the simulator and world before the first event (bench/profile.ts counts events by type). */
  onBuilt?: (built: BuiltWorld) => void;
}

/** The world and simulator of a run, for tests that inspect state after (or during) a run. */
export interface BuiltWorld {
  sim: Simulator;
  world: World;
}

/** Builds one partition of a partitioned run: `exportEvent` receives events for other partitions' actors. */
export interface PartitionSpec {
  index: number;
  count: number;
  exportEvent: ExportEvent;
  /** Receives the split (planned from the population, so every partition plans the same) and the actor → partition map. */
  onPlan(plan: PartitionPlan, owner: Uint8Array): void;
  /** The study's population, drawn once for all partitions (drawn here when absent). */
  population?: Population;
}

export function buildWorld(study: Scenario, options: WorldOptions = {}, partition?: PartitionSpec): BuiltWorld {
  // CDCS sends the CAP feeds' public messages (OI-3) as timeline actions after the study's own.
  const s = withPublicAlertFeeds(study, options.hooks?.alertRegions);
  const p = partition?.population ?? drawPopulation(s);
  const plan = partition ? planPartitions(p, partition.count) : null;
  const devices: [number, number] = plan ? [plan.deviceStart[partition!.index], plan.deviceStart[partition!.index + 1]] : [0, p.devices];
  // A CPP day peaks at about 6.6 pending events per device (cpp-day.yaml at 10k): the hint sizes the event store's pages.
  const sim = new Simulator({ seed: s.seed, eventNames: Ev, pendingHint: 8 * (devices[1] - devices[0]) + 1024 });
  const office = plan ? backOfficeOwners(options.backOffice, plan.count) : null;
  const w = new World(sim, s, p, options, devices, (id) => office === null || office[id] === partition!.index);
  const one = (k: ActorKind) => sim.addKind(k, 1);
  one(cssKind(w));
  one(nmsKind(w));
  one(cdcsKind(w));
  one(mdmsKind(w));
  one(webKind(w, WEB));
  one(webKind(w, CSR));
  one(directorKind(w));
  sim.addKind(collectorKind(w), p.collectors);
  sim.addKind(broadcastKind(w), p.regions.length);
  sim.addKind(withMeterFeed(w, meterKind(w)), p.customers);
  sim.addKind(customerKind(w), p.customers);
  sim.addKind(withDemandLimit(w, withHeldUsage(w, deviceKind(w))), p.devices);
  addFirmware(w);
  // OI-6: the pricing actor, after every other kind so studies without one keep their actor ids.
  if (s.pricing) sim.addKind(pricingKind(new PricingState(s, w.hooks.pricingPlan)), 1);
  if (partition) {
    const limit = Math.max(...sim.kindRanges.map((r) => r.first + r.count));
    const owner = ownerMap(plan!, w.ids, limit, partition.index, options.backOffice, sim.kindRanges);
    partition.onPlan(plan!, owner);
    w.placeIn(owner, partition.index);
    sim.partition(owner, partition.index, partition.exportEvent);
  }
  sim.spawnAll();
  for (let d = 0; d < p.devices; d++) if (p.registerAt[d] >= 0 && p.registerAt[d] <= s.duration) sim.at(p.registerAt[d], w.customerActor(p.owner[d]), Ev.REGISTER, d);
  s.timeline.forEach((a, i) => sim.at(a.at, actorOfAction(a), Ev.ACTION, i));
  if (s.rate_advice) sim.at(s.rate_advice.at, CDCS, Ev.RATE_ADVICE, 0);
  // Network faults go to the actor owning the link (so a partitioned run applies them where the link lives).
  s.network.faults.forEach((f, i) => {
    const onCollector = f.kind === 'wan' || f.kind === 'rf';
    sim.at(f.at, onCollector ? w.collectorActor(f.index) : w.meterActor(f.index), f.kind === 'meter' ? Ev.METER_RESTART : Ev.LINK_DOWN, i);
  });
  seedChanges(w);
  return { sim, world: w };
}

/**
 * FR-03: a share of registering customers later change their device's program, language or alert limit,
 * or delete it, at a random time between the end of the registration window and the end of the run.
 */
function seedChanges(w: World): void {
  const { s, p } = w;
  const share = s.behaviour.change_share;
  if (share <= 0) return;
  const from = s.population.registration.start + s.population.registration.window;
  if (from >= s.duration) return;
  for (let d = 0; d < p.devices; d++) {
    if (p.registerAt[d] < 0) continue;
    // Stream 1 of the device, drawn here only: every partition draws the same changes whatever it owns.
    const r = w.sim.random(w.deviceActor(d), 1);
    const u = () => r.uniform();
    if (u() >= share) continue;
    const at = from + Math.floor(u() * (s.duration - from));
    const pick = u();
    const eligible = s.programs.flatMap((prog, i) => (prog.appliance_types.includes(deviceTypeName(p, d) as never) ? [i] : []));
    const change: CustomerChange =
      pick < 0.4 && eligible.length > 0
        ? { kind: 'program', program: u() < 0.2 ? -1 : eligible[Math.floor(u() * eligible.length)] }
        : pick < 0.6
          ? { kind: 'language', language: p.languages[Math.floor(u() * p.languages.length)] }
          : pick < 0.9
            ? { kind: 'alert_limit', price: Math.round((0.2 + 0.4 * u()) * 100) / 100 }
            : { kind: 'delete' };
    w.customerChange(d, change, at);
  }
}

/** A firmware image pushed by NMS to every meter, in blocks (background traffic, NFR-02). */
function addFirmware(w: World): void {
  const fw = w.s.network.background.firmware;
  if (fw.at === null || fw.bytes <= 0) return;
  const blocks = Math.ceil(fw.bytes / fw.block_bytes);
  const kind: ActorKind = {
    name: 'firmware',
    event(sim) {
      for (let c = 0; c < w.p.customers; c++) {
        for (let b = 0; b < blocks; b++) {
          const body = { ...EXAMPLES.firmwareImageBlock.firmwareImageBlock, fileOffset: b * fw.block_bytes, imageSize: fw.bytes, data: new Uint8Array(fw.block_bytes) };
          const m = w.create('firmwareImageBlock', body, Cls.FIRMWARE, false, NMS, w.meterActor(c), -1, false);
          w.rec.background('firmware', w.msgs.size[m]);
          sim.send(w.collectorActor(w.p.collector[c]), nmsToCollectorMs(w.s.network), Ev.WAN_ENQ, m);
        }
      }
    },
  };
  // The push is an NMS action; a tiny helper kind keeps the NMS handler free of it.
  const range = w.sim.addKind(kind, 1);
  w.sim.at(fw.at, range.first, 0);
}

export async function runScenario(s: Scenario, options: RunOptions = {}): Promise<RunResult> {
  if ((options.workers ?? 1) > 1) {
    const { runPartitioned } = await import('./run-partitioned.ts');
    return runPartitioned(s, options);
  }
  const clock = options.clock ?? (() => 0);
  const t0 = clock();
  const { sim, world: w } = buildWorld(s, options.world);
  options.onBuilt?.({ sim, world: w });
  // Run in slices of simulated time so a progress bar can follow.
  const slice = Math.max(MINUTE_MS, Math.ceil(s.duration / 200 / MINUTE_MS) * MINUTE_MS);
  let streamed = 0;
  const stream = async () => {
    if (!options.onPoints || w.rec.points.length === streamed) return;
    options.onPoints(w.rec.points.slice(streamed));
    streamed = w.rec.points.length;
    await new Promise((resolve) => setImmediate(resolve)); // let a streaming sink's I/O run
  };
  for (let t = Math.min(slice, s.duration); ; t = Math.min(t + slice, s.duration)) {
    sim.run({ until: t });
    w.msgs.recycle();
    options.onProgress?.({ simMs: t, durationMs: s.duration, events: sim.delivered, wallS: (clock() - t0) / 1000 });
    await stream();
    if (t >= s.duration) break;
  }
  finishWorld(w);
  await stream();
  const input = mergeRunTotals([runTotals(w, 0, w.p.devices, sim.delivered)], s.sla_s, w.p.customers, w.minutePoints);
  return resultOf(s, input, w.rec.points, options, (clock() - t0) / 1000);
}

/** After the last event: the last partial minute's points, and every actor's final handler. */
export function finishWorld(w: World): void {
  const s = w.s;
  w.transport.settle(true); // every arrival due by the end joins its queue (depth figures)
  if (s.duration % MINUTE_MS !== 0) flushMinute(w, Math.floor(s.duration / MINUTE_MS) * MINUTE_MS);
  w.sim.finish();
}

/** summary.json, digest and CDFs from merged totals and points (single-partition and partitioned runs alike). */
export function resultOf(s: Scenario, input: SummaryInput, points: MetricPoint[], options: RunOptions, wallS: number): RunResult {
  const runId = options.runId ?? `${s.name}-${s.seed}`;
  const summary = buildSummary(input, s, runId, options.workers ?? 1, { wall_s: wallS }, provenanceOf(s, options.origin));
  summary.digest = digestOf(summary, points);
  const startEpoch = zonedEpochMs(s.start, s.time_zone);
  return {
    summary,
    points,
    latency_cdf: { high: cdfOf(input.rec, 0), medium: cdfOf(input.rec, 1), low: cdfOf(input.rec, 2) },
    latency_sketches: { high: input.rec.byPriority[0].toJSON(), medium: input.rec.byPriority[1].toJSON(), low: input.rec.byPriority[2].toJSON() },
    start_instant: isoWithOffset(startEpoch, s.time_zone),
  };
}

/** summary.json `provenance`: the caller's origin and what the resolved study says of itself. */
export function provenanceOf(s: Scenario, origin: RunOrigin | undefined): Provenance {
  const o = origin ?? { source: '', sets: [], version: 'unknown', commit: 'unknown' };
  return { study: s.name, source: o.source, sets: [...o.sets], seed: s.seed, version: o.version, commit: o.commit, study_hash: studyHash(s) };
}

/**
 * SHA-256 over everything deterministic: the summary less wall-clock fields, run id and provenance (the same
 * study from its file with --set, or from its resolved.yaml, or at another commit that changed nothing, agrees),
 * and every point.
 */
export function digestOf(summary: Summary, points: RunResult['points']): string {
  const { run_id: _r, digest: _d, workers: _w, provenance: _p, sim, ...rest } = summary;
  const h = createHash('sha256');
  h.update(JSON.stringify({ ...rest, sim: { events: sim.events, sim_s: sim.sim_s } }));
  for (const p of points) h.update(JSON.stringify(p));
  return h.digest('hex');
}

