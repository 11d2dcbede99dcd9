/**
 * The "hold" model (N actors, each rescheduling itself after an exponential delay, mean 1 s) on three
 * engines: our kernel, a plain typed-array binary heap, simjs. Each returns the events delivered and the
 * wall time of the run alone (setup excluded).
 *
 * Delays: by default every engine reads the same table of 65,536 Philox exponential variates with a
 * global cursor, so the figure measures the event set and not the random-number generator (the classic
 * hold-model setup). `perActor: true` instead gives each actor its own Philox stream and a draw counter
 * in a typed array, as the C5 models do; that costs about 100–200 ns per event on any engine.
 */
import { loadSimjs } from '../test/support/simjs.ts';
import { exponentialAt } from '../sim/random/index.ts';
import { Simulator } from '../sim/simulator.ts';

const MEAN_MS = 1000;
const SEED = 20261126;

export interface HoldResult {
  events: number;
  seconds: number;
  /** Our kernel only: bytes its event set holds at the end of the run, per event pending then. */
  bytesPerPending?: number;
}

const TABLE_SIZE = 1 << 16;
const table = new Float64Array(TABLE_SIZE);
for (let i = 0; i < TABLE_SIZE; i++) table[i] = Math.round(exponentialAt(SEED, 0, 1, i, MEAN_MS));
let cursor = 0;

export interface HoldOptions {
  perActor?: boolean;
  /** Multiplies every delay (mean 1 s): 64 puts about a third of the events beyond the kernel's 65-s ring. */
  scale?: number;
}

/** The delay source for one run: the shared table, or per-actor Philox streams with their counters. */
function delays(n: number, options: HoldOptions): (actor: number) => number {
  cursor = 0;
  const k = options.scale ?? 1;
  if (!options.perActor) return () => k * table[cursor++ & (TABLE_SIZE - 1)];
  const draws = new Float64Array(n);
  return (actor) => k * Math.round(exponentialAt(SEED, actor, 0, draws[actor]++, MEAN_MS));
}

export function holdKernel(n: number, horizonMs: number, options: HoldOptions = {}): HoldResult {
  const sim = new Simulator({ seed: SEED, pendingHint: n });
  const delayOf = delays(n, options);
  sim.addKind(
    {
      name: 'hold',
      init: (s, id) => void s.timer(delayOf(id), 0),
      event: (s, id) => void s.timer(delayOf(id), 0),
    },
    n,
  );
  sim.spawnAll();
  const t0 = performance.now();
  const { events } = sim.run({ until: horizonMs });
  const seconds = (performance.now() - t0) / 1000;
  return { events, seconds, bytesPerPending: Math.round(sim.eventSetBytes / sim.pending) };
}

/** The baseline: a binary heap of packed (tick, actor) keys in a Float64Array, nothing else. */
export function holdHeap(n: number, horizonMs: number, options: HoldOptions = {}): HoldResult {
  const keys = new Float64Array(n);
  const delayOf = delays(n, options);
  let size = 0;
  const push = (key: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      i = p;
    }
    keys[i] = key;
  };
  const pop = () => {
    const top = keys[0];
    const last = keys[--size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= last) break;
      keys[i] = keys[c];
      i = c;
    }
    keys[i] = last;
    return top;
  };
  for (let a = 0; a < n; a++) push(delayOf(a) * n + a);
  const t0 = performance.now();
  let events = 0;
  while (size > 0 && keys[0] < (horizonMs + 1) * n) {
    const key = pop();
    const tick = Math.floor(key / n);
    const a = key - tick * n;
    events++;
    push((tick + delayOf(a)) * n + a);
  }
  return { events, seconds: (performance.now() - t0) / 1000 };
}

export function holdSimjs(n: number, horizonMs: number, options: HoldOptions = {}): HoldResult {
  const Simjs = loadSimjs();
  const delayOf = delays(n, options);
  const sim = new Simjs.Sim();
  let events = 0;
  class Holder extends Simjs.Entity {
    id = 0;
    start(id: number) {
      this.id = id;
      this.hold();
    }
    hold(): void {
      this.setTimer(delayOf(this.id)).done(() => {
        events++;
        this.hold();
      });
    }
  }
  for (let a = 0; a < n; a++) sim.addEntity(Holder as never, undefined, a);
  const t0 = performance.now();
  sim.simulate(horizonMs);
  return { events, seconds: (performance.now() - t0) / 1000 };
}
