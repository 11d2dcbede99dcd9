/**
 * `scsim conformance [--json] [--seed N] [--runs N] [--only ID…] [--path P] [--junit FILE] [--mutant NAME]…
 *  [--set path=value]… [--sequence FILE]`: runs the C5 conformance suite (conformance/) — every requirement ID of
 * requirements.md as properties over random populations, timelines and faults — and prints one line per ID:
 * `PASS|FAIL|N/A  <ID>  <cases>  <short text>`, with the shrunk counterexample and the exact replay command
 * under a failure. Exit 0 when all pass, 3 when any fails, 2 for bad options.
 */
import { writeFileSync } from 'node:fs';
import { prepareOutputFile } from './output-location.ts';
import fc from 'fast-check';
import { chain } from '../conformance/profiles.ts';
import { loadRequirements } from '../conformance/requirements.ts';
import { DEFAULT_SEED, failureDetail, parseSelector, renderJUnit, ReplayError, runConformance, stepCoverage, summaryLine, verdictLine, type ConformanceReport } from '../conformance/runner.ts';
import { exemplaryDevice, sequenceDiagram, stepsWalked } from '../conformance/sequence.ts';
import { toScenario } from '../conformance/study.ts';
import { isMutant, MUTANT_NAMES } from '../conformance/mutants.ts';
import { DEVICE_TYPES } from '../models/world/population.ts';
import { SUITE_BY_ID } from '../conformance/suite.ts';

export const CONFORMANCE_USAGE = `usage: scsim conformance [--json] [--seed N] [--runs N] [--only ID…] [--path P [--commands R]] [--junit FILE]
                         [--mutant NAME]… [--set path=value]… [--sequence FILE]

  --json            print a machine-readable report (every requirement ID) and write JUnit XML
  --seed N          seed of every property (default ${DEFAULT_SEED}); the same seed gives the same runs
  --runs N          random runs per property (default: 3–8 by profile; raise for a deeper search)
  --only ID…        only these requirement IDs (space or comma separated; ID#k = its k-th property)
  --path P          replay one counterexample: fast-check path printed with a failure (needs one --only ID and --seed)
  --commands R      with --path, for model-based properties: the command sequence's replay hint (printed with it)
  --junit FILE      JUnit XML file (default conformance-junit.xml with --json)
  --mutant NAME     inject a deliberate fault into the models (proves the suite fails): ${'{MUTANTS}'}
  --set path=value  override a field of every generated study, as in scsim run (e.g. network.priority_queuing=false)
  --sequence FILE   write a Mermaid sequence chart (Markdown) of one device from a sample run

exit codes: 0 every requirement passes or is not applicable, 3 one fails, 2 bad options`;

const usageText = () => CONFORMANCE_USAGE.replace('{MUTANTS}', MUTANT_NAMES.join(', '));

interface Options {
  json: boolean;
  seed: number;
  runs?: number;
  only: string[];
  path?: string;
  commands?: string;
  junit?: string;
  mutants: string[];
  sets: string[];
  sequence?: string;
}

class BadOption extends Error {}

function parse(argv: string[]): Options | 'help' {
  const o: Options = { json: false, seed: DEFAULT_SEED, only: [], mutants: [], sets: [] };
  const value = (i: number, name: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new BadOption(`--${name} needs a value`);
    return v;
  };
  const whole = (v: string, name: string, min: number, max: number): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) throw new BadOption(`--${name}: expected a whole number from ${min} to ${max}, found "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(2, eq) : raw.startsWith('--') ? raw.slice(2) : '';
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const next = () => inline ?? value(++i, name);
    switch (name) {
      case 'help':
      case 'h':
        return 'help';
      case 'json':
        o.json = true;
        break;
      case 'seed':
        o.seed = whole(next(), 'seed', 0, 2 ** 31 - 1);
        break;
      case 'runs':
        o.runs = whole(next(), 'runs', 1, 100_000);
        break;
      case 'path':
        o.path = next();
        if (!/^\d+(:\d+)*$/.test(o.path)) throw new BadOption(`--path: expected a fast-check path such as 3:0:1, found "${o.path}"`);
        break;
      case 'commands':
        o.commands = next();
        break;
      case 'junit':
        o.junit = next();
        break;
      case 'mutant': {
        const m = next();
        if (!isMutant(m)) throw new BadOption(`--mutant: expected one of ${MUTANT_NAMES.join(', ')}, found "${m}"`);
        o.mutants.push(m);
        break;
      }
      case 'set':
        o.sets.push(next());
        break;
      case 'sequence':
        o.sequence = next();
        break;
      case 'only': {
        const ids: string[] = inline !== undefined ? [inline] : [];
        while (inline === undefined && i + 1 < argv.length && !argv[i + 1].startsWith('--')) ids.push(argv[++i]);
        const list = ids.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
        if (list.length === 0) throw new BadOption('--only needs at least one requirement ID');
        o.only.push(...list);
        break;
      }
      default:
        throw new BadOption(raw.startsWith('-') ? `unknown option ${raw}` : `unexpected argument "${raw}"`);
    }
  }
  const known = new Set(loadRequirements().map((r) => r.id));
  for (const sel of o.only) {
    const { id, index } = parseSelector(sel);
    if (!known.has(id)) throw new BadOption(`--only: no requirement ${id} in requirements.md`);
    const entry = SUITE_BY_ID.get(id);
    const n = entry && 'properties' in entry ? entry.properties.length : 0;
    if (index !== null && (index < 1 || index > n)) throw new BadOption(`--only: ${id} has ${n} propert${n === 1 ? 'y' : 'ies'}, found #${index}`);
  }
  if (o.path !== undefined) {
    const sel = o.only.map(parseSelector);
    const one = sel.length === 1 && (() => {
      const e = SUITE_BY_ID.get(sel[0].id);
      return e !== undefined && 'properties' in e && (sel[0].index !== null || e.properties.length === 1);
    })();
    if (!one) throw new BadOption('--path replays one property: give exactly one --only ID (ID#k when it has several properties)');
  }
  if (o.sets.length > 0) {
    // Catch a bad --set now, not as a failure of every property.
    const sample = fc.sample(chain.arbitrary(), { seed: o.seed, numRuns: 1 })[0];
    try {
      toScenario(sample, o.sets);
    } catch (e) {
      throw new BadOption(`--set: ${e instanceof Error ? e.message.replace(/^conformance: generated an invalid study:\n/, '') : String(e)}`);
    }
  }
  return o;
}

