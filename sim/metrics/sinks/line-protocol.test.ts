import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../point.ts';
import { InvalidMetricPoint, byUtf8, nsTimestamp, parseLineProtocol, parsedToPoint, toLineProtocol } from './line-protocol.ts';

const START_2026 = Date.UTC(2026, 0, 1); // 1767225600000
const enc = { runId: 'r1', startEpochMs: START_2026 };
const TS = '1767225600000000000';
const pt = (p: Partial<MetricPoint>): MetricPoint => ({ measurement: 'm', tags: {}, fields: { v: 1 }, t: 0, ...p });

describe('toLineProtocol', () => {
  it.each<[string, Partial<MetricPoint>, string]>([
    ['plain', { measurement: 'cpu', tags: { host: 'a' } }, `cpu,host=a,run_id=r1 v=1 ${TS}`],
    ['measurement: comma and space escaped', { measurement: 'my meas,x' }, `my\\ meas\\,x,run_id=r1 v=1 ${TS}`],
    ['measurement: "=" left alone', { measurement: 'a=b' }, `a=b,run_id=r1 v=1 ${TS}`],
    ['tag key and value: comma, "=", space', { tags: { 'k 1': 'v=1,2' } }, `m,k\\ 1=v\\=1\\,2,run_id=r1 v=1 ${TS}`],
    ['field key: comma, "=", space', { fields: { 'f x,y=z': 2.5 } }, `m,run_id=r1 f\\ x\\,y\\=z=2.5 ${TS}`],
    ['double quotes need no escape outside string values', { tags: { q: 'say "hi"' } }, `m,q=say\\ "hi",run_id=r1 v=1 ${TS}`],
    ['a lone backslash is an ordinary character', { measurement: 'a\\b', tags: { k: 'c\\d' } }, `a\\b,k=c\\d,run_id=r1 v=1 ${TS}`],
    ['unicode as is', { measurement: 'mésure⚡', tags: { région: 'Île-de-France 🚀' } }, `mésure⚡,run_id=r1,région=Île-de-France\\ 🚀 v=1 ${TS}`],
    ['tags sorted by key (bytes), run_id added', { tags: { zone: 'z', app: 'a', Run: 'x' } }, `m,Run=x,app=a,run_id=r1,zone=z v=1 ${TS}`],
    ['U+E000 sorts before astral characters, as in UTF-8', { tags: { '🚀': 'b', '\uE000': 'a' } }, `m,run_id=r1,\uE000=a,🚀=b v=1 ${TS}`],
    ['a run_id tag on the point is replaced', { tags: { run_id: 'other' } }, `m,run_id=r1 v=1 ${TS}`],
    ['an empty tag value means no tag', { tags: { empty: '', k: 'v' } }, `m,k=v,run_id=r1 v=1 ${TS}`],
    ['integers are floats: no "i" suffix', { fields: { n: 3, big: 2 ** 53 } }, `m,run_id=r1 big=9007199254740992,n=3 ${TS}`],
    ['exponents, -0, fractions', { fields: { a: 1e21, b: -0, c: 0.1, d: -1.5e-7 } }, `m,run_id=r1 a=1e+21,b=-0,c=0.1,d=-1.5e-7 ${TS}`],
    ['NaN and ±Infinity fields omitted', { fields: { a: NaN, b: 2, c: Infinity, d: -Infinity } }, `m,run_id=r1 b=2 ${TS}`],
    ['time is start + t in ns', { t: 1234 }, `m,run_id=r1 v=1 1767225601234000000`],
    ['negative instants (before 1970)', { t: -START_2026 - 5 }, `m,run_id=r1 v=1 -5000000`],
  ])('%s', (_name, p, line) => {
    expect(toLineProtocol(pt(p), enc)).toBe(line);
  });

  it('skips a point with no finite field', () => {
    expect(toLineProtocol(pt({ fields: { a: NaN, b: Infinity } }), enc)).toBeNull();
    expect(toLineProtocol(pt({ fields: {} }), enc)).toBeNull();
  });

  it.each<[string, Partial<MetricPoint>, RegExp]>([
    ['empty measurement', { measurement: '' }, /measurement must be a non-empty string/],
    ['measurement starting with #', { measurement: '#x' }, /comment/],
    ['measurement starting with a tab', { measurement: '\tx' }, /tab/],
    ['newline in a tag value', { tags: { k: 'a\nb' } }, /newline/],
    ['trailing backslash', { tags: { k: 'a\\' } }, /backslash/],
    ['backslash before a comma', { measurement: 'a\\,b' }, /backslash/],
    ['reserved tag key', { tags: { time: 'x' } }, /reserved/],
    ['reserved field key', { fields: { _field: 1 } }, /reserved/],
    ['fractional time', { t: 1.5 }, /integer ms/],
    ['after 2262', { t: 9_300_000_000_000 - START_2026 }, /outside InfluxDB's range/],
  ])('refuses %s with a clear InvalidMetricPoint', (_name, p, message) => {
    expect(() => toLineProtocol(pt(p), enc)).toThrow(InvalidMetricPoint);
    expect(() => toLineProtocol(pt(p), enc)).toThrow(message);
  });
});

describe('nanosecond timestamps', () => {
  it.each([
    ['2026', Date.UTC(2026, 5, 15, 12, 0, 0, 123), 456, '1781524800579000000'],
    ['2100', Date.UTC(2100, 0, 1), 123, '4102444800123000000'],
    ['2100 + one year of sim time', Date.UTC(2100, 0, 1), 365 * 86_400_000 + 1, '4133980800001000000'],
  ])('are exact in %s', (_name, start, t, ns) => {
    expect(nsTimestamp(start, t)).toBe(ns);
    expect(BigInt(nsTimestamp(start, t))).toBe(BigInt(start + t) * 1_000_000n);
    // What doing it in doubles gives: off by up to hundreds of ns.
    expect(BigInt((start + t) * 1e6)).not.toBe(BigInt(ns));
  });

  it('equal ms × 10^6 for every ms InfluxDB can store', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_223_372_036_854, max: 9_223_372_036_854 }), (ms) => {
        expect(BigInt(nsTimestamp(0, ms))).toBe(BigInt(ms) * 1_000_000n);
      }),
    );
  });
});

