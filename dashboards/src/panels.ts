/** Panel defaults shared by both dashboards. */
import { ThresholdsConfigBuilder, ThresholdsMode, type Dashboard, type Panel, type RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  BarGaugeDisplayMode,
  BarGaugeValueMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  GraphDrawStyle,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizOrientation,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { DATASOURCE, SLA_S } from './influxql.ts';

/**
 * The simulator writes one point per simulated minute, so no panel asks for buckets finer than a minute
 * (the datasource's min interval is also 1m).
 */
export const MIN_INTERVAL = '1m';

/** Threshold steps: nothing below `value`, `color` above it. */
export function thresholdAbove(value: number, color = 'red', base = 'transparent'): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: base },
    { value, color },
  ]);
}

/** The NFR-04 line: a 120 s threshold line with the region above it shaded red. */
export function slaThresholds(): ThresholdsConfigBuilder {
  return thresholdAbove(SLA_S);
}

export function timeseries(title: string, description: string, unit: string): TimeseriesBuilder {
  return new TimeseriesBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .interval(MIN_INTERVAL)
    .unit(unit)
    .lineWidth(1)
    .fillOpacity(10)
    .spanNulls(false)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Bottom)
        .calcs(['max', 'mean']),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .height(9)
    .span(12);
}

/** A latency chart against the SLA: threshold line at 120 s, red region above. */
export function latencyTimeseries(title: string, description: string): TimeseriesBuilder {
  return timeseries(title, description, 's')
    .min(0)
    .thresholds(slaThresholds())
    .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.LineAndArea));
}

/** Counts per interval drawn as stacked bars. */
export function countBars(title: string, description: string): TimeseriesBuilder {
  return timeseries(title, description, 'short')
    .min(0)
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Bottom)
        .calcs(['sum']),
    );
}

/** A single number over the dashboard's range; `calc` reduces the interval series (sum, max, …). */
export function stat(title: string, description: string, unit: string, calc: string): StatBuilder {
  const b = new StatBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .interval(MIN_INTERVAL)
    .unit(unit)
    .reduceOptions(new ReduceDataOptionsBuilder().values(false).calcs([calc]).fields(''))
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.Value)
    .textMode(BigValueTextMode.ValueAndName)
    .orientation(VizOrientation.Auto)
    .height(5)
    .span(6);
  // The simulator writes a counter only in minutes where it moved: no points means zero, not "No data".
  return calc === 'sum' ? b.noValue('0') : b;
}

/** One bar per series, reduced over the range with `calc`. */
export function barGauge(title: string, description: string, unit: string, calc: string): BarGaugeBuilder {
  return new BarGaugeBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .interval(MIN_INTERVAL)
    .unit(unit)
    .min(0)
    .reduceOptions(new ReduceDataOptionsBuilder().values(false).calcs([calc]).fields(''))
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Gradient)
    .valueMode(BarGaugeValueMode.Text)
    .showUnfilled(true)
    .height(14)
    .span(24);
}

/**
 * Gives every panel (and row) a stable id in layout order; the SDK leaves them unset (rows at 0), and
 * Grafana needs unique ids for links, repeats and "view panel".
 */
export function numberPanels(dashboard: Dashboard): Dashboard {
  let id = 0;
  const visit = (panels: (Panel | RowPanel)[] | undefined): void => {
    for (const p of panels ?? []) {
      p.id = ++id;
      if (p.type === 'row') visit((p as RowPanel).panels);
    }
  };
  visit(dashboard.panels);
  return dashboard;
}
