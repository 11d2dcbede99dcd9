/**
 * Test support: fast-check arbitraries of valid, normalized scenarios, and their YAML form. A generated
 * scenario serialized by `toYamlObject` must load back to exactly itself.
 */
import fc from 'fast-check';
import { numberPaths } from '../models/summary-paths.ts';
import { formatDuration } from './durations.ts';
import { fileNameProblem } from './names.ts';
import { ALERT_SEVERITIES, FAULT_KINDS, PRIORITIES, PUBLIC_ALERTS, VISIBILITIES } from './fields.ts';
import { APPLIANCE_TYPES, METERING_SUBSCRIBERS, PROGRAM_KINDS, type NetworkFault, type Program, type Scenario, type Target, type Threshold, type TimelineAction } from './types.ts';

const H = 3_600_000;
const share = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0); // + 0 turns -0 into 0
const nonNeg = (max: number) => fc.double({ min: 0, max, noNaN: true }).map((x) => x + 0);
const positive = (max: number) => fc.double({ min: Number.MIN_VALUE, max, noNaN: true });
const ms = (max: number) => fc.integer({ min: 0, max });
/** 0 (off), or from a minute: the limit of reminders, reports and meter reads (limits.ts). */
const offOrFromMinute = (max: number) => fc.oneof(fc.constant(0), fc.integer({ min: 60_000, max }));
/** Bandwidths of at least a byte per second (limits.ts). */
const bandwidth = (max: number) => fc.double({ min: 1, max, noNaN: true });
const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '');
/** A study name names the run folder: any text that is safe there. */
const studyName = text.filter((s) => fileNameProblem(s) === undefined);
const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);
const LANGS = ['en', 'es', 'zh', 'ko', 'vi', 'tl', 'zh-Hant', 'hy'];
const ZONES = ['America/Los_Angeles', 'UTC', 'Europe/Paris', 'Asia/Tokyo', 'America/New_York'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const start = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map(
  (d) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
);

/** Named shares; as a partition they sum to 1 (within float rounding). */
const namedShares = (min: number, max: number, partition: boolean) =>
  fc.uniqueArray(name, { minLength: min, maxLength: max }).chain((names) =>
    (partition ? fc.array(fc.integer({ min: 1, max: 100 }), { minLength: names.length, maxLength: names.length }) : fc.array(share, { minLength: names.length, maxLength: names.length })).map(
      (ws) => {
        const sum = ws.reduce((a, b) => a + b, 0);
        return names.map((n, i) => ({ name: n, share: partition ? ws[i] / sum : ws[i] }));
      },
    ),
  );

const weights = (keys: readonly string[]) =>
  fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1, maxLength: keys.length }).chain((ks) =>
    fc.tuple(fc.array(nonNeg(100), { minLength: ks.length, maxLength: ks.length }), positive(100)).map(([ws, first]) =>
      Object.fromEntries(ks.map((k, i) => [k, i === 0 ? first : ws[i]])),
    ),
  );

const types = fc.uniqueArray(fc.constantFrom(...APPLIANCE_TYPES), { minLength: 1, maxLength: APPLIANCE_TYPES.length });

const program = (id: string): fc.Arbitrary<Program> =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom(...PROGRAM_KINDS),
    appliance_types: types,
    response: fc.record({
      cycling_percent: nonNeg(100),
      cooling_offset_c: nonNeg(10),
      load_adjustment_percent: nonNeg(100),
      randomize_start: ms(H),
      price_threshold: nonNeg(5),
      demand_limit_kw: fc.double({ min: 0.1, max: 100, noNaN: true }),
      restore_margin_kw: fc.double({ min: 0, max: 0.99, noNaN: true }),
      min_off: ms(4 * H),
      shed_order: types,
    }).map((r) => ({ ...r, restore_margin_kw: r.restore_margin_kw * r.demand_limit_kw })),
    opt_out_limit: fc.nat(20),
    event_limits: fc.record({ per_season: fc.nat(30), hours_per_day: fc.integer({ min: 1, max: 24 }), consecutive_days: fc.integer({ min: 1, max: 10 }) }),
  });

const link = fc.record({
  latency_ms: ms(10_000),
  bandwidth_Bps: bandwidth(1e7),
  loss: share,
  max_retries: fc.nat(10),
  retry_timeout_ms: ms(60_000),
});

