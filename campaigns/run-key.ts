/** A run's identity: a hash of its resolved study (which holds the seed), so a resumed campaign finds it. */
import { createHash } from 'node:crypto';

/** JSON with keys sorted at every level: the same study gives the same text whatever built it. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function runKey(resolvedStudy: unknown): string {
  return createHash('sha256').update(canonicalJson(resolvedStudy)).digest('hex').slice(0, 16);
}
