/**
 * Profiles: the families of random runs the properties quantify over. Each gives an arbitrary of plain-JSON
 * inputs (so a shrunk counterexample prints and replays) and runs one input into an Observation. The
 * profiles, and the loads they stand for, are part of the suite's contract (README: "What is generated").
 */
import fc from 'fast-check';
import { NOT_STORED } from './checks/util.ts';
import { attackArb, attackInterventions, type Attack } from './checks/security.ts';
import { Observation, type Intervention } from './observe.ts';
import { watchConditions } from './checks/physics.ts';
import { CHAIN_SHAPE, HOUR, MINUTE, studyArb, studyYaml, toScenario, type FaultInput, type StudyInput, type StudyShape } from './study.ts';
import { modelArb, runModel, type ModelInput } from './model-based/chain-model.ts';
import { adviceArb, adviceScenario, adviceYaml, ADVICE_SHAPE, type AdviceInput } from './advice-study.ts';
import { overridesArb, overridesScenario, overridesYaml, OVERRIDES_SHAPE, type OverridesInput } from './overrides-study.ts';
import { emsArb, emsScenario, emsYaml, type EmsInput } from './ems-study.ts';
import { alertsArb, alertsScenario, alertsYaml, ALERTS_SHAPE, type AlertsInput } from './alerts-study.ts';
import { pricingArb, pricingScenario, pricingYaml, type PricingInput } from './pricing-study.ts';
import { LIBRARY_BUDGET, libraryScenario, libraryStudies, libraryYaml, type LibraryInput } from './library.ts';

export interface RunContext {
  mutants: string[];
  /** `--set path=value` overrides applied to every generated study. */
  sets: string[];
}

export interface Profile<I> {
  name: string;
  /** The population, timeline, faults and load this profile draws, in words. */
  describe: string;
  /** `replayPath`: fast-check's replay hint for fc.commands (model-based profiles print it with a failure). */
  arbitrary(replayPath?: string): fc.Arbitrary<I>;
  run(input: I, ctx: RunContext): Observation;
  /** The study as YAML, for a counterexample QA can `scsim run`. */
  yaml?(input: I): string;
}

/** Faults become interventions: a link down then up, or a meter restart. */
export function faultInterventions(x: StudyInput, collectors: number, customers: number): Intervention[] {
  const out: Intervention[] = [];
  for (const f of x.faults) out.push(...faultOf(f, collectors, customers));
  return out;
}

function faultOf(f: FaultInput, collectors: number, customers: number): Intervention[] {
  const at = f.minute * MINUTE;
  const until = at + f.minutes * MINUTE;
  if (f.kind === 'meter') {
    const c = f.index % customers;
    return [
      {
        at,
        label: `restart meter ${c} for ${f.minutes} min`,
        apply: (o) => o.w.restartMeter(c, f.minutes * MINUTE),
      },
    ];
  }
  const index = f.index % (f.kind === 'han' ? customers : collectors);
  return [
    { at, label: `${f.kind} link ${index} down`, apply: (o) => o.w.setLinkUp(f.kind as 'wan', index, false) },
    { at: until, label: `${f.kind} link ${index} up`, apply: (o) => o.w.setLinkUp(f.kind as 'wan', index, true) },
  ];
}

function runStudy(x: StudyInput, ctx: RunContext, extra: (o: Observation) => Intervention[] = () => []): Observation {
  const o = new Observation(toScenario(x, ctx.sets), { mutants: ctx.mutants });
  watchConditions(o);
  return o.runAll([...faultInterventions(x, o.w.p.collectors, o.w.p.customers), ...extra(o)]);
}

const chainShape: StudyShape = CHAIN_SHAPE;

/** Random populations, every program kind, a random timeline of every message kind, link loss and faults. */
export const chain: Profile<StudyInput> = {
  name: 'chain',
  describe: `3–${chainShape.maxCustomers} customers (1–4 devices each, IHDs, EMSs), 6 h; registrations in the first 1–40 min with wrong ids/types and cloned ids; up to ${chainShape.maxActions} timeline actions of every kind from 1h30 on; link loss 0–5 %; up to ${chainShape.maxFaults} faults (WAN/RF/HAN link down 1–30 min, meter restart)`,
  arbitrary: () => studyArb(chainShape),
  run: (x, ctx) => runStudy(x, ctx),
  yaml: studyYaml,
};

const longShape: StudyShape = { ...CHAIN_SHAPE, maxCustomers: 12, hours: 27, firstActionMinute: 45, lastActionMinute: 240, maxActions: 8, maxFaults: 0 };

/** 27 simulated hours: messages early on, stores probed every 90 minutes and at the end (NFR-01, FR-24). */
export const long: Profile<StudyInput> = {
  name: 'long',
  describe: `3–${longShape.maxCustomers} customers over 27 h, messages in the first 4 h, every device's store probed every 90 min up to 27 h`,
  arbitrary: () => studyArb(longShape),
  run: (x, ctx) =>
    runStudy(x, ctx, (o) => {
      const probes: Intervention[] = [];
      const keep = (m: number) => !NOT_STORED.has(o.kind(m));
      for (let t = HOUR; t <= o.s.duration; t += 90 * MINUTE) probes.push({ at: t, label: 'probe stores', apply: (ob) => ob.probeStores(keep) });
      probes.push({ at: o.s.duration, label: 'probe stores', apply: (ob) => ob.probeStores(keep) });
      return probes;
    }),
  yaml: studyYaml,
};

