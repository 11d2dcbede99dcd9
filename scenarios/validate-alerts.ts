/**
 * `public_alerts` (OI-3): CAP 1.2 files named in the study (paths relative to the study file), or — as
 * `resolved.yaml` writes them, so a run folder needs no other file — `{file, xml}` with the XML inline.
 * Every file is read, parsed and mapped here, so a bad feed is a bad study: exit 2 naming the file, the
 * element, what CAP 1.2 (or the mapping) allows and what the file holds.
 */
import { readFileSync } from 'node:fs';
import { isSha256, sha256Hex } from './file-digest.ts';
import { dirname, resolve } from 'node:path';
import { feedContext, mapFeeds } from '../models/alerts/feeds.ts';
import { FIELDS } from './fields.ts';
import { itemsLimit } from './limits.ts';
import { REQUIRED, isMapping, type Reader } from './read.ts';
import { joinKey } from './source.ts';
import type { CapFeed, PublicAlertFeeds, Scenario } from './types.ts';

export const NO_PUBLIC_ALERTS: PublicAlertFeeds = { cap: [], areas: {} };

export function readPublicAlerts(r: Reader, raw: unknown, regions: string[]): PublicAlertFeeds {
  if (raw === undefined || raw === null) return { cap: [], areas: {} };
  const o = r.map('public_alerts', raw, FIELDS.public_alerts);
  if (!o) return { cap: [], areas: {} };
  return { cap: readFeeds(r, o.cap), areas: readAreas(r, o.areas, regions) };
}

function readFeeds(r: Reader, raw: unknown): CapFeed[] {
  const list = r.list('public_alerts.cap', raw, 'a list of CAP 1.2 files (paths relative to the study)');
  if (!list) return [];
  r.withinCount('public_alerts.cap', list, list.length, itemsLimit('public_alerts.cap'));
  const base = dirname(resolve(r.issues.file));
  const out: CapFeed[] = [];
  list.forEach((item, i) => {
    const path = `public_alerts.cap[${i}]`;
    if (isMapping(item)) {
      r.unknownKeys(path, item, FIELDS['public_alerts.cap[]']);
      const file = r.text(`${path}.file`, item.file, '(inline)', 'the name of the CAP file');
      r.text(`${path}.xml`, item.xml, REQUIRED, 'the CAP message as XML text');
      if (typeof item.xml !== 'string') return;
      const sha256 = sha256Hex(item.xml);
      // resolved.yaml records each message's SHA-256: a replay refuses an edited one.
      if (item.sha256 !== undefined && item.sha256 !== sha256) {
        if (!isSha256(item.sha256)) r.error(`${path}.sha256`, 'the SHA-256 of the XML text, 64 lowercase hex digits', item.sha256);
        else r.errorText(`${path}.sha256`, `the SHA-256 of ${file}'s XML as the study recorded it`, `${item.sha256}, but the XML's is ${sha256}`);
        return;
      }
      out.push({ file, xml: item.xml, sha256 });
      return;
    }
    if (typeof item !== 'string' || item.trim() === '') {
      r.error(path, 'the path of a CAP 1.2 file (relative to the study)', item);
      return;
    }
    try {
      const xml = readFileSync(resolve(base, item), 'utf8');
      out.push({ file: item, xml, sha256: sha256Hex(xml) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      r.errorText(path, 'a readable CAP 1.2 file (relative to the study)', `${JSON.stringify(item)}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : `unreadable (${code ?? String(e)})`}`);
    }
  });
  return out;
}

/** `areas`: a CAP areaDesc or geocode (`SAME=006037`) → a region or a list of regions. */
function readAreas(r: Reader, raw: unknown, regions: string[]): Record<string, string[]> {
  if (raw === undefined || raw === null) return {};
  if (!isMapping(raw)) {
    r.error('public_alerts.areas', 'a mapping of CAP areas (areaDesc or valueName=value) to region names', raw);
    return {};
  }
  r.withinCount('public_alerts.areas', raw, Object.keys(raw).length, itemsLimit('public_alerts.areas'));
  const out: Record<string, string[]> = {};
  for (const [key, v] of Object.entries(raw)) {
    const path = joinKey('public_alerts.areas', key);
    const names = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [v];
    out[key] = [];
    for (const name of names) {
      if (typeof name !== 'string' || !regions.includes(name)) r.error(path, `the name of a declared region, or a list of them (${regions.join(', ')})`, name);
      else out[key].push(name);
    }
  }
  return out;
}

/** Parses and maps every feed against the rest of the study; each problem names its file and element. */
export function checkPublicAlerts(r: Reader, s: Scenario): void {
  if (s.public_alerts.cap.length === 0) return;
  const m = mapFeeds(s.public_alerts.cap, feedContext(s));
  for (const { feed, problem } of m.problems) {
    r.errorText(`public_alerts.cap[${feed}]`, `in ${s.public_alerts.cap[feed].file}, ${problem.element}: ${problem.expected}`, problem.found);
  }
  const limit = itemsLimit('timeline');
  const total = s.timeline.length + m.actions.length;
  if (m.problems.length === 0 && total > limit.max) {
    r.errorText('public_alerts.cap', `at most ${limit.max} timeline actions and CAP messages per region together (${limit.why})`, `${s.timeline.length} + ${m.actions.length}`);
  }
}
