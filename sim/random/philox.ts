/**
 * Philox4x32-10 counter-based block function (Salmon et al., SC'11), bit-exact
 * with Random123's philox.h: philox4x32_R(10, ctr, key).
 *
 * Pure 32-bit integer arithmetic on JS numbers; no BigInt, no allocation. The
 * caller passes the output buffer so the hot path can reuse one scratch array.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
/** 2^-16, exact in binary floating point. */
const INV16 = 1 / 65536;

/**
 * Writes Philox4x32-10(counter = [c0..c3], key = [k0, k1]) to out[0..3].
 * Inputs are taken modulo 2^32 (so int32 or uint32 values both work).
 */
export function philox4x32_10(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
): void {
  // Internally words are kept as int32 (the result of ^ / imul); only their bit
  // pattern matters, and >>> / & below read them as unsigned.
  c0 |= 0;
  c1 |= 0;
  c2 |= 0;
  c3 |= 0;
  k0 |= 0;
  k1 |= 0;
  for (let r = 0; r < 10; r++) {
    // mulhilo(M, x): the low word is imul; the high word is computed exactly by
    // splitting x into 16-bit halves so every product is < 2^48 < 2^53:
    //   hi = floor((M*xh + floor(M*xl / 2^16)) / 2^16)
    // The final `>>> 0` floors (the value is positive and < 2^32).
    const hi0 = ((M0 * (c0 >>> 16) + Math.floor(M0 * (c0 & 0xffff) * INV16)) * INV16) >>> 0;
    const lo0 = Math.imul(M0, c0);
    const hi1 = ((M1 * (c2 >>> 16) + Math.floor(M1 * (c2 & 0xffff) * INV16)) * INV16) >>> 0;
    const lo1 = Math.imul(M1, c2);
    // Round permutation, as in _philox4x32round.
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    // Key bump between rounds (bumping after the last round is harmless: the
    // key is local and no longer used).
    k0 = (k0 + W0) | 0;
    k1 = (k1 + W1) | 0;
  }
  // Uint32Array stores take the value modulo 2^32, so int32 writes are fine.
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}
