/** Metric sinks: the embedded line-protocol file and the InfluxDB 1.x stream with its disk spool. */
export { FileSink, METRICS_FILE_NAME, type FileSinkOptions } from './file-sink.ts';
export {
  InfluxSink,
  InfluxSpoolError,
  InvalidInfluxUrl,
  parseInfluxUrl,
  listSpool,
  ReplayError,
  replaySpool,
  type InfluxSinkOptions,
  type InfluxSinkStats,
  type InfluxTarget,
} from './influx-sink.ts';
export {
  InvalidMetricPoint,
  nsTimestamp,
  parseLineProtocol,
  parsedToPoint,
  toLineProtocol,
  type LineProtocolOptions,
  type ParsedLine,
} from './line-protocol.ts';
