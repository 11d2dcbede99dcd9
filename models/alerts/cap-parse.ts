/**
 * One Common Alerting Protocol 1.2 message (OASIS, 2010), as emergency agencies publish them: XML text →
 * the typed fields the utility maps to public messages (OI-3), or the first problem, naming the element
 * (`alert/info[2]/urgency`), what CAP 1.2 allows and what the file holds. Parsing is fast-xml-parser's;
 * this module checks what the CAP data dictionary requires of the elements we read.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
/** A CAP message is a few kilobytes (the spec's examples are 1–3 KB); a megabyte is a feed archive, not an alert. */
export const CAP_MAX_BYTES = 1 << 20;

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];

export interface CapArea {
  areaDesc: string;
  /** `valueName=value` of each geocode (e.g. `SAME=006037`). */
  geocodes: string[];
}

export interface CapInfo {
  /** RFC 3066 tag; CAP's default is en-US. */
  language: string;
  categories: CapCategory[];
  event: string;
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  /** Epoch ms, when given. */
  effective?: number;
  expires?: number;
  headline?: string;
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  /** Epoch ms, and the text as written. */
  sent: number;
  sentText: string;
  status: (typeof CAP_STATUSES)[number];
  msgType: (typeof CAP_MSG_TYPES)[number];
  scope: (typeof CAP_SCOPES)[number];
  /** `sender,identifier,sent` triples of earlier messages (Update, Cancel). */
  references: { sender: string; identifier: string }[];
  infos: CapInfo[];
}

/** A problem with one element: `element` is its path (`alert/info[1]/area[2]/areaDesc`, 1-based as in XPath). */
export interface CapProblem {
  element: string;
  expected: string;
  found: string;
}

export type CapParse = { ok: true; alert: CapAlert } | { ok: false; problem: CapProblem };

/** CAP 1.2 §3.3.2: dateTime with a numeric offset; "Z" MUST NOT be used (UTC is -00:00). */
const CAP_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const DATE_EXPECTED = 'a CAP dateTime such as 2003-06-17T14:57:00-07:00 (numeric offset, no "Z")';

class Bad extends Error {
  constructor(readonly problem: CapProblem) {
    super(problem.expected);
  }
}

const fail = (element: string, expected: string, found: string): never => {
  throw new Bad({ element, expected, found });
};

const quote = (s: string) => JSON.stringify(s.length > 60 ? s.slice(0, 57) + '...' : s);

const REPEATED = new Set(['info', 'area', 'category', 'geocode', 'responseType', 'eventCode', 'parameter', 'resource', 'polygon', 'circle']);

export function parseCap(xml: string): CapParse {
  try {
    return { ok: true, alert: readAlert(xml) };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, problem: e.problem };
    throw e;
  }
}

function readAlert(xml: string): CapAlert {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > CAP_MAX_BYTES) fail('alert', `a CAP message of at most ${CAP_MAX_BYTES} bytes (one alert, not a feed archive)`, `${bytes} bytes`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) fail(`line ${valid.err.line}, column ${valid.err.col}`, 'well-formed XML', valid.err.msg);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => REPEATED.has(localName(name)),
  }).parse(xml) as Record<string, unknown>;
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('!') && !k.startsWith('@') && k !== '#text');
  if (roots.length !== 1) fail('(document)', 'one <alert> root element', roots.length === 0 ? 'no element' : `${roots.length} root elements`);
  const rootName = roots[0];
  const prefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : '';
  if (localName(rootName) !== 'alert') fail(rootName, 'an <alert> root element (CAP 1.2)', `<${rootName}>`);
  const root = doc[rootName];
  if (!isObject(root)) fail('alert', 'an <alert> with its elements (identifier, sender, sent, ...)', 'an empty element');
  const alert = strip(root as Record<string, unknown>, prefix);
  const ns = (root as Record<string, unknown>)[prefix === '' ? '@xmlns' : `@xmlns:${prefix}`];
  if (ns !== CAP_NAMESPACE) fail('alert', `the CAP 1.2 namespace ${CAP_NAMESPACE}`, ns === undefined ? 'no namespace' : quote(String(ns)));

  const sentText = text(alert, 'alert', 'sent', true);
  const infos = list(alert, 'info').map((x, i) => readInfo(strip(asObject(x, `alert/info[${i + 1}]`), prefix), `alert/info[${i + 1}]`, prefix));
  return {
    identifier: text(alert, 'alert', 'identifier', true),
    sender: text(alert, 'alert', 'sender', true),
    sent: dateTime(sentText, 'alert/sent'),
    sentText,
    status: code(alert, 'alert', 'status', CAP_STATUSES),
    msgType: code(alert, 'alert', 'msgType', CAP_MSG_TYPES),
    scope: code(alert, 'alert', 'scope', CAP_SCOPES),
    references: readReferences(optional(alert, 'alert', 'references')),
    infos,
  };
}

