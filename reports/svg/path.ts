/** SVG path data from pixel coordinates. A point whose x or y is not finite (NaN) breaks the line into runs. */

export type Pt = readonly [number, number];

/** A coordinate rounded to 0.1 px, without "-0" or trailing ".0". */
export function coord(v: number): string {
  const r = Math.round(v * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
}

/** Splits points into runs of consecutive finite points. */
export function runs(points: readonly Pt[]): Pt[][] {
  const out: Pt[][] = [];
  let cur: Pt[] = [];
  for (const p of points) {
    if (Number.isFinite(p[0]) && Number.isFinite(p[1])) cur.push(p);
    else if (cur.length > 0) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * Straight segments through the points: "M10,20L30,40". A run of a single point becomes a short
 * horizontal tick (so an isolated value is still visible). Consecutive duplicates are dropped.
 */
export function linePath(points: readonly Pt[]): string {
  let d = '';
  for (const run of runs(points)) {
    let prev = '';
    let n = 0;
    for (const [x, y] of run) {
      const c = `${coord(x)},${coord(y)}`;
      if (c === prev) continue;
      d += (n === 0 ? 'M' : 'L') + c;
      prev = c;
      n++;
    }
    if (n === 1) d += `h0.1`;
  }
  return d;
}

/** Step-after segments (the value holds until the next point), as for an empirical CDF: "M0,10H5V4H9". */
export function stepPath(points: readonly Pt[]): string {
  let d = '';
  for (const run of runs(points)) {
    let [px, py] = run[0]!;
    d += `M${coord(px)},${coord(py)}`;
    for (let i = 1; i < run.length; i++) {
      const [x, y] = run[i]!;
      if (coord(x) !== coord(px)) d += `H${coord(x)}`;
      if (coord(y) !== coord(py)) d += `V${coord(y)}`;
      px = x;
      py = y;
    }
  }
  return d;
}

/** Step-after corners: [(0,1),(2,3)] → [(0,1),(2,1),(2,3)], so straight segments through them draw steps. A gap stays a gap. */
export function toSteps(points: readonly Pt[]): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const prev = points[i - 1];
    if (prev && Number.isFinite(prev[1]) && Number.isFinite(p[1]) && prev[1] !== p[1]) out.push([p[0], prev[1]]);
    out.push(p);
  }
  return out;
}

/** Closed areas between the line through the points and the horizontal line at pixel `baseY`, one per run. */
export function areaPath(points: readonly Pt[], baseY: number): string {
  let d = '';
  for (const run of runs(points)) {
    const first = run[0]!;
    const last = run[run.length - 1]!;
    d += `M${coord(first[0])},${coord(baseY)}`;
    for (const [x, y] of run) d += `L${coord(x)},${coord(y)}`;
    d += `L${coord(last[0])},${coord(baseY)}Z`;
  }
  return d;
}

/**
 * Closed areas between two lines given point by point (upper[i] over lower[i]): an interval band. Where
 * either bound is missing the band breaks, one closed area per run of points with both.
 */
export function bandPath(upper: readonly Pt[], lower: readonly Pt[]): string {
  let d = '';
  let run: [Pt, Pt][] = [];
  const close = () => {
    if (run.length > 0) {
      d += `M${coord(run[0]![0][0])},${coord(run[0]![0][1])}`;
      for (const [u] of run.slice(1)) d += `L${coord(u[0])},${coord(u[1])}`;
      for (const [, l] of [...run].reverse()) d += `L${coord(l[0])},${coord(l[1])}`;
      d += 'Z';
    }
    run = [];
  };
  for (let i = 0; i < Math.min(upper.length, lower.length); i++) {
    const u = upper[i]!, l = lower[i]!;
    if ([u[0], u[1], l[0], l[1]].every(Number.isFinite)) run.push([u, l]);
    else close();
  }
  close();
  return d;
}
