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

/**
 * First s in (0, L] with g(s) = c0 + c1 s + k1 e^(r1 s) + k2 e^(r2 s) ≥ 0, given g(0) < 0; NaN if none.
 * g'' has at most one zero, so g' at most two and g at most three: split [0, L] where g'' and g' change sign,
 * then g is monotone on each piece and the first piece ending at g ≥ 0 holds the root (bisection). The value
 * returned is the upper end of the final bracket, so g ≥ 0 there.
 */
export function firstRootSumExp(c0: number, c1: number, k1: number, r1: number, k2: number, r2: number, L: number): number {
  const g = (s: number) => c0 + c1 * s + k1 * Math.exp(r1 * s) + k2 * Math.exp(r2 * s);
  const g1 = (s: number) => c1 + k1 * r1 * Math.exp(r1 * s) + k2 * r2 * Math.exp(r2 * s);
  const pts: number[] = [0];
  // inflection: k1 r1² e^(r1 s) = −k2 r2² e^(r2 s)
  const ratio = -(k2 * r2 * r2) / (k1 * r1 * r1);
  let sInf = NaN;
  if (ratio > 0 && r1 !== r2) {
    sInf = Math.log(ratio) / (r1 - r2);
    if (!(sInf > 0 && sInf < L)) sInf = NaN;
  }
  const bounds = Number.isNaN(sInf) ? [0, L] : [0, sInf, L];
  for (let j = 0; j + 1 < bounds.length; j++) {
    const a = bounds[j], b = bounds[j + 1];
    const ga = g1(a), gb = g1(b);
    if (ga === 0 || gb === 0 || ga > 0 === gb > 0) {
      if (j > 0) pts.push(a);
      continue;
    }
    let lo = a, hi = b;
    for (let it = 0; it < 60 && hi - lo > 1e-6; it++) {
      const m = (lo + hi) / 2;
      if (g1(m) > 0 === ga > 0) lo = m;
      else hi = m;
    }
    if (j > 0) pts.push(a);
    pts.push((lo + hi) / 2);
  }
  pts.push(L);
  for (let j = 0; j + 1 < pts.length; j++) {
    const a = pts[j], b = pts[j + 1];
    if (!(b > a)) continue;
    if (g(b) < 0) continue;
    let lo = a, hi = b;
    for (let it = 0; it < 80 && hi - lo > 1e-6; it++) {
      const m = (lo + hi) / 2;
      if (g(m) >= 0) hi = m;
      else lo = m;
    }
    return hi;
  }
  return NaN;
}
