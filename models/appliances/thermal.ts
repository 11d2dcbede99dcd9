/**
 * Closed-form thermal math shared by the models.
 *
 * First order (tank, fridge compartment):   C dT/dt = UA (Teq − T)  ⇒  T(s) = Teq + (T0 − Teq) e^(−s/τ), τ = C/UA.
 *
 * Two-node ETP house (GridLAB-D house_e, Residential module user's guide):
 *   Ca dTa/dt = −U (Ta − To) − Hm (Ta − Tm) + Qa
 *   Cm dTm/dt =  Hm (Ta − Tm) + Qm
 * GridLAB-D holds To and the gains constant over a step; here they may ramp linearly (the outdoor profile is
 * piecewise linear by the hour), which the same eigen-solution handles exactly with a linear particular part:
 *   x(s) = p + q s + k1 e^(r1 s) [1, A3] + k2 e^(r2 s) [1, A4],
 * r1, r2 the (real, negative: the circuit is over-damped) eigenvalues of the system matrix A, A3/A4 the mass
 * components of its eigenvectors (GridLAB-D's A3, A4), q = −A⁻¹ b1 and p = A⁻¹ (q − b0) for forcing b0 + b1 s.
 * Times inside this file are in seconds, powers in W, temperatures in °C, capacities in J/K.
 */

/** Time (s ≥ 0) for T(s) = Teq + (T0 − Teq) e^(−s/τ) to reach `target`; Infinity if it never does. */
export function expTimeTo(T0: number, Teq: number, tau: number, target: number): number {
  const den = T0 - Teq;
  if (den === 0) return target === T0 ? 0 : Infinity;
  const r = (target - Teq) / den;
  if (!(r > 0) || r > 1) return Infinity;
  return -tau * Math.log(r);
}

export function expAt(T0: number, Teq: number, tau: number, s: number): number {
  return Teq + (T0 - Teq) * Math.exp(-s / tau);
}

/** Eigen-structure of the ETP system matrix: [r1, r2, A3, A4]. */
export function etpEigen(U: number, Ca: number, Cm: number, Hm: number, out: Float64Array | number[]): void {
  const a11 = -(U + Hm) / Ca, a12 = Hm / Ca, a21 = Hm / Cm, a22 = -Hm / Cm;
  const tr = a11 + a22, det = a11 * a22 - a12 * a21;
  const disc = Math.sqrt(Math.max(0, tr * tr - 4 * det));
  const r1 = (tr + disc) / 2; // slow mode (closer to 0)
  const r2 = (tr - disc) / 2; // fast air mode
  out[0] = r1;
  out[1] = r2;
  out[2] = (r1 - a11) / a12;
  out[3] = (r2 - a11) / a12;
}

/**
 * Coefficients [pa, qa, pm, qm, k1, k2] of the solution from (Ta0, Tm0) under forcing b(s) = b0 + b1 s, where
 * b = [ (U To + Qa)/Ca , Qm/Cm ] (the right-hand side without the A x part).
 */
export function etpCoeffs(
  U: number, Ca: number, Cm: number, Hm: number, A3: number, A4: number,
  Ta0: number, Tm0: number, b0a: number, b0m: number, b1a: number, b1m: number,
  out: Float64Array | number[],
): void {
  const a11 = -(U + Hm) / Ca, a12 = Hm / Ca, a21 = Hm / Cm, a22 = -Hm / Cm;
  const det = a11 * a22 - a12 * a21;
  // A⁻¹ = [a22, −a12; −a21, a11] / det
  const qa = -(a22 * b1a - a12 * b1m) / det;
  const qm = -(-a21 * b1a + a11 * b1m) / det;
  const ya = qa - b0a, ym = qm - b0m;
  const pa = (a22 * ya - a12 * ym) / det;
  const pm = (-a21 * ya + a11 * ym) / det;
  const da = Ta0 - pa, dm = Tm0 - pm;
  const k1 = (dm - A4 * da) / (A3 - A4);
  out[0] = pa;
  out[1] = qa;
  out[2] = pm;
  out[3] = qm;
  out[4] = k1;
  out[5] = da - k1;
}

