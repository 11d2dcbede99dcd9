/**
 * Typed field readers over plain YAML values. Each reads one field, records a clear error when the value is
 * wrong, and always returns something (the default, or a placeholder for a missing required field) so the
 * validators can go on and collect every error in one pass. A result is only used when there are no errors.
 */
import { DURATION_EXPECTED, parseDuration } from './durations.ts';
import { Issues, describe, didYouMean } from './errors.ts';
import { formatDuration } from './durations.ts';
import type { CountLimit, DurationLimit } from './limits.ts';
import { joinKey } from './source.ts';

export const REQUIRED = Symbol('required');
export type Def<T> = T | typeof REQUIRED;

export interface NumberRange {
  min?: number;
  max?: number;
  /** Strictly greater than. */
  above?: number;
  int?: boolean;
  /** Why the range is what it is (limits.ts), added to the error. */
  why?: string;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export class Reader {
  constructor(readonly issues: Issues) {}

  /** An error whose "found" half describes a YAML value. */
  error(path: string, expected: string, found: unknown): void {
    this.issues.add(path, expected, describe(found));
  }

  /** An error whose "found" half is written out (e.g. `unknown field "los"`). */
  errorText(path: string, expected: string, found: string): void {
    this.issues.add(path, expected, found);
  }

  private absent<T>(path: string, expected: string, def: Def<T>, placeholder: T): T {
    if (def === REQUIRED) {
      this.error(path, expected, undefined);
      return placeholder;
    }
    return def;
  }

  /**
   * A mapping whose fields must be among `known`. Missing or empty (`key:` with no value) gives `{}` so the
   * fields take their defaults; the wrong type gives `undefined` and one error.
   */
  map(path: string, v: unknown, known: readonly string[], what = 'a mapping'): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return {};
    if (!isMapping(v)) {
      this.error(path, known.length > 0 ? `${what} with fields such as ${known.slice(0, 3).join(', ')}` : what, v);
      return undefined;
    }
    this.unknownKeys(path, v, known);
    return v;
  }

  unknownKeys(path: string, v: Record<string, unknown>, known: readonly string[]): void {
    for (const key of Object.keys(v)) {
      if (known.includes(key)) continue;
      const guess = didYouMean(key, known);
      const expected =
        guess !== undefined
          ? `a known field (did you mean "${guess}"?)`
          : known.length === 0
            ? 'no fields here'
            : `one of the fields ${known.join(', ')}`;
      this.errorText(joinKey(path, key), expected, `unknown field "${key}"`);
    }
  }

