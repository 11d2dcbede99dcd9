/** A list of distinct appliance types (population.approved_types, programs[].appliance_types). */
import type { Reader } from './read.ts';
import { APPLIANCE_TYPES, type ApplianceType } from './types.ts';

export function readApplianceTypes(r: Reader, path: string, v: unknown, def: readonly ApplianceType[], opts: { nonEmpty?: boolean } = {}): ApplianceType[] {
  if (v === undefined) return [...def];
  const list = r.list(path, v, `a list of appliance types (${APPLIANCE_TYPES.join(', ')})`);
  if (!list) return [...def];
  if (opts.nonEmpty && list.length === 0) r.error(path, 'at least one appliance type', list);
  const out: ApplianceType[] = [];
  list.forEach((t, i) => {
    const type = r.choice(`${path}[${i}]`, t, APPLIANCE_TYPES[0], APPLIANCE_TYPES);
    if (typeof t === 'string' && out.includes(t as ApplianceType)) r.errorText(`${path}[${i}]`, 'each type once', `"${t}" again`);
    else out.push(type);
  });
  return out;
}
