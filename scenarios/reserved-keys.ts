/**
 * `__proto__`, `constructor` and `prototype` are never fields of a study. As mapping keys they would reach
 * an object's prototype (`--set __proto__.loss=1` once made every link lose everything), so the loader
 * refuses them wherever they appear, naming the path, before any validator reads the document.
 */
import { Issues } from './errors.ts';
import { RESERVED_LIST, isReservedKey } from './names.ts';
import { joinKey } from './source.ts';

export const RESERVED_EXPECTED = `a field name other than ${RESERVED_LIST}`;

/** Reports and removes every reserved key in a parsed YAML value (own properties only), at any depth. */
export function dropReservedKeys(value: unknown, issues: Issues, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => dropReservedKeys(item, issues, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return;
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const p = joinKey(path, key);
    if (isReservedKey(key)) {
      issues.add(p, RESERVED_EXPECTED, `"${key}"`);
      delete o[key];
    } else {
      dropReservedKeys(o[key], issues, p);
    }
  }
}
