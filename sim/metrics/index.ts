/** Public API of the mergeable, deterministic metrics layer. */
export {
  DDSketch,
  DEFAULT_ALPHA,
  DEFAULT_SUM_DECIMALS,
  MIN_INDEXABLE_VALUE,
  type DDSketchJSON,
  type DDSketchOptions,
} from './ddsketch.ts';
export {
  Counter,
  Gauge,
  MaxGauge,
  Series,
  type GaugeJSON,
  type SeriesJSON,
  type SeriesSnapshot,
} from './instruments.ts';
export { metricKey, parseMetricKey, type TagValue, type Tags } from './keys.ts';
export {
  MetricsRegistry,
  type MetricKind,
  type RegistryJSON,
  type RegistryOptions,
  type RegistrySnapshot,
  type SketchSummary,
} from './registry.ts';
