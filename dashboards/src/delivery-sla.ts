/**
 * "C5 delivery SLA": does every message reach the appliance within 2 minutes (NFR-04), with DR traffic
 * ahead of meter reads (NFR-02)? Latency percentiles by priority and by message kind, the within-SLA
 * share, the queues on every link, messages in flight, sent/delivered/dropped, and the background
 * traffic that competes for the links.
 *
 * Aggregation over a Grafana interval (which spans one or more simulated minutes):
 * - the per-minute series the simulator writes are exact for their minute (percentiles come from
 *   mergeable sketches of that minute);
 * - a percentile over several minutes cannot be rebuilt from per-minute percentiles: `max` of per-minute
 *   p95/p99 is a conservative (upper) approximation, `mean` of per-minute p50 a rough one. At a 1-minute
 *   interval (zoom in, or a run of a few hours) every value shown is exact. summary.json holds the exact
 *   whole-run percentiles;
 * - counts are summed, maxima take the max, gauges (queue depth, in flight) take max and mean;
 * - the within-SLA share is weighted by each minute's delivery count (a subquery), so it is exact for
 *   any interval.
 */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { AxisPlacement } from '@grafana/grafana-foundation-sdk/common';
import { groupByInterval, influxql, tagMatches, where } from './influxql.ts';
import { barGauge, countBars, latencyTimeseries, numberPanels, stat, thresholdAbove, timeseries } from './panels.ts';
import { priorityVariable } from './variables.ts';
import { c5Dashboard, tidyDashboard } from './common.ts';

export const DELIVERY_SLA_UID = 'scsim-c5-delivery-sla';

const PRIORITY = tagMatches('priority');
/** Minutes without deliveries carry no latency; leave them out of percentile aggregates. */
const DELIVERED = '"count" > 0';

