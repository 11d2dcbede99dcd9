/** `network`: the modelled AMI chain NMS → WAN → collector → RF mesh → meter → HAN (NFR-02, NFR-04, FR-22). */
import { DEFAULT_NETWORK } from './defaults.ts';
import { formatDuration } from './durations.ts';
import { FAULT_KINDS, FIELDS } from './fields.ts';
import { durationLimit, itemsLimit, numberLimit, type LimitKey } from './limits.ts';
import { REQUIRED, isMapping, type Reader } from './read.ts';
import type { LinkParams, Network, NetworkFault } from './types.ts';

/** What the network checks need from other sections (validate-scenario.ts); `undefined` when that value is itself wrong. */
export interface NetworkContext {
  /** The run's duration in ms. */
  duration: number | undefined;
  /** population.customers. */
  customers: number | undefined;
}

export function readNetwork(r: Reader, raw: unknown, ctx: NetworkContext): Network {
  const { duration } = ctx;
  const d = DEFAULT_NETWORK;
  const o = r.map('network', raw, FIELDS.network);
  if (!o) return structuredClone(d);
  const before = r.issues.count;
  const metersPerCollector = r.number('network.meters_per_collector', o.meters_per_collector, d.meters_per_collector, numberLimit('network.meters_per_collector'));
  const collectors = ctx.customers !== undefined && r.issues.count === before ? Math.ceil(ctx.customers / metersPerCollector) : undefined;
  const mesh = r.map('network.rf_mesh', o.rf_mesh, FIELDS['network.rf_mesh']) ?? {};
  const bc = r.map('network.broadcast', o.broadcast, FIELDS['network.broadcast']) ?? {};
  return {
    priority_queuing: r.bool('network.priority_queuing', o.priority_queuing, d.priority_queuing),
    meters_per_collector: metersPerCollector,
    nms_processing_ms: r.limitedDuration('network.nms_processing_ms', o.nms_processing_ms, d.nms_processing_ms, durationLimit('network.nms_processing_ms')),
    wan: readLink(r, 'network.wan', r.map('network.wan', o.wan, FIELDS['network.wan']) ?? {}, d.wan),
    rf_mesh: { ...readLink(r, 'network.rf_mesh', mesh, d.rf_mesh), hops: readHops(r, mesh.hops) },
    han: readLink(r, 'network.han', r.map('network.han', o.han, FIELDS['network.han']) ?? {}, d.han),
    broadcast: {
      latency_ms: r.limitedDuration('network.broadcast.latency_ms', bc.latency_ms, d.broadcast.latency_ms, durationLimit('network.broadcast.latency_ms')),
      bandwidth_Bps: r.number('network.broadcast.bandwidth_Bps', bc.bandwidth_Bps, d.broadcast.bandwidth_Bps, numberLimit('network.broadcast.bandwidth_Bps')),
    },
    background: readBackground(r, o.background, duration),
    faults: readFaults(r, o.faults, { duration, customers: ctx.customers, collectors }),
  };
}

/** The common link fields of an already-checked mapping `o` (missing fields take `d`'s values). */
function readLink(r: Reader, path: 'network.wan' | 'network.rf_mesh' | 'network.han', o: Record<string, unknown>, d: LinkParams): LinkParams {
  const key = (f: keyof LinkParams) => `${path}.${f}` as LimitKey;
  return {
    latency_ms: r.limitedDuration(key('latency_ms'), o.latency_ms, d.latency_ms, durationLimit(key('latency_ms'))),
    bandwidth_Bps: r.number(key('bandwidth_Bps'), o.bandwidth_Bps, d.bandwidth_Bps, numberLimit(key('bandwidth_Bps'))),
    // A loss of 1 would drop everything; allowed, to study a dead link.
    loss: r.number(key('loss'), o.loss, d.loss, numberLimit(key('loss'))),
    max_retries: r.number(key('max_retries'), o.max_retries, d.max_retries, numberLimit(key('max_retries'))),
    retry_timeout_ms: r.limitedDuration(key('retry_timeout_ms'), o.retry_timeout_ms, d.retry_timeout_ms, durationLimit(key('retry_timeout_ms'))),
  };
}

function readHops(r: Reader, v: unknown): Network['rf_mesh']['hops'] {
  const path = 'network.rf_mesh.hops';
  const d = DEFAULT_NETWORK.rf_mesh.hops;
  const o = r.map(path, v, FIELDS['network.rf_mesh.hops']);
  if (!o) return { ...d };
  const min = r.number(`${path}.min`, o.min, d.min, numberLimit('network.rf_mesh.hops.min'));
  const max = r.number(`${path}.max`, o.max, d.max, numberLimit('network.rf_mesh.hops.max'));
  const mean = r.number(`${path}.mean`, o.mean, o.min !== undefined || o.max !== undefined ? (min + max) / 2 : d.mean, numberLimit('network.rf_mesh.hops.mean'));
  if (min > max) r.errorText(`${path}.max`, `a max ≥ min (${min})`, String(max));
  else if (mean < min || mean > max) r.errorText(`${path}.mean`, `a mean from min (${min}) to max (${max})`, String(mean));
  return { min, max, mean };
}

