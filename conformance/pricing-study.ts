/**
 * The `pricing` profile's input (OI-6): a few customers over several July days with a random hourly series
 * (wholesale price, a daily temperature high and system peak near the triggers), random adders, and a CPP and a
 * PTR rule with random triggers, hours, notice leads and program limits. Plain JSON, so it shrinks and prints;
 * the series is written as a CSV file (named by its content) where the study names it, as a planner would.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseScenario } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface PricingInput {
  seed: number;
  customers: number;
  /** Run length in days (the series has one more), from 00:00 on 1 + startDay July 2026 (no DST change). */
  days: number;
  startDay: number;
  /** Per day: the temperature high (°C) and the system peak (MW); per hour: the wholesale price ($/MWh). */
  highs: number[];
  peaks: number[];
  wholesale: number[];
  adderCents: [number, number];
  cpp: RuleInput;
  ptr: RuleInput;
}

export interface RuleInput {
  trigger: number;
  startHour: number;
  hours: number;
  noticeHours: number;
  perSeason: number;
  consecutive: number;
}

const MAX_DAYS = 4;

const ruleArb = (lo: number, hi: number): fc.Arbitrary<RuleInput> =>
  fc.record({
    trigger: fc.integer({ min: lo, max: hi }),
    startHour: fc.integer({ min: 8, max: 19 }),
    hours: fc.integer({ min: 1, max: 4 }),
    noticeHours: fc.integer({ min: 1, max: 30 }),
    perSeason: fc.integer({ min: 0, max: 4 }),
    consecutive: fc.integer({ min: 1, max: 3 }),
  });

export function pricingArb(): fc.Arbitrary<PricingInput> {
  return fc.integer({ min: 2, max: MAX_DAYS }).chain((days) =>
    fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      customers: fc.integer({ min: 2, max: 6 }),
      days: fc.constant(days),
      startDay: fc.integer({ min: 0, max: 20 }),
      highs: fc.array(fc.integer({ min: 30, max: 42 }), { minLength: days + 1, maxLength: days + 1 }),
      peaks: fc.array(fc.integer({ min: 16_000, max: 21_000 }), { minLength: days + 1, maxLength: days + 1 }),
      wholesale: fc.array(fc.integer({ min: -20, max: 400 }), { minLength: (days + 1) * 24, maxLength: (days + 1) * 24 }),
      adderCents: fc.tuple(fc.integer({ min: 3, max: 10 }), fc.integer({ min: 0, max: 3 })),
      cpp: ruleArb(33, 40),
      ptr: ruleArb(17_000, 20_000),
    }),
  );
}

/** The series as CSV: hour h of day k at local time, the day's temperature shape peaking at 15:00. */
export function seriesCsv(x: PricingInput): string {
  const lines = ['time,wholesale_usd_per_mwh,temperature_c,system_load_mw'];
  for (let k = 0; k <= x.days; k++) {
    const date = new Date(Date.UTC(2026, 6, 1 + x.startDay + k)).toISOString().slice(0, 10);
    for (let h = 0; h < 24; h++) {
      const shape = 1 - Math.abs(h - 15) / 15; // 1 at 15:00, lower elsewhere
      const temp = x.highs[k] - 14 * (1 - shape);
      const load = x.peaks[k] - 6_000 * (1 - shape);
      lines.push(`${date}T${String(h).padStart(2, '0')}:00,${x.wholesale[k * 24 + h]},${temp.toFixed(2)},${Math.round(load)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function seriesFile(x: PricingInput): string {
  const csv = seriesCsv(x);
  const dir = join(tmpdir(), 'scsim-conformance-pricing');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(csv).digest('hex').slice(0, 16)}.csv`);
  writeFileSync(file, csv);
  return file;
}

function doc(x: PricingInput, file: string): Record<string, unknown> {
  const rule = (program: string, forecast: string, r: RuleInput) => ({ program, forecast, trigger: r.trigger, start_hour: r.startHour, hours: r.hours, notice_lead: `${r.noticeHours}h` });
  const limits = (r: RuleInput) => ({ per_season: r.perSeason, hours_per_day: 4, consecutive_days: r.consecutive });
  return {
    name: 'pricing-property',
    start: new Date(Date.UTC(2026, 6, 1 + x.startDay)).toISOString().slice(0, 10) + 'T00:00:00',
    time_zone: 'America/Los_Angeles',
    duration: `${x.days}d`,
    seed: x.seed,
    population: { customers: x.customers, appliances_per_customer: { mean: 2, max: 3 }, registration_rate: 1, enrollment_rate: 1, mismatch_rate: 0, duplicate_rate: 0, ihd_share: 0.3, registration: { start: 0, window: '30m' } },
    programs: [
      { id: 'rtp', kind: 'RTP' },
      { id: 'tou', kind: 'TOU' },
      { id: 'cpp', kind: 'CPP', event_limits: limits(x.cpp) },
      { id: 'ptr', kind: 'PTR', event_limits: limits(x.ptr) },
    ],
    pricing: {
      series: file,
      adders: { distribution: x.adderCents[0] / 100, transmission: x.adderCents[1] / 100 },
      hourly_programs: ['rtp'],
      tou_programs: ['tou'],
      billing_cycle: '2d',
      events: [rule('cpp', 'temperature', x.cpp), rule('ptr', 'system_load', x.ptr)],
    },
    behaviour: { report_interval: '12h' },
    network: { background: { meter_reads: { interval: '12h' } } },
  };
}

export function pricingScenario(x: PricingInput, sets: string[]): Scenario {
  const file = seriesFile(x);
  const r = parseScenario(stringify(doc(x, file)), join(tmpdir(), 'pricing-property.yaml'), sets);
  if (!r.ok) throw new Error(`conformance: pricing study does not load:\n${r.errors.map((e) => e.message).join('\n')}`);
  return r.scenario;
}

export function pricingYaml(x: PricingInput): string {
  return stringify(doc(x, seriesFile(x)));
}
