/**
 * InfluxDB 1.x line protocol for MetricPoints: the format of `metrics.lp`, of the InfluxDB spool files and of
 * what the InfluxSink sends. Escaping follows the 1.x reference (docs "Special characters") and the 1.x parser
 * (models/points.go, pkg/escape): measurements escape `,` and space; tag keys, tag values and field keys escape
 * `,`, `=` and space. Numeric field values are never quoted.
 */
import type { MetricPoint } from '../point.ts';

export interface LineProtocolOptions {
  /** Added to every point as the `run_id` tag (DESIGN principle 6); it replaces a `run_id` the point carries. */
  runId: string;
  /** The scenario's start instant (Unix ms): a point's time is startEpochMs + t. */
  startEpochMs: number;
}

/** A name, key or value that line protocol cannot carry faithfully. A programming error: names are code. */
export class InvalidMetricPoint extends TypeError {
  override name = 'InvalidMetricPoint';
}

/** InfluxDB 1.x timestamps are int64 ns: 1677-09-21 … 2262-04-11. */
const MAX_ABS_MS = 9_223_372_036_854;
// InfluxDB reads a backslash before `,`, `=`, space or `"` as an escape, and a trailing one would escape our
// delimiter, so such a backslash cannot round-trip. Any other backslash is an ordinary character.
const AMBIGUOUS_BACKSLASH = /\\(?=[,= "]|$)/;
// InfluxDB refuses these as tag or field keys (`time`) or drops the point (`_field`, `_measurement`).
const RESERVED_KEYS = new Set(['time', '_field', '_measurement']);

type Kind = 'measurement' | 'tag key' | 'tag value' | 'field key';

function checkText(kind: Kind, s: string): void {
  if (typeof s !== 'string' || s.length === 0) throw new InvalidMetricPoint(`${kind} must be a non-empty string, not ${JSON.stringify(s)}`);
  if (s.includes('\n')) throw new InvalidMetricPoint(`${kind} ${JSON.stringify(s)} contains a newline`);
  if (AMBIGUOUS_BACKSLASH.test(s)) {
    throw new InvalidMetricPoint(
      `${kind} ${JSON.stringify(s)}: a backslash may not end it or precede a comma, '=', space or '"'`,
    );
  }
  // The parser skips leading tabs/NULs of a line and of the field set, and a line starting with '#' is a comment.
  if ((kind === 'measurement' || kind === 'field key') && (s[0] === '\t' || s[0] === '\0')) {
    throw new InvalidMetricPoint(`${kind} ${JSON.stringify(s)} may not start with a tab or NUL`);
  }
  if (kind === 'measurement' && s[0] === '#') {
    throw new InvalidMetricPoint(`measurement ${JSON.stringify(s)} may not start with '#' (a comment line)`);
  }
  if ((kind === 'tag key' || kind === 'field key') && RESERVED_KEYS.has(s)) {
    throw new InvalidMetricPoint(`${kind} ${JSON.stringify(s)} is reserved by InfluxDB`);
  }
}

// Names and tag values are low-cardinality (principle 6), so validated+escaped forms are cached.
const CACHE_LIMIT = 10_000;
const caches: Record<Kind, Map<string, string>> = {
  measurement: new Map(),
  'tag key': new Map(),
  'tag value': new Map(),
  'field key': new Map(),
};

function escaped(kind: Kind, s: string): string {
  const cache = caches[kind];
  let e = cache.get(s);
  if (e === undefined) {
    checkText(kind, s);
    e = kind === 'measurement' ? s.replace(/[, ]/g, '\\$&') : s.replace(/[,= ]/g, '\\$&');
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(s, e);
  }
  return e;
}

/**
 * UTF-8 byte order (= code point order), the order of Go's bytes.Compare, which InfluxDB uses for tag keys:
 * JS `<` compares UTF-16 units and puts U+E000–U+FFFF after astral characters.
 */
export function byUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x < 0xe000 ? 0x2000 : -0x800;
    if (y >= 0xd800) y += y < 0xe000 ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Nanoseconds since the Unix epoch as an exact integer string. (startEpochMs + t) * 1e6 as a double is not
 * exact past 2^53 (any date after 1970-04-15 may be off by hundreds of ns), so the digits are built as text.
 */
export function nsTimestamp(startEpochMs: number, t: number): string {
  const ms = startEpochMs + t;
  if (!Number.isSafeInteger(startEpochMs) || !Number.isSafeInteger(t) || !Number.isSafeInteger(ms)) {
    throw new InvalidMetricPoint(`time must be integer ms: startEpochMs=${startEpochMs}, t=${t}`);
  }
  if (Math.abs(ms) > MAX_ABS_MS) {
    throw new InvalidMetricPoint(`time ${ms} ms is outside InfluxDB's range (1677-09-21 … 2262-04-11)`);
  }
  return ms === 0 ? '0' : `${ms}000000`;
}

/**
 * One line (no trailing newline), or null when the point has no finite field (InfluxDB needs at least one).
 *
 * Every field is written as a float: JS numbers are doubles, and InfluxDB fixes a field's type per shard from
 * its first value (`3i` integer, `3` or `3.5` float), refusing later points of the other type with a "field
 * type conflict". Never writing the `i` suffix means a counter that reads 3 and then 2.5 keeps one type. An
 * integral value prints as `3`, which line protocol reads as a float.
 */
export function toLineProtocol(point: MetricPoint, opts: LineProtocolOptions): string | null {
  try {
    return encode(point, opts);
  } catch (err) {
    if (!(err instanceof InvalidMetricPoint)) throw err;
    throw new InvalidMetricPoint(`metric point ${JSON.stringify(point.measurement)} at t=${point.t}: ${err.message}`);
  }
}

function encode(point: MetricPoint, opts: LineProtocolOptions): string | null {
  const fieldKeys = Object.keys(point.fields).sort(byUtf8);
  let fields = '';
  for (const k of fieldKeys) {
    const v = point.fields[k];
    if (typeof v !== 'number') throw new InvalidMetricPoint(`field ${JSON.stringify(k)} is not a number`);
    if (!Number.isFinite(v)) continue; // InfluxDB has no NaN or ±Inf
    fields += `${fields === '' ? '' : ','}${escaped('field key', k)}=${Object.is(v, -0) ? '-0' : String(v)}`;
  }
  if (fields === '') return null;

  const tags: [string, string][] = [['run_id', escaped('tag value', opts.runId)]];
  for (const k of Object.keys(point.tags)) {
    const v = point.tags[k];
    if (k === 'run_id' || v === '') continue; // an empty tag value is how InfluxDB spells "no tag"
    tags.push([escaped('tag key', k), escaped('tag value', v)]);
  }
  tags.sort((a, b) => byUtf8(a[0], b[0])); // escaped keys: the bytes InfluxDB compares
  let line = escaped('measurement', point.measurement);
  for (const [k, v] of tags) line += `,${k}=${v}`;
  return `${line} ${fields} ${nsTimestamp(opts.startEpochMs, point.t)}`;
}

export interface ParsedLine {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number>;
  /** Integer ns as text (exact), or undefined when the line has no timestamp. */
  timestampNs: string | undefined;
}

/** Inverse of toLineProtocol, for tests and tools: numeric fields only (floats and `i` integers). */
export function parseLineProtocol(line: string): ParsedLine {
  let i = 0;
  const fail = (why: string): never => {
    throw new SyntaxError(`line protocol: ${why} at column ${i + 1} of ${JSON.stringify(line)}`);
  };
  // Reads up to an unescaped stop character; `\c` yields c when c is escapable here, else stays as typed.
  const token = (stops: string, escapable: string): string => {
    let out = '';
    while (i < line.length) {
      const c = line[i];
      if (c === '\\' && i + 1 < line.length && escapable.includes(line[i + 1])) {
        out += line[i + 1];
        i += 2;
      } else if (stops.includes(c)) {
        break;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  const measurement = token(', ', ', ');
  if (measurement === '') fail('missing measurement');
  const tags: Record<string, string> = {};
  while (line[i] === ',') {
    i++;
    const k = token('=, ', ',= ');
    if (k === '' || line[i] !== '=') fail('missing tag key or "="');
    i++;
    const v = token(', ', ',= ');
    if (v === '') fail('missing tag value');
    if (Object.hasOwn(tags, k)) fail(`duplicate tag ${JSON.stringify(k)}`);
    tags[k] = v;
  }
  if (line[i] !== ' ') fail('expected a space before the fields');
  i++;
  const fields: Record<string, number> = {};
  for (;;) {
    const k = token('=, ', ',= "');
    if (k === '' || line[i] !== '=') fail('missing field key or "="');
    i++;
    const start = i;
    while (i < line.length && line[i] !== ',' && line[i] !== ' ') i++;
    const raw = line.slice(start, i);
    const num = raw.endsWith('i') ? raw.slice(0, -1) : raw;
    if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(num)) fail(`unsupported field value ${JSON.stringify(raw)}`);
    if (Object.hasOwn(fields, k)) fail(`duplicate field ${JSON.stringify(k)}`);
    fields[k] = Number(num);
    if (line[i] !== ',') break;
    i++;
  }
  let timestampNs: string | undefined;
  if (line[i] === ' ') {
    timestampNs = line.slice(i + 1);
    if (!/^-?\d+$/.test(timestampNs)) fail('bad timestamp');
  } else if (i < line.length) {
    fail('unexpected character');
  }
  return { measurement, tags, fields, timestampNs };
}

/** A parsed line back to the MetricPoint it came from (run_id removed, time relative to startEpochMs). */
export function parsedToPoint(p: ParsedLine, startEpochMs: number): { point: MetricPoint; runId: string | undefined } {
  const { run_id: runId, ...tags } = p.tags;
  if (p.timestampNs === undefined) throw new SyntaxError('line has no timestamp');
  const ns = BigInt(p.timestampNs);
  if (ns % 1_000_000n !== 0n) throw new SyntaxError(`timestamp ${p.timestampNs} is not a whole ms`);
  const t = Number(ns / 1_000_000n) - startEpochMs;
  return { point: { measurement: p.measurement, tags, fields: p.fields, t }, runId };
}
