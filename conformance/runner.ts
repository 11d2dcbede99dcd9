/**
 * The conformance runner (a product feature: `scsim conformance`, and the vitest tests call the same code):
 * for every requirement ID of requirements.md, run its properties with fast-check over the profile's random
 * runs, or report it not applicable with the reason. A failure comes with fast-check's shrunk counterexample,
 * the violations it shows, and the exact command that replays it (seed + path). Properties of the same profile
 * share their runs: each random run is simulated once and judged by all of them.
 */
import fc from 'fast-check';
import { STEP_IDS } from '../models/world/recorder.ts';
import type { Observation } from './observe.ts';
import { DEFAULT_RUNS, PROFILES, type Profile, type ProfileName, type RunContext } from './profiles.ts';
import { loadRequirements, shortText, type Requirement } from './requirements.ts';
import { SUITE_BY_ID, type PropertySpec } from './suite.ts';

export const DEFAULT_SEED = 20090105;

export interface ConformanceOptions {
  seed?: number;
  /** Runs per property (default: each profile's own, see DEFAULT_RUNS). */
  runs?: number;
  /** Requirement IDs to run (an ID, or ID#k for its k-th property); default every ID. */
  only?: string[];
  /** Replay one counterexample: fast-check path of the failing run (needs exactly one ID#k and its seed). */
  path?: string;
  /** With `path`, for model-based properties: the replay hint of the command sequence (fc.commands replayPath). */
  commands?: string;
  /** Deliberate faults of the models (conformance/mutants.ts), to prove the suite can fail. */
  mutants?: string[];
  /** `path=value` overrides applied to every generated study (as `scsim run --set`). */
  sets?: string[];
  /** Called with each requirement's result, in catalog order, once every property has run. */
  onResult?: (r: RequirementResult) => void;
  /** Called as each profile starts (for a progress line on a terminal). */
  onProgress?: (text: string) => void;
  requirements?: Requirement[];
}

export type Status = 'PASS' | 'FAIL' | 'N/A';

export interface PropertyResult {
  /** 1-based index among the requirement's properties (ID#k). */
  index: number;
  profile: string;
  statement: string;
  status: Status;
  runs: number;
  /** Instances checked over the runs (0 = held vacuously). */
  instances: number;
  seed: number;
  durationMs: number;
  reason?: string;
  /** On failure: the shrunk input, the violations it shows, the replay command, the study as YAML. */
  counterexample?: string;
  violations?: string[];
  path?: string;
  replay?: string;
  study?: string;
}

export interface RequirementResult {
  id: string;
  text: string;
  section: string;
  status: Status;
  /** Runs over all of its properties. */
  cases: number;
  instances: number;
  reason?: string;
  properties: PropertyResult[];
}

export interface ConformanceReport {
  seed: number;
  runs: number | null;
  mutants: string[];
  sets: string[];
  durationS: number;
  requirements: RequirementResult[];
  /** How often each scenario step was exercised over every run of the suite. */
  steps: Record<string, number>;
  /** Distinct simulated runs the suite made, by profile. */
  simulations: Record<string, number>;
  totals: { pass: number; fail: number; na: number };
  ok: boolean;
}

