/**
 * The `overrides` profile's input (S2-05 with FR-17): a small chain study without faults whose timeline is one
 * CPP or PTR event sent as several messages — a day-ahead notice, now and then its reminder, and the DR event
 * itself at the event's start (the same program, start and length) — with the program's start randomized by
 * 0–60 min, so a device's DR response often begins after its customer overrode the notice's response. Customers
 * override often (every 10 min on average). An override must hold for the rest of the event.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { CHAIN_SHAPE, scenarioDoc, scenarioFromDoc, studyArb, type StudyInput, type StudyShape } from './study.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface OverridesInput {
  study: StudyInput;
  program: 'cpp' | 'ptr';
  noticeMinute: number;
  /** Minutes from the notice to the event's start, and the event's length. */
  leadMinutes: number;
  durationMinutes: number;
  /** The program's start randomization (randomize_start), minutes. */
  randomizeMinutes: number;
  /** A second day-ahead notice (the reminder) halfway to the start. */
  reminder: boolean;
}

export const OVERRIDES_SHAPE: StudyShape = { ...CHAIN_SHAPE, maxCustomers: 12, maxActions: 0, maxFaults: 0, losses: [0, 0.01] };

export function overridesArb(shape: StudyShape = OVERRIDES_SHAPE): fc.Arbitrary<OverridesInput> {
  return fc.record({
    study: studyArb(shape).map((x) => ({ ...x, timeline: [], registrationRate: 1, enrollmentRate: 0.9, overrideProbability: 1 })),
    program: fc.constantFrom('cpp' as const, 'ptr' as const),
    noticeMinute: fc.integer({ min: 60, max: 100 }),
    leadMinutes: fc.integer({ min: 10, max: 60 }),
    durationMinutes: fc.integer({ min: 60, max: 150 }),
    randomizeMinutes: fc.constantFrom(30, 0, 15, 60),
    reminder: fc.boolean(),
  });
}

export function overridesDoc(x: OverridesInput): Record<string, unknown> {
  const doc = scenarioDoc(x.study);
  const programs = doc.programs as { id: string; response: Record<string, unknown> }[];
  for (const p of programs) if (p.id === x.program) p.response = { ...p.response, randomize_start: `${x.randomizeMinutes}m` };
  const start = x.noticeMinute + x.leadMinutes;
  const target = { program: x.program };
  const notice = (at: number) => ({ at: `${at}m`, action: 'day_ahead_notice', program: x.program, event_start: `${start}m`, duration: `${x.durationMinutes}m`, priority: 'high', target });
  doc.timeline = [
    notice(x.noticeMinute),
    ...(x.reminder ? [notice(x.noticeMinute + Math.floor(x.leadMinutes / 2))] : []),
    { at: `${start}m`, action: 'dr_event', program: x.program, duration: `${x.durationMinutes}m`, criticality: 4, in_progress_every: '20m', priority: 'high', target },
  ];
  return doc;
}

export const overridesScenario = (x: OverridesInput, sets: string[] = []): Scenario => scenarioFromDoc(overridesDoc(x), sets);
export const overridesYaml = (x: OverridesInput): string => stringify(overridesDoc(x));
