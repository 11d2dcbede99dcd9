/**
 * Before a run: how many events and how much memory a study will take, from its population, timeline and
 * duration alone (no draws, no world), so `scsim validate` and `scsim run` can show it and refuse a study
 * that cannot fit this machine. The coefficients are calibrated against real runs of the library studies
 * and the scale benchmark (README.md beside this file, "Before a run: the estimate", says how to redo it).
 * It is an estimate of expected values: a run lands within a factor of about 1.5 of it.
 */
import { effectiveTimeline } from '../models/pricing/plan.ts';
import type { Scenario, Target } from './types.ts';

const H = 3_600_000;
const MIN = 60_000;

/**
 * Calibration (cpp-day at 4k–400k customers, quickstart, sla-capacity, registration-surge; see README):
 * resident memory of a run = BASE + devices × PER_DEVICE + metric points × PER_POINT (+ per extra worker).
 */
export const CALIBRATION = {
  /** Node, the TypeScript loader, protobuf schemas and the code: RSS of a tiny run. */
  baseBytes: 170e6,
  /** Struct-of-arrays state of a device, its meter and customer share, queues and GC headroom. */
  perDeviceBytes: 2_200,
  /** One metric point object kept for the report and summary (measured: ~190 B on the heap). */
  perPointBytes: 200,
  /** Each worker beyond the first: its own runtime, and a share of the state held twice. */
  perExtraWorkerBytes: 150e6,
  perExtraWorkerDeviceShare: 0.25,
  /** Kernel events per message: a queue entry and a transmission per link hop, an arrival per actor. */
  eventsPerMessageBase: 2.5,
  eventsPerMessagePerHop: 1.5,
  /** Appliance physics: power changes per appliance-hour (thermostat cycles, draws, defrosts). */
  physicsPerApplianceHour: 3,
  /** Messages of one registration, S1-01 … S1-17. */
  messagesPerRegistration: 14,
  /** An S2-08 report and its forwarding to CSS. */
  messagesPerReport: 2,
  /** Metric points per simulated minute: fixed series and per-region load series. */
  pointsPerMinute: 16,
  pointsPerMinutePerRegion: 21,
  /** NFR-03 feed: a report's HAN transmission and arrival, and the meter's timer shared by its subscribers. */
  eventsPerMeteringReport: 3,
  /** Change reports beside the periodic ones (quickstart and cpp-day: 6–7 %). */
  meteringChangeShare: 0.07,
} as const;

export interface RunEstimate {
  customers: number;
  /** Expected devices: appliances, EMSs and IHDs. */
  devices: number;
  messages: number;
  events: number;
  points: number;
  memoryBytes: number;
  /** The part of memoryBytes on the JavaScript heap (metric points), against the heap limit. */
  heapBytes: number;
}

/** E[1 + min(Poisson(mean − 1), max − 1)]: expected appliances per customer (population.ts draws exactly this). */
export function expectedAppliances(mean: number, max: number): number {
  const lambda = mean - 1;
  if (max <= 1 || lambda <= 0) return 1;
  let p = Math.exp(-lambda);
  let below = 0;
  let sum = 0;
  for (let k = 0; k < max - 1; k++) {
    sum += k * p;
    below += p;
    p *= lambda / (k + 1);
  }
  return 1 + sum + (max - 1) * Math.max(0, 1 - below);
}

