/**
 * Model-based testing of the chain (fc.commands): random sequences of customer, utility and network
 * actions — register/enroll, change program, language or alert limit, delete a device, send each message
 * kind, override, link down and up, a HAN drop, a meter restart, congestion (slower links), waiting — driven into a small running
 * world. Before each command the simulator runs to the command's time (`sim.run({until})`); the command
 * is injected; then a simple reference model's expectations are compared with the world: back-office
 * records (CSS, CDCS), device state and what each device accepted. Expectations that need the chain to
 * settle are checked once a device has been quiet for SETTLE_MS and none of its messages was provably
 * lost (dropped after every retry).
 */
import fc from 'fast-check';
import type { Target, TimelineAction } from '../../scenarios/types.ts';
import { Css } from '../../models/world/back-office-state.ts';
import { Ev } from '../../models/world/events.ts';
import { CDCS } from '../../models/world/ids.ts';
import { DEVICE_TYPES, EMS, IHD, Intent } from '../../models/world/population.ts';
import { Observation } from '../observe.ts';
import { scenarioFromDoc, MINUTE } from '../study.ts';
import type { RunContext } from '../profiles.ts';

/** How long the chain gets to finish a registration or a change before the model expects it done. */
export const SETTLE_MS = 60 * MINUTE;
const LANGS = ['en', 'es', 'zh'];
const PROGRAMS = ['tou', 'cpp', 'dlc', 'rtp', 'ptr'] as const;
const UNAPPROVED = 'smart_plug';

export function modelScenarioDoc(seed: number): Record<string, unknown> {
  const all = ['thermostat', 'water_heater', 'refrigerator', 'clothes_washer', 'clothes_dryer', 'dishwasher', 'pool_pump', 'ev_charger', 'smart_plug'];
  return {
    name: 'model-based',
    duration: '72h',
    seed,
    population: {
      customers: 5,
      regions: [
        { name: 'north', share: 0.5 },
        { name: 'south', share: 0.5 },
      ],
      languages: { en: 0.5, es: 0.3, zh: 0.2 },
      groups: [{ name: 'g0', share: 0.5 }],
      appliances_per_customer: { mean: 2.5, max: 4 },
      appliance_mix: Object.fromEntries(all.map((t) => [t, 1])),
      approved_types: all.filter((t) => t !== UNAPPROVED),
      registration_rate: 0,
      ems_share: 0.3,
      ihd_share: 0.5,
      csr_share: 0.4,
    },
    programs: [
      { id: 'tou', kind: 'TOU', appliance_types: all },
      { id: 'cpp', kind: 'CPP', appliance_types: all, response: { randomize_start: '0s', price_threshold: 0.3 } },
      { id: 'dlc', kind: 'DLC', appliance_types: all, response: { randomize_start: '0s' } },
      { id: 'rtp', kind: 'RTP', appliance_types: all, response: { price_threshold: 0.3 } },
      { id: 'ptr', kind: 'PTR', appliance_types: all },
    ],
    network: { wan: { loss: 0 }, rf_mesh: { loss: 0 }, han: { loss: 0 }, background: { meter_reads: { interval: '4h' } } },
    behaviour: { override_probability: 0, view_probability: 0.5, alert_limit_share: 0, report_interval: '1h', change_share: 0 },
  };
}

type Status = 'none' | 'registered' | 'rejected' | 'deleted';

interface MDev {
  status: Status;
  program: number;
  language: number;
  alertLimit: number;
  /** When the last command concerning the device was issued. */
  since: number;
  /** Override notices the device should have had accepted by CDCS and CSS. */
  overrides: number;
  overridesSince: number;
}

interface Send {
  index: number;
  at: number;
  /** Devices that must accept it, and devices that may (not settled, or lossy). */
  must: Set<number>;
  may: Set<number>;
  pub: boolean;
  regions: number[];
}

export interface Model {
  now: number;
  devices: number;
  customers: number;
  types: number[];
  owner: number[];
  region: number[];
  group: number[];
  languageOf: number[];
  devs: MDev[];
  /** Faults were active until this time (expectations about that period are relaxed). */
  faultsUntil: number;
  sends: Send[];
}

export interface Real {
  o: Observation;
  /** Ends of outages and delays: applied when the world reaches their time. */
  later: { at: number; apply: () => void }[];
}

