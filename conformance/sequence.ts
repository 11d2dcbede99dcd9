/**
 * Sequence charts: one device's part of a run as a Mermaid `sequenceDiagram` over the actors of the use
 * case's section 5.2 (Customer, CSR/Web, CSS, NMS, Meter, Appliance, CDCS, MDMS): every message that
 * concerns the device, hop by hop as it travelled (relays dotted, a loss as a cross), labelled with its step,
 * and the steps that are not messages (connect, authenticate, set parameters, view, respond, override) as
 * notes and customer actions. Built from an Observation of a run recorded with deliveries.
 */
import { Ev } from '../models/world/events.ts';
import { CDCS, CSR, CSS, MDMS, NMS, WEB } from '../models/world/ids.ts';
import type { BodyKind } from '../models/wire/codec.ts';
import { State } from '../models/world/messages.ts';
import type { Observation } from './observe.ts';

export const PARTICIPANTS = [
  ['Customer', 'Customer'],
  ['Web', 'CSR / Web'],
  ['CSS', 'CSS'],
  ['NMS', 'NMS'],
  ['Meter', 'Meter'],
  ['Appliance', 'Appliance'],
  ['CDCS', 'CDCS'],
  ['MDMS', 'MDMS'],
] as const;
type Role = (typeof PARTICIPANTS)[number][0] | 'Broadcast';

/** The step (or requirement) a message kind carries out, for arrow labels. */
const STEP_OF: Partial<Record<BodyKind, string>> = {
  registrationRequest: 'S1-01',
  programOffer: 'S1-02/S1-03',
  programSelection: 'S1-04',
  registrationResult: 'S1-02/S1-17',
  commissioningRequest: 'S1-06',
  bindRequest: 'S1-07',
  deviceIdentification: 'S1-08',
  authenticationParameters: 'S1-10',
  authenticationAck: 'S1-12',
  connectionAuthenticated: 'S1-13',
  configurationRequest: 'S1-14',
  configurationMessage: 'S1-15',
  configurationConfirmation: 'S1-16',
  configurationForward: 'S1-17',
  priceSignal: 'S2-01',
  loadControlEvent: 'S2-01',
  textMessage: 'S2-01',
  publicAlert: 'S2-01',
  powerSystemCondition: 'S2-01',
  touSchedule: 'S2-01',
  priceEventNotice: 'S2-01',
  eventInProgress: 'S2-01',
  endOfEvent: 'S2-01',
  loadControlSchedule: 'S2-01',
  billingCycleStart: 'S2-01',
  eventResponse: 'S2-02',
  messageConfirmation: 'S2-02',
  overrideNotice: 'S2-06',
  overrideForward: 'S2-07',
  overrideToMdms: 'S2-07',
  applianceReport: 'S2-08',
  diagnosticTest: 'FR-13',
  diagnosticResult: 'FR-13',
  deviceManagement: 'FR-03',
};

/** Steps without a message of their own, drawn as notes or customer actions. */
const STEP_NOTES: Record<string, (role: string) => string> = {
  'S1-05': () => 'Customer->>Appliance: connects the appliance (S1-05)',
  'S1-09': () => 'Note over NMS: authenticates meter id and device id (S1-09)',
  'S1-11': () => 'Note over Appliance: sets the authentication parameters (S1-11)',
  'S2-03': () => 'Note over Customer,Appliance: the customer views a stored message (S2-03)',
  'S2-04': () => 'Note over Appliance: executes the programmed response (S2-04)',
  'S2-05': () => 'Customer->>Appliance: overrides the response (S2-05)',
};

export interface SequenceOptions {
  /** At most this many arrows and notes (a long run reports every hour). */
  maxLines?: number;
  /** Only what happened in [from, to] ms. */
  from?: number;
  to?: number;
  /** Prefix each line with its simulated time. */
  times?: boolean;
}

function roleOf(o: Observation, actor: number): Role | null {
  const ids = o.w.ids;
  if (actor === CSS) return 'CSS';
  if (actor === NMS) return 'NMS';
  if (actor === CDCS) return 'CDCS';
  if (actor === MDMS) return 'MDMS';
  if (actor === WEB || actor === CSR) return 'Web';
  if (actor >= ids.device0) return 'Appliance';
  if (actor >= ids.customer0) return 'Customer';
  if (actor >= ids.meter0) return 'Meter';
  if (actor >= ids.broadcast0) return 'Broadcast';
  return null;
}

