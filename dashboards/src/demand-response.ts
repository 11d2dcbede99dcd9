/**
 * "C5 demand response": how much load a DR event sheds, who overrides, which C5 steps ran and which
 * registrations were rejected — for the selected regions and appliance types.
 *
 * `load` holds one point per minute per (region, appliance_type) with power levels in kW. The total
 * load of the selection is the per-minute sum across those tag sets (inner query, GROUP BY time(1m));
 * over a longer Grafana interval the panels show the mean (or, in the peaks, the max) of those exact
 * per-minute totals — summing kW over several minutes would multiply the load by the minutes.
 * Counts (overrides, settings changes, steps, rejections) are summed.
 */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { StackingConfigBuilder, StackingMode } from '@grafana/grafana-foundation-sdk/common';
import { groupByInterval, influxql, tagMatches, where } from './influxql.ts';
import { barGauge, countBars, numberPanels, stat, timeseries } from './panels.ts';
import { applianceTypeVariable, regionVariable } from './variables.ts';
import { c5Dashboard, tidyDashboard } from './common.ts';

export const DEMAND_RESPONSE_UID = 'scsim-c5-demand-response';

const REGION = tagMatches('region');
const APPLIANCE_TYPE = tagMatches('appliance_type');

/**
 * `SELECT <outer> FROM (SELECT sum(f) AS f, … FROM "load" … GROUP BY time(1m)[, tags]) WHERE $timeFilter
 * GROUP BY time($__interval)[, tags]`: per-minute totals over the selected regions and appliance types,
 * then `outer` over the interval.
 */
function loadQuery(outer: (field: string) => string, fields: readonly [string, string][], ...tags: string[]): string {
  const inner =
    `SELECT ${fields.map(([f]) => `sum("${f}") AS "${f}"`).join(', ')} FROM "load" ${where(REGION, APPLIANCE_TYPE)} ` +
    `GROUP BY ${['time(1m)', ...tags.map((t) => `"${t}"`)].join(', ')} fill(none)`;
  const select = fields.map(([f, alias]) => `${outer(f)} AS "${alias}"`).join(', ');
  return `SELECT ${select} FROM (${inner}) WHERE $timeFilter ${groupByInterval(...tags)} fill(null)`;
}

const mean = (f: string) => `mean("${f}")`;
const max = (f: string) => `max("${f}")`;

export function demandResponseDashboard(): Dashboard {
  const d = c5Dashboard('C5 demand response', DEMAND_RESPONSE_UID, 'SmartConnect C5: load with and without demand response, load shed, customer overrides, C5 step counts and ' +
        'registration rejections, per simulation run.')
    .withVariable(regionVariable())
    .withVariable(applianceTypeVariable());

  d.withRow(new RowBuilder('Overview'));
  d.withPanel(
    stat('Peak load: baseline vs with DR', 'Highest per-minute total load of the selection, without and with demand response.', 'kwatt', 'max').withTarget(
      influxql('A', loadQuery(max, [['baseline_kw', 'baseline'], ['dr_kw', 'with DR']])),
    ),
  );
  d.withPanel(
    stat('Peak load shed', 'Highest per-minute total load shed by the selection.', 'kwatt', 'max').withTarget(
      influxql('A', loadQuery(max, [['shed_kw', 'shed']])),
    ),
  );
  d.withPanel(
    stat('Overrides and settings changes', 'Customer overrides of DR responses (S2-05), and settings changed instead.', 'short', 'sum').withTarget(
      influxql(
        'A',
        `SELECT sum("count") AS "overrides", sum("settings_changes") AS "settings changes" FROM "overrides" ${where(REGION)} ${groupByInterval()} fill(null)`,
      ),
    ),
  );
  d.withPanel(
    stat('Registrations rejected', 'Registrations CSS or the meter rejected, all reasons.', 'short', 'sum').withTarget(
      influxql('A', `SELECT sum("count") AS "rejected" FROM "rejections" ${where()} ${groupByInterval()} fill(null)`),
    ),
  );

  d.withRow(new RowBuilder('Load'));
  d.withPanel(
    timeseries(
      'Load: baseline vs with DR',
      'Total load of the selected regions and appliance types: what it would have been without DR (baseline) and what it was. ' +
        'Per-minute sums across regions and types; mean of those over longer intervals.',
      'kwatt',
    )
      .min(0)
      .span(24)
      .height(10)
      .withTarget(influxql('A', loadQuery(mean, [['baseline_kw', 'baseline'], ['dr_kw', 'with DR']]))),
  );
  d.withPanel(
    timeseries('Load shed by region', 'Baseline minus actual load, per region (selected appliance types), stacked.', 'kwatt')
      .min(0)
      .fillOpacity(40)
      .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
      .withTarget(influxql('A', loadQuery(mean, [['shed_kw', 'shed']], 'region'), '$tag_region')),
  );
  d.withPanel(
    timeseries('Load shed by appliance type', 'Baseline minus actual load, per appliance type (selected regions), stacked.', 'kwatt')
      .min(0)
      .fillOpacity(40)
      .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
      .withTarget(influxql('A', loadQuery(mean, [['shed_kw', 'shed']], 'appliance_type'), '$tag_appliance_type')),
  );

  d.withRow(new RowBuilder('Customers'));
  d.withPanel(
    countBars('Overrides and settings changes', 'Overrides of DR responses and settings changes per interval (selected regions).').withTarget(
      influxql(
        'A',
        `SELECT sum("count") AS "overrides", sum("settings_changes") AS "settings changes" FROM "overrides" ${where(REGION)} ${groupByInterval()} fill(null)`,
      ),
    ),
  );
  d.withPanel(
    countBars('Rejections by reason', 'Registrations rejected per interval: unapproved type, id or type mismatch, duplicate id, unknown account.').withTarget(
      influxql('A', `SELECT sum("count") AS "rejected" FROM "rejections" ${where()} ${groupByInterval('reason')} fill(null)`, '$tag_reason'),
    ),
  );

  d.withPanel(
    countBars('EMS sheds and restores', 'Premise EMSs of DEMAND_LIMIT programs (FR-04): appliances shed and restored per interval, by program.').withTarget(
      influxql('A', `SELECT sum("sheds") AS "sheds", sum("restores") AS "restores" FROM "demand_limit" ${where()} ${groupByInterval('program')} fill(null)`, '$tag_program'),
    ),
  );

  d.withRow(new RowBuilder('C5 steps'));
  d.withPanel(
    barGauge('Step counts', 'How many times each step of C5 ran in the range: S1-01 … S1-17 (registration), S2-01 … S2-08 (messaging and DR).', 'short', 'sum').withTarget(
      influxql('A', `SELECT sum("count") AS "count" FROM "steps" ${where()} ${groupByInterval('step')} fill(null)`, '$tag_step'),
    ),
  );
  d.withPanel(
    countBars('Steps over time', 'Step executions per interval.').span(24).withTarget(
      influxql('A', `SELECT sum("count") AS "count" FROM "steps" ${where()} ${groupByInterval('step')} fill(null)`, '$tag_step'),
    ),
  );

  return tidyDashboard(numberPanels(d.build()));
}