// Thresholds name numbers of the summary.json contract.
const threshold: fc.Arbitrary<Threshold> = fc
  .tuple(
    fc.constantFrom(...numberPaths()),
    fc.constantFrom('<', '<=', '>', '>=', '==', '!=' as const),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
  )
  .map(([path, op, value]) => ({ name: `${path} ${op} ${value}`, path, op, value }));

interface World {
  duration: number;
  programs: Program[];
  regions: string[];
  groups: string[];
  languages: string[];
}

function actionArb(w: World): fc.Arbitrary<TimelineAction> {
  const target: fc.Arbitrary<Target> = fc.oneof(
    fc.constant({ all: true as const }),
    fc.constantFrom(...APPLIANCE_TYPES).map((t) => ({ appliance_type: t })),
    fc.constantFrom(...w.regions).map((r) => ({ region: r })),
    fc.nat(1_000_000).map((d) => ({ device: d })),
    ...(w.programs.length > 0 ? [fc.constantFrom(...w.programs.map((p) => p.id)).map((p) => ({ program: p }))] : []),
    ...(w.groups.length > 0 ? [fc.constantFrom(...w.groups).map((g) => ({ group: g }))] : []),
  );
  const base = fc.record({
    at: ms(w.duration),
    priority: fc.constantFrom(...PRIORITIES),
    visibility: fc.constantFrom(...VISIBILITIES),
    target,
  });
  const texts = fc
    .tuple(fc.array(text, { minLength: w.languages.length, maxLength: w.languages.length }), fc.option(text, { nil: undefined }))
    .map(([ts, extra]) => {
      const o: Record<string, string> = Object.fromEntries(w.languages.map((l, i) => [l, ts[i]]));
      if (extra !== undefined && !('hy' in o)) o.hy = extra;
      return o;
    });
  const progOf = (...kinds: string[]) => w.programs.filter((p) => kinds.includes(p.kind)).map((p) => p.id);
  const eventLen = fc.integer({ min: 1, max: 24 * H });
  const choices: fc.Arbitrary<TimelineAction>[] = [
    base.chain((b) => fc.record({ text: texts, confirm: fc.boolean() }).map((x) => ({ ...b, action: 'text_message' as const, ...x }))),
    base.chain((b) => fc.record({ alert: fc.constantFrom(...PUBLIC_ALERTS), text: texts, severity: fc.constantFrom(...ALERT_SEVERITIES), duration: eventLen }).map((x) => ({ ...b, action: 'public_alert' as const, ...x }))),
    base.chain((b) =>
      fc.record({ frequency_hz: fc.double({ min: 40, max: 70, noNaN: true }), low_voltage: fc.boolean() }).map((x) => ({ ...b, action: 'power_system_condition' as const, ...x })),
    ),
    base.map((b) => ({ ...b, action: 'billing_cycle_start' as const })),
    base.map((b) => ({ ...b, action: 'diagnostic_test' as const })),
  ];
  const tou = progOf('TOU');
  if (tou.length > 0) {
    choices.push(base.chain((b) => fc.record({ program: fc.constantFrom(...tou), prices: fc.array(nonNeg(2), { minLength: 24, maxLength: 24 }) }).map((x) => ({ ...b, action: 'tou_schedule' as const, ...x }))));
  }
  const priced = progOf('TOU', 'CPP', 'RTP', 'PTR');
  if (priced.length > 0) {
    choices.push(
      base.chain((b) =>
        fc
          .record({ program: fc.constantFrom(...priced), price: nonNeg(2), next_price: nonNeg(2), tier: fc.integer({ min: 1, max: 9 }), duration: fc.integer({ min: 1, max: 48 * H }) })
          .map((x) => ({ ...b, action: 'current_price' as const, ...x })),
      ),
    );
  }
  const notice = progOf('CPP', 'PTR');
  if (notice.length > 0) {
    choices.push(
      base.chain((b) =>
        fc.record({ program: fc.constantFrom(...notice), event_start: fc.integer({ min: b.at, max: b.at + 48 * H }), duration: eventLen }).map((x) => ({ ...b, action: 'day_ahead_notice' as const, ...x })),
      ),
    );
  }
  const dr = progOf('CPP', 'PTR', 'DLC');
  if (dr.length > 0) {
    choices.push(
      base.chain((b) =>
        fc
          .record({ program: fc.constantFrom(...dr), duration: eventLen, criticality: fc.integer({ min: 1, max: 15 }), in_progress_every: offOrFromMinute(4 * H) })
          .map((x) => ({ ...b, action: 'dr_event' as const, ...x })),
      ),
    );
  }
  const dlc = progOf('DLC');
  if (dlc.length > 0) {
    choices.push(base.chain((b) => fc.record({ program: fc.constantFrom(...dlc), duration: eventLen }).map((x) => ({ ...b, action: 'load_control_schedule' as const, ...x }))));
  }
  return fc.oneof(...choices);
}

