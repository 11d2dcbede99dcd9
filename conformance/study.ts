/**
 * Random studies for the conformance properties: a small population (customers, regions, languages, groups,
 * approved types, intents), every program kind, a random timeline of every message kind, random link loss
 * and random network faults. A study is plain JSON (so a shrunk counterexample prints and replays); `toScenario`
 * turns it into a validated Scenario through the same loader as `scsim run`.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseScenario } from '../scenarios/load.ts';
import { APPLIANCE_TYPES, type ApplianceType, type Scenario } from '../scenarios/types.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const LANGS = ['en', 'es', 'zh'] as const;
export const PROGRAM_IDS = ['tou', 'cpp', 'dlc', 'rtp', 'ptr'] as const;
const PROGRAM_KIND = { tou: 'TOU', cpp: 'CPP', dlc: 'DLC', rtp: 'RTP', ptr: 'PTR' } as const;

/** One action of the generated timeline, in the scenario's YAML vocabulary (minutes from the start). */
export interface ActionInput {
  minute: number;
  action:
    | 'tou_schedule'
    | 'current_price'
    | 'day_ahead_notice'
    | 'dr_event'
    | 'load_control_schedule'
    | 'text_message'
    | 'public_alert'
    | 'power_system_condition'
    | 'billing_cycle_start'
    | 'diagnostic_test';
  priority: 'low' | 'medium' | 'high';
  /** Index into the target menu of the study (all, regions, groups, types, programs, a device). */
  target: TargetInput;
  /** current_price: price in cents; dr_event / notices: duration in minutes. */
  price: number;
  minutes: number;
  confirm: boolean;
  /** dr_event: minutes between event-in-progress reminders (0 = none). */
  every: number;
  /** Only for text_message: sent public (FR-23). */
  visibility: 'public' | 'private';
  program: (typeof PROGRAM_IDS)[number];
}

export type TargetInput = { all: true } | { region: number } | { group: number } | { appliance_type: ApplianceType } | { program: (typeof PROGRAM_IDS)[number] } | { device: number };

/** A network fault: a link down for a while, or a meter restart (its HAN down, its queue lost). */
export interface FaultInput {
  minute: number;
  kind: 'wan' | 'rf' | 'han' | 'meter';
  /** Customer index (han, meter) or collector index (wan, rf), taken modulo the count. */
  index: number;
  minutes: number;
}

/** Where and when t = 0 is: a local start time in a zone (some days are DST changes, FR-27's local hours). */
export interface ClockInput {
  zone: string;
  day: string;
  hour: number;
  minute: number;
}

export interface StudyInput {
  seed: number;
  clock: ClockInput;
  /** The TOU schedule every tou_schedule action sends: 24 hourly prices in cents, hour 0 = local midnight. */
  touCents: number[];
  customers: number;
  regions: number;
  languages: number;
  groups: number;
  approved: ApplianceType[];
  mix: ApplianceType[];
  registrationRate: number;
  enrollmentRate: number;
  mismatchRate: number;
  duplicateRate: number;
  emsShare: number;
  ihdShare: number;
  csrShare: number;
  /** Registration window in minutes from t = 0. */
  registrationWindow: number;
  programTypes: Record<(typeof PROGRAM_IDS)[number], ApplianceType[]>;
  timeline: ActionInput[];
  loss: { wan: number; rf: number; han: number };
  metersPerCollector: number;
  overrideProbability: number;
  viewProbability: number;
  alertLimitShare: number;
  reportMinutes: number;
  priorityQueuing: boolean;
  meterReadMinutes: number;
  /** NFR-03 usage feed: who subscribes, its period and reportable change (metering.*). */
  metering: MeteringInput;
  hours: number;
  faults: FaultInput[];
  /** A firmware image NMS pushes to every meter (background traffic, NFR-02), or none. */
  firmware: { minute: number; kib: number } | null;
}

export interface MeteringInput {
  subscribers: 'none' | 'displays' | 'displays+appliances';
  periodS: number;
  minIntervalS: number;
  changeW: number;
}

export interface StudyShape {
  /** Largest population (customers). */
  maxCustomers: number;
  /** Simulated hours of each study. */
  hours: number;
  /** Earliest timeline minute (after registrations settle). */
  firstActionMinute: number;
  maxActions: number;
  maxFaults: number;
  losses: number[];
  /** Shares of mismatch / duplicate registrations to draw from. */
  badIntent: number[];
  priorityQueuing: boolean[];
  meterReadMinutes: number[];
  /** Firmware pushes to draw from (null: none). */
  firmware: ({ minute: number; kib: number } | null)[];
  /** Usage-feed periods (s) to draw from: long ones keep the feed's HAN traffic a small share of a chain run. */
  meteringPeriodsS: number[];
  /** Last timeline minute (default: 20 minutes before the end). */
  lastActionMinute?: number;
}

