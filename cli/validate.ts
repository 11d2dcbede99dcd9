/**
 * `scsim validate <scenario.yaml> [--set path=value]...`: checks a study without running it.
 * Exit 0 and one "ok" line when valid; exit 2 and every error, one per line on stderr, when not.
 */
import { formatDuration } from '../scenarios/durations.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import { checkEstimate } from './estimate.ts';

export const VALIDATE_USAGE = `usage: scsim validate <scenario.yaml> [--set path=value]...

  --set path=value   override a field before validation, e.g. --set population.customers=5000
                     or --set timeline[2].at=3h (repeatable)`;

export async function validateCommand(args: string[]): Promise<number> {
  const sets: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') {
      process.stdout.write(VALIDATE_USAGE + '\n');
      return 0;
    }
    if (a === '--set') {
      const v = args[i + 1];
      if (v === undefined) return usage('--set needs a path=value');
      sets.push(v);
      i++;
    } else if (a.startsWith('--set=')) {
      sets.push(a.slice('--set='.length));
    } else if (a.startsWith('-') && a !== '-') {
      return usage(`unknown option '${a}'`);
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1) return usage(files.length === 0 ? 'missing <scenario.yaml>' : `one scenario at a time, got ${files.length}`);
  try {
    const result = await loadScenarioFile(files[0], sets);
    if (!result.ok) {
      for (const e of result.errors) process.stderr.write(e.message + '\n');
      return 2;
    }
    const s = result.scenario;
    // Valid, but it must also fit this machine: the estimate says how big the run will be.
    let estimate = '';
    const problem = checkEstimate(s, 1, (line) => (estimate = line));
    if (problem !== undefined) {
      process.stderr.write(`${files[0]}: ${problem}\n`);
      return 2;
    }
    process.stdout.write(`ok: ${s.name} (${s.population.customers} customers, ${formatDuration(s.duration)})\n${estimate}\n`);
    return 0;
  } catch (e) {
    // A loader bug, not bad input: say so in one line.
    process.stderr.write(`scsim validate: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function usage(problem: string): number {
  process.stderr.write(`scsim validate: ${problem}\n${VALIDATE_USAGE}\n`);
  return 2;
}
