/**
 * Stable metric keys: `name|k1=v1,k2=v2` with tag keys sorted, or just `name`
 * without tags. The separators are banned inside names, tag keys and values,
 * so the encoding is unambiguous and parseMetricKey inverts metricKey.
 */
export type TagValue = string | number | boolean;
export type Tags = Readonly<Record<string, TagValue>>;

// Names start with a letter or '_': never an integer-like string, which JS
// objects would reorder ahead of other keys and break sorted snapshots.
const NAME = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;
// eslint-disable-next-line no-control-regex
const BAD_VALUE = /[|,=\u0000-\u001f]/;

/** Code-unit order: unlike localeCompare it is the same on every machine. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function metricKey(name: string, tags: Tags = {}): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(`metric name ${JSON.stringify(name)} must match ${NAME}`);
  }
  if (typeof tags !== 'object' || tags === null) throw new TypeError(`metric ${name}: tags must be an object`);
  const parts: string[] = [];
  for (const k of Object.keys(tags).sort(byCodeUnit)) {
    if (!NAME.test(k)) throw new TypeError(`metric ${name}: tag key ${JSON.stringify(k)} must match ${NAME}`);
    const raw = tags[k];
    if (typeof raw === 'number' && !Number.isFinite(raw)) {
      throw new TypeError(`metric ${name}: tag ${k} must be finite, got ${raw}`);
    }
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw new TypeError(`metric ${name}: tag ${k} must be a string, number or boolean`);
    }
    const v = String(raw);
    if (BAD_VALUE.test(v)) {
      throw new TypeError(`metric ${name}: tag ${k}=${JSON.stringify(v)} must not contain '|', ',', '=' or control chars`);
    }
    parts.push(`${k}=${v}`);
  }
  return parts.length === 0 ? name : `${name}|${parts.join(',')}`;
}

export function parseMetricKey(key: string): { name: string; tags: Record<string, string> } {
  const bar = key.indexOf('|');
  const name = bar < 0 ? key : key.slice(0, bar);
  const entries: [string, string][] = [];
  if (bar >= 0) {
    for (const part of key.slice(bar + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new TypeError(`malformed metric key ${JSON.stringify(key)}`);
      entries.push([part.slice(0, eq), part.slice(eq + 1)]);
    }
  }
  // fromEntries defines own properties, so a tag named __proto__ stays a tag.
  const tags: Record<string, string> = Object.fromEntries(entries);
  if (metricKey(name, tags) !== key) throw new TypeError(`non-canonical metric key ${JSON.stringify(key)}`);
  return { name, tags };
}