function readBackground(r: Reader, v: unknown, duration: number | undefined): Network['background'] {
  const path = 'network.background';
  const d = DEFAULT_NETWORK.background;
  const o = r.map(path, v, FIELDS['network.background']);
  if (!o) return structuredClone(d);
  const mr = r.map(`${path}.meter_reads`, o.meter_reads, FIELDS['network.background.meter_reads']) ?? {};
  const fw = r.map(`${path}.firmware`, o.firmware, FIELDS['network.background.firmware']) ?? {};
  let at: number | null = d.firmware.at;
  if (fw.at === null) at = null;
  else if (fw.at !== undefined) {
    at = r.limitedDuration(`${path}.firmware.at`, fw.at, 0, durationLimit('network.background.firmware.at'));
    if (duration !== undefined && at > duration) r.error(`${path}.firmware.at`, 'a time within the run (at most the duration), or null for none', fw.at);
  }
  const bytes = r.number(`${path}.firmware.bytes`, fw.bytes, d.firmware.bytes, numberLimit('network.background.firmware.bytes'));
  const block = r.number(`${path}.firmware.block_bytes`, fw.block_bytes, d.firmware.block_bytes, numberLimit('network.background.firmware.block_bytes'));
  if (block > bytes) r.errorText(`${path}.firmware.block_bytes`, `a block no larger than the image (${bytes} bytes)`, String(block));
  return {
    meter_reads: {
      interval: r.limitedDuration(`${path}.meter_reads.interval`, mr.interval, d.meter_reads.interval, durationLimit('network.background.meter_reads.interval')),
      bytes: r.number(`${path}.meter_reads.bytes`, mr.bytes, d.meter_reads.bytes, numberLimit('network.background.meter_reads.bytes')),
    },
    firmware: { at, bytes, block_bytes: block },
  };
}

const FAULT_EXAMPLE = '{at: 2h, kind: wan, index: 0, duration: 15m}';

/** `network.faults`: scheduled outages; `collectors` is undefined when the customer or meters-per-collector count is wrong. */
function readFaults(r: Reader, v: unknown, ctx: NetworkContext & { collectors: number | undefined }): NetworkFault[] {
  const path = 'network.faults';
  if (v === undefined || v === null) return [];
  const list = r.list(path, v, `a list of faults, each such as ${FAULT_EXAMPLE}`);
  if (!list) return [];
  r.withinCount(path, list, list.length, itemsLimit('network.faults'));
  const out: NetworkFault[] = [];
  list.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (!isMapping(item)) {
      r.error(p, `a fault mapping such as ${FAULT_EXAMPLE}`, item);
      return;
    }
    r.unknownKeys(p, item, FIELDS['network.faults[]']);
    const time = r.limitedDuration(`${p}.at`, item.at, REQUIRED, durationLimit('network.faults[].at'));
    if (ctx.duration !== undefined && time > ctx.duration) {
      r.error(`${p}.at`, `a time within the run (0s to ${formatDuration(ctx.duration)})`, item.at);
    }
    const kindOk = (FAULT_KINDS as readonly unknown[]).includes(item.kind);
    const kind = r.choice(`${p}.kind`, item.kind, REQUIRED, FAULT_KINDS);
    const before = r.issues.count;
    const index = r.number(`${p}.index`, item.index, REQUIRED, numberLimit('network.faults[].index'));
    // The range depends on the kind, so it is only checked when the kind and the counts are known.
    if (kindOk && r.issues.count === before) {
      const collectorKind = kind === 'wan' || kind === 'rf';
      const n = collectorKind ? ctx.collectors : ctx.customers;
      if (n !== undefined && index >= n) {
        const what = collectorKind
          ? `a collector index from 0 to ${n - 1} (${n} collector${n === 1 ? '' : 's'}: population.customers / network.meters_per_collector, rounded up)`
          : `a customer index from 0 to ${n - 1} (population.customers is ${n})`;
        r.error(`${p}.index`, what, item.index);
      }
    }
    out.push({ at: time, kind, index, duration: r.limitedDuration(`${p}.duration`, item.duration, REQUIRED, durationLimit('network.faults[].duration')) });
  });
  return out;
}
