/** The top level of a study: identity, clock, and each section in turn, cross-checked. */
import { DEFAULT_TOP } from './defaults.ts';
import { FIELDS } from './fields.ts';
import { REQUIRED, isMapping, type Reader } from './read.ts';
import type { Scenario } from './types.ts';
import { readBehaviour } from './validate-behaviour.ts';
import { readNetwork } from './validate-network.ts';
import { readPopulation } from './validate-population.ts';
import { checkDemandLimit, readPrograms } from './validate-programs.ts';
import { readThresholds } from './thresholds.ts';
import { readTimeline } from './validate-timeline.ts';
import { readWeather } from './validate-weather.ts';
import { checkPublicAlerts, readPublicAlerts } from './validate-alerts.ts';
import { readPricing } from './validate-pricing.ts';
import { readRateAdvice } from './validate-rate-advice.ts';
import { readMetering } from './validate-metering.ts';
import { durationLimit, numberLimit } from './limits.ts';
import { fileNameProblem } from './names.ts';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const START_EXPECTED = 'an ISO local date-time such as 2026-07-15T12:00:00 (no offset: the zone is time_zone)';

export function readScenario(r: Reader, root: unknown): Scenario {
  const o = isMapping(root) ? root : {};
  if (!isMapping(root)) r.error('', 'a mapping of scenario fields (name, population, timeline, ...)', root);
  else r.unknownKeys('', root, FIELDS['']);

  const before = r.issues.count;
  const duration = r.limitedDuration('duration', o.duration, DEFAULT_TOP.duration, durationLimit('duration'));
  const knownDuration = r.issues.count === before ? duration : undefined;

  const population = readPopulation(r, o.population, knownDuration);
  const customersOk = !r.issues.list.some((e) => e.path === 'population' || e.path === 'population.customers');
  const { programs, declared } = readPrograms(r, o.programs);
  const languagesOk = !r.issues.list.some((e) => e.path.startsWith('population.languages'));
  const timeline = readTimeline(r, o.timeline, {
    duration: knownDuration,
    programs: declared,
    regions: population.regions.map((x) => x.name),
    groups: population.groups.map((x) => x.name),
    languages: languagesOk ? Object.keys(population.languages) : [],
  });

  const start = readStart(r, o.start);
  const timeZone = readZone(r, o.time_zone);
  const scenario: Scenario = {
    name: readName(r, o.name),
    description: readDescription(r, o.description),
    start,
    time_zone: timeZone,
    duration,
    seed: r.number('seed', o.seed, DEFAULT_TOP.seed, numberLimit('seed')),
    population,
    programs,
    timeline,
    network: readNetwork(r, o.network, { duration: knownDuration, customers: customersOk ? population.customers : undefined }),
    behaviour: readBehaviour(r, o.behaviour),
    weather: readWeather(r, o.weather),
    pricing: readPricing(r, o.pricing, { programs, start, timeZone, duration: knownDuration, timelineLength: timeline.length }),
    metering: readMetering(r, o.metering),
    thresholds: readThresholds(r, o.thresholds),
    public_alerts: readPublicAlerts(r, o.public_alerts, population.regions.map((x) => x.name)),
    rate_advice: readRateAdvice(r, o.rate_advice, knownDuration),
    sla_s: r.number('sla_s', o.sla_s, DEFAULT_TOP.sla_s, numberLimit('sla_s')),
  };
  checkDemandLimit(r, scenario);
  // CAP feeds are mapped against the clock, regions and languages: only once those are right.
  const feedInputs = ['start', 'time_zone', 'duration', 'population', 'public_alerts'];
  if (!r.issues.list.some((e) => feedInputs.some((f) => e.path === f || e.path.startsWith(`${f}.`) || e.path.startsWith(`${f}[`)))) checkPublicAlerts(r, scenario);
  return scenario;
}

/** The study name also names the run folder (`runs/<name>-<seed>-<time>`) and tags every metric point. */
function readName(r: Reader, v: unknown): string {
  const name = r.text('name', v, REQUIRED, 'a name (non-empty text)');
  const problem = typeof v === 'string' && v.trim() !== '' ? fileNameProblem(name) : undefined;
  if (problem !== undefined) r.error('name', problem, v);
  return name;
}

function readDescription(r: Reader, v: unknown): string {
  if (v === undefined || v === null) return DEFAULT_TOP.description;
  if (typeof v !== 'string') {
    r.error('description', 'a text', v);
    return '';
  }
  return v;
}

/** Normalized to `YYYY-MM-DDTHH:MM:SS`; the calendar date must exist. */
function readStart(r: Reader, v: unknown): string {
  if (v === undefined) return DEFAULT_TOP.start;
  const m = typeof v === 'string' ? LOCAL_DATE_TIME.exec(v.trim()) : null;
  if (!m) {
    r.error('start', START_EXPECTED, v);
    return DEFAULT_TOP.start;
  }
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '00'].map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const exists = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  if (!exists) {
    r.error('start', `${START_EXPECTED}, on a real calendar date and time`, v);
    return DEFAULT_TOP.start;
  }
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
}

/** An IANA time zone the runtime knows, in its canonical spelling. */
function readZone(r: Reader, v: unknown): string {
  if (v === undefined) return DEFAULT_TOP.time_zone;
  const expected = 'an IANA time zone such as America/Los_Angeles';
  if (typeof v !== 'string' || v.trim() === '') {
    r.error('time_zone', expected, v);
    return DEFAULT_TOP.time_zone;
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
  } catch {
    r.error('time_zone', expected, v);
    return DEFAULT_TOP.time_zone;
  }
}
