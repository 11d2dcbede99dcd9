/**
 * OI-3: public messages fed into the utility system from emergency agencies' CAP 1.2 feeds. The oracle
 * reads each feed of the study (the XML itself, with fast-xml-parser, not the model's reader) and the mapping
 * the README documents — regions by area, priority by urgency/severity/certainty, kind by category, a text
 * per study language from the info blocks — and checks what every device heard.
 */
import { XMLParser } from 'fast-xml-parser';
import { AlertKind, AlertSeverity, Priority } from '../../models/wire/codec.ts';
import type { Observation } from '../observe.ts';
import { StudyTime } from './local-time.ts';
import { check, devicesInRegion, fmtT, type Check } from './util.ts';

type Obj = Record<string, unknown>;

interface Info {
  language: string;
  category: string;
  urgency: string;
  severity: string;
  certainty: string;
  text: string;
  expires?: number;
  areas: { desc: string; codes: string[] }[];
}

interface Feed {
  identifier: string;
  sender: string;
  sent: number;
  status: string;
  scope: string;
  msgType: string;
  references: string[];
  infos: Info[];
}

const many = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

function readFeed(xml: string): Feed {
  const doc = new XMLParser({ removeNSPrefix: true, parseTagValue: false, trimValues: true }).parse(xml) as Obj;
  const a = doc.alert as Obj;
  return {
    identifier: str(a.identifier),
    sender: str(a.sender),
    sent: Date.parse(str(a.sent)),
    status: str(a.status),
    scope: str(a.scope),
    msgType: str(a.msgType),
    references: str(a.references).split(/\s+/).filter(Boolean).map((t) => t.split(',').slice(0, 2).join(',')),
    infos: many(a.info).map((x) => {
      const i = x as Obj;
      const expires = str(i.expires);
      return {
        language: str(i.language) || 'en-US',
        category: str(many(i.category)[0]),
        urgency: str(i.urgency),
        severity: str(i.severity),
        certainty: str(i.certainty),
        text: str(i.headline) || str(i.event),
        expires: expires ? Date.parse(expires) : undefined,
        areas: many(i.area).map((y) => {
          const ar = y as Obj;
          return { desc: str(ar.areaDesc), codes: many(ar.geocode).map((g) => `${str((g as Obj).valueName)}=${str((g as Obj).value)}`) };
        }),
      };
    }),
  };
}

/** README "OI-3" table: severity and urgency → class; an Unlikely event is low whatever else. */
function expectedPriority(i: Info): 'high' | 'medium' | 'low' {
  if (i.certainty === 'Unlikely') return 'low';
  if (i.severity === 'Extreme' || i.severity === 'Severe') return i.urgency === 'Immediate' || i.urgency === 'Expected' ? 'high' : i.urgency === 'Past' ? 'low' : 'medium';
  if (i.severity === 'Moderate') return i.urgency === 'Immediate' || i.urgency === 'Expected' ? 'medium' : 'low';
  return 'low';
}

const PRIORITY_WIRE = { high: Priority.PRIORITY_HIGH, medium: Priority.PRIORITY_MEDIUM, low: Priority.PRIORITY_LOW } as const;
const RANK = { low: 0, medium: 1, high: 2 } as const;
const SEVERITY_WIRE: Record<string, number> = { Extreme: AlertSeverity.ALERT_SEVERITY_EMERGENCY, Severe: AlertSeverity.ALERT_SEVERITY_WARNING, Moderate: AlertSeverity.ALERT_SEVERITY_WATCH, Minor: AlertSeverity.ALERT_SEVERITY_ADVISORY, Unknown: AlertSeverity.ALERT_SEVERITY_ADVISORY };

function expectedKind(f: Feed, i: Info): number {
  if (f.msgType === 'Cancel') return AlertKind.ALERT_END_OF_ALERT;
  return i.category === 'Met' ? AlertKind.ALERT_WEATHER : i.category === 'Infra' ? AlertKind.ALERT_GRID_RELIABILITY : AlertKind.ALERT_ENVIRONMENTAL;
}

/** The study's regions (indices) an info block reaches. */
function regionsOf(o: Observation, i: Info): number[] {
  const names = o.s.population.regions.map((r) => r.name);
  if (i.areas.length === 0) return names.map((_, r) => r);
  const out = new Set<number>();
  for (const a of i.areas) {
    const mapped = [a.desc, ...a.codes].flatMap((k) => o.s.public_alerts.areas[k] ?? []);
    if (mapped.length > 0) for (const n of mapped) out.add(names.indexOf(n));
    else out.add(names.findIndex((n) => n.toLowerCase() === a.desc.toLowerCase()));
  }
  return [...out];
}