/** A fault within the run, on a collector (wan, rf) or a customer (han, meter) that exists. */
const faultArb = (duration: number, customers: number, metersPerCollector: number): fc.Arbitrary<NetworkFault> =>
  fc.constantFrom(...FAULT_KINDS).chain((kind) =>
    fc.record({
      at: ms(duration),
      kind: fc.constant(kind),
      index: fc.nat(kind === 'wan' || kind === 'rf' ? Math.ceil(customers / metersPerCollector) - 1 : customers - 1),
      duration: fc.integer({ min: 1, max: 24 * H }),
    }),
  );

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    duration: fc.integer({ min: 1, max: 7 * 24 * H }),
    customers: fc.integer({ min: 1, max: 10_000_000 }),
    metersPerCollector: fc.integer({ min: 1, max: 5000 }),
    regions: namedShares(1, 4, true),
    groups: namedShares(0, 3, false),
    languages: weights(LANGS),
    programIds: fc.uniqueArray(name, { maxLength: 4 }),
  })
  .chain(({ duration, customers, metersPerCollector, regions, groups, languages, programIds }) =>
    fc.tuple(...programIds.map(program)).chain((programs) => {
      const world: World = { duration, programs, regions: regions.map((r) => r.name), groups: groups.map((g) => g.name), languages: Object.keys(languages) };
      return fc.record({
        name: studyName,
        description: fc.string({ maxLength: 40 }),
        start,
        time_zone: fc.constantFrom(...ZONES),
        duration: fc.constant(duration),
        seed: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        population: fc.record({
          customers: fc.constant(customers),
          regions: fc.constant(regions),
          appliances_per_customer: fc.integer({ min: 1, max: 10 }).chain((max) => fc.double({ min: 1, max, noNaN: true }).map((mean) => ({ mean, max }))),
          appliance_mix: weights(APPLIANCE_TYPES),
          approved_types: fc.uniqueArray(fc.constantFrom(...APPLIANCE_TYPES)),
          registration_rate: share,
          enrollment_rate: share,
          mismatch_rate: share,
          duplicate_rate: share,
          languages: fc.constant(languages),
          ems_share: share,
          ihd_share: share,
          csr_share: share,
          registration: fc.record({ start: ms(duration), window: ms(24 * H) }),
          groups: fc.constant(groups),
        }),
        programs: fc.constant(programs),
        timeline: fc.array(actionArb(world), { maxLength: 8 }),
        network: fc.record({
          priority_queuing: fc.boolean(),
          meters_per_collector: fc.constant(metersPerCollector),
          nms_processing_ms: ms(1000),
          wan: link,
          rf_mesh: fc.tuple(link, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 })).chain(([l, min, extra]) =>
            fc.double({ min, max: min + extra, noNaN: true }).map((mean) => ({ ...l, hops: { min, max: min + extra, mean } })),
          ),
          han: link,
          broadcast: fc.record({ latency_ms: ms(10_000), bandwidth_Bps: bandwidth(1e6) }),
          background: fc.record({
            meter_reads: fc.record({ interval: offOrFromMinute(24 * H), bytes: fc.integer({ min: 1, max: 1 << 16 }) }),
            firmware: fc.integer({ min: 1, max: 1 << 22 }).chain((bytes) =>
              fc.record({ at: fc.option(ms(duration), { nil: null }), bytes: fc.constant(bytes), block_bytes: fc.integer({ min: 1, max: Math.min(bytes, 1 << 16) }) }),
            ),
          }),
          faults: fc.array(faultArb(duration, customers, metersPerCollector), { maxLength: 4 }),
        }),
        behaviour: fc.record({
          view_probability: share,
          override_probability: share,
          settings_change_share: share,
          override_delay_mean: fc.integer({ min: 1, max: 24 * H }),
          alert_limit_share: share,
          report_interval: fc.integer({ min: 60_000, max: 24 * H }),
          change_share: share,
        }),
        weather: fc.record({ hourly_c: fc.array(fc.integer({ min: -400, max: 500 }).map((x) => x / 10), { minLength: 24, maxLength: 24 }) }),
        // A pricing section needs a series file on disk: random studies have none (the pricing tests cover it).
        pricing: fc.constant(null),
        metering: fc.record({
          subscribers: fc.uniqueArray(fc.constantFrom(...METERING_SUBSCRIBERS)),
          period: fc.integer({ min: 1, max: 3600 }).map((s) => s * 1000),
          min_interval: fc.integer({ min: 0, max: 600 }).map((s) => s * 1000),
          reportable_change_w: fc.integer({ min: 0, max: 10_000 }),
          age_sla_s: positive(86_400),
        }),
        thresholds: fc.array(threshold, { maxLength: 4 }),
        public_alerts: fc.constant<Scenario['public_alerts']>({ cap: [], areas: {} }),
        rate_advice: fc.constant(null),
        sla_s: positive(86_400),
      }).map(withWorkingDemandLimit);
    }),
  );

