/**
 * The `advice` profile's input (OI-5): a small chain study in any of the suite's zones, every customer with an
 * IHD now and then, reports every 30–60 minutes, CPP and PTR events on the timeline, and a random set of
 * offered rates (flat, tiered, TOU, CPP, PTR with random prices) with rate advice near the end. Now and then a
 * PTR event covers the whole run, so no customer has usage outside events: no PTR baseline, no PTR bill.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { CHAIN_SHAPE, scenarioDoc, scenarioFromDoc, studyArb, type StudyInput, type StudyShape } from './study.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface AdviceInput {
  study: StudyInput;
  /** Minutes before the end the advice goes out. */
  beforeEnd: number;
  flat: number;
  tiers: [number, number, number];
  /** kWh a 30-day cycle where tier 1 and tier 2 end. */
  tierKwh: [number, number];
  touCents: number[];
  eventPrice: number;
  rebate: number;
  /** Index of the rate customers are on. */
  current: number;
  /** A PTR dr_event over the whole run: every reported kWh is inside an event, so PTR cannot be billed. */
  wholeRunEvent: boolean;
}

export const ADVICE_SHAPE: StudyShape = { ...CHAIN_SHAPE, maxCustomers: 12, maxActions: 3, maxFaults: 0, losses: [0, 0.01] };

const cents = (min: number, max: number) => fc.integer({ min, max }).map((c) => c / 100);

export function adviceArb(shape: StudyShape = ADVICE_SHAPE): fc.Arbitrary<AdviceInput> {
  return fc.record({
    study: studyArb(shape).map((x) => ({ ...x, ihdShare: 1, registrationRate: 1, reportMinutes: 30 })),
    beforeEnd: fc.integer({ min: 25, max: 60 }),
    flat: cents(8, 30),
    tiers: fc.tuple(cents(5, 20), cents(10, 30), cents(20, 50)),
    tierKwh: fc.tuple(fc.integer({ min: 20, max: 400 }), fc.integer({ min: 10, max: 300 })).map(([a, b]) => [a, a + b] as [number, number]),
    touCents: fc.array(fc.integer({ min: 5, max: 50 }), { minLength: 24, maxLength: 24 }),
    eventPrice: cents(50, 200),
    rebate: cents(20, 150),
    current: fc.integer({ min: 0, max: 4 }),
    wholeRunEvent: fc.integer({ min: 0, max: 3 }).map((k) => k === 0),
  });
}

export function adviceDoc(x: AdviceInput): Record<string, unknown> {
  const doc = scenarioDoc(x.study);
  const hourly = x.touCents.map((c) => c / 100);
  const rates = [
    { id: 'flat', kind: 'flat', price: x.flat },
    { id: 'tiered', kind: 'tiered', tiers: [{ up_to_kwh: x.tierKwh[0], price: x.tiers[0] }, { up_to_kwh: x.tierKwh[1], price: x.tiers[1] }, { up_to_kwh: null, price: x.tiers[2] }] },
    { id: 'tou', kind: 'tou', hourly },
    { id: 'cpp', kind: 'cpp', hourly, event_price: x.eventPrice },
    { id: 'ptr', kind: 'ptr', hourly, rebate_per_kwh: x.rebate },
  ];
  if (x.wholeRunEvent) doc.timeline = [{ at: '0s', action: 'dr_event', program: 'ptr', duration: `${x.study.hours}h`, target: { program: 'ptr' } }, ...(doc.timeline as unknown[])];
  doc.rate_advice = { at: `${x.study.hours * 60 - x.beforeEnd}m`, current: rates[x.current].id, rates };
  return doc;
}

export const adviceScenario = (x: AdviceInput, sets: string[] = []): Scenario => scenarioFromDoc(adviceDoc(x), sets);
export const adviceYaml = (x: AdviceInput): string => stringify(adviceDoc(x));
