/**
 * The library studies at their own scale, for NFR-04: each study of scenarios/ that declares it meets NFR-04
 * (scenarios/intent.ts), up to a size the suite can afford with every message recorded, run with a drawn seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { declaresBreach } from '../scenarios/intent.ts';
import { parseScenario } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/types.ts';

const LIBRARY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios');
/** Customer-hours a study may have: quickstart (2,000 × 6 h) and grid-emergency-broadcast (5,000 × 2 h) fit. */
export const LIBRARY_BUDGET = 12_000;

export interface LibraryInput {
  /** File name in scenarios/. */
  study: string;
  seed: number;
}

function parse(file: string, sets: string[]): Scenario {
  // The full path: a study names its files (CAP feeds, pricing.series) relative to itself.
  const r = parseScenario(readFileSync(join(LIBRARY_DIR, file), 'utf8'), join(LIBRARY_DIR, file), sets);
  if (!r.ok) throw new Error(`conformance: library study ${file} does not load:\n${r.errors.map((e) => e.message).join('\n')}`);
  return r.scenario;
}

/** The studies the profile draws from, in file order. */
export function libraryStudies(): string[] {
  return readdirSync(LIBRARY_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .filter((f) => {
      const s = parse(f, []);
      return !declaresBreach(s) && (s.population.customers * s.duration) / 3_600_000 <= LIBRARY_BUDGET;
    });
}

export function libraryScenario(x: LibraryInput, sets: string[]): Scenario {
  return parse(x.study, [...sets, `seed=${x.seed}`]);
}

/** The study file with the drawn seed, for a counterexample QA can `scsim run`. */
export function libraryYaml(x: LibraryInput): string {
  const doc = parseDocument(readFileSync(join(LIBRARY_DIR, x.study), 'utf8'));
  doc.set('seed', x.seed);
  return doc.toString();
}
