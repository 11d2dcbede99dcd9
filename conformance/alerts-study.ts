/**
 * The `alerts` profile's input (OI-3): a small chain study plus random CAP 1.2 messages, written as XML the
 * way agencies publish them (either namespace form, several languages, areas by name or by geocode, any
 * offset on the dateTimes) and fed to the study as `public_alerts.cap`. Plain JSON, so it shrinks and prints.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { StudyTime } from './checks/local-time.ts';
import { CHAIN_SHAPE, LANGS, scenarioDoc, scenarioFromDoc, startOf, studyArb, type StudyInput, type StudyShape } from './study.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface CapInfoInput {
  /** Index into the study's languages, or -1 for a language the study does not have (fr-CA). */
  language: number;
  category: string;
  urgency: string;
  severity: string;
  certainty: string;
  /** Region indices (mod the study's regions); empty: no <area> at all. */
  areas: number[];
  /** Name an area by a SAME geocode the study maps, rather than by the region's name. */
  byGeocode: boolean;
  headline: boolean;
}

export interface CapInput {
  minute: number;
  status: string;
  scope: string;
  msgType: string;
  /** Offset written on the dateTimes, minutes east of UTC. */
  offsetMinutes: number;
  prefixed: boolean;
  /** Minutes from sent to expires, or null for none. */
  expiresAfter: number | null;
  infos: CapInfoInput[];
}

export interface AlertsInput {
  study: StudyInput;
  caps: CapInput[];
}

export const ALERTS_SHAPE: StudyShape = { ...CHAIN_SHAPE, maxCustomers: 16, maxActions: 2, maxFaults: 0, losses: [0, 0.01] };

const infoArb: fc.Arbitrary<CapInfoInput> = fc.record({
  language: fc.integer({ min: -1, max: LANGS.length - 1 }),
  category: fc.constantFrom('Met', 'Infra', 'Geo', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'CBRNE', 'Other'),
  urgency: fc.constantFrom('Immediate', 'Expected', 'Future', 'Past', 'Unknown'),
  severity: fc.constantFrom('Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'),
  certainty: fc.constantFrom('Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'),
  areas: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
  byGeocode: fc.boolean(),
  headline: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

function capArb(shape: StudyShape): fc.Arbitrary<CapInput> {
  return fc.record({
    minute: fc.integer({ min: shape.firstActionMinute, max: shape.hours * 60 - 20 }),
    status: fc.oneof({ weight: 6, arbitrary: fc.constant('Actual') }, { weight: 1, arbitrary: fc.constantFrom('Exercise', 'Test', 'Draft') }),
    scope: fc.oneof({ weight: 6, arbitrary: fc.constant('Public') }, { weight: 1, arbitrary: fc.constant('Restricted') }),
    msgType: fc.constantFrom('Alert', 'Alert', 'Update', 'Cancel'),
    offsetMinutes: fc.constantFrom(-420, 0, 330, 60),
    prefixed: fc.boolean(),
    expiresAfter: fc.option(fc.integer({ min: 10, max: 24 * 60 }), { nil: null }),
    infos: fc.array(infoArb, { minLength: 1, maxLength: 3 }),
  });
}

export function alertsArb(shape: StudyShape = ALERTS_SHAPE): fc.Arbitrary<AlertsInput> {
  return fc.record({ study: studyArb(shape), caps: fc.array(capArb(shape), { minLength: 1, maxLength: 4 }) });
}

/** The SAME-style geocode the study maps to region r. */
export const geocodeOf = (r: number) => `SAME=0060${String(r + 1).padStart(2, '0')}`;
/** The headline of info block j of CAP message k in a language: unique, so a broadcast names its source. */
export const headlineOf = (k: number, j: number, lang: string) => `cap${k} info${j} ${lang}`;
export const eventOf = (k: number, j: number) => `event ${k}.${j}`;

/** A CAP 1.2 dateTime at epoch ms, written with a given offset (UTC as -00:00, as CAP 1.2 requires). */
export function capDateTime(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes > 0 ? '+' : '-';
  const a = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function capXml(x: StudyInput, c: CapInput, k: number): string {
  const p = c.prefixed ? 'cap:' : '';
  const el = (name: string, body: string) => `<${p}${name}>${body}</${p}${name}>`;
  const epoch0 = new StudyTime(startOf(x.clock), x.clock.zone).epoch0;
  const sent = epoch0 + c.minute * 60_000;
  const langs = LANGS.slice(0, x.languages);
  const infos = c.infos.map((i, j) => {
    const lang = i.language < 0 ? 'fr-CA' : `${langs[i.language % langs.length]}-US`;
    const areas = i.areas.map((a) => {
      const r = a % x.regions;
      return el('area', i.byGeocode ? el('areaDesc', `Zone ${r}`) + el('geocode', el('valueName', 'SAME') + el('value', geocodeOf(r).slice(5))) : el('areaDesc', `R${r}`));
    });
    return el(
      'info',
      [
        el('language', lang),
        el('category', i.category),
        el('event', esc(eventOf(k, j))),
        el('urgency', i.urgency),
        el('severity', i.severity),
        el('certainty', i.certainty),
        c.expiresAfter === null ? '' : el('expires', capDateTime(sent + c.expiresAfter * 60_000, c.offsetMinutes)),
        i.headline ? el('headline', esc(headlineOf(k, j, lang))) : '',
        ...areas,
      ].join(''),
    );
  });
  const ns = c.prefixed ? 'xmlns:cap' : 'xmlns';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${p}alert ${ns}="urn:oasis:names:tc:emergency:cap:1.2">${[
    el('identifier', `conformance-${k}`),
    el('sender', 'agency@example.gov'),
    el('sent', capDateTime(sent, c.offsetMinutes)),
    el('status', c.status),
    el('msgType', c.msgType),
    el('scope', c.scope),
    ...infos,
  ].join('')}</${p}alert>\n`;
}

export function alertsDoc(x: AlertsInput): Record<string, unknown> {
  const doc = scenarioDoc(x.study);
  const areas = Object.fromEntries(Array.from({ length: x.study.regions }, (_, r) => [geocodeOf(r), `r${r}`]));
  doc.public_alerts = { cap: x.caps.map((c, k) => ({ file: `conformance-${k}.xml`, xml: capXml(x.study, c, k) })), areas };
  return doc;
}

export const alertsScenario = (x: AlertsInput, sets: string[] = []): Scenario => scenarioFromDoc(alertsDoc(x), sets);
export const alertsYaml = (x: AlertsInput): string => stringify(alertsDoc(x));
