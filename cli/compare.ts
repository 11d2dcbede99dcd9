/**
 * scsim compare <run or campaign dir>… [--out FILE] [--all] [--confidence C]
 * Every summary.json field side by side with its difference from the first column (intervals where there
 * are replications, paired over common seeds), printed as a table and written as one HTML page with
 * overlaid load and latency curves (default: compare.html in the first folder).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparePage } from '../campaigns/compare-page.ts';
import { readColumns } from '../campaigns/compare-sources.ts';
import { compareColumns } from '../campaigns/compare-table.ts';
import { comparisonText } from '../campaigns/compare-text.ts';
import { parseArgs } from './args.ts';
import { UsageError } from './errors.ts';
import { prepareOutputFile } from './output-location.ts';

export const COMPARE_USAGE = `usage: scsim compare <run or campaign folder>… [--out FILE] [--all] [--confidence C]`;

export async function compareCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(COMPARE_USAGE + '\n');
    return 0;
  }
  const args = parseArgs(argv, ['out', 'confidence'], ['all'], COMPARE_USAGE);
  if (args.positional.length === 0) throw new UsageError(`compare needs at least one run or campaign folder\n${COMPARE_USAGE}`);
  const confidence = confidenceOption(args.options.get('confidence')?.at(-1));
  const columns = readColumns(args.positional);
  const out = args.options.get('out')?.at(-1) ?? join(args.positional[0]!, 'compare.html');
  prepareOutputFile(out, args.options.has('out') ? '--out' : 'comparison page');
  const c = compareColumns(columns, confidence);
  writeFileSync(out, comparePage(c));
  process.stdout.write(comparisonText(c, { all: args.flags.has('all') }) + `\npage        ${out}\n`);
  return 0;
}

function confidenceOption(v: string | undefined): number {
  if (v === undefined) return 0.95;
  const c = Number(v);
  if (v.trim() === '' || !(c > 0 && c < 1)) throw new UsageError(`--confidence: expected a number between 0 and 1 exclusive, e.g. 0.95, found "${v}"`);
  return c;
}