function readInfo(info: Record<string, unknown>, path: string, prefix: string): CapInfo {
  const categories = list(info, 'category').map((c, i) => {
    const v = typeof c === 'string' ? c : '';
    if (!(CAP_CATEGORIES as readonly string[]).includes(v)) fail(`${path}/category[${i + 1}]`, `one of ${CAP_CATEGORIES.join(', ')}`, quote(v));
    return v as CapCategory;
  });
  if (categories.length === 0) fail(`${path}/category`, 'at least one <category> (required)', 'none');
  const effective = optional(info, path, 'effective');
  const expires = optional(info, path, 'expires');
  const out: CapInfo = {
    language: optional(info, path, 'language') ?? 'en-US',
    categories,
    event: text(info, path, 'event', true),
    urgency: code(info, path, 'urgency', CAP_URGENCIES),
    severity: code(info, path, 'severity', CAP_SEVERITIES),
    certainty: code(info, path, 'certainty', CAP_CERTAINTIES),
    headline: optional(info, path, 'headline'),
    areas: list(info, 'area').map((a, i) => readArea(strip(asObject(a, `${path}/area[${i + 1}]`), prefix), `${path}/area[${i + 1}]`, prefix)),
  };
  if (effective !== undefined) out.effective = dateTime(effective, `${path}/effective`);
  if (expires !== undefined) out.expires = dateTime(expires, `${path}/expires`);
  if (out.effective !== undefined && out.expires !== undefined && out.expires <= out.effective) fail(`${path}/expires`, `a time after effective (${effective})`, quote(expires!));
  return out;
}

function readArea(area: Record<string, unknown>, path: string, prefix: string): CapArea {
  const geocodes = list(area, 'geocode').map((g, i) => {
    const p = `${path}/geocode[${i + 1}]`;
    const o = strip(asObject(g, p), prefix);
    return `${text(o, p, 'valueName', true)}=${text(o, p, 'value', true)}`;
  });
  return { areaDesc: text(area, path, 'areaDesc', true), geocodes };
}

/** CAP 1.2: `sender,identifier,sent` triples separated by whitespace. */
function readReferences(v: string | undefined): { sender: string; identifier: string }[] {
  if (v === undefined) return [];
  return v
    .split(/\s+/)
    .filter((x) => x !== '')
    .map((triple) => {
      const [sender, identifier, sent] = triple.split(',');
      if (!sender || !identifier || !sent) fail('alert/references', 'sender,identifier,sent triples separated by spaces', quote(triple));
      return { sender, identifier };
    });
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** The children of a CAP element under their local names (the root's prefix dropped; other namespaces ignored). */
function strip(o: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('@')) continue;
    if (prefix === '' ? k.includes(':') : !k.startsWith(`${prefix}:`)) continue;
    out[prefix === '' ? k : k.slice(prefix.length + 1)] = v;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asObject(v: unknown, path: string): Record<string, unknown> {
  if (!isObject(v)) fail(path, 'an element with child elements', v === '' ? 'an empty element' : quote(String(v)));
  return v as Record<string, unknown>;
}

function list(o: Record<string, unknown>, name: string): unknown[] {
  const v = o[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The text of a single child element; `required` makes a missing or empty one a problem. */
function text(o: Record<string, unknown>, path: string, name: string, required: true): string;
function text(o: Record<string, unknown>, path: string, name: string, required: false): string | undefined;
function text(o: Record<string, unknown>, path: string, name: string, required: boolean): string | undefined {
  const v = o[name];
  const at = `${path}/${name}`;
  if (v === undefined) return required ? fail(at, `a <${name}> element (required by CAP 1.2)`, 'none') : undefined;
  if (Array.isArray(v)) fail(at, `one <${name}> element`, `${v.length}`);
  if (typeof v !== 'string') fail(at, `text in <${name}>`, 'child elements');
  if ((v as string) === '' && required) fail(at, `a non-empty <${name}> (required by CAP 1.2)`, 'an empty element');
  return v as string;
}

function optional(o: Record<string, unknown>, path: string, name: string): string | undefined {
  const v = text(o, path, name, false);
  return v === '' ? undefined : v;
}

function code<T extends string>(o: Record<string, unknown>, path: string, name: string, values: readonly T[]): T {
  const v = text(o, path, name, true);
  if (!(values as readonly string[]).includes(v)) fail(`${path}/${name}`, `one of ${values.join(', ')}`, quote(v));
  return v as T;
}

function dateTime(v: string, path: string): number {
  const t = CAP_DATE_TIME.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) fail(path, DATE_EXPECTED, quote(v));
  return t;
}
