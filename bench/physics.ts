/**
 * npm run bench:physics — appliance physics alone at scale: N appliances in the CPP day's mix
 * (scenarios/cpp-day.yaml's appliance_mix, weather and start time), each warmed up for 6 h as the world does
 * (models/world/load.ts), then advanced through the day in event order (a binary heap of next times, ties by
 * device). At the event (14:00–18:00 local) the devices of the CPP program's types, four in five of them, fork
 * into a baseline shadow (copyFrom into a compact shadow fleet, which then runs on its own) and take the
 * program's response: thermostats +2.2 °C, the others curtailed to 50 %. Only the day is timed: every advance,
 * control change and heap step in it. Prints one JSON object, a median of --reps runs per size:
 *
 *   node --import tsx bench/physics.ts [--sizes 100000,1000000] [--reps 3] [--hours 24]
 *
 * {"devices":N,"events":advances in the day,"events_per_s":…} per size. The figure is the fleets' memory
 * behaviour as much as their arithmetic: at 1M devices their state is far beyond the caches.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFleet } from '../models/appliances/index.ts';
import type { ApplianceFleet, Control, Weather } from '../models/appliances/types.ts';
import { localMsOfDay } from '../models/world/clock.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import { APPLIANCE_TYPES, type ApplianceType } from '../scenarios/types.ts';

const HOUR = 3_600_000;
const WARMUP_MS = 6 * HOUR;
const EVENT_AT = 19 * HOUR, EVENT_END = 23 * HOUR;
const CPP_TYPES: readonly ApplianceType[] = ['thermostat', 'water_heater', 'pool_pump', 'ev_charger'];
const OFFSET: Control = { mode: 'offset', coolingOffsetC: 2.2 };
const CURTAIL: Control = { mode: 'curtail', loadFraction: 0.5 };
const NORMAL: Control = { mode: 'normal' };

function option(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
function wholeNumbers(name: string, dflt: string): number[] {
  const v = option(name, dflt);
  const xs = v.split(',').map(Number);
  if (xs.some((x) => !Number.isInteger(x) || x < 1)) {
    process.stderr.write(`--${name}: expected whole numbers ≥ 1 separated by commas, got ${v}\n`);
    process.exit(2);
  }
  return xs;
}

const sizes = wholeNumbers('sizes', '100000,1000000');
const [reps] = wholeNumbers('reps', '3');
const [hours] = wholeNumbers('hours', '24');

const study = await loadScenarioFile(join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'cpp-day.yaml'), []);
if (!study.ok) throw new Error(study.errors.map((e) => e.message).join('\n'));
const s = study.scenario;
const startMs = localMsOfDay(s.start);
const hourly = s.weather.hourly_c;
const weather: Weather = {
  outdoorC(tMs: number): number {
    const h = (((startMs + tMs) / HOUR) % 24 + 24) % 24;
    const i = Math.floor(h);
    return hourly[i] + (hourly[(i + 1) % 24] - hourly[i]) * (h - i);
  },
};
const mix = APPLIANCE_TYPES.map((t) => s.population.appliance_mix[t] ?? 0);
const mixSum = mix.reduce((a, b) => a + b, 0);

/** Min-heap of device ids by (next time, id). */
class Heap {
  private readonly ids: Int32Array;
  private n = 0;
  constructor(
    capacity: number,
    private readonly at: Float64Array,
  ) {
    this.ids = new Int32Array(capacity);
  }
  get size(): number {
    return this.n;
  }
  clear(): void {
    this.n = 0;
  }
  private less(a: number, b: number): boolean {
    const ta = this.at[a], tb = this.at[b];
    return ta < tb || (ta === tb && a < b);
  }
  push(id: number): void {
    const h = this.ids;
    let k = this.n++;
    while (k > 0) {
      const up = (k - 1) >> 1;
      if (!this.less(id, h[up])) break;
      h[k] = h[up];
      k = up;
    }
    h[k] = id;
  }
  peek(): number {
    return this.ids[0];
  }
  pop(): number {
    const h = this.ids, top = h[0], last = h[--this.n];
    let k = 0;
    for (;;) {
      let c = 2 * k + 1;
      if (c >= this.n) break;
      if (c + 1 < this.n && this.less(h[c + 1], h[c])) c++;
      if (!this.less(h[c], last)) break;
      h[k] = h[c];
      k = c;
    }
    h[k] = last;
    return top;
  }
}

