/**
 * summary.json `load`: peaks of the DR world and its exact baseline, and the shed, recovery and rebound of
 * every response window (response-events.ts: program DR events, price responses, autonomous OI-1
 * responses), in total, by cause and per event (response-figures.ts), and the bill change.
 */
import type { Scenario } from '../../scenarios/types.ts';
import type { Summary } from '../run-result.ts';
import { LocalClock } from './clock.ts';
import { responseWindows } from './response-events.ts';
import { responseFigures } from './response-figures.ts';
import type { SummaryInput } from './run-totals.ts';

export function loadSummary(input: SummaryInput, s: Scenario): Summary['load'] {
  const base = input.load.baseTotal, dr = input.load.drTotal;
  const fig = responseFigures(input.load, responseWindows(s), input.reach);
  let basePeak = 0, drPeak = 0, bill = 0;
  const prices = touPrices(s);
  for (let m = 0; m < base.length; m++) {
    basePeak = Math.max(basePeak, base[m]);
    drPeak = Math.max(drPeak, dr[m]);
    bill -= ((base[m] - dr[m]) / 60) * prices(m * 60_000);
  }
  const { participants, households } = input.load;
  const mean = fig.shedKwMean;
  // Per device and household that executed a programmed response: autonomous (OI-1) shed is not theirs.
  const programmed = fig.programmedShedKwMean;
  return {
    baseline_peak_kw: round3(basePeak),
    dr_peak_kw: round3(drPeak),
    event_shed_kw_mean: mean,
    shed_kw_per_participant: participants && programmed !== null ? round3(programmed / participants) : null,
    shed_kw_per_household: households && programmed !== null ? round3(programmed / households) : null,
    rebound_peak_kw: fig.reboundPeakKw,
    energy_shed_kwh: fig.energyShedKwh,
    energy_rebound_kwh: fig.energyReboundKwh,
    energy_recovered_kwh: fig.energyRecoveredKwh,
    by_cause: fig.byCause,
    events: fig.events,
    participants,
    participating_households: households,
    bill_change: round3(bill),
    safety_violations: input.load.violations,
    hot_water_shortfalls: input.load.shortfalls,
  };
}

/**
 * Price per kWh at a simulated time: the study's TOU schedule at the local hour (hour 0 = local midnight, on
 * the same local clock as the devices, DST included) if it has one, else 0.17.
 */
function touPrices(s: Scenario): (tMs: number) => number {
  const tou = s.timeline.find((a) => a.action === 'tou_schedule');
  const hourly = tou && tou.action === 'tou_schedule' ? tou.prices : null;
  const clock = new LocalClock(s.start, s.time_zone);
  return (t) => (hourly ? hourly[clock.hourOfDay(t)] : 0.17);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