/** Splits "FR-06#2" into the ID and the property index (or null for every property). */
export function parseSelector(s: string): { id: string; index: number | null } {
  const m = /^([A-Z0-9]+-\d+)(?:#(\d+))?$/.exec(s.trim());
  if (!m) return { id: s.trim(), index: null };
  return { id: m[1], index: m[2] ? Number(m[2]) : null };
}

class ObservationCache {
  private readonly map = new Map<string, Observation>();
  readonly steps: Record<string, number> = Object.fromEntries(STEP_IDS.map((s) => [s, 0]));
  readonly simulations: Record<string, number> = {};
  constructor(private readonly ctx: RunContext, private readonly capacity = 48) {}

  /** A run made once and not kept (pass 1 judges it by every property at once). */
  fresh<I>(profile: Profile<I>, input: I): Observation {
    const o = profile.run(input, this.ctx);
    this.count(profile.name, o);
    return o;
  }

  private count(name: string, o: Observation): void {
    this.simulations[name] = (this.simulations[name] ?? 0) + 1;
    for (const r of o.steps) this.steps[r.id] = (this.steps[r.id] ?? 0) + 1;
  }

  get<I>(profile: Profile<I>, input: I): Observation {
    const cacheable = profile.name !== 'model';
    const key = cacheable ? `${profile.name}|${JSON.stringify(input)}` : '';
    if (cacheable) {
      const hit = this.map.get(key);
      if (hit) {
        this.map.delete(key);
        this.map.set(key, hit);
        return hit;
      }
    }
    const o = profile.run(input, this.ctx);
    this.count(profile.name, o);
    if (cacheable) {
      this.map.set(key, o);
      if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    }
    return o;
  }
}

const shellQuote = (s: string) => (/^[\w@%+=:,./#-]+$/.test(s) && !s.startsWith('#') ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** A wrong --path / --commands: fast-check cannot walk to the case. */
export class ReplayError extends Error {}

function replayCommand(id: string, index: number, many: boolean, seed: number, path: string, commands: string | undefined, opts: ConformanceOptions): string {
  const parts = ['scsim', 'conformance', '--only', many ? `${id}#${index}` : id, '--seed', String(seed), '--path', path];
  if (commands !== undefined) parts.push('--commands', commands);
  for (const m of opts.mutants ?? []) parts.push('--mutant', m);
  for (const s of opts.sets ?? []) parts.push('--set', s);
  return parts.map(shellQuote).join(' ');
}

interface Planned {
  req: Requirement;
  spec: PropertySpec;
  index: number;
  many: boolean;
  result?: PropertyResult;
}

class PropertyViolation extends Error {
  constructor(readonly violations: string[]) {
    super(violations.slice(0, 5).join('\n'));
  }
}

const crashText = (e: unknown) => `the run crashed: ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 6).join('\n') : String(e)}`;

/**
 * Runs the planned properties of one profile. Pass 1 makes each random run once and judges it by every property
 * (nothing is kept); pass 2 takes each property that failed straight to its first failing run (fast-check path =
 * the run's index) and lets fast-check shrink the counterexample. With `opts.path`, only that replay.
 */
function runProfile(name: ProfileName, planned: Planned[], cache: ObservationCache, opts: ConformanceOptions, seed: number): void {
  const profile = PROFILES[name] as Profile<unknown>;
  const numRuns = opts.runs ?? DEFAULT_RUNS[name];
  const states = planned.map(() => ({ runs: 0, instances: 0, applicable: 0, failedAt: -1, na: undefined as string | undefined, violations: [] as string[], ms: 0 }));
  if (opts.path === undefined) {
    let run = 0;
    fc.check(
      fc.property(profile.arbitrary(), (input) => {
        let o: Observation | null = null;
        let crash = '';
        try {
          o = cache.fresh(profile, input);
        } catch (e) {
          crash = crashText(e);
        }
        planned.forEach((p, i) => {
          const st = states[i];
          if (st.failedAt >= 0) return;
          const t0 = performance.now();
          st.runs++;
          const r = o ? p.spec.check(o) : { violations: [crash], instances: 0, notApplicable: undefined };
          st.ms += performance.now() - t0;
          if (r.notApplicable !== undefined) {
            st.na ??= r.notApplicable;
            return;
          }
          st.applicable++;
          st.instances += r.instances;
          if (r.violations.length > 0) {
            st.failedAt = run;
            st.violations = r.violations;
          }
        });
        run++;
        return true;
      }),
      { seed, numRuns },
    );
  }
  planned.forEach((p, i) => {
    const st = states[i];
    const base = { index: p.index, profile: name, statement: p.spec.statement, seed, instances: st.instances, durationMs: Math.round(st.ms) };
    if (opts.path === undefined && st.failedAt < 0) {
      p.result = st.applicable === 0 && st.na !== undefined ? { ...base, status: 'N/A', runs: st.runs, reason: st.na } : { ...base, status: 'PASS', runs: st.runs };
      return;
    }
    // Shrink from the first failing run (or replay the given path).
    const t0 = performance.now();
    let last: string[] = st.violations;
    const prop = fc.property(profile.arbitrary(opts.commands), (input) => {
      let o: Observation;
      try {
        o = cache.get(profile, input);
      } catch (e) {
        last = [crashText(e)];
        throw e;
      }
      const r = p.spec.check(o);
      if (r.notApplicable === undefined && r.violations.length > 0) {
        last = r.violations;
        throw new PropertyViolation(r.violations);
      }
      return true;
    });
    let details: ReturnType<typeof fc.check<[unknown]>>;
    try {
      details = fc.check(prop, { seed, numRuns: Math.max(numRuns, 1), path: opts.path ?? String(st.failedAt) });
    } catch (e) {
      throw new ReplayError(`cannot replay ${p.req.id}${p.many ? `#${p.index}` : ''} at --path ${opts.path}${opts.commands ? ` --commands ${opts.commands}` : ''} with seed ${seed}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const durationMs = Math.round(st.ms + performance.now() - t0);
    if (!details.failed) {
      // Only a replay can get here (a failure of pass 1 reproduces): the case of that path holds now.
      p.result = { ...base, status: 'PASS', runs: details.numRuns, durationMs };
      return;
    }
    const ce = details.counterexample?.[0];
    const path = details.counterexamplePath ?? '';
    const text = ce === undefined ? undefined : fc.stringify(ce);
    // fc.commands values print their own replay hint; a replay needs it besides seed and path.
    const commands = text ? /replayPath="([^"]*)"/.exec(text)?.[1] : undefined;
    p.result = {
      ...base,
      durationMs,
      status: 'FAIL',
      runs: opts.path === undefined ? st.runs : 1,
      counterexample: text,
      violations: last,
      path,
      replay: replayCommand(p.req.id, p.index, p.many, details.seed, path, commands, opts),
      study: ce !== undefined && profile.yaml ? profile.yaml(ce) : undefined,
    };
  });
}

/** Runs the suite (or the selected IDs) and returns the report; never throws for a failing requirement. */
export function runConformance(opts: ConformanceOptions = {}): ConformanceReport {
  const t0 = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const reqs = opts.requirements ?? loadRequirements();
  const selectors = (opts.only ?? []).map(parseSelector);
  const ctx: RunContext = { mutants: opts.mutants ?? [], sets: opts.sets ?? [] };
  // Shrinking re-runs inputs; several failing properties of a run shrink through the same ones.
  const cache = new ObservationCache(ctx, 32);
  // Plan every selected property, run them profile by profile, report in catalog order.
  const planned: Planned[] = [];
  for (const req of reqs) {
    const chosen = selectors.filter((s) => s.id === req.id);
    if (selectors.length > 0 && chosen.length === 0) continue;
    const entry = SUITE_BY_ID.get(req.id);
    if (!entry || 'notApplicable' in entry) continue;
    const many = entry.properties.length > 1;
    const indices = chosen.some((s) => s.index !== null) ? chosen.map((s) => s.index!).filter((i) => i >= 1 && i <= entry.properties.length) : entry.properties.map((_, i) => i + 1);
    for (const index of indices) planned.push({ req, spec: entry.properties[index - 1], index, many });
  }
  const byProfile = new Map<ProfileName, Planned[]>();
  for (const p of planned) byProfile.set(p.spec.profile, [...(byProfile.get(p.spec.profile) ?? []), p]);
  for (const [name, list] of byProfile) {
    opts.onProgress?.(`${name}: ${opts.path !== undefined ? 'replaying 1 case' : `${opts.runs ?? DEFAULT_RUNS[name]} runs`} × ${list.length} properties`);
    runProfile(name, list, cache, opts, seed);
  }
  const results: RequirementResult[] = [];
  for (const req of reqs) {
    const chosen = selectors.filter((s) => s.id === req.id);
    if (selectors.length > 0 && chosen.length === 0) continue;
    const entry = SUITE_BY_ID.get(req.id);
    const common = { id: req.id, text: req.text, section: req.section };
    let result: RequirementResult;
    if (!entry) result = { ...common, status: 'FAIL', cases: 0, instances: 0, reason: 'no property or not-applicable entry in the conformance suite', properties: [] };
    else if ('notApplicable' in entry) result = { ...common, status: 'N/A', cases: 0, instances: 0, reason: entry.notApplicable, properties: [] };
    else {
      const props = planned.filter((p) => p.req.id === req.id).map((p) => p.result!);
      const status: Status = props.some((p) => p.status === 'FAIL') ? 'FAIL' : props.every((p) => p.status === 'N/A') ? 'N/A' : 'PASS';
      const reason = status === 'N/A' ? props.find((p) => p.reason)?.reason : undefined;
      result = { ...common, status, cases: props.reduce((a, p) => a + p.runs, 0), instances: props.reduce((a, p) => a + p.instances, 0), ...(reason ? { reason } : {}), properties: props };
    }
    results.push(result);
    opts.onResult?.(result);
  }
  const totals = { pass: 0, fail: 0, na: 0 };
  for (const r of results) totals[r.status === 'PASS' ? 'pass' : r.status === 'FAIL' ? 'fail' : 'na']++;
  return {
    seed,
    runs: opts.runs ?? null,
    mutants: ctx.mutants,
    sets: ctx.sets,
    durationS: Math.round(performance.now() - t0) / 1000,
    requirements: results,
    steps: cache.steps,
    simulations: cache.simulations,
    totals,
    ok: totals.fail === 0,
  };
}

/** The one-line verdict of a requirement: `PASS|FAIL|N/A  <ID>  <cases>  <short text>`. */
export function verdictLine(r: RequirementResult): string {
  return `${r.status.padEnd(4)}  ${r.id.padEnd(6)}  ${String(r.cases).padStart(5)}  ${shortText(r.text)}`;
}

/** What a failed requirement shows under its verdict line: per failing property, the counterexample and replay. */
export function failureDetail(r: RequirementResult): string[] {
  const out: string[] = [];
  for (const p of r.properties) {
    if (p.status !== 'FAIL') continue;
    out.push(`      property ${p.index} (${p.profile}): ${p.statement}`);
    for (const v of (p.violations ?? []).slice(0, 5)) out.push(`        ✗ ${v.split('\n').join('\n          ')}`);
    if (p.counterexample) out.push(`        counterexample: ${p.counterexample.length > 1200 ? `${p.counterexample.slice(0, 1200)}…` : p.counterexample}`);
    if (p.replay) out.push(`        replay: ${p.replay}`);
  }
  if (r.reason && r.status === 'FAIL') out.push(`      ${r.reason}`);
  return out;
}

/** The full text report: one line per requirement, failure details, step coverage, totals. */
export function renderText(report: ConformanceReport): string {
  const lines: string[] = [];
  for (const r of report.requirements) {
    lines.push(verdictLine(r));
    lines.push(...failureDetail(r));
  }
  lines.push('', ...stepCoverage(report));
  lines.push('', summaryLine(report));
  return lines.join('\n');
}

export function stepCoverage(report: ConformanceReport): string[] {
  const ids = Object.keys(report.steps);
  const missed = ids.filter((s) => report.steps[s] === 0);
  const cells = ids.map((s) => `${s} ${report.steps[s]}`);
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 6) rows.push(`  ${cells.slice(i, i + 6).map((c) => c.padEnd(14)).join('')}`.trimEnd());
  const sims = Object.entries(report.simulations).map(([k, n]) => `${k} ${n}`).join(', ');
  return [`steps exercised (${ids.length - missed.length}/${ids.length}${missed.length ? `; not: ${missed.join(' ')}` : ''}) over ${sims || 'no'} simulated runs:`, ...rows];
}

export function summaryLine(report: ConformanceReport): string {
  const t = report.totals;
  return `${t.pass} pass, ${t.fail} fail, ${t.na} not applicable — seed ${report.seed}${report.mutants.length ? `, mutants ${report.mutants.join(', ')}` : ''} — ${report.durationS.toFixed(1)} s`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: one test case per requirement ID (N/A as skipped), classname = catalog section. */
export function renderJUnit(report: ConformanceReport): string {
  const t = report.totals;
  const cases = report.requirements.map((r) => {
    const time = (r.properties.reduce((a, p) => a + p.durationMs, 0) / 1000).toFixed(3);
    const head = `  <testcase classname="${xml(r.section || 'requirements')}" name="${xml(`${r.id} ${shortText(r.text, 100)}`)}" time="${time}">`;
    if (r.status === 'N/A') return `${head}\n    <skipped message="${xml(r.reason ?? 'not applicable')}"/>\n  </testcase>`;
    if (r.status === 'FAIL') {
      const detail = failureDetail(r).join('\n');
      return `${head}\n    <failure message="${xml((r.properties.find((p) => p.status === 'FAIL')?.violations?.[0] ?? r.reason ?? 'failed').split('\n')[0])}">${xml(detail)}</failure>\n  </testcase>`;
    }
    return `${head}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="scsim conformance" tests="${report.requirements.length}" failures="${t.fail}" skipped="${t.na}" errors="0" time="${report.durationS.toFixed(3)}">`,
    `  <properties><property name="seed" value="${report.seed}"/>${report.mutants.map((m) => `<property name="mutant" value="${xml(m)}"/>`).join('')}</properties>`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
