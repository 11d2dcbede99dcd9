/** SHA-256 of an input file's text, as a study records it (`pricing.series.sha256`, `public_alerts.cap[].sha256`). */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Is `v` a hex SHA-256 (64 hex digits)? */
export function isSha256(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
}