/** Runs the world to time t, ending outages and delays on the way at their times. */
function advance(r: Real, t: number): void {
  r.later.sort((a, b) => a.at - b.at);
  while (r.later.length && r.later[0].at <= t) {
    const u = r.later.shift()!;
    r.o.runTo(u.at);
    u.apply();
  }
  r.o.runTo(t);
}

const approved = (m: Model, d: number) => DEVICE_TYPES[m.types[d]] !== UNAPPROVED;
const isDisplay = (m: Model, d: number) => m.types[d] === IHD || m.types[d] === EMS;

/** The device has been quiet long enough, and outside any fault, for its expectations to be exact. */
function settled(m: Model, r: Real, d: number): boolean {
  const x = m.devs[d];
  if (m.now - x.since < SETTLE_MS) return false;
  // Messages caught in an outage are retried, then dropped (the device is then lossy); give retries time.
  if (m.now - m.faultsUntil < 5 * MINUTE) return false;
  return !r.o.lossyDevices().has(d);
}

/** Compares every settled device with the model; throws the first differences. */
function verify(m: Model, r: Real): void {
  const { w } = r.o;
  const problems: string[] = [];
  const lossy = r.o.lossyDevices();
  for (let d = 0; d < m.devices; d++) {
    const x = m.devs[d];
    // Safety at any time: an unapproved type is never registered.
    if (!approved(m, d) && w.css.status[d] === Css.REGISTERED) problems.push(`device ${d}: unapproved ${DEVICE_TYPES[m.types[d]]} registered`);
    if (x.status === 'none' || !settled(m, r, d)) continue;
    const dev = w.dev;
    if (x.status === 'registered') {
      if (w.css.status[d] !== Css.REGISTERED || !w.cdcs.configured[d] || !dev.configured[d]) problems.push(`device ${d}: expected registered and configured; CSS status ${w.css.status[d]}, CDCS configured ${w.cdcs.configured[d]}, device configured ${dev.configured[d]}`);
      if (w.css.program[d] !== x.program || w.cdcs.program[d] !== x.program || dev.program[d] !== x.program) problems.push(`device ${d}: expected program ${x.program}; CSS ${w.css.program[d]}, CDCS ${w.cdcs.program[d]}, device ${dev.program[d]}`);
      if (w.cdcs.language[d] !== x.language || dev.language[d] !== x.language) problems.push(`device ${d}: expected language ${LANGS[x.language]}; CDCS ${LANGS[w.cdcs.language[d]]}, device ${LANGS[dev.language[d]]}`);
      if (x.alertLimit === x.alertLimit && !(Math.abs(dev.alertLimit[d] - x.alertLimit) < 1e-9)) problems.push(`device ${d}: expected alert limit ${x.alertLimit}; device ${dev.alertLimit[d]}`);
    } else if (x.status === 'rejected') {
      if (w.css.status[d] !== Css.REJECTED) problems.push(`device ${d}: expected rejected; CSS status ${w.css.status[d]}`);
    } else if (x.status === 'deleted') {
      if (w.css.status[d] !== Css.DELETED || w.cdcs.configured[d]) problems.push(`device ${d}: expected deleted; CSS status ${w.css.status[d]}, CDCS configured ${w.cdcs.configured[d]}`);
    }
    if (m.now - x.overridesSince >= 10 * MINUTE && !lossy.has(d) && (w.cdcs.overrides[d] !== x.overrides || w.css.overrides[d] !== x.overrides)) {
      problems.push(`device ${d}: ${x.overrides} overrides accepted; CDCS holds ${w.cdcs.overrides[d]}, CSS ${w.css.overrides[d]}`);
    }
  }
  // What each device accepted of each message sent.
  const got = new Map<number, Map<number, number>>();
  for (const a of r.o.accepted) {
    const i = r.o.actionOf[a.m];
    if (i === undefined || i < 0 || r.o.msgs.created[a.m] !== m.sends.find((s) => s.index === i)?.at) continue;
    let g = got.get(i);
    if (!g) got.set(i, (g = new Map()));
    g.set(a.d, (g.get(a.d) ?? 0) + 1);
  }
  for (const s of m.sends) {
    if (m.now - s.at < 20 * MINUTE) continue;
    const g = got.get(s.index) ?? new Map<number, number>();
    if (s.pub) {
      for (let d = 0; d < m.devices; d++) {
        const inRange = s.regions.includes(m.region[d]);
        const n = g.get(d) ?? 0;
        if (inRange ? n !== 1 : n !== 0) problems.push(`public message ${s.index}: device ${d} (${inRange ? 'in range' : 'out of range'}) accepted it ${n} times`);
      }
      continue;
    }
    for (const d of s.must) if ((g.get(d) ?? 0) !== 1 && !lossy.has(d)) problems.push(`message ${s.index}: registered target device ${d} accepted it ${g.get(d) ?? 0} times`);
    for (const [d] of g) if (!s.must.has(d) && !s.may.has(d)) problems.push(`message ${s.index}: device ${d}, not a target, accepted it`);
  }
  if (problems.length) throw new Error(`at ${(m.now / 3_600_000).toFixed(2)} h:\n  ${problems.slice(0, 8).join('\n  ')}`);
}

