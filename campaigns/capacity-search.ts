/**
 * The adaptive knee search of `scsim capacity`, free of the simulator: an evaluator gives the metric of
 * replications 0..n−1 at a value (common seeds: replication r has the same seed at every value).
 *
 * The varied field takes the values lo, lo + step, …, hi (a grid of positions). The safe end is lo when the
 * largest holding value is sought (direction max: the metric grows with the field) and hi for the smallest
 * (direction min). The search assumes the metric's mean is monotone along the field:
 *   1. probe the safe end: if it does not hold, stop (nothing in the range holds);
 *   2. probe the far end: if it holds, stop (the whole range holds);
 *   3. bisect: between the last holding position and the first position that does not hold, and — when
 *      some probes straddle the limit — between the last straddling position and the first failing one,
 *      until both gaps are one grid step wide.
 * A probe starts with `reps` replications; while its bounds straddle the limit (capacity-rule.ts) it is
 * doubled, up to `maxReps`, and a probe still straddling then is **undecided**. Each look at a value is
 * judged at a confidence adjusted for the number of looks (lookConfidence), so adding replications until
 * the verdict comes out does not make a wrong verdict likelier than 1 − c.
 */
import { judge, type Judgement } from './capacity-rule.ts';

export interface SearchSpec {
  lo: number;
  hi: number;
  /** Grid spacing; (hi − lo) / step is a whole number. */
  step: number;
  direction: 'max' | 'min';
  limit: number;
  confidence: number;
  /** Replications of every probe at first (≥ 2) and at most (≥ reps). */
  reps: number;
  maxReps: number;
}

/** The metric of replications 0..reps−1 at `value`, in replication order. */
export type Evaluator = (value: number, reps: number) => Promise<number[]>;

export type ProbeVerdict = 'holds' | 'fails' | 'undecided';

export interface Probe {
  /** Order in which the search took it (0 first). */
  order: number;
  value: number;
  verdict: ProbeVerdict;
  judgement: Judgement;
  /** The metric per replication. */
  values: number[];
}

export type SearchOutcome =
  /** lastHold holds; the next grid value (or the undecided run after it) does not. */
  | 'knee'
  /** The safe end fails or stays undecided: no value in the range is shown to hold. */
  | 'safe-end-fails'
  | 'safe-end-undecided'
  /** Even the far end holds: the knee lies beyond the range. */
  | 'holds-throughout';

export interface SearchResult {
  outcome: SearchOutcome;
  /** The value furthest from the safe end that holds with every value nearer the safe end not failing. */
  lastHold: Probe | null;
  /** The value nearest the safe end that fails, beyond lastHold (null: none probed fails). */
  firstFail: Probe | null;
  /** Probes between lastHold and firstFail that stayed undecided at maxReps, nearest the safe end first. */
  undecided: Probe[];
  /** Every probe in the order taken. */
  probes: Probe[];
  /** Observations against monotonicity (a value holding beyond one that fails). */
  warnings: string[];
}

export async function searchKnee(spec: SearchSpec, evaluate: Evaluator): Promise<SearchResult> {
  const last = Math.round((spec.hi - spec.lo) / spec.step);
  // Position 0 is the safe end; values are computed from the nearer end so the ends are exact.
  const valueAt = (pos: number): number => {
    const k = spec.direction === 'max' ? pos : last - pos;
    return k === last ? spec.hi : tidy(spec.lo + k * spec.step, spec.step);
  };
  const probed = new Map<number, Probe>();
  const probes: Probe[] = [];
  const perLook = lookConfidence(spec);
  const probe = async (pos: number): Promise<Probe> => {
    const value = valueAt(pos);
    let n = spec.reps;
    for (;;) {
      const values = await evaluate(value, n);
      const judgement = judge(values, spec.limit, perLook);
      if (judgement.verdict !== 'straddles' || n >= spec.maxReps) {
        const verdict: ProbeVerdict = judgement.verdict === 'straddles' ? 'undecided' : judgement.verdict;
        const p: Probe = { order: probes.length, value, verdict, judgement, values };
        probes.push(p);
        probed.set(pos, p);
        return p;
      }
      n = Math.min(spec.maxReps, n * 2);
    }
  };
  const result = (outcome: SearchOutcome): SearchResult => {
    const s = state(probed);
    const warnings = [...probed.entries()]
      .filter(([pos, p]) => p.verdict === 'holds' && s.fail !== undefined && pos > s.fail)
      .map(([, p]) => `value ${p.value} holds beyond ${probed.get(s.fail!)!.value}, which fails: the metric is not monotone here (or noisier than its replications show)`);
    return {
      outcome,
      lastHold: s.hold !== undefined ? probed.get(s.hold)! : null,
      firstFail: s.fail !== undefined ? probed.get(s.fail)! : null,
      undecided: s.undecided.map((pos) => probed.get(pos)!),
      probes,
      warnings,
    };
  };

  const safe = await probe(0);
  if (safe.verdict !== 'holds') return result(safe.verdict === 'fails' ? 'safe-end-fails' : 'safe-end-undecided');
  if (last === 0) return result('holds-throughout');
  const far = await probe(last);
  if (far.verdict === 'holds') return result('holds-throughout');
  for (;;) {
    const s = state(probed);
    const hold = s.hold!;
    const firstNotHolding = s.undecided[0] ?? s.fail!;
    if (firstNotHolding - hold > 1) {
      await probe(Math.floor((hold + firstNotHolding) / 2));
      continue;
    }
    const lastUndecided = s.undecided.at(-1);
    if (lastUndecided !== undefined && s.fail !== undefined && s.fail - lastUndecided > 1) {
      await probe(Math.floor((lastUndecided + s.fail) / 2));
      continue;
    }
    return result('knee');
  }
}

/**
 * Looking again with more replications after a straddle is a new test of the same value: with L looks each
 * at 1 − (1 − c)/L (Bonferroni), the chance that any look gives a wrong verdict stays ≤ 1 − c.
 */
export function lookConfidence(spec: Pick<SearchSpec, 'reps' | 'maxReps' | 'confidence'>): number {
  return 1 - (1 - spec.confidence) / looks(spec.reps, spec.maxReps);
}

/** How many judgements a value can get: reps, 2·reps, 4·reps, … up to maxReps. */
export function looks(reps: number, maxReps: number): number {
  let n = reps, k = 1;
  while (n < maxReps) {
    n = Math.min(maxReps, n * 2);
    k++;
  }
  return k;
}

/** Nearest failing position; the furthest holding one before it; undecided ones between (positions). */
function state(probed: Map<number, Probe>): { hold?: number; fail?: number; undecided: number[] } {
  const positions = [...probed.keys()].sort((a, b) => a - b);
  const fail = positions.find((p) => probed.get(p)!.verdict === 'fails');
  const before = positions.filter((p) => fail === undefined || p < fail);
  const hold = before.filter((p) => probed.get(p)!.verdict === 'holds').at(-1);
  const undecided = before.filter((p) => probed.get(p)!.verdict === 'undecided' && (hold === undefined || p > hold));
  return { hold, fail, undecided };
}

/** lo + k·step without float noise (0.3, not 0.30000000000000004). */
function tidy(v: number, step: number): number {
  const t = Number(v.toPrecision(12));
  return Math.abs(t - v) < Math.abs(step) * 1e-6 ? t : v;
}