  list(path: string, v: unknown, what = 'a list'): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.error(path, what, v);
      return undefined;
    }
    return v;
  }

  number(path: string, v: unknown, def: Def<number>, range: NumberRange = {}): number {
    const expected = numberExpected(range);
    if (v === undefined) return this.absent(path, expected, def, 0);
    if (typeof v !== 'number' || !Number.isFinite(v) || !inRange(v, range)) {
      this.error(path, expected, v);
      return def === REQUIRED ? 0 : def;
    }
    return v;
  }

  share(path: string, v: unknown, def: Def<number>): number {
    return this.number(path, v, def, { min: 0, max: 1 });
  }

  count(path: string, v: unknown, def: Def<number>): number {
    return this.number(path, v, def, { min: 1, int: true });
  }

  bool(path: string, v: unknown, def: Def<boolean>): boolean {
    if (v === undefined) return this.absent(path, 'true or false', def, false);
    if (typeof v !== 'boolean') {
      this.error(path, 'true or false', v);
      return def === REQUIRED ? false : def;
    }
    return v;
  }

  text(path: string, v: unknown, def: Def<string>, what = 'a non-empty text'): string {
    if (v === undefined) return this.absent(path, what, def, '');
    if (typeof v !== 'string' || v.trim() === '') {
      this.error(path, what, v);
      return def === REQUIRED ? '' : def;
    }
    return v;
  }

  choice<T extends string>(path: string, v: unknown, def: Def<T>, options: readonly T[]): T {
    const expected = `one of ${options.join(', ')}`;
    if (v === undefined) return this.absent(path, expected, def, options[0]);
    if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
      const guess = typeof v === 'string' ? didYouMean(v, options) : undefined;
      this.error(path, guess !== undefined ? `${expected} (did you mean ${guess}?)` : expected, v);
      return def === REQUIRED ? options[0] : def;
    }
    return v as T;
  }

  /**
   * A duration in integer ms. With `ms: true` (fields named `*_ms`) a plain number means milliseconds and a
   * string needs a unit ("250ms", "2s"), so "250" cannot silently mean seconds there.
   */
  duration(path: string, v: unknown, def: Def<number>, opts: { positive?: boolean; max?: number; maxText?: string; ms?: boolean } = {}): number {
    const unit = opts.ms ? 'a number of milliseconds or a duration like "250ms"' : DURATION_EXPECTED;
    const expected = opts.positive ? `${unit}, above zero` : unit;
    if (v === undefined) return this.absent(path, expected, def, 0);
    const fallback = def === REQUIRED ? 0 : def;
    if (opts.ms && typeof v === 'string' && /^\s*[\d.]+\s*$/.test(v)) {
      this.error(path, `${unit} (a text needs a unit)`, v);
      return fallback;
    }
    const r = parseDuration(opts.ms && typeof v === 'number' ? v / 1000 : v);
    if (!r.ok) {
      const why = r.why.replace(DURATION_EXPECTED, unit);
      this.error(path, opts.positive ? `${why}, above zero` : why, v);
      return fallback;
    }
    if (opts.positive && r.ms === 0) {
      this.error(path, expected, v);
      return fallback;
    }
    if (opts.max !== undefined && r.ms > opts.max) {
      this.error(path, `a duration of at most ${opts.maxText ?? `${opts.max} ms`}`, v);
      return fallback;
    }
    return r.ms;
  }

  /** A duration within a limit of the format (limits.ts): "from <min> to <max> (<why>)" when out of range. */
  limitedDuration(path: string, v: unknown, def: Def<number>, l: DurationLimit): number {
    const before = this.issues.count;
    const ms = this.duration(path, v, def, { positive: l.min > 0 && !l.orZero, ms: l.ms });
    if (this.issues.count > before || v === undefined) return ms;
    const low = l.orZero && ms === 0 ? false : ms < l.min;
    if (low || ms > l.max) {
      const from = l.orZero ? `0 (off) or from ${formatDuration(l.min)}` : `from ${formatDuration(l.min)}`;
      this.error(path, `a duration ${from} to ${formatDuration(l.max)} (${l.why})`, v);
      return def === REQUIRED ? 0 : def;
    }
    return ms;
  }

  /** A list or map no longer than the limit of the format (limits.ts); true when within it. */
  withinCount(path: string, v: unknown, n: number, l: CountLimit): boolean {
    if (n <= l.max) return true;
    this.errorText(path, `at most ${l.max} entries (${l.why})`, Array.isArray(v) ? describe(v) : `a mapping of ${n}`);
    return false;
  }

  /** Non-negative weights keyed by name with a positive sum (appliance mix, languages). */
  weights(path: string, v: unknown, def: Record<string, number>, keyOk: (k: string) => string | undefined, range: NumberRange = { min: 0 }): Record<string, number> {
    if (v === undefined) return { ...def };
    if (!isMapping(v) || Object.keys(v).length === 0) {
      this.error(path, 'a mapping of names to weights ≥ 0, such as {a: 3, b: 1}', v);
      return { ...def };
    }
    const out: Record<string, number> = {};
    let sum = 0;
    for (const [k, w] of Object.entries(v)) {
      const bad = keyOk(k);
      if (bad !== undefined) {
        this.errorText(joinKey(path, k), bad, `"${k}"`);
        continue;
      }
      const n = this.number(joinKey(path, k), w, 0, range);
      out[k] = n;
      sum += n;
    }
    if (sum <= 0 && Object.keys(out).length === Object.keys(v).length) this.errorText(path, 'weights with a positive sum', 'a sum of 0');
    return out;
  }
}

function inRange(v: number, r: NumberRange): boolean {
  if (r.int && !Number.isSafeInteger(v)) return false;
  if (r.min !== undefined && v < r.min) return false;
  if (r.max !== undefined && v > r.max) return false;
  if (r.above !== undefined && !(v > r.above)) return false;
  return true;
}

function numberExpected(r: NumberRange): string {
  const base = rangeExpected(r);
  return r.why !== undefined && r.why !== 'a share' ? `${base} (${r.why})` : base;
}

function rangeExpected(r: NumberRange): string {
  const kind = r.int ? 'a whole number' : 'a number';
  if (r.int && r.min === 1 && r.max === undefined) return 'a positive whole number';
  if (r.min === 0 && r.max === 1 && !r.int) return 'a share between 0 and 1';
  if (r.min !== undefined && r.max !== undefined) return `${kind} from ${r.min} to ${r.max}`;
  if (r.min !== undefined) return `${kind} ≥ ${r.min}`;
  if (r.above !== undefined && r.max !== undefined) return `${kind} > ${r.above} and ≤ ${r.max}`;
  if (r.above !== undefined) return `${kind} > ${r.above}`;
  if (r.max !== undefined) return `${kind} ≤ ${r.max}`;
  return kind;
}
