/**
 * Test-only program studies for the calibration tests (models/README.md, "Calibration"): one thermostat (or
 * water heater) per household, every household enrolled, one DR event on a hot day, run through the whole chain (delivery,
 * randomized start, overrides and their rebound), as an evaluation measures a program. Defaults everywhere
 * else, so the figures are what a study that does not set them gets.
 */
import { hotDay } from '../appliances/calibration-studies.ts';
import { makeScenario } from '../../test/support/scenario.ts';
import { runScenario } from './run-scenario.ts';

export interface ProgramStudy {
  /** SDP-style 50 % AC cycling (DLC) or a CPP thermostat set-up of `offsetC`. */
  program: 'sdp' | 'cpp';
  peakC: number;
  /** Local hour the event starts and its length in hours. */
  startH: number;
  hours: number;
  offsetC?: number;
  /** The one appliance each household has (a CPP event sheds a water heater). */
  appliance?: 'thermostat' | 'water_heater';
  customers?: number;
  seed?: number;
}

export interface ProgramOutcome {
  /** Mean shed over the event per participating device (= per household here), kW. */
  shedKw: number;
  /** Share of participants who overrode the event. */
  overrideRate: number;
}

/** The study starts at 10:00 local, well before any event; the appliance models warm up before that. */
const START_H = 10;

export async function runProgramStudy(s: ProgramStudy): Promise<ProgramOutcome> {
  const appliance = s.appliance ?? 'thermostat';
  const response = s.program === 'cpp' ? { cooling_offset_c: s.offsetC ?? 2.2, randomize_start: '10m' } : { cycling_percent: 50, randomize_start: '10m' };
  const scenario = makeScenario({
    name: `calibration-${s.program}`,
    start: `2026-07-15T${String(START_H).padStart(2, '0')}:00:00`,
    time_zone: 'America/Los_Angeles',
    duration: `${Math.round((s.startH + s.hours + 1 - START_H) * 60)}m`,
    seed: s.seed ?? 3,
    population: {
      customers: s.customers ?? 300,
      regions: [{ name: 'inland', share: 1 }],
      appliances_per_customer: { mean: 1, max: 1 },
      appliance_mix: { [appliance]: 1 },
      registration_rate: 1,
      enrollment_rate: 1,
      ihd_share: 0,
      registration: { start: '0s', window: '30m' },
    },
    programs: [{ id: s.program, kind: s.program === 'cpp' ? 'CPP' : 'DLC', appliance_types: [appliance], response }],
    timeline: [{ at: `${Math.round((s.startH - START_H) * 60)}m`, action: 'dr_event', program: s.program, duration: `${Math.round(s.hours * 60)}m`, priority: 'high', target: { program: s.program } }],
    weather: { hourly_c: hotDay(s.peakC) },
  });
  const r = await runScenario(scenario);
  const shedKw = r.summary.load.shed_kw_per_participant, overrideRate = r.summary.overrides.rate;
  // A calibration study with no participant has nothing to compare with the published figures.
  if (shedKw === null || overrideRate === null) throw new Error(`calibration study ${s.program} at ${s.peakC} °C: no device executed the event, so shed and override rate are not applicable`);
  return { shedKw, overrideRate };
}
