/**
 * What a library study declares about NFR-04: a study that shows a breach on purpose says so in its
 * description ("shows an NFR-04 breach") and has thresholds that fail (exit 3); every other study meets it.
 */
import type { Scenario } from './types.ts';

const BREACH = /shows an NFR-04\s+breach/i;

export function declaresBreach(s: Pick<Scenario, 'description'>): boolean {
  return BREACH.test(s.description ?? '');
}
