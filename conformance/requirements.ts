/**
 * The requirement registry: every ID of `shared/requirements.md` (BR-, S1-, S2-, FR-, NFR-, OI-) with its
 * text and section, parsed from the catalog's tables so the suite can prove it covers every one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Requirement {
  id: string;
  /** The requirement as the catalog states it (for step rows: "Actor: step"). */
  text: string;
  /** The catalog section the row sits under, e.g. "Functional requirements (section 4.1)". */
  section: string;
}

/** `shared/requirements.md`, beside the repository (…/main/conformance → …/shared): the catalog of record. */
export const SHARED_REQUIREMENTS_URL = new URL('../../shared/requirements.md', import.meta.url);
/**
 * The copy committed beside this file, so a clone without `shared/` still runs the suite; a test keeps it
 * equal to the shared catalog whenever that is present.
 */
export const BUNDLED_REQUIREMENTS_URL = new URL('./requirements.md', import.meta.url);
export const REQUIREMENTS_URL = existsSync(SHARED_REQUIREMENTS_URL) ? SHARED_REQUIREMENTS_URL : BUNDLED_REQUIREMENTS_URL;
export const REQUIREMENTS_PATH = fileURLToPath(REQUIREMENTS_URL);

const ID_RE = /^(BR|S1|S2|FR|NFR|OI)-\d+$/;

/** Parses the catalog's markdown tables: a row whose first cell is an ID becomes one requirement. */
export function parseRequirements(markdown: string): Requirement[] {
  const out: Requirement[] = [];
  const seen = new Set<string>();
  let section = '';
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^#{2,}\s+(.*)$/.exec(line);
    if (heading) {
      section = heading[1].trim();
      continue;
    }
    if (!line.startsWith('|')) continue;
    const cells = line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
    const id = cells[0];
    if (!ID_RE.test(id)) continue;
    if (seen.has(id)) throw new Error(`requirements.md: ${id} appears twice`);
    seen.add(id);
    // Step rows are | ID | Actor | Step |; the others | ID | Rule/Requirement/Issue |.
    const text = cells.length >= 3 ? `${cells[1]}: ${cells.slice(2).join(' | ')}` : (cells[1] ?? '');
    out.push({ id, text: text.replace(/\*/g, ''), section });
  }
  return out;
}

let cached: Requirement[] | null = null;

/** Every requirement of the catalog, in catalog order. */
export function loadRequirements(path: string | URL = REQUIREMENTS_URL): Requirement[] {
  if (path === REQUIREMENTS_URL && cached) return cached;
  const reqs = parseRequirements(readFileSync(path, 'utf8'));
  if (path === REQUIREMENTS_URL) cached = reqs;
  return reqs;
}

/** A one-line summary of a requirement's text, at most `max` characters. */
export function shortText(text: string, max = 72): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/**
 * The minimum a requirement states in hours ("stores messages for at least 24 hours" → 24), read from the
 * catalog's text: oracles take such figures from the requirement, never from the model.
 */
export function statedMinimumHours(id: string, reqs: Requirement[] = loadRequirements()): number {
  const r = reqs.find((x) => x.id === id);
  const m = r && /at least (\d+(?:\.\d+)?) hours?/i.exec(r.text);
  if (!m) throw new Error(`requirements.md: ${id} states no minimum in hours ("at least N hours")`);
  return Number(m[1]);
}