export function estimateRun(s: Scenario, workers = 1): RunEstimate {
  const C = CALIBRATION;
  const p = s.population;
  const hours = s.duration / H;
  const customers = p.customers;
  const appliances = customers * expectedAppliances(p.appliances_per_customer.mean, p.appliances_per_customer.max);
  const devices = appliances + customers * (p.ems_share + p.ihd_share);

  // Registrations that fall within the run, and the devices they leave registered.
  const regEnd = p.registration.start + p.registration.window;
  const inRun = p.registration.window === 0 ? (p.registration.start <= s.duration ? 1 : 0) : clamp01((s.duration - p.registration.start) / p.registration.window);
  const registering = devices * p.registration_rate * inRun;
  const registered = registering * clamp01(1 - p.mismatch_rate - p.duplicate_rate);
  const registeredHours = Math.max(0, (s.duration - Math.min(s.duration, (p.registration.start + regEnd) / 2)) / H);

  const reports = (registered * registeredHours * H) / s.behaviour.report_interval;
  const reads = s.network.background.meter_reads.interval > 0 ? (customers * s.duration) / s.network.background.meter_reads.interval : 0;
  const fw = s.network.background.firmware;
  const firmware = fw.at !== null ? customers * Math.ceil(fw.bytes / fw.block_bytes) : 0;
  let timeline = 0;
  let broadcastArrivals = 0;
  // The timeline and what the pricing actor will send (OI-6), known from the study alone.
  for (const a of effectiveTimeline(s)) {
    if (a.visibility === 'public') {
      broadcastArrivals += devices * targetShare(s, a.target, true);
      continue;
    }
    const targeted = registered * targetShare(s, a.target, false);
    // A private message and its acknowledgement (S2-02); a DR event adds its reminders and its end (FR-17).
    const sends = a.action === 'dr_event' ? 2 + (a.in_progress_every > 0 ? Math.floor(a.duration / a.in_progress_every) : 0) : 1;
    timeline += targeted * sends * 2;
  }
  const messages = registering * C.messagesPerRegistration + reports * C.messagesPerReport + reads + firmware + timeline;
  const perMessage = C.eventsPerMessageBase + C.eventsPerMessagePerHop * s.network.rf_mesh.hops.mean;
  const physics = appliances * hours * C.physicsPerApplianceHour;
  const timers = reports + reads + s.duration / MIN;
  const metering = meteringReports(s, customers, appliances, devices > 0 ? registered / devices : 0, registeredHours);
  const events = messages * perMessage + physics + timers + broadcastArrivals + metering * C.eventsPerMeteringReport;

  const points = (s.duration / MIN) * (C.pointsPerMinute + C.pointsPerMinutePerRegion * p.regions.length);
  const heapBytes = points * C.perPointBytes;
  const extra = Math.max(0, workers - 1);
  const memoryBytes = C.baseBytes + extra * C.perExtraWorkerBytes + devices * C.perDeviceBytes * (1 + extra * C.perExtraWorkerDeviceShare) + heapBytes;
  return { customers, devices, messages, events, points, memoryBytes, heapBytes };
}

/** NFR-03 reports the meters send: one per subscribing device every period, plus change reports. */
function meteringReports(s: Scenario, customers: number, appliances: number, registeredShare: number, hours: number): number {
  const p = s.population, m = s.metering;
  const mix = Object.values(p.appliance_mix).reduce((a, b) => a + (b ?? 0), 0);
  let subscribers = 0;
  for (const t of m.subscribers) {
    if (t === 'ihd') subscribers += customers * p.ihd_share;
    else if (t === 'ems') subscribers += customers * p.ems_share;
    else subscribers += mix > 0 ? (appliances * (p.appliance_mix[t] ?? 0)) / mix : 0;
  }
  return subscribers * registeredShare * ((hours * H) / m.period) * (1 + CALIBRATION.meteringChangeShare);
}

/** The share of the population a target reaches (of registered devices, or of all devices for public messages). */
function targetShare(s: Scenario, t: Target, pub: boolean): number {
  const p = s.population;
  if ('all' in t) return 1;
  if ('region' in t) return p.regions.find((r) => r.name === t.region)?.share ?? 0;
  if ('group' in t) return pub ? 1 : (p.groups.find((g) => g.name === t.group)?.share ?? 0);
  if ('device' in t) return 1 / Math.max(1, p.customers);
  const mix = Object.values(p.appliance_mix).reduce((a, b) => a + (b ?? 0), 0);
  if ('appliance_type' in t) return mix > 0 ? (p.appliance_mix[t.appliance_type] ?? 0) / mix : 0;
  return p.enrollment_rate / Math.max(1, s.programs.length);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