interface Result {
  events: number;
  seconds: number;
}

/** One day of N appliances; the day alone is timed. */
function runDay(n: number): Result {
  const counts = mix.map((m) => Math.floor((n * m) / mixSum));
  counts[0] += n - counts.reduce((a, b) => a + b, 0);
  // Device id → (fleet, index); ids n … 2n-1 are the shadows of ids 0 … n-1.
  const fleetOf: ApplianceFleet[] = [];
  const indexOf = new Int32Array(2 * n);
  const typeOf = new Uint8Array(n);
  const shadows: ApplianceFleet[] = [];
  const shadowUsed = new Int32Array(APPLIANCE_TYPES.length);
  let id = 0;
  APPLIANCE_TYPES.forEach((type, t) => {
    const c = counts[t];
    const f = createFleet(type, c, s.seed, 1_000_000 + t * n, { dayStartMs: startMs });
    const shadow = createFleet(type, Math.max(1, c), s.seed, 1_000_000 + t * n, { dayStartMs: startMs });
    shadow.useSlots();
    shadows.push(shadow);
    for (let i = 0; i < c; i++, id++) {
      fleetOf[id] = f;
      indexOf[id] = i;
      typeOf[id] = t;
    }
  });
  const at = new Float64Array(2 * n).fill(Infinity);
  const heap = new Heap(2 * n, at);
  for (let d = 0; d < n; d++) {
    const f = fleetOf[d], i = indexOf[d];
    f.init(i, -WARMUP_MS);
    let next = f.advance(i, -WARMUP_MS, weather);
    while (next < 0) next = f.advance(i, next, weather);
    at[d] = next;
    heap.push(d);
  }
  const end = hours * HOUR;
  let events = 0;
  const fleet = (d: number) => (d < n ? fleetOf[d] : shadows[typeOf[d - n]]);
  const runUntil = (t: number) => {
    while (heap.size > 0 && at[heap.peek()] < t) {
      const d = heap.pop();
      at[d] = fleet(d).advance(indexOf[d], at[d], weather);
      events++;
      heap.push(d);
    }
  };
  const enrolled = (d: number) => CPP_TYPES.includes(APPLIANCE_TYPES[typeOf[d]]) && d % 5 !== 0;
  /** Puts a control in force at t (forking the baseline first, once), and reschedules the device. */
  const control = (d: number, c: Control, t: number) => {
    const f = fleetOf[d], i = indexOf[d];
    if (at[d + n] === Infinity && c !== NORMAL) {
      const slot = shadowUsed[typeOf[d]]++;
      shadows[typeOf[d]].copyFrom(f, i, slot);
      indexOf[d + n] = slot;
      at[d + n] = at[d];
    }
    f.setControl(i, c, t);
    at[d] = f.advance(i, t, weather);
    events++;
  };
  // Control changes reschedule devices and add shadows: the heap is rebuilt after each round (twice a day).
  const rebuild = () => {
    heap.clear();
    for (let d = 0; d < 2 * n; d++) if (at[d] < Infinity) heap.push(d);
  };
  const t0 = process.hrtime.bigint();
  for (const [tc, pick] of [
    [EVENT_AT, (d: number) => (APPLIANCE_TYPES[typeOf[d]] === 'thermostat' ? OFFSET : CURTAIL)],
    [EVENT_END, () => NORMAL],
  ] as const) {
    if (tc >= end) break;
    runUntil(tc);
    for (let d = 0; d < n; d++) if (enrolled(d)) control(d, pick(d), tc);
    rebuild();
  }
  runUntil(end);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { events, seconds };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = [];
for (const n of sizes) {
  const runs: Result[] = [];
  for (let k = 0; k < reps; k++) runs.push(runDay(n));
  const rates = runs.map((r) => r.events / r.seconds);
  out.push({ devices: n, events: runs[0].events, events_per_s: Math.round(median(rates)), runs: rates.map(Math.round) });
}
console.log(JSON.stringify({ bench: 'physics', hours, reps, physics: out }));
