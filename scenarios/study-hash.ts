/** The identity of a resolved study: SHA-256 of its canonical JSON (keys sorted), the same whatever built it. */
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

/** Hex SHA-256 of a resolved study (seed included). A campaign's run key is its first 16 characters. */
export function studyHash(resolvedStudy: unknown): string {
  return createHash('sha256').update(canonicalJson(resolvedStudy)).digest('hex');
}
