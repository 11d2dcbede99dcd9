/**
 * Scenario loading: YAML text (+ `--set` overrides) → a validated, defaults-filled `Scenario`, or every error
 * at once, each naming its field path and line. Never throws for bad input.
 */
import { readFile } from 'node:fs/promises';
import { Issues, type Origin, type ScenarioError } from './errors.ts';
import { Reader } from './read.ts';
import { dropReservedKeys } from './reserved-keys.ts';
import { applySets, type ParsedSet } from './sets.ts';
import { lineFor, parseYaml } from './source.ts';
import type { Scenario } from './types.ts';
import { readScenario } from './validate-scenario.ts';

export type { ScenarioError } from './errors.ts';
export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

export function parseScenario(text: string, sourceName: string, sets: string[] = []): LoadResult {
  const parsed = parseYaml(text, sourceName);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const { lines, root } = parsed.source;
  if (root === null || root === undefined) {
    const found = 'an empty document';
    return { ok: false, errors: [{ path: '', expected: 'a mapping of scenario fields (name, population, ...)', found, message: `${sourceName}: expected a mapping of scenario fields (name, population, ...), found ${found}` }] };
  }
  let applied: ParsedSet[] = [];
  const origin: Origin = {
    lineOf: (path) => (path === '--set' ? undefined : lineFor(lines, path)),
    setOf: (path) => {
      // The latest --set that wrote this path or an ancestor of it.
      for (let i = applied.length - 1; i >= 0; i--) {
        const p = applied[i].path;
        if (path === p || path.startsWith(p + '.') || path.startsWith(p + '[')) return applied[i].raw;
      }
      return undefined;
    },
  };
  const issues = new Issues(sourceName, origin);
  const withSets = applySets(root, sets, issues);
  applied = withSets.applied;
  dropReservedKeys(withSets.root, issues);
  const scenario = readScenario(new Reader(issues), withSets.root);
  if (issues.count > 0) return { ok: false, errors: sortErrors(issues.list) };
  return { ok: true, scenario };
}

export async function loadScenarioFile(path: string, sets: string[] = []): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : `an unreadable file (${code ?? String(e)})`;
    return { ok: false, errors: [{ path: '', expected: 'a readable scenario file', found, message: `${path}: expected a readable scenario file, found ${found}` }] };
  }
  return parseScenario(text, path, sets);
}

/** `types.ts` calls the loader `loadScenario`. */
export const loadScenario = loadScenarioFile;

/** Document order: --set syntax problems first, then by line, then errors without a line (from --set values). */
function sortErrors(errors: ScenarioError[]): ScenarioError[] {
  const rank = (e: ScenarioError): number => (e.path === '--set' ? -1 : (e.line ?? Number.MAX_SAFE_INTEGER));
  return errors.map((e, i) => [e, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([e]) => e);
}
