/** `programs`: the utility's appliance programs (FR-02, S1-03/S1-04) and their programmed responses (S2-04). */
import { readApplianceTypes } from './read-types.ts';
import { DEFAULT_EVENT_LIMITS, DEFAULT_OPT_OUT_LIMIT, DEFAULT_RESPONSE, defaultProgramTypes } from './defaults.ts';
import { FIELDS } from './fields.ts';
import { durationLimit, itemsLimit, numberLimit } from './limits.ts';
import { labelProblem } from './names.ts';
import { REQUIRED, type Reader } from './read.ts';
import { PROGRAM_KINDS, type ApplianceType, type Program, type ProgramKind, type Scenario } from './types.ts';

export interface ProgramsRead {
  programs: Program[];
  /** Declared program ids and their kinds (undefined when the kind itself is wrong), for timeline references. */
  declared: Map<string, ProgramKind | undefined>;
}

export function readPrograms(r: Reader, raw: unknown): ProgramsRead {
  const declared = new Map<string, ProgramKind | undefined>();
  if (raw === undefined || raw === null) return { programs: [], declared };
  const list = r.list('programs', raw, 'a list of programs, each {id, kind, ...}');
  if (!list) return { programs: [], declared };
  r.withinCount('programs', list, list.length, itemsLimit('programs'));
  const firstUse = new Map<string, number>();
  const programs = list.map((item, i) => {
    const at = `programs[${i}]`;
    const o = r.map(at, item, FIELDS['programs[]'], 'a program mapping {id, kind, ...}');
    // Not a mapping: one error is enough; its fields cannot be read.
    if (!o) return { id: '', kind: PROGRAM_KINDS[0], appliance_types: [], response: { ...DEFAULT_RESPONSE }, opt_out_limit: DEFAULT_OPT_OUT_LIMIT, event_limits: { ...DEFAULT_EVENT_LIMITS } };
    const id = r.text(`${at}.id`, o.id, REQUIRED, 'a program id (non-empty text)');
    const bad = id.trim() === '' ? undefined : labelProblem(id);
    if (bad !== undefined) r.error(`${at}.id`, bad.replace('a name', 'a program id'), id);
    const prior = firstUse.get(id);
    if (prior !== undefined && id !== '') r.errorText(`${at}.id`, 'a program id not used by another program', `"${id}" (already programs[${prior}].id)`);
    else firstUse.set(id, i);
    const kind = r.choice(`${at}.kind`, o.kind, REQUIRED, PROGRAM_KINDS);
    if (id !== '' && !declared.has(id)) declared.set(id, (PROGRAM_KINDS as readonly unknown[]).includes(o.kind) ? kind : undefined);
    return {
      id,
      kind,
      appliance_types: readApplianceTypes(r, `${at}.appliance_types`, o.appliance_types, defaultProgramTypes(kind), { nonEmpty: true }),
      response: readResponse(r, `${at}.response`, o.response),
      opt_out_limit: r.number(`${at}.opt_out_limit`, o.opt_out_limit, DEFAULT_OPT_OUT_LIMIT, numberLimit('programs[].opt_out_limit')),
      event_limits: readEventLimits(r, `${at}.event_limits`, o.event_limits),
    };
  });
  return { programs, declared };
}

/** OI-6: how many event days the pricing actor may call for the program. */
function readEventLimits(r: Reader, path: string, v: unknown): Program['event_limits'] {
  const d = DEFAULT_EVENT_LIMITS;
  const o = r.map(path, v, FIELDS['programs[].event_limits']);
  if (!o) return { ...d };
  return {
    per_season: r.number(`${path}.per_season`, o.per_season, d.per_season, numberLimit('programs[].event_limits.per_season')),
    hours_per_day: r.number(`${path}.hours_per_day`, o.hours_per_day, d.hours_per_day, numberLimit('programs[].event_limits.hours_per_day')),
    consecutive_days: r.number(`${path}.consecutive_days`, o.consecutive_days, d.consecutive_days, numberLimit('programs[].event_limits.consecutive_days')),
  };
}

