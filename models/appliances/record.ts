/**
 * One record per device. A fleet keeps all of device i's fields together, in `stride` consecutive Float64
 * slots from index i * stride of one Float64Array, with its byte flags and violation count in the record's
 * first two slots (a Uint8Array and a Uint32Array view of the same buffer). Advancing a device then touches a
 * few adjacent cache lines and one page, not one of each per column (about 30 at a million devices), and a
 * baseline copy is one byte-range copy.
 *
 * Layout of a record (Float64 slots; bytes within the header):
 *
 *   slot 0–1  header: violations (Uint32, bytes 0–3), control mode (byte 4), the type's flags (bytes 5–15)
 *   slot 2    tLast (FleetBase)
 *   slot 3–6  control a, b, c, gfaUntil (ControlState)
 *   slot 7…   the type's Float64 fields, in the order its layout lists them
 *
 * Fields are named: a type lists its field names once (`floatFields`, `flagFields`) and reads
 * `f[r + F.Ta]` with r = i * F.stride computed once per call. The layouts are frozen module constants, so
 * the optimizing compiler folds every offset into the instruction (measured: Node 20, TurboFan).
 */

/** Header bytes of a record (two Float64 slots). */
export const HEADER_SLOTS = 2;
/** Float64 slot offsets shared by every fleet. */
export const BASE = Object.freeze({ tLast: 2, ctlA: 3, ctlB: 4, ctlC: 5, gfaUntil: 6 });
/** Float64 slots before a type's own fields. */
export const BASE_SLOTS = 7;
/** Byte offset of the control mode within a record; the type's flags follow it. */
export const MODE_BYTE = 4;
const FIRST_FLAG_BYTE = 5;
const HEADER_BYTES = HEADER_SLOTS * 8;

export type FloatLayout<N extends string> = Readonly<Record<N, number>> & { readonly stride: number };
export type FlagLayout<N extends string> = Readonly<Record<N, number>>;

/** Slot offsets of a type's Float64 fields (after the shared ones) and the record's stride in slots. */
export function floatFields<const N extends readonly string[]>(names: N): FloatLayout<N[number]> {
  if (new Set(names).size !== names.length || names.includes('stride')) throw new Error(`record fields named twice or 'stride': ${names.join(', ')}`);
  return fastFrozen([...names.map((n, k) => [n, BASE_SLOTS + k] as const), ['stride', BASE_SLOTS + names.length] as const]) as FloatLayout<N[number]>;
}

/** Byte offsets of a type's byte flags within the record's header (at most 11). */
export function flagFields<const N extends readonly string[]>(names: N): FlagLayout<N[number]> {
  if (FIRST_FLAG_BYTE + names.length > HEADER_BYTES) throw new Error(`a record holds at most ${HEADER_BYTES - FIRST_FLAG_BYTE} flags, got ${names.length}`);
  if (new Set(names).size !== names.length) throw new Error(`record flags named twice: ${names.join(', ')}`);
  return fastFrozen(names.map((n, k) => [n, FIRST_FLAG_BYTE + k] as const)) as FlagLayout<N[number]>;
}

/**
 * A frozen object with these properties. Built by Object.fromEntries, which keeps V8's fast (map-based)
 * properties at any count: an object filled key by key turns into a dictionary past a dozen keys, and then
 * every `F.name` is an inline-cache call instead of a folded constant.
 */
function fastFrozen(entries: (readonly [string, number])[]): Record<string, number> {
  return Object.freeze(Object.fromEntries(entries));
}

/** The records of `count` devices: one buffer, three views. */
export class Records {
  /** Float64 fields: device i's record is f[i * stride … (i + 1) * stride). */
  readonly f: Float64Array;
  /** Bytes of the same buffer: device i's flags are b[i * stride * 8 + flag offset]. */
  readonly b: Uint8Array;
  /** Uint32 words of the same buffer: device i's violation count is u[i * stride * 2]. */
  readonly u: Uint32Array;

  constructor(
    readonly count: number,
    readonly stride: number,
  ) {
    const buf = new ArrayBuffer(count * stride * 8);
    this.f = new Float64Array(buf);
    this.b = new Uint8Array(buf);
    this.u = new Uint32Array(buf);
  }

  /** Copies record i of `from` (same stride) into record `to` of this one, bytes as they are. */
  copy(from: Records, i: number, to: number): void {
    const n = this.stride * 8;
    this.b.set(from.b.subarray(i * n, i * n + n), to * n);
  }
}
