/** `population`: who the customers are and what they install (S1-01…S1-17, FR-01…FR-06, FR-19, FR-21). */
import { readApplianceTypes } from './read-types.ts';
import { DEFAULT_POPULATION } from './defaults.ts';
import { didYouMean } from './errors.ts';
import { FIELDS } from './fields.ts';
import { DEVICES_WHY, EXTRA_DEVICES_PER_CUSTOMER, MAX_DEVICES, durationLimit, itemsLimit, numberLimit } from './limits.ts';
import { labelProblem } from './names.ts';
import { REQUIRED, type Reader } from './read.ts';
import { APPLIANCE_TYPES, type Population } from './types.ts';

/** Shares of a partition (regions) must add up to 1 within this. */
const SUM_TOLERANCE = 1e-6;

export function applianceTypeProblem(k: string): string | undefined {
  if ((APPLIANCE_TYPES as readonly string[]).includes(k)) return undefined;
  const guess = didYouMean(k, APPLIANCE_TYPES);
  return guess !== undefined ? `an appliance type (did you mean ${guess}?)` : `an appliance type (one of ${APPLIANCE_TYPES.join(', ')})`;
}

/** A BCP 47 language tag such as en, es, zh-Hant, ko. */
export function languageTagProblem(k: string): string | undefined {
  try {
    if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(k) && Intl.getCanonicalLocales(k).length === 1) return undefined;
  } catch {
    // fall through: not a valid tag
  }
  return 'a BCP 47 language tag such as en, es, zh or ko';
}

export function readPopulation(r: Reader, raw: unknown, duration: number | undefined): Population {
  const p = 'population';
  if (raw === undefined || raw === null) {
    r.error(p, 'a mapping with at least customers (a positive whole number)', raw);
    return { customers: 0, ...DEFAULT_POPULATION };
  }
  const o = r.map(p, raw, FIELDS.population);
  if (!o) return { customers: 0, ...DEFAULT_POPULATION };
  const d = DEFAULT_POPULATION;

  const apc = r.map(`${p}.appliances_per_customer`, o.appliances_per_customer, FIELDS['population.appliances_per_customer']) ?? {};
  const mean = r.number(`${p}.appliances_per_customer.mean`, apc.mean, d.appliances_per_customer.mean, numberLimit('population.appliances_per_customer.mean'));
  const max = r.number(`${p}.appliances_per_customer.max`, apc.max, d.appliances_per_customer.max, numberLimit('population.appliances_per_customer.max'));
  if (mean > max) r.errorText(`${p}.appliances_per_customer.mean`, `a mean ≤ max (${max})`, String(mean));

  const reg = r.map(`${p}.registration`, o.registration, FIELDS['population.registration']) ?? {};
  const start = r.limitedDuration(`${p}.registration.start`, reg.start, d.registration.start, durationLimit('population.registration.start'));
  if (duration !== undefined && start > duration) r.error(`${p}.registration.start`, `a time within the run (at most the duration)`, reg.start);
  const window = r.limitedDuration(`${p}.registration.window`, reg.window, d.registration.window, durationLimit('population.registration.window'));

  const approved = readApplianceTypes(r, `${p}.approved_types`, o.approved_types, DEFAULT_POPULATION.approved_types);

  const before = r.issues.count;
  const customers = r.number(`${p}.customers`, o.customers, REQUIRED, numberLimit('population.customers'));
  // The population's size: every device needs an id that fits (limits.ts), whatever the draws give.
  if (r.issues.count === before && customers * (max + EXTRA_DEVICES_PER_CUSTOMER) > MAX_DEVICES) {
    r.errorText(`${p}.customers`, `at most ${Math.floor(MAX_DEVICES / (max + EXTRA_DEVICES_PER_CUSTOMER))} with appliances_per_customer.max ${max} (${DEVICES_WHY})`, String(customers));
  }
  return {
    customers,
    regions: readShares(r, `${p}.regions`, o.regions, d.regions, true),
    appliances_per_customer: { mean, max },
    appliance_mix: r.weights(`${p}.appliance_mix`, o.appliance_mix, d.appliance_mix as Record<string, number>, applianceTypeProblem, numberLimit('population.appliance_mix.*')),
    approved_types: approved,
    registration_rate: r.share(`${p}.registration_rate`, o.registration_rate, d.registration_rate),
    enrollment_rate: r.share(`${p}.enrollment_rate`, o.enrollment_rate, d.enrollment_rate),
    mismatch_rate: r.share(`${p}.mismatch_rate`, o.mismatch_rate, d.mismatch_rate),
    duplicate_rate: r.share(`${p}.duplicate_rate`, o.duplicate_rate, d.duplicate_rate),
    languages: readLanguages(r, `${p}.languages`, o.languages, d.languages),
    ems_share: r.share(`${p}.ems_share`, o.ems_share, d.ems_share),
    ihd_share: r.share(`${p}.ihd_share`, o.ihd_share, d.ihd_share),
    csr_share: r.share(`${p}.csr_share`, o.csr_share, d.csr_share),
    registration: { start, window },
    groups: readShares(r, `${p}.groups`, o.groups, d.groups, false),
  };
}

/** Language weights: each customer's language is kept as a one-byte index (limits.ts). */
function readLanguages(r: Reader, path: string, v: unknown, def: Record<string, number>): Record<string, number> {
  const out = r.weights(path, v, def, languageTagProblem, numberLimit('population.languages.*'));
  r.withinCount(path, v, Object.keys(out).length, itemsLimit('population.languages'));
  return out;
}

/** Named shares: regions partition the customers (sum 1); groups are independent subsets. */
function readShares(r: Reader, path: string, v: unknown, def: { name: string; share: number }[], partition: boolean): { name: string; share: number }[] {
  if (v === undefined) return def.map((x) => ({ ...x }));
  const list = r.list(path, v, 'a list of {name, share}');
  if (!list) return def.map((x) => ({ ...x }));
  if (partition && list.length === 0) {
    r.error(path, 'at least one region', list);
    return [];
  }
  r.withinCount(path, list, list.length, itemsLimit(partition ? 'population.regions' : 'population.groups'));
  const known = partition ? FIELDS['population.regions[]'] : FIELDS['population.groups[]'];
  const out: { name: string; share: number }[] = [];
  const seen = new Set<string>();
  let sum = 0;
  let allGood = true;
  list.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const o = r.map(at, item, known, 'a mapping {name, share}');
    if (!o) {
      allGood = false;
      return;
    }
    const name = r.text(`${at}.name`, o.name, REQUIRED);
    const bad = name.trim() === '' ? undefined : labelProblem(name);
    if (bad !== undefined) r.error(`${at}.name`, bad, name);
    if (seen.has(name)) r.errorText(`${at}.name`, 'a name not used before in this list', JSON.stringify(name));
    seen.add(name);
    const before = r.issues.count;
    const share = r.share(`${at}.share`, o.share, REQUIRED);
    // The sum is only meaningful when every share could be read.
    if (r.issues.count > before) allGood = false;
    sum += share;
    out.push({ name, share });
  });
  if (partition && allGood && Math.abs(sum - 1) > SUM_TOLERANCE) r.errorText(path, 'region shares that sum to 1', `a sum of ${+sum.toFixed(6)}`);
  return out;
}
