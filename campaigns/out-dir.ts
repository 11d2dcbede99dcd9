/**
 * Where a campaign goes: a new folder, or the folder of an earlier run of a campaign (it resumes). Any other
 * place — a file, a folder holding other things — is refused before anything is written.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CAMPAIGN_FILES = new Set(['campaign.json', 'runs', 'results.json', 'results.csv', 'statistics.json', 'timings.json']);

/** Undefined when `dir` is usable (it then exists), else what was found there. */
export function checkCampaignDir(dir: string): string | undefined {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) return 'a file';
    // Only a campaign's own files (a campaign killed before it wrote all of them still counts).
    const entries = readdirSync(dir).filter((e) => !CAMPAIGN_FILES.has(e) && !e.endsWith('.tmp'));
    if (entries.length > 0 && !existsSync(join(dir, 'campaign.json'))) return `a folder holding other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}) and no campaign.json`;
    return undefined;
  }
  try {
    mkdirSync(dir, { recursive: true });
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' ? 'a file where a parent folder should be' : code === 'EACCES' || code === 'EPERM' ? 'a place without write permission' : `a path that cannot be created (${code ?? String(e)})`;
  }
}
