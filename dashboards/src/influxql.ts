/**
 * The InfluxDB side of the dashboards: the provisioned datasource they all point at, an InfluxQL target
 * builder, and the WHERE-clause pieces every query shares.
 *
 * Foundation SDK 0.0.21 ships no `influxdb` query package, so this is the SDK's documented route for any
 * other datasource (examples/typescript/custom-query): a `cog.Dataquery` variant with its own builder.
 * The JSON it builds is exactly the target Grafana's InfluxDB plugin stores for a raw InfluxQL query
 * (`query`, `rawQuery: true`, `resultFormat`, `alias`, `refId`, `datasource`).
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';

/** Datasource name and uid; `dashboards/generated/provisioning/datasources/smartconnect.yaml` creates it. */
export const DATASOURCE_NAME = 'smartconnect-influxdb';
export const DATASOURCE_UID = 'scsim-influx';
export const DATASOURCE: common.DataSourceRef = { type: 'influxdb', uid: DATASOURCE_UID };

/** NFR-04: every message within 2 minutes. Drawn as a threshold line with a red region above it. */
export const SLA_S = 120;

export type ResultFormat = 'time_series' | 'table';

/** A raw InfluxQL target as Grafana's InfluxDB plugin stores it. */
export interface InfluxQLQuery extends cog.Dataquery {
  refId?: string;
  hide?: boolean;
  datasource?: common.DataSourceRef;
  /** Raw InfluxQL with Grafana macros ($timeFilter, $__interval) and template variables. */
  query: string;
  /** true: `query` is sent as written (the plugin's "raw query" mode). */
  rawQuery: boolean;
  resultFormat: ResultFormat;
  /** Series name pattern: `$tag_<key>`, `$col`, `$m`. */
  alias?: string;
}

export class InfluxQLQueryBuilder implements cog.Builder<cog.Dataquery> {
  private readonly internal: InfluxQLQuery;

  constructor(query = '') {
    this.internal = {
      datasource: DATASOURCE,
      query,
      rawQuery: true,
      resultFormat: 'time_series',
      _implementsDataqueryVariant() {},
    };
  }

  build(): InfluxQLQuery {
    return this.internal;
  }

  refId(refId: string): this {
    this.internal.refId = refId;
    return this;
  }

  hide(hide: boolean): this {
    this.internal.hide = hide;
    return this;
  }

  datasource(datasource: common.DataSourceRef): this {
    this.internal.datasource = datasource;
    return this;
  }

  query(query: string): this {
    this.internal.query = query;
    return this;
  }

  rawQuery(rawQuery: boolean): this {
    this.internal.rawQuery = rawQuery;
    return this;
  }

  resultFormat(resultFormat: ResultFormat): this {
    this.internal.resultFormat = resultFormat;
    return this;
  }

  alias(alias: string): this {
    this.internal.alias = alias;
    return this;
  }
}

/** Shorthand: a raw time-series InfluxQL target. */
export function influxql(refId: string, query: string, alias?: string): InfluxQLQueryBuilder {
  const b = new InfluxQLQueryBuilder(query).refId(refId);
  return alias === undefined ? b : b.alias(alias);
}

/** `"tag" =~ /^$var$/`: how a (multi-value, All = `.*`) template variable filters a tag. */
export function tagMatches(tag: string, variable: string = tag): string {
  return `"${tag}" =~ /^$${variable}$/`;
}

/** The run filter every query carries. */
export const RUN_FILTER = tagMatches('run_id');

/**
 * `WHERE <run filter> AND <conditions…> AND $timeFilter` — every query (and every inner query of a
 * subquery) is limited to the selected run and the dashboard's time range.
 */
export function where(...conditions: string[]): string {
  return `WHERE ${[RUN_FILTER, ...conditions, '$timeFilter'].join(' AND ')}`;
}

/** `GROUP BY time($__interval)[, "tag"…]`. */
export function groupByInterval(...tags: string[]): string {
  return `GROUP BY ${['time($__interval)', ...tags.map((t) => `"${t}"`)].join(', ')}`;
}