/** The variant a study language gets: its own tag, else its primary language, else the first block's. */
function textFor(infos: Info[], lang: string): string {
  const l = lang.toLowerCase();
  const hit = infos.find((i) => i.language.toLowerCase() === l) ?? infos.find((i) => i.language.toLowerCase().split('-')[0] === l.split('-')[0]);
  return (hit ?? infos[0]).text;
}

export const OI_3: Check = check((o, v) => {
  const feeds = o.s.public_alerts.cap.map((c) => readFeed(c.xml));
  if (feeds.length === 0) return;
  const epoch0 = new StudyTime(o.s.start, o.s.time_zone).epoch0;
  const langs = Object.keys(o.s.population.languages);
  const slaMs = o.s.sla_s * 1000;
  // Every public alert each device accepted: when it was created, its variants, how it arrived.
  const heard = new Map<number, { m: number; at: number; created: number; texts: Map<string, string> }[]>();
  for (const a of o.accepted) {
    if (!o.msgs.pub[a.m] || o.kind(a.m) !== 'publicAlert') continue;
    const e = o.env(a.m);
    const texts = new Map((e?.publicAlert?.variants ?? []).map((x) => [x.language ?? '', x.text ?? '']));
    const list = heard.get(a.d) ?? [];
    list.push({ m: a.m, at: a.at, created: o.msgs.created[a.m], texts });
    heard.set(a.d, list);
  }
  feeds.forEach((f, k) => {
    const at = f.sent - epoch0;
    if (at > o.settledBefore()) return;
    const actionable = f.status === 'Actual' && f.scope === 'Public' && ['Alert', 'Update', 'Cancel'].includes(f.msgType);
    let infos = f.infos;
    if (infos.length === 0 && f.msgType === 'Cancel') infos = feeds.filter((g) => f.references.includes(`${g.sender},${g.identifier}`)).flatMap((g) => g.infos);
    const ownTexts = new Set(infos.map((i) => i.text));
    const reached = new Set<number>();
    if (actionable) {
      for (let r = 0; r < o.s.population.regions.length; r++) {
        const here = infos.filter((i) => regionsOf(o, i).includes(r));
        if (here.length === 0) continue;
        reached.add(r);
        const priority = here.map(expectedPriority).reduce((x, y) => (RANK[y] > RANK[x] ? y : x));
        const severity = Math.max(...here.map((i) => SEVERITY_WIRE[i.severity]));
        const kind = expectedKind(f, here[0]);
        const want = new Map(langs.map((l) => [l, textFor(here, l)]));
        const label = `CAP feed ${k} (${o.s.public_alerts.cap[k].file}) in region ${o.s.population.regions[r].name}`;
        for (const d of devicesInRegion(o, r)) {
          const got = (heard.get(d) ?? []).filter((h) => h.created === at && [...want].every(([l, t]) => h.texts.get(l) === t));
          if (!v.expect(got.length === 1, () => `device ${d}: ${label} heard ${got.length} times (want once, variants ${JSON.stringify(Object.fromEntries(want))})`)) continue;
          const h = got[0];
          const e = o.env(h.m)!;
          v.expect(e.header.priority === PRIORITY_WIRE[priority], () => `device ${d}: ${label} at priority ${e.header.priority}, want ${priority}`);
          v.expect(e.publicAlert?.kind === kind && e.publicAlert?.severity === severity, () => `device ${d}: ${label} kind ${e.publicAlert?.kind} severity ${e.publicAlert?.severity}, want ${kind} ${severity}`);
          v.expect(h.at - at <= slaMs, () => `device ${d}: ${label} sent ${fmtT(at)} arrived ${fmtT(h.at)}, beyond ${o.s.sla_s} s`);
        }
      }
    }
    // Nobody outside the regions reached (and nobody at all for a test, exercise or restricted alert) hears it.
    for (const [d, list] of heard) {
      if (reached.has(o.w.p.region[o.w.p.owner[d]])) continue;
      const stray = list.filter((h) => h.created === at && [...h.texts.values()].some((t) => ownTexts.has(t)));
      v.expect(stray.length === 0, () => `device ${d} in region ${o.s.population.regions[o.w.p.region[o.w.p.owner[d]]].name} heard CAP feed ${k} (${f.status}, ${f.scope}, ${f.msgType}) outside the regions its areas reach`);
    }
  });
});
