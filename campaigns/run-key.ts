/** A run's identity: a hash of its resolved study (which holds the seed), so a resumed campaign finds it. */
import { canonicalJson, studyHash } from '../scenarios/study-hash.ts';

export { canonicalJson };

/** The first 16 hex digits of the study's hash (summary.json `provenance.study_hash`). */
export function runKey(resolvedStudy: unknown): string {
  return studyHash(resolvedStudy).slice(0, 16);
}