const contentionShape: StudyShape = {
  ...CHAIN_SHAPE,
  maxCustomers: 16,
  hours: 5,
  firstActionMinute: 60,
  lastActionMinute: 200,
  maxFaults: 0,
  meterReadMinutes: [15],
  firmware: [
    { minute: 55, kib: 16 },
    { minute: 70, kib: 32 },
    { minute: 120, kib: 24 },
  ],
};

/** Links busy with meter reads every 15 min and a firmware push while DR traffic flows (NFR-02). */
export const contention: Profile<StudyInput> = {
  name: 'contention',
  describe: `3–${contentionShape.maxCustomers} customers, 5 h, meter reads every 15 min and a 16–32 KiB firmware push to every meter while the timeline's messages flow`,
  arbitrary: () => studyArb(contentionShape),
  run: (x, ctx) => runStudy(x, ctx),
  yaml: studyYaml,
};

const loadShape: StudyShape = { ...CHAIN_SHAPE, maxCustomers: 40, maxFaults: 0, losses: [0, 0.01, 0.03], meterReadMinutes: [0, 60, 240] };

/** NFR-04's stated load: ≤ 40 customers, one collector or a few, loss ≤ 3 %, meter reads ≥ hourly, no faults, no firmware. */
export const load: Profile<StudyInput> = {
  name: 'load',
  describe: `the stated load of NFR-04: 3–${loadShape.maxCustomers} customers (≤ 160 devices), registrations within 40 min, up to 10 timeline actions, link loss ≤ 3 % per attempt with default retries, interval reads every 1–4 h (256 B), no firmware push, no faults`,
  arbitrary: () => studyArb(loadShape),
  run: (x, ctx) => runStudy(x, ctx),
  yaml: studyYaml,
};

/** NFR-04 at the scale of the library: its studies that meet NFR-04, thousands of customers, with a drawn seed. */
export const library: Profile<LibraryInput> = {
  name: 'library',
  describe: `the library studies that declare they meet NFR-04, at their own scale (up to ${LIBRARY_BUDGET.toLocaleString('en-US')} customer-hours: ${libraryStudies().join(', ')}), each with a drawn seed`,
  // A run takes seconds to tens of seconds: no shrinking (the counterexample is the study and its seed).
  arbitrary: () => fc.noShrink(fc.record({ study: fc.constantFrom(...libraryStudies()), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }) })),
  run: (x, ctx) => {
    const o = new Observation(libraryScenario(x, ctx.sets), { mutants: ctx.mutants });
    return o.runAll();
  },
  yaml: libraryYaml,
};

export interface SecurityInput {
  study: StudyInput;
  attacks: Attack[];
}

const securityShape: StudyShape = { ...CHAIN_SHAPE, maxCustomers: 16, maxFaults: 0 };

/** A chain under attack: forged, spoofed, misaddressed, random and mutated frames at random times. */
export const security: Profile<SecurityInput> = {
  name: 'security',
  describe: `3–${securityShape.maxCustomers} customers, 6 h, 1–12 attacks during registration and messaging: identifications/acks from never-commissioned devices, identifications claiming another meter/id/type, frames for another device, random bytes and mutated frames to every decoder`,
  arbitrary: () =>
    fc.record({
      study: studyArb(securityShape).map((x) => ({ ...x, registrationRate: Math.min(x.registrationRate, 0.8), registrationWindow: Math.max(x.registrationWindow, 20) })),
      attacks: fc.array(attackArb(60), { minLength: 1, maxLength: 12 }),
    }),
  run: (x, ctx) => runStudy(x.study, ctx, () => attackInterventions(x.attacks)),
  yaml: (x) => studyYaml(x.study),
};

/** fc.commands over a small chain: register, enroll, change, delete, send, override, faults, waits (FR-03). */
export const model: Profile<ModelInput> = {
  name: 'model',
  describe: '5 customers with every device type; random command sequences (register/enroll, change program, language or alert limit, delete, send every message kind, override, link down/up, HAN drop, meter restart, wait) checked against a reference model after each command',
  arbitrary: (replayPath?: string) => modelArb(40, replayPath),
  run: (x, ctx) => runModel(x, ctx),
};

/** OI-3: a small chain with random CAP 1.2 messages fed in (languages, areas by name or geocode, tests, cancels). */
export const alerts: Profile<AlertsInput> = {
  name: 'alerts',
  describe: `3–${ALERTS_SHAPE.maxCustomers} customers (1–3 regions, 1–3 languages), 6 h, no faults, with 1–4 CAP 1.2 messages from 1h30 on: any status, scope and msgType, 1–3 info blocks in study or other languages, every category, urgency, severity and certainty, areas by region name or by a SAME geocode the study maps (or none), with or without expires, either namespace form, any dateTime offset`,
  arbitrary: () => alertsArb(),
  run: (x, ctx) => new Observation(alertsScenario(x, ctx.sets), { mutants: ctx.mutants }).runAll(),
  yaml: alertsYaml,
};

