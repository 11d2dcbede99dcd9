/** The NFR-03 lines of the end-of-run table: the meter's usage feed and the age of the demand devices hold. */
import type { Summary } from '../models/run-result.ts';
import { fixedOrNa } from './figure-text.ts';

const n = (x: number) => x.toLocaleString('en-US');

export function meteringLines(s: Summary): string[] {
  const m = s.metering;
  if (!m || m.subscribers === 0) return [];
  const r = m.reports;
  return [`metering    ${n(m.subscribers)} subscribing devices; ${n(r.sent)} reports (${n(r.periodic)} periodic, ${n(r.on_change)} on change), ${n(r.dropped)} dropped`];
}

/** Printed beside NFR-04's verdict, with or without a threshold on it. */
export function meteringVerdictLine(s: Summary): string[] {
  const a = s.metering?.age;
  if (!a || s.metering.subscribers === 0) return [];
  if (a.verdict === 'none') return [`NFR-03      no device held a metering value (nothing to judge against ${a.sla_s} s)`];
  const what = `held demand p99 age ${fixedOrNa(a.p99_s, 2)} s (p50 ${fixedOrNa(a.p50_s, 2)} s, max ${fixedOrNa(a.max_s, 2)} s) over ${n(Math.round(a.held_device_hours))} device-hours`;
  return [a.verdict === 'met' ? `NFR-03      met: ${what}, within ${a.sla_s} s` : `NFR-03      MISSED: ${what}, above ${a.sla_s} s`];
}
