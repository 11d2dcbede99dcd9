/**
 * A population drawn once for all partitions of a run: its typed arrays copied into shared memory, so that the
 * partitions' threads read the same bytes instead of each drawing (and holding) a copy of its own. Partitions
 * only read the population.
 */
import type { Population } from './population.ts';

type TypedArray = Uint8Array | Int16Array | Int32Array | Uint32Array | Float64Array;

function shared<T extends TypedArray>(a: T): T {
  const make = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new make(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

export function sharePopulation(p: Population): Population {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k] = ArrayBuffer.isView(v) ? shared(v as TypedArray) : v;
  return out as unknown as Population;
}