function readResponse(r: Reader, path: string, v: unknown): Program['response'] {
  const d = DEFAULT_RESPONSE;
  const o = r.map(path, v, FIELDS['programs[].response']);
  if (!o) return { ...d };
  return {
    cycling_percent: r.number(`${path}.cycling_percent`, o.cycling_percent, d.cycling_percent, numberLimit('programs[].response.cycling_percent')),
    cooling_offset_c: r.number(`${path}.cooling_offset_c`, o.cooling_offset_c, d.cooling_offset_c, numberLimit('programs[].response.cooling_offset_c')),
    load_adjustment_percent: r.number(`${path}.load_adjustment_percent`, o.load_adjustment_percent, d.load_adjustment_percent, numberLimit('programs[].response.load_adjustment_percent')),
    randomize_start: r.limitedDuration(`${path}.randomize_start`, o.randomize_start, d.randomize_start, durationLimit('programs[].response.randomize_start')),
    price_threshold: r.number(`${path}.price_threshold`, o.price_threshold, d.price_threshold, numberLimit('programs[].response.price_threshold')),
    demand_limit_kw: r.number(`${path}.demand_limit_kw`, o.demand_limit_kw, d.demand_limit_kw, numberLimit('programs[].response.demand_limit_kw')),
    restore_margin_kw: r.number(`${path}.restore_margin_kw`, o.restore_margin_kw, d.restore_margin_kw, numberLimit('programs[].response.restore_margin_kw')),
    min_off: r.limitedDuration(`${path}.min_off`, o.min_off, d.min_off, durationLimit('programs[].response.min_off')),
    shed_order: readShedOrder(r, `${path}.shed_order`, o.shed_order, d.shed_order),
  };
}

/** DEMAND_LIMIT: the types the EMS may shed, in order; each once, at least one. */
function readShedOrder(r: Reader, path: string, v: unknown, def: readonly ApplianceType[]): ApplianceType[] {
  const types = readApplianceTypes(r, path, v, def, { nonEmpty: true });
  if (Array.isArray(v)) r.withinCount(path, v, v.length, itemsLimit('programs[].response.shed_order'));
  return types;
}

/**
 * DEMAND_LIMIT programs are run by the premise's EMS on the demand it holds from the meter's usage feed (NFR-03):
 * a study without EMSs, or whose EMSs do not subscribe to the feed, cannot work, and a restore margin as large as
 * the limit would never restore.
 */
export function checkDemandLimit(r: Reader, s: Pick<Scenario, 'programs' | 'population' | 'metering'>): void {
  s.programs.forEach((prog, i) => {
    if (prog.kind !== 'DEMAND_LIMIT') return;
    const at = `programs[${i}]`;
    if (!s.metering.subscribers.includes('ems')) {
      r.errorText('metering.subscribers', `a list with "ems": ${at} is a DEMAND_LIMIT program, whose EMS acts on the demand the meter reports to it`, JSON.stringify(s.metering.subscribers));
    }
    if (s.population.ems_share <= 0) r.errorText('population.ems_share', `above 0: ${at} is a DEMAND_LIMIT program, which premises run through their EMS`, String(s.population.ems_share));
    const r0 = prog.response;
    if (r0.restore_margin_kw >= r0.demand_limit_kw) {
      r.errorText(`${at}.response.restore_margin_kw`, `below ${at}.response.demand_limit_kw (${r0.demand_limit_kw} kW), or nothing is ever restored`, String(r0.restore_margin_kw));
    }
    if (!r0.shed_order.some((t) => prog.appliance_types.includes(t))) {
      r.errorText(`${at}.response.shed_order`, `at least one of the program's appliance_types (${prog.appliance_types.join(', ')})`, JSON.stringify(r0.shed_order));
    }
  });
}
