/** The escaping, checked by the only judge that matters: a real influxd reads back what we wrote. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxdAvailable, influxQuery, sharedInflux, uniqueDb } from '../../../test/support/influxd.ts';
import type { MetricPoint } from '../point.ts';
import { toLineProtocol } from './line-protocol.ts';

const avail = influxdAvailable();
if (!avail.ok) console.warn(avail.reason);
const START = Date.UTC(2026, 0, 1);

const TRICKY: MetricPoint[] = [
  { measurement: 'my meas,x', tags: { 'k 1': 'v=1,2' }, fields: { 'f x,y=z': 2.5 }, t: 1 },
  { measurement: 'a=b', tags: { q: 'say "hi"', empty: '' }, fields: { '"quoted"': 1 }, t: 2 },
  { measurement: 'a\\b', tags: { k: 'c\\d' }, fields: { 'e\\f': -0 }, t: 3 },
  { measurement: 'mésure⚡', tags: { région: 'Île-de-France 🚀', '\uE000': 'x' }, fields: { n: 3, big: 2 ** 53, huge: 1e21, tiny: 5e-324 }, t: 4 },
  { measurement: 'nan', tags: {}, fields: { ok: 1, bad: NaN, inf: Infinity }, t: 5 },
];

const CHARS = ['a', 'B', '0', '_', ',', ' ', '=', '"', "'", '\\', 'é', '中', '⚡', '🚀', '\uE000', '#'];
const text = (max: number) => fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: max }).filter((s) => !/\\([,= "]|$)/.test(s));
const randomPoint = fc.record({
  measurement: text(8),
  tags: fc.dictionary(text(5).map((k) => `k${k}`), text(6), { maxKeys: 3 }),
  fields: fc.dictionary(text(5).map((k) => `f${k}`), fc.double({ noNaN: true, noDefaultInfinity: true }), { minKeys: 1, maxKeys: 3 }),
  t: fc.integer({ min: 0, max: 86_400_000 }),
});

describe.skipIf(!avail.ok)(avail.ok ? 'line protocol read back by a real influxd' : avail.reason, () => {
  let server: { url: string; dispose(): Promise<void> };
  beforeAll(async () => void (server = await sharedInflux()));
  afterAll(async () => server?.dispose());

  it('stores measurement, tag and field names and values exactly as given', async () => {
    const db = uniqueDb('escape');
    // One point per measurement (a unique suffix), so each comes back as its own series.
    const pts = [...TRICKY, ...fc.sample(randomPoint, { numRuns: 300, seed: 20260101 })].map((p, i) => ({
      ...p,
      measurement: `${p.measurement[0] === '#' ? 'm' : ''}${p.measurement} #${i}`,
    }));
    const body = pts.map((p) => toLineProtocol(p, { runId: 'esc', startEpochMs: START })).join('\n');
    await influxQuery(server.url, db, `CREATE DATABASE "${db}"`);
    const res = await fetch(`${server.url}/write?db=${db}&precision=n`, { method: 'POST', body });
    expect(res.status, await res.text()).toBe(204);

    const series = await influxQuery(server.url, db, 'SELECT * FROM /.*/');
    // A regex FROM returns the union of every measurement's columns; a point's own are the non-null ones.
    const own = (s: (typeof series)[0]) => Object.fromEntries(s.columns.map((c, j) => [c, s.values[0][j]]).filter(([, v]) => v !== null));
    const stored = new Map(series.map((s) => [s.name, own(s)]));
    expect(series.every((s) => s.values.length === 1)).toBe(true);
    expect([...stored.keys()].sort()).toEqual(pts.map((p) => p.measurement).sort());
    for (const p of pts) {
      const tags = Object.fromEntries(Object.entries(p.tags).filter(([, v]) => v !== ''));
      const fields = Object.fromEntries(Object.entries(p.fields).filter(([, v]) => Number.isFinite(v)));
      expect(stored.get(p.measurement), p.measurement).toEqual({ time: START + p.t, run_id: 'esc', ...tags, ...fields });
    }
  });
});