abstract class Step implements fc.Command<Model, Real> {
  constructor(readonly gap: number) {}
  check(_m: Readonly<Model>): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    m.now += this.gap * MINUTE;
    advance(r, m.now);
    this.act(m, r);
    verify(m, r);
  }
  abstract act(m: Model, r: Real): void;
  abstract label(): string;
  toString(): string {
    return `+${this.gap}m ${this.label()}`;
  }
}

class Register extends Step {
  constructor(gap: number, readonly pick: number, readonly program: number, readonly mismatch: boolean) {
    super(gap);
  }
  private d(m: Readonly<Model>): number {
    return this.pick % m.devices;
  }
  override check(m: Readonly<Model>): boolean {
    return m.devs[this.d(m)].status === 'none';
  }
  act(m: Model, r: Real): void {
    const d = this.d(m);
    const p = r.o.w.p;
    const program = isDisplay(m, d) ? -1 : this.program;
    p.intent[d] = this.mismatch ? Intent.MISMATCH_ID : Intent.REGISTER;
    p.program[d] = program;
    p.registerAt[d] = m.now;
    r.o.sim.at(m.now, r.o.w.customerActor(p.owner[d]), Ev.REGISTER, d);
    const ok = approved(m, d) && !this.mismatch;
    m.devs[d] = { ...m.devs[d], status: ok ? 'registered' : 'rejected', program, language: m.languageOf[d], since: m.now };
  }
  label(): string {
    return `register device #${this.pick} ${this.program < 0 ? 'without a program' : `in ${PROGRAMS[this.program]}`}${this.mismatch ? ' naming a wrong id' : ''}`;
  }
}

type Change = { kind: 'program'; program: number } | { kind: 'language'; language: number } | { kind: 'alert_limit'; price: number } | { kind: 'delete' };

class ChangeDevice extends Step {
  constructor(gap: number, readonly pick: number, readonly change: Change) {
    super(gap);
  }
  private d(m: Readonly<Model>): number {
    // The pick-th registered device.
    const regs = m.devs.map((x, d) => (x.status === 'registered' ? d : -1)).filter((d) => d >= 0);
    return regs.length ? regs[this.pick % regs.length] : -1;
  }
  override check(m: Readonly<Model>): boolean {
    const d = this.d(m);
    return d >= 0 && m.now + this.gap * MINUTE - m.devs[d].since >= SETTLE_MS;
  }
  act(m: Model, r: Real): void {
    const d = this.d(m);
    const c = this.change;
    const x = m.devs[d];
    if (c.kind === 'program') {
      r.o.w.customerChange(d, { kind: 'program', program: c.program });
      x.program = c.program;
    } else if (c.kind === 'language') {
      r.o.w.customerChange(d, { kind: 'language', language: LANGS[c.language] });
      x.language = c.language;
    } else if (c.kind === 'alert_limit') {
      r.o.w.customerChange(d, { kind: 'alert_limit', price: c.price });
      x.alertLimit = c.price;
    } else {
      r.o.w.customerChange(d, { kind: 'delete' });
      x.status = 'deleted';
    }
    x.since = m.now;
  }
  label(): string {
    const c = this.change;
    const what = c.kind === 'program' ? (c.program < 0 ? 'leave its program' : `move to ${PROGRAMS[c.program]}`) : c.kind === 'language' ? `language ${LANGS[c.language]}` : c.kind === 'alert_limit' ? `alert limit ${c.price}` : 'delete it';
    return `registered device #${this.pick}: ${what}`;
  }
}