/** The whole report as JSON: every requirement ID of requirements.md (those not selected with --only as SKIPPED). */
export function reportJson(report: ConformanceReport, only: string[]): unknown {
  const ran = new Map(report.requirements.map((r) => [r.id, r]));
  const requirements = loadRequirements().map(
    (q) => ran.get(q.id) ?? { id: q.id, text: q.text, section: q.section, status: 'SKIPPED', cases: 0, instances: 0, reason: `not selected (--only ${only.join(' ')})`, properties: [] },
  );
  return { ...report, requirements };
}

function writeSequence(file: string, seed: number, sets: string[], mutants: string[]): void {
  // A few sample runs of the chain profile; chart the device that walks the most steps.
  let best: { o: ReturnType<typeof chain.run>; d: number; n: number } | null = null;
  for (const x of fc.sample(chain.arbitrary(), { seed, numRuns: 4 })) {
    const o = chain.run(x, { sets, mutants });
    const d = exemplaryDevice(o);
    const n = stepsWalked(o, d).length;
    if (!best || n > best.n) best = { o, d, n };
  }
  const { o, d } = best!;
  const walked = stepsWalked(o, d)
    .map((s) => `${s.id}×${s.count}`)
    .join(', ');
  const md = `# Device ${d} in a sample conformance run (seed ${seed})\n\nA ${DEVICE_TYPES[o.w.p.type[d]]} of customer ${o.w.p.owner[d]}; steps walked: ${walked}.\n\n\`\`\`mermaid\n${sequenceDiagram(o, d, { maxLines: 120 })}\`\`\`\n`;
  writeFileSync(file, md);
}

export async function conformanceCommand(argv: string[]): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parse(argv);
  } catch (e) {
    if (!(e instanceof BadOption)) throw e;
    process.stderr.write(`scsim conformance: ${e.message}\n${usageText().split('\n').slice(0, 2).join('\n')}\n(scsim conformance --help for the options)\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(usageText() + '\n');
    return 0;
  }
  const o = opts;
  if (o.commands !== undefined && o.path === undefined) {
    process.stderr.write('scsim conformance: --commands goes with --path (it is part of a model-based replay command)\n');
    return 2;
  }
  // Output files are checked before the suite runs: a bad path is exit 2 now, not after minutes of work.
  const junit = o.junit ?? (o.json ? 'conformance-junit.xml' : undefined);
  if (junit) prepareOutputFile(junit, o.junit ? '--junit' : 'JUnit file');
  if (o.sequence) prepareOutputFile(o.sequence, '--sequence');
  let report: ConformanceReport;
  try {
    report = runConformance({
    seed: o.seed,
    runs: o.runs,
    only: o.only.length ? o.only : undefined,
    path: o.path,
    commands: o.commands,
    mutants: o.mutants,
    sets: o.sets,
    onProgress: process.stderr.isTTY && process.env.CI !== 'true' ? (t) => process.stderr.write(`\r\x1b[K${t}…`) : undefined,
    onResult: o.json
      ? undefined
      : (r) => {
          const lines = [verdictLine(r), ...failureDetail(r)];
          process.stdout.write(lines.join('\n') + '\n');
        },
    });
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    process.stderr.write(`scsim conformance: ${e.message}\n`);
    return 2;
  }
  if (process.stderr.isTTY && process.env.CI !== 'true') process.stderr.write('\r\x1b[K');
  if (o.json) process.stdout.write(JSON.stringify(reportJson(report, o.only), null, 2) + '\n');
  else process.stdout.write(['', ...stepCoverage(report), '', summaryLine(report)].join('\n') + '\n');
  if (junit) writeFileSync(junit, renderJUnit(report));
  if (o.sequence) writeSequence(o.sequence, o.seed, o.sets, o.mutants);
  return report.ok ? 0 : 3;
}