export const CHAIN_SHAPE: StudyShape = {
  maxCustomers: 30,
  hours: 6,
  firstActionMinute: 90,
  maxActions: 10,
  maxFaults: 2,
  losses: [0, 0, 0.01, 0.05],
  badIntent: [0, 0.1, 0.25],
  priorityQueuing: [true],
  meterReadMinutes: [0, 15, 240],
  firmware: [null],
  meteringPeriodsS: [300, 900],
};

const ACTIONS: ActionInput['action'][] = [
  'tou_schedule',
  'current_price',
  'day_ahead_notice',
  'dr_event',
  'load_control_schedule',
  'text_message',
  'public_alert',
  'power_system_condition',
  'billing_cycle_start',
  'diagnostic_test',
];

const types = (min: number) => fc.uniqueArray(fc.constantFrom(...APPLIANCE_TYPES), { minLength: min, maxLength: APPLIANCE_TYPES.length });

const targetArb: fc.Arbitrary<TargetInput> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ all: true as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 }).map((region) => ({ region })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 1 }).map((group) => ({ group })) },
  { weight: 1, arbitrary: fc.constantFrom(...APPLIANCE_TYPES).map((appliance_type) => ({ appliance_type })) },
  { weight: 2, arbitrary: fc.constantFrom(...PROGRAM_IDS).map((program) => ({ program })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((device) => ({ device })) },
);

function actionArb(shape: StudyShape): fc.Arbitrary<ActionInput> {
  const last = shape.lastActionMinute ?? shape.hours * 60 - 20;
  return fc.record({
    minute: fc.integer({ min: shape.firstActionMinute, max: Math.max(shape.firstActionMinute, last) }),
    action: fc.constantFrom(...ACTIONS),
    priority: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
    target: targetArb,
    price: fc.integer({ min: 5, max: 90 }),
    minutes: fc.integer({ min: 10, max: 120 }),
    confirm: fc.boolean(),
    every: fc.constantFrom(0, 20),
    visibility: fc.constantFrom('private' as const, 'private' as const, 'public' as const),
    program: fc.constantFrom(...PROGRAM_IDS),
  });
}

/** One action of each DR-relevant kind in (nearly) every study, so every run exercises responses, overrides and prices. */
const CORE: ActionInput['action'][] = ['dr_event', 'dr_event', 'current_price', 'tou_schedule', 'day_ahead_notice', 'text_message', 'public_alert', 'power_system_condition'];

/**
 * Zones and days for t = 0: ordinary days and the days either side of DST changes (US, EU, Australia), zones
 * with and without DST and one with a half-hour offset. Start hours avoid the hours a DST change skips or
 * repeats, so every start is one real instant. The first of each list (shrinking goes there) is the default.
 */
const ZONES = ['America/Los_Angeles', 'Europe/Paris', 'Australia/Sydney', 'Asia/Kolkata', 'America/New_York', 'UTC'];
const DAYS = ['2026-07-15', '2026-03-07', '2026-03-08', '2026-03-28', '2026-03-29', '2026-04-04', '2026-04-05', '2026-10-03', '2026-10-04', '2026-10-24', '2026-10-25', '2026-10-31', '2026-11-01', '2026-12-21'];
const clockArb: fc.Arbitrary<ClockInput> = fc.record({
  zone: fc.constantFrom(...ZONES),
  day: fc.constantFrom(...DAYS),
  hour: fc.constantFrom(0, 5, 9, 13, 17, 21),
  minute: fc.constantFrom(0, 20, 45),
});

/** A TOU day in cents: a default-like shape or any 24 prices. */
const touArb = fc.oneof(
  fc.constant(Array.from({ length: 24 }, (_, h) => (h >= 12 && h < 18 ? 31 : h >= 8 && h < 21 ? 17 : 10))),
  fc.array(fc.integer({ min: 5, max: 60 }), { minLength: 24, maxLength: 24 }),
);

/** The study's local start time, as `start` in the YAML format. */
export const startOf = (c: ClockInput) => `${c.day}T${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}:00`;

/** A core action: mostly to everyone; present 6 times in 7, and shrinks to absent. */
function coreArb(shape: StudyShape, action: ActionInput['action']): fc.Arbitrary<ActionInput | null> {
  const a = actionArb(shape).map((x) => ({ ...x, action, target: Math.floor(x.price) % 3 === 0 ? x.target : { all: true as const } }));
  return fc.option(a, { nil: null, freq: 7 });
}

const faultArb = (shape: StudyShape): fc.Arbitrary<FaultInput> =>
  fc.record({
    minute: fc.integer({ min: 5, max: shape.hours * 60 - 60 }),
    kind: fc.constantFrom('wan' as const, 'rf' as const, 'han' as const, 'meter' as const),
    index: fc.nat(1000),
    minutes: fc.integer({ min: 1, max: 30 }),
  });