const ACTIONS = ['text_message', 'current_price', 'dr_event', 'tou_schedule', 'public_alert', 'billing_cycle_start', 'power_system_condition', 'load_control_schedule', 'day_ahead_notice', 'diagnostic_test'] as const;
type TargetSpec = { all: true } | { region: number } | { group: true } | { program: number } | { device: number } | { appliance_type: string };

class SendMessage extends Step {
  constructor(gap: number, readonly action: (typeof ACTIONS)[number], readonly target: TargetSpec, readonly priority: 'low' | 'medium' | 'high', readonly pub: boolean, readonly program: number) {
    super(gap);
  }
  act(m: Model, r: Real): void {
    const s = r.o.s;
    const target: Target = 'region' in this.target ? { region: ['north', 'south'][this.target.region] } : 'group' in this.target ? { group: 'g0' } : 'program' in this.target ? { program: PROGRAMS[this.target.program] } : (this.target as Target);
    const text = { en: 'hello', es: 'hola', zh: '你好' };
    const pub = this.pub && (this.action === 'text_message' || this.action === 'public_alert');
    const base = { at: m.now, priority: this.priority, visibility: pub || this.action === 'public_alert' ? 'public' : 'private', target } as const;
    const prog = (kinds: readonly (typeof PROGRAMS)[number][]) => (kinds.includes(PROGRAMS[this.program]) ? PROGRAMS[this.program] : kinds[0]);
    let a: TimelineAction;
    switch (this.action) {
      case 'text_message':
        a = { ...base, action: 'text_message', text, confirm: this.program % 2 === 0 };
        break;
      case 'public_alert':
        a = { ...base, action: 'public_alert', alert: 'grid_reliability', text, severity: 'warning', duration: 5 * 60 * MINUTE };
        break;
      case 'current_price':
        a = { ...base, action: 'current_price', program: prog(['rtp', 'cpp', 'tou', 'ptr']), price: 0.2 + this.program / 10, next_price: 0.15, tier: 2, duration: 60 * MINUTE };
        break;
      case 'dr_event':
        a = { ...base, action: 'dr_event', program: prog(['dlc', 'cpp', 'ptr']), duration: 60 * MINUTE, criticality: 3, in_progress_every: 20 * MINUTE };
        break;
      case 'tou_schedule':
        a = { ...base, action: 'tou_schedule', program: 'tou', prices: Array.from({ length: 24 }, (_, h) => (h >= 12 && h < 18 ? 0.31 : 0.12)) };
        break;
      case 'billing_cycle_start':
        a = { ...base, action: 'billing_cycle_start' };
        break;
      case 'power_system_condition':
        a = { ...base, action: 'power_system_condition', frequency_hz: 59.8, low_voltage: false };
        break;
      case 'load_control_schedule':
        a = { ...base, action: 'load_control_schedule', program: 'dlc', duration: 60 * MINUTE };
        break;
      case 'day_ahead_notice':
        a = { ...base, action: 'day_ahead_notice', program: prog(['cpp', 'ptr']), event_start: m.now + 30 * MINUTE, duration: 60 * MINUTE };
        break;
      case 'diagnostic_test':
        a = { ...base, action: 'diagnostic_test' };
        break;
    }
    const index = s.timeline.push(a) - 1;
    r.o.sim.at(m.now, CDCS, Ev.ACTION, index);
    const regions = 'region' in this.target ? [this.target.region] : [0, 1];
    const must = new Set<number>();
    const may = new Set<number>();
    if (a.visibility === 'private') {
      for (let d = 0; d < m.devices; d++) {
        const x = m.devs[d];
        if (x.status !== 'registered' && x.status !== 'deleted') continue;
        // A change still on its way: CDCS may go by the old records or the new ones.
        if (!settled(m, r, d)) {
          may.add(d);
          continue;
        }
        const t = this.target;
        const match =
          'all' in t ||
          ('region' in t && m.region[d] === t.region) ||
          ('group' in t && m.group[d] === 1) ||
          ('program' in t && x.program === t.program) ||
          ('device' in t && d === t.device) ||
          ('appliance_type' in t && DEVICE_TYPES[m.types[d]] === t.appliance_type);
        if (match && x.status === 'registered') must.add(d);
      }
    }
    m.sends.push({ index, at: m.now, must, may, pub: a.visibility === 'public', regions });
  }
  label(): string {
    return `send ${this.pub || this.action === 'public_alert' ? 'public ' : ''}${this.action} (${this.priority}) to ${JSON.stringify(this.target)}`;
  }
}

