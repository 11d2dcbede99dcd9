/**
 * Template variables. Multi-value variables include "All" with the custom all value `.*`, so a query
 * `"tag" =~ /^$var$/` becomes `/^.*$/` for All and `/^(a|b)$/` for a selection (Grafana's InfluxDB
 * formatting: values regex-escaped, joined with `|`, in parentheses).
 */
import {
  CustomVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
  type VariableOption,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE } from './influxql.ts';

/** The custom all value of every multi-value variable. */
export const ALL_VALUE = '.*';

/** Variables whose "All" means every value (`.*`); fillMacros() treats a missing one as All. */
export const MULTI_VARIABLES = ['region', 'priority', 'appliance_type', 'point'] as const;
export type MultiVariable = (typeof MULTI_VARIABLES)[number];

const ALL: VariableOption = { selected: true, text: ['All'], value: ['$__all'] };

/** One run at a time: the `run_id` tag values InfluxDB holds for `delivery`. */
export function runIdVariable(): QueryVariableBuilder {
  const query = 'SHOW TAG VALUES FROM "delivery" WITH KEY = "run_id"';
  return new QueryVariableBuilder('run_id')
    .label('Run')
    .description('The simulation run (summary.json run_id).')
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalDesc)
    .multi(false)
    .includeAll(false);
}

function tagValuesVariable(name: string, label: string, measurement: string, description: string): QueryVariableBuilder {
  const query = `SHOW TAG VALUES FROM "${measurement}" WITH KEY = "${name}"`;
  return new QueryVariableBuilder(name)
    .label(label)
    .description(description)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(ALL_VALUE)
    .current(ALL);
}

export function regionVariable(): QueryVariableBuilder {
  return tagValuesVariable('region', 'Region', 'load', 'Regions of the population (load and overrides).');
}

export function applianceTypeVariable(): QueryVariableBuilder {
  return tagValuesVariable('appliance_type', 'Appliance type', 'load', 'Appliance types (load).');
}

export function priorityVariable(): CustomVariableBuilder {
  return new CustomVariableBuilder('priority')
    .label('Priority')
    .description('Message priority (NFR-02: DR and utility messages ahead of meter reads).')
    .values('low,medium,high')
    .options([
      { selected: true, text: 'All', value: '$__all' },
      { selected: false, text: 'low', value: 'low' },
      { selected: false, text: 'medium', value: 'medium' },
      { selected: false, text: 'high', value: 'high' },
    ])
    .multi(true)
    .includeAll(true)
    .allValue(ALL_VALUE)
    .current(ALL);
}

/** One campaign at a time: the `campaign` tag values of the per-point statistics (`scsim sweep --influx`). */
export function campaignVariable(): QueryVariableBuilder {
  const query = 'SHOW TAG VALUES FROM "campaign_point" WITH KEY = "campaign"';
  return new QueryVariableBuilder('campaign')
    .label('Campaign')
    .description('The campaign (scsim sweep --influx): sweep-<study>-<hash of its runs>, the name of its default folder.')
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalDesc)
    .multi(false)
    .includeAll(false);
}

/** One summary.json metric of the campaign's statistics (sweep --metric). */
export function metricVariable(): QueryVariableBuilder {
  const query = 'SHOW TAG VALUES FROM "campaign_point" WITH KEY = "metric" WHERE "campaign" =~ /^$campaign$/';
  return new QueryVariableBuilder('metric')
    .label('Metric')
    .description('A summary.json field the sweep summarised (its --metric list, or the default headline metrics).')
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(false)
    .includeAll(false);
}

/** Points of the campaign (their indices; campaign.json and statistics.json give their values). */
export function pointVariable(): QueryVariableBuilder {
  const query = 'SHOW TAG VALUES FROM "campaign_point" WITH KEY = "point" WHERE "campaign" =~ /^$campaign$/';
  return new QueryVariableBuilder('point')
    .label('Point')
    .description('Campaign points by index (campaign.json lists each point\'s values).')
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.NumericalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(ALL_VALUE)
    .current(ALL);
}