// Names from characters line protocol cares about, plus unicode (BMP above U+E000 and astral: byte order).
const CHARS = ['a', 'B', 'z', '0', '_', '-', '.', ',', ' ', '=', '"', "'", 'é', 'ü', '中', '⚡', '🚀', '\uE000', '#'];
const text = (chars: string[], max = 8) => fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: max });
const pointArb = (chars: string[]) =>
  fc.record({
    measurement: text(chars).map((s) => (s[0] === '#' ? `m${s}` : s)),
    tags: fc.dictionary(text(chars, 6).map((k) => `k${k}`), text(chars), { maxKeys: 4 }),
    fields: fc.dictionary(text(chars, 6).map((k) => `f${k}`), fc.double(), { minKeys: 1, maxKeys: 4 }),
    t: fc.integer({ min: -START_2026, max: 100 * 365 * 86_400_000 }),
  });

function expectRoundTrip(p: MetricPoint, line: string | null): void {
  const finite = Object.fromEntries(Object.entries(p.fields).filter(([, v]) => Number.isFinite(v)));
  if (Object.keys(finite).length === 0) return void expect(line).toBeNull();
  expect(line).not.toBeNull();
  expect(line).not.toContain('\n');
  const back = parsedToPoint(parseLineProtocol(line!), START_2026);
  expect(back.runId).toBe('r1');
  expect(back.point).toEqual({ ...p, fields: finite });
}

describe('parseLineProtocol(toLineProtocol(p)) == p', () => {
  it('for names with commas, spaces, equals signs, quotes and unicode', () => {
    fc.assert(fc.property(pointArb(CHARS), (p) => expectRoundTrip(p, toLineProtocol(p, enc))), { numRuns: 2000 });
  });

  it('with backslashes: round-trips, or is refused exactly when a backslash ends a name or precedes , = space "', () => {
    const ambiguous = (s: string) => /\\([,= "]|$)/.test(s);
    fc.assert(
      fc.property(pointArb([...CHARS, '\\', '\\']), (p) => {
        const finiteKeys = Object.keys(p.fields).filter((k) => Number.isFinite(p.fields[k]));
        const names = [p.measurement, ...Object.keys(p.tags), ...Object.values(p.tags), ...finiteKeys];
        const hasFiniteField = finiteKeys.length > 0;
        if (hasFiniteField && names.some(ambiguous)) {
          expect(() => toLineProtocol(p, enc)).toThrow(InvalidMetricPoint);
        } else if (!names.some(ambiguous)) {
          expectRoundTrip(p, toLineProtocol(p, enc));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('orders tags by UTF-8 bytes like Go bytes.Compare', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const sign = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        expect(Math.sign(byUtf8(a, b))).toBe(sign);
      }),
    );
  });

  it('rejects malformed lines with the column', () => {
    expect(() => parseLineProtocol('m,k=v')).toThrow(/column/);
    expect(() => parseLineProtocol('m v="s" 1')).toThrow(/unsupported field value/);
    expect(parseLineProtocol('m,a=1 x=2i,y=-1.5e3')).toEqual({
      measurement: 'm',
      tags: { a: '1' },
      fields: { x: 2, y: -1500 },
      timestampNs: undefined,
    });
  });
});
