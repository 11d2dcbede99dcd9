/**
 * The scale benchmark's study, scenarios/cpp-day.yaml, sized to about N appliances (bench/scale-run.ts,
 * bench/profile.ts): the customer count comes from the study's own mix of appliances per customer.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawPopulation, EMS, IHD } from '../models/world/population.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/types.ts';

const STUDY = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'cpp-day.yaml');
/** Customers in the calibration draw: enough for ~0.5 % error on appliances per customer, and ~0.1 s. */
const CALIBRATION_CUSTOMERS = 20_000;

async function load(sets: string[]): Promise<Scenario> {
  const r = await loadScenarioFile(STUDY, sets);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

/**
 * Appliances (devices that are neither IHD nor EMS) per customer, from one draw of the study's own
 * population: the draw is a pure function of the scenario and keyed per customer, so the first customers
 * are the same at any size and this stays right if the mix or the population model changes.
 */
async function appliancesPerCustomer(): Promise<number> {
  const p = drawPopulation(await load([...benchSets(), `population.customers=${CALIBRATION_CUSTOMERS}`]));
  let n = 0;
  for (let d = 0; d < p.devices; d++) if (p.type[d] !== IHD && p.type[d] !== EMS) n++;
  return n / p.customers;
}

/**
 * Study changes for a benchmark, `path=value` separated by `;` (SCSIM_BENCH_SET='metering.subscribers=[]'
 * measures the CPP day without the NFR-03 usage feed, the workload of the figures before the feed existed).
 * Read from the environment so that every process of a benchmark (scale-run children, workers) sees them.
 */
export function benchSets(): string[] {
  return (process.env.SCSIM_BENCH_SET ?? '').split(';').map((x) => x.trim()).filter((x) => x !== '');
}

/** The CPP day with about `appliances` appliances. */
export async function cppDay(appliances: number): Promise<Scenario> {
  const customers = Math.max(1, Math.round(appliances / (await appliancesPerCustomer())));
  return load([...benchSets(), `population.customers=${customers}`]);
}