export function deliverySlaDashboard(): Dashboard {
  const d = c5Dashboard('C5 delivery SLA', DELIVERY_SLA_UID, 'SmartConnect C5: message delivery latency against the 2-minute SLA (NFR-04), priority queuing (NFR-02), ' +
        'network queues and background traffic, per simulation run.')
    .withVariable(priorityVariable());

  d.withRow(new RowBuilder('Overview'));
  d.withPanel(
    stat('Deliveries', 'Messages delivered to their destination in the selected range and priorities.', 'short', 'sum').withTarget(
      influxql('A', `SELECT sum("count") AS "deliveries" FROM "delivery" ${where(PRIORITY)} ${groupByInterval()} fill(null)`),
    ),
  );
  d.withPanel(
    stat('Dropped', 'Messages lost after every retry (selected priorities).', 'short', 'sum')
      .thresholds(thresholdAbove(1, 'red', 'green'))
      .withTarget(influxql('A', `SELECT sum("dropped") AS "dropped" FROM "messages" ${where(PRIORITY)} ${groupByInterval()} fill(null)`)),
  );
  d.withPanel(
    stat(
      'Worst minute p99 by priority',
      'Largest per-minute p99 delivery latency in the range; red above the 120 s SLA. The exact whole-run p99 is in summary.json.',
      's',
      'max',
    )
      .thresholds(thresholdAbove(120, 'red', 'green'))
      .withTarget(
        influxql(
          'A',
          `SELECT max("p99_s") AS "p99" FROM "delivery" ${where(PRIORITY, DELIVERED)} ${groupByInterval('priority')} fill(null)`,
          '$tag_priority',
        ),
      ),
  );
  d.withPanel(
    stat('Peak queue depth by link', 'Largest queue depth seen on each link class.', 'short', 'max').withTarget(
      influxql('A', `SELECT max("max") AS "max" FROM "queue_depth" ${where()} ${groupByInterval('link')} fill(null)`, '$tag_link'),
    ),
  );

  d.withRow(new RowBuilder('Delivery latency (NFR-04: within 120 s)'));
  d.withPanel(
    latencyTimeseries(
      'Delivery latency: $priority priority',
      'p50 (mean of per-minute p50), p95 and p99 (max of per-minute values: conservative) and max, against the 120 s SLA. ' +
        'Exact per minute; over longer intervals percentiles of percentiles are approximations.',
    )
      .repeat('priority')
      .repeatDirection('h')
      .maxPerRow(3)
      .span(24)
      .withTarget(
        influxql(
          'A',
          `SELECT mean("p50_s") AS "p50", max("p95_s") AS "p95", max("p99_s") AS "p99", max("max_s") AS "max" ` +
            `FROM "delivery" ${where(PRIORITY, DELIVERED)} ${groupByInterval('priority')} fill(null)`,
          '$tag_priority $col',
        ),
      ),
  );
  d.withPanel(
    timeseries(
      'Delivered within SLA by priority',
      'Share of deliveries within 120 s: sum over minutes of within_sla × count, divided by the deliveries (exact for any interval).',
      'percentunit',
    )
      .min(0)
      .max(1)
      .withTarget(
        influxql(
          'A',
          `SELECT sum("ok") / sum("count") AS "within SLA" FROM (` +
            `SELECT "within_sla" * "count" AS "ok", "count" FROM "delivery" ${where(PRIORITY, DELIVERED)} GROUP BY "priority"` +
            `) WHERE $timeFilter ${groupByInterval('priority')} fill(null)`,
          '$tag_priority',
        ),
      ),
  );
  d.withPanel(
    latencyTimeseries('Latency p99 by message kind', 'Max of per-minute p99 delivery latency for each kind of message, against the 120 s SLA.').withTarget(
      influxql('A', `SELECT max("p99_s") AS "p99" FROM "delivery_kind" ${where(DELIVERED)} ${groupByInterval('kind')} fill(null)`, '$tag_kind'),
    ),
  );

  d.withRow(new RowBuilder('Network'));
  d.withPanel(
    timeseries('Queue depth by link', 'Messages waiting per link class (wan, rf, han, broadcast): max and mean of the per-minute values.', 'short')
      .min(0)
      .withTarget(
        influxql(
          'A',
          `SELECT max("max") AS "max", mean("mean") AS "mean" FROM "queue_depth" ${where()} ${groupByInterval('link')} fill(null)`,
          '$tag_link $col',
        ),
      ),
  );
  d.withPanel(
    timeseries('Messages in flight', 'Messages sent and not yet delivered or dropped.', 'short')
      .min(0)
      .withTarget(
        influxql('A', `SELECT max("messages") AS "peak", mean("messages") AS "mean" FROM "in_flight" ${where()} ${groupByInterval()} fill(null)`),
      ),
  );
  d.withPanel(
    timeseries('Messages sent, delivered, dropped', 'Per interval, selected priorities.', 'short')
      .min(0)
      .withTarget(
        influxql(
          'A',
          `SELECT sum("sent") AS "sent", sum("delivered") AS "delivered", sum("dropped") AS "dropped" ` +
            `FROM "messages" ${where(PRIORITY)} ${groupByInterval()} fill(null)`,
        ),
      ),
  );
  d.withPanel(
    countBars('Dropped messages by kind', 'Messages lost after every retry, per interval, by kind (selected priorities).').withTarget(
      influxql('A', `SELECT sum("dropped") AS "dropped" FROM "messages" ${where(PRIORITY)} ${groupByInterval('kind')} fill(null)`, '$tag_kind'),
    ),
  );
  d.withPanel(
    countsAndBytes(
      'Background traffic',
      'Interval meter reads and firmware blocks competing with C5 messages for the links: messages (left) and bytes (right) per interval.',
      `SELECT sum("messages") AS "messages", sum("bytes") AS "bytes" FROM "background" ${where()} ${groupByInterval('class')} fill(null)`,
      '$tag_class $col',
    ),
  );
  d.withPanel(
    countsAndBytes(
      'HAN usage feed (NFR-03)',
      'Metering reports from meters to subscribing HAN devices (demand and summation): sent, delivered and dropped (left) and bytes (right) per interval; they queue behind C5 messages on the HAN.',
      `SELECT sum("sent") AS "sent", sum("delivered") AS "delivered", sum("dropped") AS "dropped", sum("bytes") AS "bytes" FROM "metering" ${where()} ${groupByInterval()} fill(null)`,
      '$col',
    ),
  );
  d.withRow(new RowBuilder('Delivery by kind'));
  d.withPanel(
    barGauge('Worst minute p99 by message kind', 'Largest per-minute p99 latency of each kind in the range; red above 120 s.', 's', 'max')
      .thresholds(thresholdAbove(120, 'red', 'green'))
      .height(10)
      .withTarget(
        influxql('A', `SELECT max("p99_s") AS "p99" FROM "delivery_kind" ${where(DELIVERED)} ${groupByInterval('kind')} fill(null)`, '$tag_kind'),
      ),
  );

  return tidyDashboard(numberPanels(d.build()));
}

/** A full-width time series of counts (left axis) and `…bytes` fields (right axis, in bytes). */
function countsAndBytes(title: string, description: string, query: string, legend: string) {
  return timeseries(title, description, 'short')
    .min(0)
    .overrideByRegexp('.*bytes$', [
      { id: 'unit', value: 'decbytes' },
      { id: 'custom.axisPlacement', value: AxisPlacement.Right },
    ])
    .span(24)
    .withTarget(influxql('A', query, legend));
}
