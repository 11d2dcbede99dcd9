/**
 * `timeline`: what CDCS sends and when (S2-01, FR-17…FR-29). Each action is checked against the declared
 * programs, regions, groups and languages, and must happen within the run.
 */
import { DEFAULT_ACTION, DEFAULT_ACTION_FIELDS, DEFAULT_TOU_PRICES } from './defaults.ts';
import { formatDuration } from './durations.ts';
import { ACTION_BASE, ACTION_FIELDS, ACTION_NAMES, ALERT_SEVERITIES, PRIORITIES, PUBLIC_ALERTS, TARGET_KEYS, VISIBILITIES } from './fields.ts';
import { durationLimit, itemsLimit, numberLimit, type LimitKey } from './limits.ts';
import { REQUIRED, isMapping, type Reader } from './read.ts';
import { APPLIANCE_TYPES, type ActionName, type ProgramKind, type Target, type TimelineAction } from './types.ts';
import { languageTagProblem } from './validate-population.ts';

export interface TimelineContext {
  /** The run's duration in ms, when it is valid. */
  duration: number | undefined;
  programs: Map<string, ProgramKind | undefined>;
  regions: string[];
  groups: string[];
  /** Population languages every text must have a variant for (FR-19); empty when they are themselves wrong. */
  languages: string[];
}

/** Which program kinds each program-bound action makes sense for (FR-17, FR-26). */
export const ACTION_PROGRAM_KINDS: Partial<Record<ActionName, readonly ProgramKind[]>> = {
  tou_schedule: ['TOU'],
  current_price: ['TOU', 'CPP', 'RTP', 'PTR'],
  day_ahead_notice: ['CPP', 'PTR'],
  dr_event: ['CPP', 'PTR', 'DLC'],
  load_control_schedule: ['DLC'],
};

const ALL_ACTION_FIELDS = [...ACTION_BASE, ...new Set(Object.values(ACTION_FIELDS).flat())];

export function readTimeline(r: Reader, raw: unknown, ctx: TimelineContext): TimelineAction[] {
  if (raw === undefined || raw === null) return [];
  const list = r.list('timeline', raw, 'a list of actions, each {at, action, ...}');
  if (!list) return [];
  r.withinCount('timeline', list, list.length, itemsLimit('timeline'));
  const out: TimelineAction[] = [];
  list.forEach((item, i) => {
    const a = readAction(r, `timeline[${i}]`, item, ctx);
    if (a) out.push(a);
  });
  return out;
}

function readAction(r: Reader, path: string, item: unknown, ctx: TimelineContext): TimelineAction | undefined {
  if (!isMapping(item)) {
    r.error(path, 'an action mapping such as {at: 2h, action: dr_event, program: cpp}', item);
    return undefined;
  }
  const action = r.choice(`${path}.action`, item.action, REQUIRED, ACTION_NAMES);
  const actionOk = (ACTION_NAMES as readonly unknown[]).includes(item.action);
  r.unknownKeys(path, item, actionOk ? [...ACTION_BASE, ...ACTION_FIELDS[action]] : ALL_ACTION_FIELDS);

  const at = r.limitedDuration(`${path}.at`, item.at, DEFAULT_ACTION.at, durationLimit('timeline[].at'));
  if (ctx.duration !== undefined && at > ctx.duration) {
    r.error(`${path}.at`, `a time within the run (0s to ${formatDuration(ctx.duration)})`, item.at);
  }
  const base = {
    at,
    priority: r.choice(`${path}.priority`, item.priority, DEFAULT_ACTION.priority, PRIORITIES),
    visibility: r.choice(`${path}.visibility`, item.visibility, action === 'public_alert' ? 'public' : DEFAULT_ACTION.visibility, VISIBILITIES),
    target: readTarget(r, `${path}.target`, item.target, ctx),
  };
  // Without a known action its own fields cannot be checked; the error at .action says why.
  if (!actionOk) return undefined;
  const F = DEFAULT_ACTION_FIELDS;
  const program = (): string => readProgramRef(r, `${path}.program`, item.program, ctx, ACTION_PROGRAM_KINDS[action] ?? [], action);
  const eventDuration = (def: number): number => r.limitedDuration(`${path}.duration`, item.duration, def, durationLimit(`timeline[${action}].duration` as LimitKey));

  switch (action) {
    case 'tou_schedule':
      return { ...base, action, program: program(), prices: readPrices(r, `${path}.prices`, item.prices) };
    case 'current_price': {
      const price = r.number(`${path}.price`, item.price, REQUIRED, numberLimit('timeline[current_price].price'));
      return {
        ...base,
        action,
        program: program(),
        price,
        next_price: r.number(`${path}.next_price`, item.next_price, price, numberLimit('timeline[current_price].next_price')),
        tier: r.number(`${path}.tier`, item.tier, F.tier, numberLimit('timeline[current_price].tier')),
        duration: r.limitedDuration(`${path}.duration`, item.duration, F.price_duration, durationLimit('timeline[current_price].duration')),
      };
    }
    case 'day_ahead_notice': {
      const eventStart = r.limitedDuration(`${path}.event_start`, item.event_start, REQUIRED, durationLimit('timeline[day_ahead_notice].event_start'));
      if (item.event_start !== undefined && eventStart < at) r.error(`${path}.event_start`, `an event start at or after the notice (at ${formatDuration(at)})`, item.event_start);
      return { ...base, action, program: program(), event_start: eventStart, duration: eventDuration(F.event_duration) };
    }
    case 'dr_event':
      return {
        ...base,
        action,
        program: program(),
        duration: eventDuration(F.event_duration),
        criticality: r.number(`${path}.criticality`, item.criticality, F.criticality, numberLimit('timeline[dr_event].criticality')),
        in_progress_every: r.limitedDuration(`${path}.in_progress_every`, item.in_progress_every, F.in_progress_every, durationLimit('timeline[dr_event].in_progress_every')),
      };
    case 'load_control_schedule':
      return { ...base, action, program: program(), duration: eventDuration(F.event_duration) };
    case 'text_message':
      return { ...base, action, text: readText(r, `${path}.text`, item.text, ctx), confirm: r.bool(`${path}.confirm`, item.confirm, F.confirm) };
    case 'public_alert':
      return {
        ...base,
        action,
        alert: r.choice(`${path}.alert`, item.alert, REQUIRED, PUBLIC_ALERTS),
        text: readText(r, `${path}.text`, item.text, ctx),
        severity: r.choice(`${path}.severity`, item.severity, F.alert_severity, ALERT_SEVERITIES),
        duration: eventDuration(F.alert_duration),
      };
    case 'power_system_condition':
      return {
        ...base,
        action,
        frequency_hz: r.number(`${path}.frequency_hz`, item.frequency_hz, F.frequency_hz, numberLimit('timeline[power_system_condition].frequency_hz')),
        low_voltage: r.bool(`${path}.low_voltage`, item.low_voltage, F.low_voltage),
      };
    case 'billing_cycle_start':
    case 'diagnostic_test':
      return { ...base, action };
  }
}

