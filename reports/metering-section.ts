/**
 * The report's NFR-03 section: the meter's usage feed to HAN devices — how many devices subscribed, the reports
 * sent on the period and on a change, their HAN delivery, and the verdict on the age of the demand devices held.
 */
import type { Summary } from '../models/run-result.ts';
import { esc } from './svg/escape.ts';
import { formatNumber, formatSig, NOT_APPLICABLE } from './svg/format.ts';

export function meteringSection(s: Summary): string {
  const m = s.metering;
  if (!m || m.subscribers === 0) return `<p class="note">No HAN device subscribed to the meter's usage feed in this run (<code>metering.subscribers</code>).</p>`;
  const a = m.age, r = m.reports;
  const verdict =
    a.verdict === 'none'
      ? `<p class="note">No device held a metering value: nothing to judge against ${esc(String(a.sla_s))} s.</p>`
      : `<p><span class="${a.verdict === 'met' ? 'ok-mark' : 'bad-mark'}">NFR-03 ${a.verdict === 'met' ? 'met' : 'MISSED'}</span>: the demand value devices held was at most ${esc(formatSig(a.p99_s, 3))} s old for 99 % of ${esc(formatNumber(Math.round(a.held_device_hours)))} device-hours (threshold ${esc(String(a.sla_s))} s).</p>`;
  const row = (k: string, v: string) => `<tr><th scope="row">${esc(k)}</th><td class="num">${esc(v)}</td></tr>`;
  const n = (x: number) => formatNumber(x);
  const s3 = (x: number | null) => (x === null ? NOT_APPLICABLE : `${formatSig(x, 3)} s`);
  const table =
    `<table class="kv"><thead><tr><th>usage feed (meter → HAN devices)</th><th class="num">value</th></tr></thead><tbody>` +
    [
      row('Subscribing devices', n(m.subscribers)),
      row('Period / reportable change', `${formatSig(m.period_s, 3)} s / ${n(m.reportable_change_w)} W`),
      row('Reports sent (periodic + on change)', `${n(r.sent)} (${n(r.periodic)} + ${n(r.on_change)})`),
      row('Delivered / dropped / stale', `${n(r.delivered)} / ${n(r.dropped)} / ${n(r.stale)}`),
      row('HAN bytes', n(r.bytes)),
      row('Delivery p50 / p99 / max', `${s3(m.latency.p50_s)} / ${s3(m.latency.p99_s)} / ${s3(m.latency.max_s)}`),
      row('Held demand age p50 / p99 / max', `${s3(a.p50_s)} / ${s3(a.p99_s)} / ${s3(a.max_s)}`),
    ].join('') +
    `</tbody></table>`;
  const note = `<p class="note">"Instantly" (NFR-03), measured: the age of the demand value a subscribing device holds — now minus when the meter measured it — over every device and every moment from its first report, time-weighted; its 99th percentile must stay within the study's <code>metering.age_sla_s</code>.</p>`;
  return verdict + table + note;
}