const hms = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** The roles message m visited, in order, starting with its sender. */
function pathOf(o: Observation, m: number, d: number): Role[] {
  const src = roleOf(o, o.msgs.src[m]);
  const path: Role[] = src && src !== 'Broadcast' ? [src] : ['CDCS'];
  for (const h of o.hops[m] ?? []) {
    if (h.type !== Ev.ARRIVE && h.type !== Ev.HAN_ENQ) continue;
    if (h.actor >= o.w.ids.device0 && h.actor !== o.w.deviceActor(d)) continue;
    const r = roleOf(o, h.actor);
    if (r && r !== 'Broadcast' && r !== path[path.length - 1]) path.push(r);
  }
  return path;
}

/** A Mermaid sequence diagram of device d's part of the run. */
export function sequenceDiagram(o: Observation, d: number, options: SequenceOptions = {}): string {
  const max = options.maxLines ?? 80;
  const from = options.from ?? 0;
  const to = options.to ?? Infinity;
  const msgs = o.msgs;
  const events: { at: number; order: number; lines: string[] }[] = [];
  const publicHeard = new Map<number, number>();
  for (const a of o.accepted) if (a.d === d && msgs.pub[a.m]) publicHeard.set(a.m, a.at);
  for (let m = 0; m < msgs.count; m++) {
    const mine = msgs.device[m] === d || o.deviceOf(msgs.src[m]) === d || publicHeard.has(m);
    if (!mine) continue;
    const at = msgs.created[m];
    if (at < from || at > to) continue;
    const kind = msgs.kindName(m);
    const label = `${kind}${STEP_OF[kind] ? ` (${STEP_OF[kind]})` : ''}`;
    const lines: string[] = [];
    if (msgs.pub[m]) {
      lines.push(`CDCS-)Appliance: ${label}, public broadcast`);
    } else {
      const path = pathOf(o, m, d);
      const lost = msgs.state[m] === State.DROPPED;
      for (let i = 0; i + 1 < path.length; i++) lines.push(`${path[i]}${i === 0 ? '->>' : '-->>'}${path[i + 1]}: ${i === 0 ? label : 'relays'}`);
      if (path.length === 1 || lost) {
        const dst = roleOf(o, msgs.dst[m]) ?? 'NMS';
        lines.push(`${path[path.length - 1]}-x${dst === path[path.length - 1] ? 'NMS' : dst}: ${path.length === 1 ? label : kind} ${lost ? 'lost' : 'not delivered'}`);
      }
    }
    events.push({ at, order: m, lines: options.times ? lines.map((l) => `${l} @${hms(at)}`) : lines });
  }
  for (const r of o.steps) {
    if (r.d !== d || !(r.id in STEP_NOTES) || r.at < from || r.at > to) continue;
    const line = STEP_NOTES[r.id]('Appliance');
    events.push({ at: r.at, order: r.m >= 0 ? r.m + 0.5 : Number.MAX_SAFE_INTEGER, lines: [options.times ? `${line} @${hms(r.at)}` : line] });
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  const out = ['sequenceDiagram', ...PARTICIPANTS.map(([id, name]) => (id === name ? `  participant ${id}` : `  participant ${id} as ${name}`))];
  let n = 0;
  for (const e of events) {
    for (const l of e.lines) {
      if (n++ >= max) break;
      out.push(`  ${l}`);
    }
    if (n > max) {
      out.push(`  Note over Customer,MDMS: … ${events.reduce((a, x) => a + x.lines.length, 0) - max} more`);
      break;
    }
  }
  return out.join('\n') + '\n';
}

/** The device whose trace walks the most distinct steps (ties: the lowest index). */
export function exemplaryDevice(o: Observation): number {
  const distinct = new Map<number, Set<string>>();
  for (const r of o.steps) {
    if (r.d < 0) continue;
    let s = distinct.get(r.d);
    if (!s) distinct.set(r.d, (s = new Set()));
    s.add(r.id);
  }
  let best = 0, bestN = -1;
  for (const [d, s] of distinct) if (s.size > bestN || (s.size === bestN && d < best)) [best, bestN] = [d, s.size];
  return best;
}

/** Which steps device d walked, in order of first occurrence, with counts. */
export function stepsWalked(o: Observation, d: number): { id: string; count: number; first: number }[] {
  const out = new Map<string, { id: string; count: number; first: number }>();
  for (const r of o.steps) {
    if (r.d !== d) continue;
    const e = out.get(r.id);
    if (e) e.count++;
    else out.set(r.id, { id: r.id, count: 1, first: r.at });
  }
  return [...out.values()];
}