function readProgramRef(r: Reader, path: string, v: unknown, ctx: TimelineContext, kinds: readonly ProgramKind[], action: string): string {
  const id = r.text(path, v, REQUIRED, 'the id of a declared program');
  if (typeof v !== 'string' || id === '') return id;
  if (!ctx.programs.has(id)) {
    const ids = [...ctx.programs.keys()];
    r.error(path, ids.length === 0 ? 'the id of a declared program (programs is empty)' : `the id of a declared program (${ids.join(', ')})`, v);
    return id;
  }
  const kind = ctx.programs.get(id);
  if (kind !== undefined && kinds.length > 0 && !kinds.includes(kind)) {
    r.errorText(path, `a program of kind ${kinds.join(' or ')} for ${action}`, `"${id}" of kind ${kind}`);
  }
  return id;
}

const TARGET_EXPECTED = 'a target: all, or one of {all: true}, {appliance_type: …}, {program: …}, {region: …}, {group: …}, {device: …}';

function readTarget(r: Reader, path: string, v: unknown, ctx: TimelineContext): Target {
  if (v === undefined || v === 'all') return { all: true };
  if (!isMapping(v)) {
    r.error(path, TARGET_EXPECTED, v);
    return { all: true };
  }
  r.unknownKeys(path, v, TARGET_KEYS);
  const keys = Object.keys(v).filter((k) => (TARGET_KEYS as readonly string[]).includes(k));
  if (keys.length !== 1) {
    r.errorText(path, `exactly one of ${TARGET_KEYS.join(', ')}`, keys.length === 0 ? 'none' : keys.join(' and '));
    return { all: true };
  }
  const key = keys[0] as (typeof TARGET_KEYS)[number];
  const p = `${path}.${key}`;
  const val = v[key];
  const declared = (name: string, list: string[], what: string): string => {
    const s = r.text(p, val, REQUIRED, `the name of a declared ${what}`);
    if (typeof val === 'string' && s !== '' && !list.includes(s)) r.error(p, `the name of a declared ${what} (${[...new Set(list)].join(', ') || 'none declared'})`, val);
    return s;
  };
  switch (key) {
    case 'all':
      if (val !== true) r.error(p, 'true', val);
      return { all: true };
    case 'appliance_type':
      return { appliance_type: r.choice(p, val, REQUIRED, APPLIANCE_TYPES) };
    case 'program': {
      const id = r.text(p, val, REQUIRED, 'the id of a declared program');
      if (typeof val === 'string' && id !== '' && !ctx.programs.has(id)) r.error(p, `the id of a declared program (${[...ctx.programs.keys()].join(', ') || 'none declared'})`, val);
      return { program: id };
    }
    case 'region':
      return { region: declared('region', ctx.regions, 'region') };
    case 'group':
      return { group: declared('group', ctx.groups, 'group') };
    case 'device':
      return { device: r.number(p, val, REQUIRED, numberLimit('timeline[].target.device')) };
  }
}

function readPrices(r: Reader, path: string, v: unknown): number[] {
  if (v === undefined) return [...DEFAULT_TOU_PRICES];
  const list = r.list(path, v, 'a list of 24 hourly prices (per kWh)');
  if (!list) return [...DEFAULT_TOU_PRICES];
  if (list.length !== 24) r.error(path, 'a list of 24 hourly prices (per kWh), hour 0 = local midnight', list);
  return list.map((x, i) => r.number(`${path}[${i}]`, x, 0, numberLimit('timeline[tou_schedule].prices[]')));
}

/** Text variants keyed by language; every population language needs one (FR-19). */
function readText(r: Reader, path: string, v: unknown, ctx: TimelineContext): Record<string, string> {
  const expected = 'text variants by language, such as {en: "…", es: "…"}';
  if (v === undefined) {
    r.error(path, expected, v);
    return {};
  }
  if (!isMapping(v) || Object.keys(v).length === 0) {
    r.error(path, expected, v);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [lang, text] of Object.entries(v)) {
    const bad = languageTagProblem(lang);
    if (bad !== undefined) r.errorText(`${path}.${lang}`, bad, `"${lang}"`);
    out[lang] = r.text(`${path}.${lang}`, text, '', 'a non-empty text');
  }
  for (const lang of ctx.languages) {
    if (!(lang in v)) r.errorText(`${path}.${lang}`, `a text in "${lang}", since population.languages includes ${lang} (FR-19)`, 'no such variant');
  }
  return out;
}