/** Random studies of the given shape. */
export function studyArb(shape: StudyShape = CHAIN_SHAPE): fc.Arbitrary<StudyInput> {
  return fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    clock: clockArb,
    touCents: touArb,
    customers: fc.integer({ min: 3, max: shape.maxCustomers }),
    regions: fc.integer({ min: 1, max: 3 }),
    languages: fc.integer({ min: 1, max: LANGS.length }),
    groups: fc.integer({ min: 0, max: 2 }),
    approved: fc.uniqueArray(fc.constantFrom(...APPLIANCE_TYPES), { maxLength: 3 }).map((off) => {
      const on = APPLIANCE_TYPES.filter((t) => !off.includes(t));
      return on.length > 0 ? on : ['thermostat' as ApplianceType];
    }),
    mix: types(2),
    registrationRate: fc.constantFrom(0.5, 0.8, 1),
    enrollmentRate: fc.constantFrom(0, 0.5, 0.9),
    mismatchRate: fc.constantFrom(...shape.badIntent),
    duplicateRate: fc.constantFrom(...shape.badIntent),
    emsShare: fc.constantFrom(0, 0.3),
    ihdShare: fc.constantFrom(0, 0.3),
    csrShare: fc.constantFrom(0, 0.3, 1),
    registrationWindow: fc.integer({ min: 1, max: 40 }),
    programTypes: fc.record({ tou: types(1), cpp: types(1), dlc: types(1), rtp: types(1), ptr: types(1) }),
    timeline: fc
      .tuple(fc.tuple(...CORE.map((action) => coreArb(shape, action))), fc.array(actionArb(shape), { minLength: 0, maxLength: shape.maxActions }))
      .map(([core, extra]) => [...core.filter((a): a is ActionInput => a !== null), ...extra]),
    loss: fc.record({ wan: fc.constantFrom(...shape.losses), rf: fc.constantFrom(...shape.losses), han: fc.constantFrom(...shape.losses) }),
    metersPerCollector: fc.constantFrom(5, 50, 1000),
    overrideProbability: fc.constantFrom(0, 0.5, 1),
    viewProbability: fc.constantFrom(0, 0.5, 1),
    alertLimitShare: fc.constantFrom(0, 0.5, 1),
    reportMinutes: fc.constantFrom(30, 60),
    priorityQueuing: fc.constantFrom(...shape.priorityQueuing),
    meterReadMinutes: fc.constantFrom(...shape.meterReadMinutes),
    metering: meteringArb(shape),
    hours: fc.constant(shape.hours),
    faults: fc.array(faultArb(shape), { minLength: 0, maxLength: shape.maxFaults }),
    firmware: fc.constantFrom(...shape.firmware),
  });
}

export function meteringArb(shape: StudyShape): fc.Arbitrary<MeteringInput> {
  return fc.record({
    subscribers: fc.constantFrom('displays' as const, 'displays+appliances' as const, 'none' as const),
    periodS: fc.constantFrom(...shape.meteringPeriodsS),
    minIntervalS: fc.constantFrom(5, 0, 30),
    changeW: fc.constantFrom(50, 0, 500),
  });
}

const SUBSCRIBERS: Record<MeteringInput['subscribers'], string[]> = {
  none: [],
  displays: ['ihd', 'ems'],
  'displays+appliances': ['ihd', 'ems', ...APPLIANCE_TYPES],
};

const share = (n: number, i: number) => (i === n - 1 ? 1 - (n - 1) * (1 / n) : 1 / n);

