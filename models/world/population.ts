/**
 * The population of a study, drawn once from the scenario and its seed: customers (one premise, one
 * meter each), their appliances, IHDs and EMSs, as struct-of-arrays typed arrays. Every draw comes from
 * a Philox stream keyed by the entity, so a customer's draws do not depend on how many others exist.
 */
import { APPLIANCE_TYPES, type ApplianceType, type Scenario } from '../../scenarios/types.ts';
import { RandomStream } from '../../sim/random/stream.ts';

/** Device classes beyond the appliance types. */
export const DEVICE_TYPES = [...APPLIANCE_TYPES, 'ihd', 'ems'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
export const IHD = DEVICE_TYPES.indexOf('ihd');
export const EMS = DEVICE_TYPES.indexOf('ems');

/** What the customer will do about a device at registration. */
export const Intent = { NONE: 0, REGISTER: 1, MISMATCH_ID: 2, MISMATCH_TYPE: 3, DUPLICATE_ID: 4 } as const;

/** Random stream numbers used while drawing the population (one per purpose, so purposes never share draws). */
const S_CUSTOMER = 1, S_DEVICE = 2;

export interface Population {
  customers: number;
  devices: number;
  collectors: number;
  regions: string[];
  languages: string[];
  groups: string[];
  // per customer
  region: Uint8Array;
  language: Uint8Array;
  collector: Int32Array;
  hops: Uint8Array;
  /** Bit g set: customer is in custom group g (FR-21). */
  groupBits: Uint32Array;
  firstDevice: Int32Array;
  deviceCount: Uint8Array;
  /** Index of the customer's EMS device, or -1. */
  ems: Int32Array;
  // per device
  owner: Int32Array;
  type: Uint8Array;
  /** The device's real id (FR-10): unique per device, transmitted at S1-08. */
  hardwareId: Float64Array;
  intent: Uint8Array;
  /** Program index the owner will enroll in (S1-04), or -1 for registration only (BR-03). */
  program: Int16Array;
  /** Device reached through its owner's EMS (FR-04). */
  viaEms: Uint8Array;
  /** Simulated ms at which the owner asks to register (S1-01); -1 when never. */
  registerAt: Float64Array;
  /** The owner uses a CSR (1) or the web site (0) (FR-01). */
  viaCsr: Uint8Array;
}

function weightedIndex(r: RandomStream, weights: number[]): number {
  return r.weightedChoice(weights);
}

export function drawPopulation(s: Scenario): Population {
  const p = s.population;
  const C = p.customers;
  const regions = p.regions.map((r) => r.name);
  const regionWeights = p.regions.map((r) => r.share);
  const languages = Object.keys(p.languages).sort();
  const languageWeights = languages.map((l) => p.languages[l]);
  const groups = p.groups.map((g) => g.name);
  const mixTypes = APPLIANCE_TYPES.filter((t) => (p.appliance_mix[t] ?? 0) > 0);
  const mixWeights = mixTypes.map((t) => p.appliance_mix[t]!);
  const eligible = (type: ApplianceType) => s.programs.flatMap((prog, i) => (prog.appliance_types.includes(type) ? [i] : []));

  const region = new Uint8Array(C), language = new Uint8Array(C), collector = new Int32Array(C), hops = new Uint8Array(C);
  const groupBits = new Uint32Array(C), firstDevice = new Int32Array(C), deviceCount = new Uint8Array(C), ems = new Int32Array(C).fill(-1);
  const devType: number[] = [], devOwner: number[] = [], devIntent: number[] = [], devProgram: number[] = [], devViaEms: number[] = [];
  const devRegisterAt: number[] = [], devViaCsr: number[] = [];

  const { min: hMin, max: hMax, mean: hMean } = s.network.rf_mesh.hops;
  // Hops: min + Binomial(max - min, q) with q chosen so the mean matches.
  const q = hMax > hMin ? Math.min(1, Math.max(0, (hMean - hMin) / (hMax - hMin))) : 0;

  for (let c = 0; c < C; c++) {
    const r = new RandomStream(s.seed, c, S_CUSTOMER);
    region[c] = weightedIndex(r, regionWeights);
    language[c] = weightedIndex(r, languageWeights);
    collector[c] = Math.floor(c / s.network.meters_per_collector);
    let h = hMin;
    for (let i = hMin; i < hMax; i++) if (r.uniform() < q) h++;
    hops[c] = h;
    let bits = 0;
    for (let g = 0; g < groups.length; g++) if (r.uniform() < p.groups[g].share) bits |= 1 << g;
    groupBits[c] = bits;
    const hasEms = r.uniform() < p.ems_share;
    const hasIhd = r.uniform() < p.ihd_share;
    // Appliances: 1 + Poisson(mean - 1), capped (Knuth's method; means are small).
    let extra = 0;
    const L = Math.exp(-(p.appliances_per_customer.mean - 1));
    for (let prod = r.uniform(); prod > L && extra < p.appliances_per_customer.max - 1; prod *= r.uniform()) extra++;
    const appliances = 1 + extra;
    firstDevice[c] = devType.length;
    const regStart = p.registration.start, regWindow = p.registration.window;
    const viaCsr = r.uniform() < p.csr_share ? 1 : 0;
    const addDevice = (type: number, viaEmsFlag: number) => {
      const d = devType.length;
      const rd = new RandomStream(s.seed, d, S_DEVICE);
      devType.push(type);
      devOwner.push(c);
      devViaEms.push(viaEmsFlag);
      devViaCsr.push(viaCsr);
      const typeName = DEVICE_TYPES[type];
      const registers = rd.uniform() < p.registration_rate;
      let intent: number = Intent.NONE;
      if (registers) {
        const m = rd.uniform();
        intent = m < p.mismatch_rate / 2 ? Intent.MISMATCH_ID : m < p.mismatch_rate ? Intent.MISMATCH_TYPE : m < p.mismatch_rate + p.duplicate_rate ? Intent.DUPLICATE_ID : Intent.REGISTER;
      }
      devIntent.push(intent);
      const progs = typeName === 'ihd' || typeName === 'ems' ? [] : eligible(typeName as ApplianceType);
      devProgram.push(registers && progs.length > 0 && rd.uniform() < p.enrollment_rate ? progs[rd.int(progs.length)] : -1);
      devRegisterAt.push(registers ? regStart + Math.floor(rd.uniform() * regWindow) : -1);
    };
    if (hasEms) {
      ems[c] = devType.length;
      addDevice(EMS, 0);
    }
    if (hasIhd) addDevice(IHD, 0);
    for (let a = 0; a < appliances; a++) addDevice(APPLIANCE_TYPES.indexOf(mixTypes[weightedIndex(r, mixWeights)]), hasEms ? 1 : 0);
    deviceCount[c] = devType.length - firstDevice[c];
  }

  const D = devType.length;
  const hardwareId = new Float64Array(D);
  // Real ids: unique, spread like EUI-64 tails (FR-10); a duplicate registration claims another device's id.
  for (let d = 0; d < D; d++) hardwareId[d] = 0x0d6f0000 + d * 7 + 1;
  // A duplicate is a cloned device: it reports the id of the device before it, which may already be registered.
  for (let d = 0; d < D; d++) if (devIntent[d] === Intent.DUPLICATE_ID) hardwareId[d] = hardwareId[d > 0 ? d - 1 : 1 % D];
  return {
    customers: C,
    devices: D,
    collectors: Math.max(1, Math.ceil(C / s.network.meters_per_collector)),
    regions,
    languages,
    groups,
    region,
    language,
    collector,
    hops,
    groupBits,
    firstDevice,
    deviceCount,
    ems,
    owner: Int32Array.from(devOwner),
    type: Uint8Array.from(devType),
    hardwareId,
    intent: Uint8Array.from(devIntent),
    program: Int16Array.from(devProgram),
    viaEms: Uint8Array.from(devViaEms),
    registerAt: Float64Array.from(devRegisterAt),
    viaCsr: Uint8Array.from(devViaCsr),
  };
}

export function deviceTypeName(p: Population, d: number): DeviceType {
  return DEVICE_TYPES[p.type[d]];
}