/** OI-6: a few customers over days of a random series, with the pricing actor calling CPP and PTR days. */
export const pricing: Profile<PricingInput> = {
  name: 'pricing',
  describe: '2–6 customers (RTP, TOU, CPP and PTR programs), 2–4 July days; an hourly series with random wholesale prices (−20 to 400 $/MWh), daily highs 30–42 °C and peaks 16,000–21,000 MW; random adders; a CPP rule on temperature and a PTR rule on system load with random triggers, start hours, lengths, notice leads (1–30 h) and limits (0–4 a season, 1–3 in a row); billing cycles of 2 days',
  arbitrary: () => pricingArb(),
  run: (x, ctx) => new Observation(pricingScenario(x, ctx.sets), { mutants: ctx.mutants }).runAll(),
  yaml: pricingYaml,
};

/** OI-5: a small chain with IHDs everywhere, reports every 30 min, CPP/PTR events and random offered rates. */
export const advice: Profile<AdviceInput> = {
  name: 'advice',
  describe: `3–${ADVICE_SHAPE.maxCustomers} customers, every one with an IHD, 6 h in any of the suite's zones and days, reports every 30 min, the chain's timeline (CPP/PTR events and notices), no faults; five offered rates (flat, three-block tiered, TOU, CPP, PTR) with random prices and the customers' current rate drawn among them; advice 25–60 min before the end; in a quarter of cases a PTR event over the whole run (no PTR baseline)`,
  arbitrary: () => adviceArb(),
  run: (x, ctx) => new Observation(adviceScenario(x, ctx.sets), { mutants: ctx.mutants }).runAll(),
  yaml: adviceYaml,
};

/** S2-05 with FR-17: one CPP/PTR event as a notice, maybe its reminder, and the DR event; customers override often. */
export const overrides: Profile<OverridesInput> = {
  name: 'overrides',
  describe: `3–${OVERRIDES_SHAPE.maxCustomers} customers, 6 h, no faults, loss 0–1 %; one CPP or PTR event (1–2.5 h) sent as a day-ahead notice 10–60 min ahead, half the time a reminder, and the DR event at its start, the program's start randomized by 0–60 min; every customer overrides a response within about 10 min`,
  arbitrary: () => overridesArb(),
  run: (x, ctx) => new Observation(overridesScenario(x, ctx.sets), { mutants: ctx.mutants }).runAll(),
  yaml: overridesYaml,
};

const meteringShape: StudyShape = { ...CHAIN_SHAPE, maxCustomers: 16, hours: 4, firstActionMinute: 45, maxFaults: 0, meteringPeriodsS: [10, 30, 60] };

/** NFR-03: the meter's usage feed to displays (and appliances), lossy HANs, DR traffic changing demand; no faults. */
export const metering: Profile<StudyInput> = {
  name: 'metering',
  describe: `3–${meteringShape.maxCustomers} customers, 4 h, IHDs and EMSs (and some appliances) subscribing to the meter's usage feed: period 10–60 s, minimum interval 0–30 s, reportable change 0–500 W, HAN loss 0–5 %, the timeline's DR events and prices moving demand; age threshold twice the period; no faults`,
  arbitrary: () =>
    studyArb(meteringShape).map((x) => ({
      ...x,
      ihdShare: Math.max(x.ihdShare, 0.3),
      metering: { ...x.metering, subscribers: x.metering.subscribers === 'none' ? ('displays' as const) : x.metering.subscribers },
    })),
  run: (x, ctx) => runStudy(x, ctx),
  yaml: studyYaml,
};

/** FR-04 with NFR-03's feed in use: EMSs limiting premise demand on a hot afternoon. */
export const ems: Profile<EmsInput> = {
  name: 'ems',
  describe: '3–10 premises, every one with an EMS running a DEMAND_LIMIT program (limit 3–7 kW, restore margin 5–40 % of it, 0–20 min off at least) over AC, pool pump, EV charger, dryer and water heater; 4 h from 12:00–16:00 of a 40 °C day; usage feed every 10, 30 or 60 s, minimum interval 0–10 s, reportable change 0–200 W; lossless HAN, no faults, no utility events',
  arbitrary: () => emsArb(),
  run: (x, ctx) => new Observation(emsScenario(x, ctx.sets), { mutants: ctx.mutants }).runAll(),
  yaml: emsYaml,
};

export const PROFILES = { chain, long, contention, load, library, security, model, alerts, pricing, advice, overrides, metering, ems } as const;
export type ProfileName = keyof typeof PROFILES;

/** Default runs per property of each profile (scaled by --runs). */
export const DEFAULT_RUNS: Record<ProfileName, number> = { chain: 40, long: 6, contention: 10, load: 12, library: 2, security: 30, model: 60, alerts: 15, pricing: 10, advice: 15, overrides: 12, metering: 12, ems: 8 };
