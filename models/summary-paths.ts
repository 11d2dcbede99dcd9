/**
 * Dotted paths into `summary.json` (`delivery.by_priority.high.p99_s`), checked against the contract in
 * `summary-contract.ts`: thresholds name such a path, and a typo should be caught when the study is
 * validated, with a suggestion, rather than after the whole run.
 */
import { didYouMean } from '../scenarios/errors.ts';
import { SUMMARY_CONTRACT, type AnySpec } from './summary-contract.ts';

const ROOT: AnySpec = SUMMARY_CONTRACT;

/** The spec at a dotted path, or undefined when the contract has no such path. List items are `.0`, `.1`, … */
export function specAt(path: string, root: AnySpec = ROOT): AnySpec | undefined {
  let spec: AnySpec | undefined = root;
  for (const seg of path.split('.')) {
    spec = spec === undefined ? undefined : child(spec, seg);
    if (spec === undefined) return undefined;
  }
  return spec;
}

function child(spec: AnySpec, seg: string): AnySpec | undefined {
  switch (spec.type) {
    case 'fields':
      return Object.hasOwn(spec.fields, seg) ? spec.fields[seg] : undefined;
    case 'map':
      return spec.keys.includes(seg) ? spec.value : undefined;
    case 'list':
      return /^(0|[1-9]\d*)$/.test(seg) ? spec.item : undefined;
    default:
      return undefined;
  }
}

/** The names one level below a spec (list items are shown as `0`). */
function childNames(spec: AnySpec): readonly string[] {
  return spec.type === 'fields' ? Object.keys(spec.fields) : spec.type === 'map' ? spec.keys : spec.type === 'list' ? ['0'] : [];
}

/** Every path that leads to a number (list items at index 0), in contract order. */
export function numberPaths(root: AnySpec = ROOT): string[] {
  const out: string[] = [];
  const walk = (spec: AnySpec, path: string): void => {
    if (spec.type === 'number') out.push(path);
    for (const name of childNames(spec)) walk(child(spec, name)!, path === '' ? name : `${path}.${name}`);
  };
  walk(root, '');
  return out;
}

export type PathCheck = { ok: true } | { ok: false; problem: string; suggestion?: string };

/** Whether `path` names a number in summary.json; if not, what is wrong and the likely intended path. */
export function checkNumberPath(path: string, root: AnySpec = ROOT): PathCheck {
  const segs = path.split('.');
  let spec: AnySpec = root;
  for (let i = 0; i < segs.length; i++) {
    const here = segs.slice(0, i).join('.');
    const next = child(spec, segs[i]);
    if (next === undefined) {
      const names = childNames(spec);
      const problem =
        names.length === 0
          ? `${here} is ${kindOf(spec)} with nothing below it`
          : `${here === '' ? 'summary.json' : here} has no "${segs[i]}" (it has ${listed(names)})`;
      return { ok: false, problem, suggestion: suggest(segs, root) };
    }
    spec = next;
  }
  if (spec.type === 'number') return { ok: true };
  const below = spec.type === 'fields' || spec.type === 'map' || spec.type === 'list' ? numberPaths(spec).map((p) => `${path}.${p}`) : [];
  const problem = below.length > 0 ? `${path} is not a number but holds ${listed(below)}` : `${path} is ${kindOf(spec)}, not a number`;
  return { ok: false, problem, suggestion: below.length === 1 ? below[0] : undefined };
}

/**
 * The path the user most likely meant: each unknown segment replaced by its closest name at that level; failing
 * that, the one number path with the same start and the same tail (a missing or extra segment); failing that,
 * the closest whole path.
 */
export function suggest(segs: readonly string[], root: AnySpec = ROOT): string | undefined {
  const all = numberPaths(root);
  const fixed: string[] = [];
  let spec: AnySpec | undefined = root;
  for (const seg of segs) {
    if (spec === undefined) break;
    const name = child(spec, seg) !== undefined ? seg : didYouMean(seg, childNames(spec));
    if (name === undefined) {
      spec = undefined;
      break;
    }
    fixed.push(name);
    spec = child(spec, name);
  }
  if (spec?.type === 'number') return fixed.join('.');
  for (let k = segs.length - 1; k >= 1; k--) {
    const tail = `.${segs.slice(-k).join('.')}`;
    const matches = all.filter((p) => p.endsWith(tail) && p.startsWith(segs[0] + '.'));
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) break;
  }
  return didYouMean(segs.join('.'), all);
}

function kindOf(spec: AnySpec): string {
  return spec.type === 'string' ? 'text' : spec.type === 'boolean' ? 'a true/false value' : spec.type === 'fields' ? 'a group of fields' : `a ${spec.type}`;
}

function listed(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (${names.length} in all)`;
}
