/**
 * FR-04 with NFR-03's feed in use: the premise EMS's demand limiter (DEMAND_LIMIT programs), judged from what
 * was observable — the demand the EMS held (the `usageHeld` trace), the commands it sent (`emsCommand`) and what
 * its premise's devices drew (the power trace) — against the study's limit, margin and usage feed, never from
 * the model's own figures:
 *
 * - it acts on what it holds: a shed only on a held value above the limit, a restore only on one at or below the
 *   limit less the restore margin;
 * - it reacts: while the premise draws more than the limit and the EMS holds a value and has an appliance left
 *   to shed, it is back under within one reaction step per appliance (and one to notice), a step being a
 *   usage-feed report (period and minimum interval), its HAN delivery and the command's home-network hop.
 */
import { EMS_HOP_MS } from './home-network.ts';
import { DEVICE_TYPES } from '../../models/world/population.ts';
import type { Observation } from '../observe.ts';
import { check, fmtT, type Check } from './util.ts';

/** Queueing behind other frames on a premise's HAN (a few frames of ~50 ms), with room to spare. */
const HAN_QUEUE_SLACK_MS = 2_000;
/** The largest usage-feed frame, bytes (as checks/metering.ts). */
const REPORT_BYTES_MAX = 80;
/** Registrations end by 10 minutes; every appliance is configured (known to its EMS) well before this. */
const CHECK_FROM_MS = 3_600_000;

function heldAt(o: Observation, ems: number, t: number): { demandW: number } | undefined {
  const steps = o.heldTrace[ems] ?? [];
  let last: { demandW: number } | undefined;
  for (const s of steps) {
    if (s.at > t) break;
    last = s;
  }
  return last;
}

export const FR_04_ACTS_ON_HELD: Check = check((o, v) => {
  for (const cmd of o.emsCommands) {
    const c = o.w.p.owner[cmd.ems];
    const prog = o.s.programs.find((p) => p.kind === 'DEMAND_LIMIT')!;
    const limitW = prog.response.demand_limit_kw * 1000, restoreW = limitW - prog.response.restore_margin_kw * 1000;
    const h = heldAt(o, cmd.ems, cmd.at);
    if (cmd.shed) v.expect(h !== undefined && h.demandW > limitW, () => `premise ${c} at ${fmtT(cmd.at)}: EMS ${cmd.ems} shed appliance ${cmd.d} holding ${h?.demandW ?? 'nothing'} W (limit ${limitW} W)`);
    else v.expect(h !== undefined && h.demandW <= restoreW, () => `premise ${c} at ${fmtT(cmd.at)}: EMS ${cmd.ems} restored appliance ${cmd.d} holding ${h?.demandW ?? 'nothing'} W (restore at or below ${restoreW} W)`);
  }
});

export const FR_04_REACTS: Check = check((o, v) => {
  const s = o.s, p = o.w.p, han = s.network.han;
  const prog = s.programs.findIndex((x) => x.kind === 'DEMAND_LIMIT');
  if (prog < 0) return;
  const r = s.programs[prog].response;
  const limitW = r.demand_limit_kw * 1000;
  const airtime = Math.ceil((REPORT_BYTES_MAX * 1000) / han.bandwidth_Bps);
  const commandMs = han.latency_ms + EMS_HOP_MS;
  const stepMs = s.metering.period + s.metering.min_interval + han.latency_ms + EMS_HOP_MS + airtime + HAN_QUEUE_SLACK_MS + commandMs;
  for (let c = 0; c < p.customers; c++) {
    const ems = p.ems[c];
    if (ems < 0) continue;
    const devices: number[] = [];
    for (let d = p.firstDevice[c]; d < p.firstDevice[c] + p.deviceCount[c]; d++) devices.push(d);
    const controlled = devices.filter((d) => p.viaEms[d] && p.program[d] === prog && (r.shed_order as readonly string[]).includes(DEVICE_TYPES[p.type[d]]));
    if (controlled.length === 0) continue;
    const boundMs = (controlled.length + 1) * stepMs;
    // Every moment the verdict can change: a device's power, a command, a held value.
    const events: { at: number; apply: () => void }[] = [];
    const watts = new Map<number, number>();
    for (const d of devices) for (const x of o.powerTrace[d] ?? []) events.push({ at: x.at, apply: () => void watts.set(d, x.watts) });
    const shed = new Set<number>();
    for (const cmd of o.emsCommands) if (cmd.ems === ems) events.push({ at: cmd.at, apply: () => void (cmd.shed ? shed.add(cmd.d) : shed.delete(cmd.d)) });
    let held = false;
    const firstHeld = o.heldTrace[ems]?.[0]?.at;
    if (firstHeld !== undefined) events.push({ at: firstHeld, apply: () => void (held = true) });
    events.sort((a, b) => a.at - b.at);
    let from = NaN, failed = false;
    const close = (t: number) => {
      if (Number.isNaN(from)) return;
      const start = Math.max(from, CHECK_FROM_MS);
      from = NaN;
      // Every stretch from the first hour on is an instance; a premise's first failure is enough to report.
      if (t <= start || failed) return;
      failed = !v.expect(t - start <= boundMs, () => `premise ${c}: above its ${r.demand_limit_kw} kW limit from ${fmtT(start)} to ${fmtT(t)} with an appliance left to shed, longer than ${controlled.length + 1} reaction steps of ${(stepMs / 1000).toFixed(1)} s`);
    };
    for (let i = 0; i < events.length; ) {
      const t = events[i].at;
      for (; i < events.length && events[i].at === t; i++) events[i].apply();
      let demand = 0;
      for (const w of watts.values()) demand += w;
      const actionable = held && controlled.some((d) => !shed.has(d));
      if (demand > limitW && actionable) {
        if (Number.isNaN(from)) from = t;
      } else close(t);
    }
    close(s.duration);
  }
});