class Override extends Step {
  constructor(gap: number, readonly pick: number) {
    super(gap);
  }
  act(m: Model, r: Real): void {
    const dev = r.o.w.dev;
    // The customer overrides what a device is doing (one running a response, if any); otherwise it is ignored.
    const running = Array.from({ length: m.devices }, (_, d) => d).filter((d) => dev.activeEvent[d] !== 0 && !dev.overridden[d]);
    const d = running.length ? running[this.pick % running.length] : this.pick % m.devices;
    const active = dev.activeEvent[d];
    if (active !== 0 && !dev.overridden[d]) {
      m.devs[d].overrides++;
      m.devs[d].overridesSince = m.now;
    }
    r.o.sim.at(m.now, r.o.w.deviceActor(d), Ev.OVERRIDE, active || 1);
  }
  label(): string {
    return `customer overrides device #${this.pick}`;
  }
}

class LinkDown extends Step {
  constructor(gap: number, readonly kind: 'wan' | 'rf' | 'han', readonly index: number, readonly minutes: number) {
    super(gap);
  }
  act(m: Model, r: Real): void {
    const n = this.kind === 'han' ? m.customers : r.o.w.p.collectors;
    const i = this.index % n;
    r.o.w.setLinkUp(this.kind, i, false);
    r.later.push({ at: m.now + this.minutes * MINUTE, apply: () => r.o.w.setLinkUp(this.kind, i, true) });
    m.faultsUntil = Math.max(m.faultsUntil, m.now + this.minutes * MINUTE);
  }
  label(): string {
    return `${this.kind === 'han' ? 'HAN drop' : `${this.kind.toUpperCase()} partition`} on link #${this.index} for ${this.minutes} min`;
  }
}

/** Congestion: every link of a class gets slower for a while (messages arrive late, none is lost). */
class NetworkDelay extends Step {
  constructor(gap: number, readonly kind: 'wan' | 'rf' | 'han', readonly extraMs: number, readonly minutes: number) {
    super(gap);
  }
  act(m: Model, r: Real): void {
    const n = r.o.s.network;
    const params = this.kind === 'wan' ? n.wan : this.kind === 'rf' ? n.rf_mesh : n.han;
    params.latency_ms += this.extraMs;
    r.later.push({ at: m.now + this.minutes * MINUTE, apply: () => void (params.latency_ms -= this.extraMs) });
  }
  label(): string {
    return `${this.kind.toUpperCase()} latency +${this.extraMs} ms for ${this.minutes} min`;
  }
}

class MeterRestart extends Step {
  constructor(gap: number, readonly pick: number, readonly minutes: number) {
    super(gap);
  }
  act(m: Model, r: Real): void {
    const c = this.pick % m.customers;
    r.o.w.restartMeter(c, this.minutes * MINUTE);
    m.faultsUntil = Math.max(m.faultsUntil, m.now + this.minutes * MINUTE);
  }
  label(): string {
    return `restart meter #${this.pick} (${this.minutes} min down)`;
  }
}

class Wait extends Step {
  act(): void {}
  label(): string {
    return 'wait';
  }
}

const gap = fc.integer({ min: 0, max: 30 });

