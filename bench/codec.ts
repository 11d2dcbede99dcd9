/**
 * npm run bench:codec — encode / decode throughput of the C5 codec on every EXAMPLES envelope (one of each body
 * kind), for models/wire/codec.ts and for the straightforward reference (models/wire/codec.reference.ts, the
 * implementation before the fast paths). Medians of REPS runs after a warm-up; prints one JSON object.
 * ops/s = envelopes per second (each run encodes / decodes every example ROUNDS times).
 */
import * as reference from '../models/wire/codec.reference.ts';
import * as codec from '../models/wire/codec.ts';
import { EXAMPLES } from '../models/wire/examples.ts';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2_000);

type Env = codec.EnvelopeObject;
const envs = Object.values(EXAMPLES) as Env[];
const frames = envs.map((e) => reference.encodeEnvelope(e));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
let sink = 0;

function rate(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return (envs.length * ROUNDS) / s;
}

function encodeRun(enc: (e: Env) => Uint8Array): () => void {
  return () => {
    for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < envs.length; i++) sink += enc(envs[i]!).length;
  };
}
function decodeRun(dec: (b: Uint8Array) => { ok: boolean }): () => void {
  return () => {
    for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < frames.length; i++) sink += dec(frames[i]!).ok ? 1 : 0;
  };
}

const runs: Record<string, () => void> = {
  encode: encodeRun(codec.encodeEnvelope),
  decode: decodeRun(codec.decodeEnvelope),
  encode_reference: encodeRun(reference.encodeEnvelope),
  decode_reference: decodeRun(reference.decodeEnvelope),
};

// Same bytes / same decode outcome before timing anything.
for (let i = 0; i < envs.length; i++) {
  const a = Buffer.from(codec.encodeEnvelope(envs[i]!));
  if (!a.equals(Buffer.from(frames[i]!))) throw new Error(`bench: encodeEnvelope differs from the reference (${i})`);
  if (!codec.decodeEnvelope(frames[i]!).ok) throw new Error(`bench: decodeEnvelope rejects example ${i}`);
}

const samples: Record<string, number[]> = {};
for (const name of Object.keys(runs)) {
  samples[name] = [];
  runs[name]!(); // warm-up
}
// Interleave the variants so drift (thermal, GC, other load) hits all of them alike.
for (let rep = 0; rep < REPS; rep++) for (const [name, run] of Object.entries(runs)) samples[name]!.push(rate(run));

const out: Record<string, number> = {};
for (const [name, xs] of Object.entries(samples)) out[`${name}_ops_s`] = Math.round(median(xs));
const ratio = (a: string, b: string): number => Math.round((out[`${a}_ops_s`]! / out[`${b}_ops_s`]!) * 100) / 100;
console.log(
  JSON.stringify({
    ...out,
    encode_speedup: ratio('encode', 'encode_reference'),
    decode_speedup: ratio('decode', 'decode_reference'),
    envelopes: envs.length,
    rounds: ROUNDS,
    reps: REPS,
    sink: sink > 0 ? 1 : 0,
  }),
);