/** g(s) = c0 + c1 s + k1 e^(r1 s) + k2 e^(r2 s), or its derivative when `deriv` is 1. */
function sumExp(c0: number, c1: number, k1: number, r1: number, k2: number, r2: number, s: number, deriv: number): number {
  return deriv ? c1 + k1 * r1 * Math.exp(r1 * s) + k2 * r2 * Math.exp(r2 * s) : c0 + c1 * s + k1 * Math.exp(r1 * s) + k2 * Math.exp(r2 * s);
}

/**
 * Zero of sg·g^(deriv) on [lo, hi], given it is monotone there with value flo < 0 <= fhi at the ends (Illinois
 * modified regula falsi: bracketing and superlinear). Returns the upper end of the final bracket (width < tol),
 * where the value is >= 0. No closures: this runs at every thermostat event.
 */
function illinois(c0: number, c1: number, k1: number, r1: number, k2: number, r2: number, deriv: number, sg: number, lo: number, hi: number, flo: number, fhi: number, tol: number): number {
  let side = 0;
  for (let it = 0; it < 100 && hi - lo > tol; it++) {
    let x = (lo * fhi - hi * flo) / (fhi - flo);
    if (!(x > lo && x < hi)) x = (lo + hi) / 2;
    const fx = sg * sumExp(c0, c1, k1, r1, k2, r2, x, deriv);
    if (fx >= 0) {
      hi = x;
      fhi = fx;
      if (side === 1) flo /= 2;
      side = 1;
    } else {
      lo = x;
      flo = fx;
      if (side === -1) fhi /= 2;
      side = -1;
    }
  }
  return hi;
}

const TOL_S = 1e-6;

/**
 * First s in (0, L] with g(s) = c0 + c1 s + k1 e^(r1 s) + k2 e^(r2 s) ≥ 0, given g(0) < 0; NaN if none.
 * g'' has at most one zero, so g' at most two and g at most three: split [0, L] where g'' and g' change sign,
 * then g is monotone on each piece and the first piece ending at g ≥ 0 holds the root. The value returned is
 * the upper end of the final bracket (within 1 µs), so g ≥ 0 there.
 */
export function firstRootSumExp(c0: number, c1: number, k1: number, r1: number, k2: number, r2: number, L: number): number {
  // Breakpoints: the inflection (k1 r1² e^(r1 s) = −k2 r2² e^(r2 s)) and the zeros of g' on either side of it.
  let p0 = NaN, p1 = NaN, p2 = NaN; // in increasing order, NaN when absent
  const ratio = -(k2 * r2 * r2) / (k1 * r1 * r1);
  let sInf = NaN;
  if (ratio > 0 && r1 !== r2) {
    sInf = Math.log(ratio) / (r1 - r2);
    if (!(sInf > 0 && sInf < L)) sInf = NaN;
  }
  const b1 = Number.isNaN(sInf) ? L : sInf;
  p0 = derivZero(c0, c1, k1, r1, k2, r2, 0, b1);
  if (!Number.isNaN(sInf)) {
    p1 = sInf;
    p2 = derivZero(c0, c1, k1, r1, k2, r2, sInf, L);
  }
  let a = 0, ga = sumExp(c0, c1, k1, r1, k2, r2, 0, 0);
  for (let j = 0; j < 4; j++) {
    const b = j === 0 ? p0 : j === 1 ? p1 : j === 2 ? p2 : L;
    if (!(b > a)) continue;
    const gb = sumExp(c0, c1, k1, r1, k2, r2, b, 0);
    if (gb >= 0) return illinois(c0, c1, k1, r1, k2, r2, 0, 1, a, b, ga, gb, TOL_S);
    a = b;
    ga = gb;
  }
  return NaN;
}

/** Zero of g' inside (a, b) if g' (monotone there) changes sign, else NaN. */
function derivZero(c0: number, c1: number, k1: number, r1: number, k2: number, r2: number, a: number, b: number): number {
  const ga = sumExp(c0, c1, k1, r1, k2, r2, a, 1), gb = sumExp(c0, c1, k1, r1, k2, r2, b, 1);
  if (ga === 0 || gb === 0 || ga > 0 === gb > 0) return NaN;
  const sg = ga < 0 ? 1 : -1;
  return illinois(c0, c1, k1, r1, k2, r2, 1, sg, a, b, sg * ga, sg * gb, TOL_S);
}