export function commandArbs(): fc.Arbitrary<fc.Command<Model, Real>>[] {
  const register = fc.tuple(gap, fc.nat(100), fc.integer({ min: -1, max: PROGRAMS.length - 1 }), fc.boolean()).map(([g, pick, prog, mismatch]) => new Register(g, pick, prog, mismatch && pick % 4 === 0));
  // fc.commands picks among these uniformly: registering and sending come up more often than faults.
  return [
    register,
    register,
    register,
    fc
      .tuple(
        gap,
        fc.nat(100),
        fc.oneof(
          fc.integer({ min: -1, max: PROGRAMS.length - 1 }).map((program) => ({ kind: 'program' as const, program })),
          fc.integer({ min: 0, max: LANGS.length - 1 }).map((language) => ({ kind: 'language' as const, language })),
          fc.integer({ min: 20, max: 60 }).map((c) => ({ kind: 'alert_limit' as const, price: c / 100 })),
          fc.constant({ kind: 'delete' as const }),
        ),
      )
      .map(([g, pick, change]) => new ChangeDevice(g, pick, change)),
    fc
      .tuple(
        gap,
        fc.constantFrom(...ACTIONS),
        fc.oneof(
          fc.constant({ all: true as const }),
          fc.integer({ min: 0, max: 1 }).map((region) => ({ region })),
          fc.constant({ group: true as const }),
          fc.integer({ min: 0, max: PROGRAMS.length - 1 }).map((program) => ({ program })),
          fc.nat(12).map((device) => ({ device })),
          fc.constantFrom('thermostat', 'water_heater', 'ev_charger').map((appliance_type) => ({ appliance_type })),
        ),
        fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
        fc.boolean(),
        fc.integer({ min: 0, max: PROGRAMS.length - 1 }),
      )
      .map(([g, action, target, priority, pub, program]) => new SendMessage(g, action, target as TargetSpec, priority, pub && (action === 'text_message' || action === 'public_alert'), program)),
    fc.tuple(gap, fc.nat(100)).map(([g, pick]) => new Override(g, pick)),
    fc.tuple(gap, fc.constantFrom('wan' as const, 'rf' as const, 'han' as const), fc.nat(10), fc.integer({ min: 1, max: 20 })).map(([g, kind, index, minutes]) => new LinkDown(g, kind, index, minutes)),
    fc.tuple(gap, fc.nat(10), fc.integer({ min: 1, max: 10 })).map(([g, pick, minutes]) => new MeterRestart(g, pick, minutes)),
    fc.tuple(gap, fc.constantFrom('wan' as const, 'rf' as const, 'han' as const), fc.integer({ min: 100, max: 20_000 }), fc.integer({ min: 1, max: 30 })).map(([g, kind, extra, minutes]) => new NetworkDelay(g, kind, extra, minutes)),
    fc.integer({ min: 30, max: 120 }).map((g) => new Wait(g)),
  ];
}

export interface ModelInput {
  seed: number;
  commands: Iterable<fc.Command<Model, Real>>;
}

export function modelArb(maxCommands = 40, replayPath?: string): fc.Arbitrary<ModelInput> {
  const arbs = commandArbs();
  // Sends and changes twice as likely as single faults.
  const weighted = [...arbs, arbs[3], arbs[4], arbs[4]];
  return fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), commands: fc.commands(weighted, { maxCommands, size: 'max', ...(replayPath ? { replayPath } : {}) }) });
}

/** Sets up the world and the model for one command sequence. */
export function setup(seed: number, ctx: RunContext): { model: Model; real: Real } {
  const o = new Observation(scenarioFromDoc(modelScenarioDoc(seed), ctx.sets), { mutants: ctx.mutants });
  const p = o.w.p;
  const devs: MDev[] = Array.from({ length: p.devices }, (_, d) => ({ status: 'none', program: -1, language: p.language[p.owner[d]], alertLimit: NaN, since: 0, overrides: 0, overridesSince: 0 }));
  const model: Model = {
    now: 0,
    devices: p.devices,
    customers: p.customers,
    types: Array.from(p.type),
    owner: Array.from(p.owner),
    region: Array.from(p.owner, (c) => p.region[c]),
    group: Array.from(p.owner, (c) => p.groupBits[c] & 1),
    languageOf: Array.from(p.owner, (c) => p.language[c]),
    devs,
    faultsUntil: -Infinity,
    sends: [],
  };
  return { model, real: { o, later: [] } };
}

/** Runs one command sequence, then lets the chain settle and checks once more; problems land in `o.notes`. */
export function runModel(x: ModelInput, ctx: RunContext): Observation {
  const { model, real } = setup(x.seed, ctx);
  try {
    fc.modelRun(() => ({ model, real }), x.commands);
    model.now += SETTLE_MS + MINUTE;
    advance(real, model.now);
    verify(model, real);
  } catch (e) {
    real.o.notes.push(e instanceof Error ? e.message : String(e));
  }
  return real.o;
}
