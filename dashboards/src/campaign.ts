/**
 * "C5 campaign": one campaign of `scsim sweep … --influx URL` — a chosen metric by point with its interval
 * band (mean and Student-t interval over the replications, from the sweep's statistics), the per-point
 * statistics as a table, and the runs' per-minute load and delivery curves by point.
 *
 * The statistics come from `campaign_point` (one point per campaign point and metric, written after the runs,
 * stamped at the study's start): raw selects, no aggregation, since each row already is the statistic. The
 * curves read the runs' own points, which carry the tags `campaign` and `point`: per-minute totals per run
 * (inner query), then the mean over the point's replications and the interval.
 */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { LegendDisplayMode, LegendPlacement, VisibilityMode, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as TrendBuilder } from '@grafana/grafana-foundation-sdk/trend';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { c5Base, tidyDashboard } from './common.ts';
import { DATASOURCE, groupByInterval, influxql, tagMatches } from './influxql.ts';
import { latencyTimeseries, numberPanels, timeseries } from './panels.ts';
import { campaignVariable, metricVariable, pointVariable } from './variables.ts';

export const CAMPAIGN_UID = 'scsim-c5-campaign';

/** Every query of this dashboard is limited to the chosen campaign (and its time range). */
export const CAMPAIGN_FILTER = tagMatches('campaign');
const POINT = tagMatches('point');
const METRIC = tagMatches('metric');

const whereCampaign = (...conditions: string[]) => `WHERE ${[CAMPAIGN_FILTER, ...conditions, '$timeFilter'].join(' AND ')}`;

/** The statistics of the chosen metric, one row per point. */
const STATISTICS = `SELECT "index", "n", "mean", "sd", "low", "high", "confidence" FROM "campaign_point" ${whereCampaign(METRIC, POINT)}`;

/** Per-minute totals of a `load` field per run (over regions and appliance types), then the mean over the point's runs. */
function loadByPoint(field: string, alias: string): string {
  const inner = `SELECT sum("${field}") AS "${field}" FROM "load" ${whereCampaign(POINT)} GROUP BY time(1m), "point", "run_id" fill(none)`;
  return `SELECT mean("${field}") AS "${alias}" FROM (${inner}) WHERE $timeFilter ${groupByInterval('point')} fill(null)`;
}

const sortByIndex = { id: 'sortBy', options: { fields: {}, sort: [{ field: 'index', desc: false }] } };

export function campaignDashboard(): Dashboard {
  const d = c5Base(
    'C5 campaign',
    CAMPAIGN_UID,
    'SmartConnect C5: one campaign of scsim sweep --influx — a metric by point with its confidence interval over the replications, ' +
      'and the load and delivery curves of each point. Pick the campaign window in the time picker (the study start).',
  )
    .withVariable(campaignVariable())
    .withVariable(metricVariable())
    .withVariable(pointVariable());

  d.withRow(new RowBuilder('$metric by point'));
  d.withPanel(
    new TrendBuilder()
      .title('$metric by point: mean and interval')
      .description(
        'Mean over the replications of each point (common seeds), with the two-sided Student-t interval of statistics.json ' +
          '(sweep --confidence, default 95 %) as a band. Point indices are those of campaign.json.',
      )
      .datasource(DATASOURCE)
      .xField('index')
      .lineWidth(2)
      .showPoints(VisibilityMode.Always)
      .pointSize(6)
      .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom))
      .overrideByName('high', [
        { id: 'custom.fillBelowTo', value: 'low' },
        { id: 'custom.fillOpacity', value: 20 },
        { id: 'custom.lineWidth', value: 0 },
        { id: 'displayName', value: 'interval high' },
      ])
      .overrideByName('low', [
        { id: 'custom.lineWidth', value: 0 },
        { id: 'displayName', value: 'interval low' },
      ])
      .overrideByName('n', [{ id: 'custom.hideFrom', value: { legend: true, tooltip: false, viz: true } }])
      .overrideByName('sd', [{ id: 'custom.hideFrom', value: { legend: true, tooltip: false, viz: true } }])
      .overrideByName('confidence', [{ id: 'custom.hideFrom', value: { legend: true, tooltip: false, viz: true } }])
      .withTransformation(sortByIndex)
      .withTarget(influxql('A', STATISTICS).resultFormat('table'))
      .height(11)
      .span(16),
  );
  d.withPanel(
    new TableBuilder()
      .title('$metric: statistics by point')
      .description('n (finished replications), mean, sample sd, and the interval low and high at the stated confidence.')
      .datasource(DATASOURCE)
      .withTransformation(sortByIndex)
      .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName: { index: 'point' } } })
      .withTarget(influxql('A', STATISTICS).resultFormat('table'))
      .height(11)
      .span(8),
  );

  d.withRow(new RowBuilder('Runs by point'));
  d.withPanel(
    timeseries('Load with DR by point', 'Total load with DR per minute, mean over the point\'s replications (and over the interval).', 'kwatt')
      .min(0)
      .withTarget(influxql('A', loadByPoint('dr_kw', 'with DR'), 'point $tag_point')),
  );
  d.withPanel(
    timeseries('Load shed by point', 'Baseline minus actual load per minute, mean over the point\'s replications (and over the interval).', 'kwatt').withTarget(
      influxql('A', loadByPoint('shed_kw', 'shed'), 'point $tag_point'),
    ),
  );
  d.withPanel(
    latencyTimeseries('High-priority delivery p99 by point', 'Worst per-minute p99 of high-priority deliveries among the point\'s replications; the line is NFR-04\'s 120 s.')
      .span(24)
      .withTarget(
        influxql(
          'A',
          `SELECT max("p99_s") AS "p99" FROM "delivery" ${whereCampaign(POINT, `"priority" = 'high'`)} ${groupByInterval('point')} fill(null)`,
          'point $tag_point',
        ),
      ),
  );

  return tidyDashboard(numberPanels(d.build()));
}
