/**
 * Hand-made metric points in the shape the simulator writes (one point per minute per tag set, every
 * measurement of the contract), for the dashboard query tests. Deterministic: values are formulas of the
 * minute and the tag index. The real-run test (influx-real-run.test.ts) uses a simulation's points.
 */
import type { MetricPoint } from '../../sim/metrics/point.ts';
import { STEP_IDS } from '../src/contract.ts';

export const FIXTURE_REGIONS = ['north', 'south', 'coast'];
export const FIXTURE_APPLIANCE_TYPES = ['thermostat', 'water_heater', 'pool_pump'];
export const FIXTURE_KINDS = ['price_signal', 'load_control_event', 'text_message', 'public_alert'];
const PRIORITIES = ['high', 'medium', 'low'];
const LINKS = ['wan', 'rf', 'han', 'broadcast'];
const REASONS = ['unapproved_type', 'id_mismatch', 'type_mismatch', 'duplicate_id', 'unknown_account'];

const MINUTE = 60_000;

/** `minutes` minutes of points; a DR event runs over the middle third. */
export function fixturePoints(minutes = 180): MetricPoint[] {
  const pts: MetricPoint[] = [];
  const eventFrom = Math.floor(minutes / 3);
  const eventTo = Math.floor((2 * minutes) / 3);
  for (let m = 0; m < minutes; m++) {
    const t = m * MINUTE;
    const inEvent = m >= eventFrom && m < eventTo;
    PRIORITIES.forEach((priority, i) => {
      const count = 20 + ((m * 7 + i * 3) % 11);
      const base = 2 + i * 3 + (m % 5);
      pts.push({
        measurement: 'delivery',
        tags: { priority },
        fields: {
          count,
          p50_s: base,
          p95_s: base * 4,
          p99_s: base * 8,
          max_s: base * 10 + (m % 7),
          within_sla: base >= 10 ? 0.95 : 1,
        },
        t,
      });
    });
    FIXTURE_KINDS.forEach((kind, i) => {
      pts.push({ measurement: 'delivery_kind', tags: { kind }, fields: { count: 5 + i, p99_s: 10 + i * 20 + (m % 9), max_s: 15 + i * 25 + (m % 9) }, t });
    });
    LINKS.forEach((link, i) => {
      pts.push({ measurement: 'queue_depth', tags: { link }, fields: { max: (m % 13) + i * 4, mean: ((m % 13) + i * 4) / 2 }, t });
    });
    pts.push({ measurement: 'in_flight', tags: {}, fields: { messages: 40 + (m % 17) }, t });
    FIXTURE_KINDS.forEach((kind, i) => {
      const priority = PRIORITIES[i % 3]!;
      const visibility = kind === 'public_alert' ? 'public' : 'private';
      const sent = 10 + i;
      const dropped = (m + i) % 29 === 0 ? 1 : 0;
      pts.push({ measurement: 'messages', tags: { kind, priority, visibility }, fields: { sent, delivered: sent - dropped, dropped }, t });
    });
    STEP_IDS.forEach((step, i) => {
      if ((m + i) % 4 === 0) pts.push({ measurement: 'steps', tags: { step }, fields: { count: 1 + (i % 3) }, t });
    });
    if (m < 30) {
      const reason = REASONS[m % REASONS.length]!;
      pts.push({ measurement: 'rejections', tags: { reason }, fields: { count: 1 + (m % 2) }, t });
    }
    FIXTURE_REGIONS.forEach((region, r) => {
      if (inEvent && (m + r) % 3 === 0) pts.push({ measurement: 'overrides', tags: { region }, fields: { count: 1 + r, settings_changes: r % 2 }, t });
      FIXTURE_APPLIANCE_TYPES.forEach((appliance_type, a) => {
        const baseline = 100 + r * 40 + a * 25 + (m % 60);
        const shed = inEvent ? Math.round(baseline * (0.2 + 0.1 * a)) : 0;
        pts.push({ measurement: 'load', tags: { region, appliance_type }, fields: { baseline_kw: baseline, dr_kw: baseline - shed, shed_kw: shed }, t });
      });
    });
    pts.push({ measurement: 'background', tags: { class: 'meter_read' }, fields: { messages: 300 + (m % 10), bytes: (300 + (m % 10)) * 120 }, t });
    if (m % 10 < 3) pts.push({ measurement: 'background', tags: { class: 'firmware' }, fields: { messages: 50, bytes: 50 * 512 }, t });
    if (inEvent && m % 2 === 0) pts.push({ measurement: 'demand_limit', tags: { program: 'ems-limit' }, fields: { sheds: 3 + (m % 4), restores: m % 3 }, t });
    pts.push({ measurement: 'metering', tags: {}, fields: { sent: 120 + (m % 7), delivered: 120 + (m % 7) - (m % 50 === 0 ? 1 : 0), dropped: m % 50 === 0 ? 1 : 0, bytes: (120 + (m % 7)) * 55 }, t });
  }
  return pts;
}
