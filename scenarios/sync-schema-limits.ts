/** Writes the limits of limits.ts into schema.json (run after changing a limit; limits.test.ts checks it). */
import { readFileSync, writeFileSync } from 'node:fs';
import { applyLimits } from './schema-limits.ts';

const file = new URL('./schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(file, 'utf8'));
writeFileSync(file, JSON.stringify(applyLimits(schema), null, 2) + '\n');