/** The study as a scenario document in the YAML format (what `scsim run` would read). */
export function scenarioDoc(x: StudyInput): Record<string, unknown> {
  const regions = Array.from({ length: x.regions }, (_, i) => ({ name: `r${i}`, share: share(x.regions, i) }));
  const langs = LANGS.slice(0, x.languages);
  const languages = Object.fromEntries(langs.map((l, i) => [l, share(langs.length, i)]));
  const groups = Array.from({ length: x.groups }, (_, i) => ({ name: `g${i}`, share: i === 0 ? 0.5 : 0.3 }));
  const text = (tag: string) => Object.fromEntries(langs.map((l) => [l, `${tag} ${l}`]));
  const timeline = x.timeline.map((a, i) => actionDoc(x, a, i, text));
  return {
    name: 'conformance',
    start: startOf(x.clock),
    time_zone: x.clock.zone,
    duration: `${x.hours}h`,
    seed: x.seed,
    population: {
      customers: x.customers,
      regions,
      languages,
      groups,
      appliances_per_customer: { mean: 2, max: 4 },
      appliance_mix: Object.fromEntries(x.mix.map((t) => [t, 1])),
      approved_types: x.approved,
      registration_rate: x.registrationRate,
      enrollment_rate: x.enrollmentRate,
      mismatch_rate: x.mismatchRate,
      duplicate_rate: x.duplicateRate,
      ems_share: x.emsShare,
      ihd_share: x.ihdShare,
      csr_share: x.csrShare,
      registration: { start: '0s', window: `${x.registrationWindow}m` },
    },
    programs: PROGRAM_IDS.map((id) => ({ id, kind: PROGRAM_KIND[id], appliance_types: x.programTypes[id], response: { randomize_start: '5m', price_threshold: 0.3 } })),
    timeline,
    network: {
      priority_queuing: x.priorityQueuing,
      meters_per_collector: x.metersPerCollector,
      wan: { loss: x.loss.wan },
      rf_mesh: { loss: x.loss.rf },
      han: { loss: x.loss.han },
      background: {
        meter_reads: { interval: `${x.meterReadMinutes}m` },
        firmware: x.firmware ? { at: `${x.firmware.minute}m`, bytes: x.firmware.kib * 1024, block_bytes: 512 } : { at: null },
      },
    },
    metering: {
      subscribers: SUBSCRIBERS[x.metering.subscribers],
      period: `${x.metering.periodS}s`,
      min_interval: `${x.metering.minIntervalS}s`,
      reportable_change_w: x.metering.changeW,
      age_sla_s: 2 * x.metering.periodS,
    },
    behaviour: {
      view_probability: x.viewProbability,
      override_probability: x.overrideProbability,
      override_delay_mean: '10m',
      alert_limit_share: x.alertLimitShare,
      report_interval: `${x.reportMinutes}m`,
      change_share: 0,
    },
  };
}

function actionDoc(x: StudyInput, a: ActionInput, i: number, text: (tag: string) => Record<string, string>): Record<string, unknown> {
  const t = a.target;
  const target =
    'region' in t
      ? { region: `r${t.region % x.regions}` }
      : 'group' in t
        ? x.groups > 0
          ? { group: `g${t.group % x.groups}` }
          : 'all'
        : 'device' in t
          ? { device: t.device }
          : t;
  const common = { at: `${a.minute}m`, priority: a.priority, target };
  const end = x.hours * 60;
  switch (a.action) {
    case 'tou_schedule':
      return { ...common, action: a.action, program: 'tou', prices: x.touCents.map((c) => c / 100) };
    case 'current_price': {
      const program = (['tou', 'cpp', 'rtp', 'ptr'] as const).includes(a.program as never) ? a.program : 'rtp';
      return { ...common, action: a.action, program, price: a.price / 100, next_price: a.price / 200, tier: 1 + (a.price % 3), duration: `${a.minutes}m` };
    }
    case 'day_ahead_notice':
      return { ...common, action: a.action, program: a.program === 'ptr' ? 'ptr' : 'cpp', event_start: `${Math.min(end, a.minute + 30)}m`, duration: `${a.minutes}m` };
    case 'dr_event': {
      const program = a.program === 'cpp' || a.program === 'ptr' ? a.program : 'dlc';
      return { ...common, action: a.action, program, duration: `${a.minutes}m`, criticality: 1 + (a.price % 6), in_progress_every: `${a.every}m` };
    }
    case 'load_control_schedule':
      return { ...common, action: a.action, program: 'dlc', duration: `${a.minutes}m` };
    case 'text_message':
      return { ...common, action: a.action, visibility: a.visibility, confirm: a.confirm, text: text(`msg${i}`) };
    case 'public_alert':
      return { ...common, action: a.action, alert: (['energy_shortage', 'grid_reliability', 'weather', 'end_of_alert'] as const)[a.price % 4], text: text(`alert${i}`) };
    case 'power_system_condition':
      return { ...common, action: a.action, frequency_hz: 59.5 + (a.price % 10) / 10, low_voltage: a.confirm };
    case 'billing_cycle_start':
    case 'diagnostic_test':
      return { ...common, action: a.action };
  }
}

/** A validated scenario from a study (throws when the generator made an invalid one: a suite bug). */
export function toScenario(x: StudyInput, sets: string[] = []): Scenario {
  return scenarioFromDoc(scenarioDoc(x), sets);
}

export function scenarioFromDoc(doc: Record<string, unknown>, sets: string[] = []): Scenario {
  const r = parseScenario(stringify(doc), 'conformance-study.yaml', sets);
  if (!r.ok) throw new Error(`conformance: generated an invalid study:\n${r.errors.map((e) => e.message).join('\n')}`);
  return r.scenario;
}

/** The YAML text of a study, for counterexamples QA can run with `scsim run`. */
export function studyYaml(x: StudyInput): string {
  return stringify(scenarioDoc(x));
}
