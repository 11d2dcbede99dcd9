/** `behaviour`: what customers and appliances do (S2-03, S2-05, S2-08, FR-03, FR-30, FR-31, FR-36). */
import { DEFAULT_BEHAVIOUR } from './defaults.ts';
import { FIELDS } from './fields.ts';
import { durationLimit } from './limits.ts';
import type { Reader } from './read.ts';
import type { Behaviour } from './types.ts';

export function readBehaviour(r: Reader, raw: unknown): Behaviour {
  const d = DEFAULT_BEHAVIOUR;
  const o = r.map('behaviour', raw, FIELDS.behaviour);
  if (!o) return { ...d };
  const b = 'behaviour';
  return {
    view_probability: r.share(`${b}.view_probability`, o.view_probability, d.view_probability),
    override_probability: r.share(`${b}.override_probability`, o.override_probability, d.override_probability),
    settings_change_share: r.share(`${b}.settings_change_share`, o.settings_change_share, d.settings_change_share),
    override_delay_mean: r.limitedDuration(`${b}.override_delay_mean`, o.override_delay_mean, d.override_delay_mean, durationLimit('behaviour.override_delay_mean')),
    alert_limit_share: r.share(`${b}.alert_limit_share`, o.alert_limit_share, d.alert_limit_share),
    report_interval: r.limitedDuration(`${b}.report_interval`, o.report_interval, d.report_interval, durationLimit('behaviour.report_interval')),
    change_share: r.share(`${b}.change_share`, o.change_share, d.change_share),
  };
}