/** A DEMAND_LIMIT program needs EMSs that hear the meter and a type it may shed among those it enrolls (checkDemandLimit). */
function withWorkingDemandLimit<T extends { programs: Program[]; metering: { subscribers: Scenario['metering']['subscribers'] }; population: { ems_share: number } }>(s: T): T {
  const dl = s.programs.filter((p) => p.kind === 'DEMAND_LIMIT');
  if (dl.length === 0) return s;
  for (const p of dl) if (!p.response.shed_order.some((t) => p.appliance_types.includes(t))) p.response.shed_order.push(...p.appliance_types.filter((t) => !p.response.shed_order.includes(t)).slice(0, 1));
  if (!s.metering.subscribers.includes('ems')) s.metering.subscribers.push('ems');
  if (s.population.ems_share <= 0) s.population.ems_share = 0.5;
  return s;
}

/** A duration as YAML: whole seconds sometimes as a plain number (seconds), otherwise "1h30m"-style text. */
function dur(ms: number): string | number {
  return ms % 1000 === 0 && (ms / 1000) % 2 === 1 ? ms / 1000 : formatDuration(ms);
}

/** The YAML-level form of a normalized scenario. */
export function toYamlObject(s: Scenario): Record<string, unknown> {
  const o = structuredClone(s) as unknown as Record<string, any>;
  o.duration = dur(s.duration);
  o.population.registration = { start: dur(s.population.registration.start), window: dur(s.population.registration.window) };
  for (const p of o.programs) {
    p.response.randomize_start = dur(p.response.randomize_start);
    p.response.min_off = dur(p.response.min_off);
  }
  for (const a of o.timeline) {
    for (const k of ['at', 'duration', 'event_start', 'in_progress_every']) if (typeof a[k] === 'number') a[k] = dur(a[k]);
    if (a.target.all === true && a.at % 2 === 0) a.target = 'all';
  }
  o.network.background.meter_reads.interval = dur(s.network.background.meter_reads.interval);
  if (s.network.background.firmware.at !== null) o.network.background.firmware.at = dur(s.network.background.firmware.at);
  for (const f of o.network.faults) {
    f.at = dur(f.at);
    f.duration = dur(f.duration);
  }
  o.behaviour.override_delay_mean = dur(s.behaviour.override_delay_mean);
  if (s.pricing === null) delete o.pricing;
  o.behaviour.report_interval = dur(s.behaviour.report_interval);
  o.metering.period = dur(s.metering.period);
  o.metering.min_interval = dur(s.metering.min_interval);
  o.thresholds = s.thresholds.map((t) => t.name);
  return o;
}

/** Every scalar (leaf) of a YAML-level value, with its path as the loader names it. */
export function leafPaths(v: unknown, path = ''): { path: string; value: unknown }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, `${path}[${i}]`));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => leafPaths(x, path === '' ? k : `${path}.${k}`));
  return [{ path, value: v }];
}

/** Sets the value at a loader-style path (`a.b[2].c`) of a plain value, in place. */
export function setAtPath(root: unknown, path: string, value: unknown): void {
  const parts = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let cur = root as Record<string, unknown>;
  parts.forEach((p, i) => {
    const key = p.startsWith('[') ? Number(p.slice(1, -1)) : p;
    if (i === parts.length - 1) (cur as Record<string | number, unknown>)[key] = value;
    else cur = (cur as Record<string | number, unknown>)[key] as Record<string, unknown>;
  });
}
