/**
 * `--set path=value` overrides, applied to the parsed YAML before validation so the same checks apply.
 * The path is dotted with `[i]` list indices (`timeline[2].at`); the value is read as YAML
 * (`5000` a number, `false` a boolean, `3h` a string, `{region: north}` a flow mapping, empty = null).
 */
import { parseDocument, isScalar, isCollection } from 'yaml';
import { Issues, describe } from './errors.ts';
import { RESERVED_LIST, isReservedKey } from './names.ts';

export type Segment = string | number;

export interface ParsedSet {
  raw: string;
  segments: Segment[];
  /** The canonical path string, as validators name fields. */
  path: string;
  value: unknown;
}

const FIRST = /^([A-Za-z_][\w-]*)/;
const NEXT = /^(?:\.([A-Za-z_][\w-]*)|\[(\d+)\])/;
export const SET_EXPECTED = 'path=value with a dotted path such as population.customers=5000 or timeline[2].at=3h';
export const SET_RESERVED_EXPECTED = `a path without ${RESERVED_LIST} (they are never fields of a study)`;

export function pathString(segments: Segment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function parseSet(raw: string): ParsedSet | undefined {
  const eq = raw.indexOf('=');
  if (eq <= 0) return undefined;
  const pathText = raw.slice(0, eq).trim();
  const first = FIRST.exec(pathText);
  if (!first) return undefined;
  const segments: Segment[] = [first[1]];
  let rest = pathText.slice(first[0].length);
  while (rest.length > 0) {
    const m = NEXT.exec(rest);
    if (!m) return undefined;
    segments.push(m[1] !== undefined ? m[1] : Number(m[2]));
    rest = rest.slice(m[0].length);
  }
  return { raw, segments, path: pathString(segments), value: readValue(raw.slice(eq + 1)) };
}

function readValue(text: string): unknown {
  if (text.trim() === '') return null;
  const doc = parseDocument(text);
  // Anything that is not one clean scalar or flow collection (e.g. "Hot day: CPP") is taken as plain text.
  if (doc.errors.length > 0) return text;
  if (isScalar(doc.contents)) {
    const v = doc.contents.value;
    // An unquoted text stays as typed: YAML would cut "Run #2" at the comment marker.
    return typeof v === 'string' && doc.contents.type === 'PLAIN' ? text.trim() : v;
  }
  if (isCollection(doc.contents) && doc.contents.flow) return doc.toJS();
  return text;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Applies overrides in order to `root` (mutated; a missing or empty document becomes a mapping). Missing
 * intermediate mappings are created; list indices must exist. Returns the applied overrides.
 */
export function applySets(root: unknown, sets: readonly string[], issues: Issues): { root: unknown; applied: ParsedSet[] } {
  const applied: ParsedSet[] = [];
  const doc = root === null || root === undefined ? {} : root;
  for (const raw of sets) {
    const s = parseSet(raw);
    if (!s) {
      issues.add('--set', SET_EXPECTED, describe(raw));
      continue;
    }
    if (s.segments.some((seg) => typeof seg === 'string' && isReservedKey(seg))) {
      issues.add('--set', SET_RESERVED_EXPECTED, describe(raw));
      continue;
    }
    if (!isPlainObject(doc)) {
      issues.add('--set', 'a scenario whose top level is a mapping', describe(raw));
      continue;
    }
    let cur: unknown = doc;
    let failed = false;
    for (let i = 0; i < s.segments.length - 1 && !failed; i++) {
      const seg = s.segments[i];
      const next = s.segments[i + 1];
      const here = pathString(s.segments.slice(0, i + 1));
      if (typeof seg === 'number') {
        if (!Array.isArray(cur) || seg >= cur.length) {
          failed = fail(issues, raw, here, cur, seg);
          break;
        }
        if (cur[seg] === null || cur[seg] === undefined) cur[seg] = {};
        cur = cur[seg];
      } else {
        if (!isPlainObject(cur)) {
          failed = fail(issues, raw, here, cur, seg);
          break;
        }
        if (!Object.hasOwn(cur, seg) || cur[seg] === null || cur[seg] === undefined) {
          if (typeof next === 'number') {
            issues.add('--set', `an existing list at ${here}`, describe(raw));
            failed = true;
            break;
          }
          cur[seg] = {};
        }
        cur = cur[seg];
      }
    }
    if (failed) continue;
    const last = s.segments[s.segments.length - 1];
    if (typeof last === 'number') {
      if (!Array.isArray(cur) || last >= cur.length) {
        fail(issues, raw, s.path, cur, last);
        continue;
      }
      cur[last] = s.value;
    } else {
      if (!isPlainObject(cur)) {
        fail(issues, raw, s.path, cur, last);
        continue;
      }
      cur[last] = s.value;
    }
    applied.push(s);
  }
  return { root: doc, applied };
}

function fail(issues: Issues, raw: string, here: string, container: unknown, seg: Segment): true {
  if (typeof seg === 'number') {
    const n = Array.isArray(container) ? container.length : 0;
    issues.add('--set', Array.isArray(container) ? `an index below ${n} in ${here.replace(/\[\d+\]$/, '')}` : `a list before [${seg}] in ${here}`, describe(raw));
  } else {
    issues.add('--set', `a mapping before .${seg} in ${here}`, describe(raw));
  }
  return true;
}
