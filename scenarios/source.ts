/**
 * YAML text → plain values plus a path → line index, so validators can work on plain values and still name
 * the line of every problem. Uses the `yaml` Document API with a LineCounter.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { ScenarioError } from './errors.ts';

export interface Source {
  root: unknown;
  /** 1-based line of each path's key (mapping entries) or item (list entries). */
  lines: Map<string, number>;
}

export function joinKey(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function parseYaml(text: string, file: string): { ok: true; source: Source } | { ok: false; errors: ScenarioError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Syntax errors make the structure unreliable: report them all and nothing else.
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line;
        const found = `${firstLine(e.message)} (${e.code})`;
        const where = line === undefined ? file : `${file}:${line}`;
        const message = `${where}: expected valid YAML, found ${found}`;
        return line === undefined
          ? { path: '', expected: 'valid YAML', found, message }
          : { path: '', expected: 'valid YAML', found, line, message };
      }),
    };
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    const found = e instanceof Error ? firstLine(e.message) : String(e);
    return { ok: false, errors: [{ path: '', expected: 'valid YAML', found, message: `${file}: expected valid YAML, found ${found}` }] };
  }
  const lines = new Map<string, number>();
  const lineOf = (n: unknown): number | undefined => {
    const range = (n as Node | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const p = joinKey(path, key);
        const line = lineOf(pair.key) ?? lineOf(pair.value);
        if (line !== undefined) lines.set(p, line);
        walk(pair.value, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = `${path}[${i}]`;
        const line = lineOf(item);
        if (line !== undefined) lines.set(p, line);
        walk(item, p);
      });
    }
  };
  walk(doc.contents, '');
  const top = lineOf(doc.contents);
  if (top !== undefined) lines.set('', top);
  return { ok: true, source: { root, lines } };
}

/** The line of a path, else of its nearest ancestor that has one (a missing field points at its parent). */
export function lineFor(lines: Map<string, number>, path: string): number | undefined {
  let p = path;
  for (;;) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    if (p === '') return undefined;
    p = parentPath(p);
  }
}

export function parentPath(p: string): string {
  const m = /^(.*?)(?:\.[^.[\]]+|\[\d+\])$/.exec(p);
  return m ? m[1] : '';
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}
