import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapFeeds } from './feeds.ts';
import type { FeedContext } from './cap-map.ts';

const sample = (name: string) => ({ file: name, xml: readFileSync(join(import.meta.dirname, 'samples', name), 'utf8') });
const H = 3_600_000;

/** A study clock around the sample's sent time, three regions, two languages. */
function ctx(startIso: string, over: Partial<FeedContext> = {}): FeedContext {
  return { startMs: Date.parse(startIso), duration: 6 * H, regions: ['inland', 'coastal', 'desert'], languages: ['en', 'es'], areas: {}, defaultDuration: 5 * H, maxDuration: 65_534 * 60_000, ...over };
}

describe('CAP alerts → public messages (OI-3)', () => {
  it('a severe thunderstorm warning (A.2): its geocodes reach the mapped regions, high priority, until expires', () => {
    const m = mapFeeds([sample('a2-severe-thunderstorm.xml')], ctx('2003-06-17T14:00:00-07:00', { areas: { 'SAME=006009': ['inland'], 'SAME=006003': ['desert', 'inland'] } }));
    expect(m.problems).toEqual([]);
    expect(m.actions.map((a) => a.target)).toEqual([{ region: 'inland' }, { region: 'desert' }]);
    for (const a of m.actions) {
      // Sent 57 minutes after the study's start; Severe + Immediate is the top class; Met is a weather alert.
      expect(a).toMatchObject({ at: 57 * 60_000, priority: 'high', visibility: 'public', alert: 'weather', severity: 'warning', duration: 63 * 60_000 });
      // One language in the feed: every study language shows it.
      expect(a.text).toEqual({ en: 'SEVERE THUNDERSTORM WARNING', es: 'SEVERE THUNDERSTORM WARNING' });
    }
  });

  it('an info block per language gives each study language its own text; a region named as the areaDesc needs no table', () => {
    const m = mapFeeds([sample('multilingual-heat.xml')], ctx('2026-08-20T12:00:00-07:00', { areas: { 'SAME=006071': ['inland'] } }));
    expect(m.problems).toEqual([]);
    expect(m.actions.map((a) => a.target)).toEqual([{ region: 'inland' }, { region: 'coastal' }]);
    expect(m.actions[0].text).toEqual({ en: 'Excessive heat warning until 9 PM', es: 'Advertencia de calor excesivo hasta las 9 PM' });
    // Severe + Expected: high; 13:30 to 21:00.
    expect(m.actions[0]).toMatchObject({ priority: 'high', at: 1.5 * H, duration: 7.5 * H });
  });

  it('a Cancel without info reaches the regions and languages of the alert it references, as an end of alert', () => {
    const m = mapFeeds([sample('multilingual-heat.xml'), sample('heat-cancel.xml')], ctx('2026-08-20T12:00:00-07:00', { areas: { 'SAME=006071': ['inland'] } }));
    const cancel = m.actions.filter((a) => a.feed === 1);
    expect(cancel.map((a) => [a.target, a.alert, a.at])).toEqual([
      [{ region: 'inland' }, 'end_of_alert', 2.5 * H],
      [{ region: 'coastal' }, 'end_of_alert', 2.5 * H],
    ]);
    expect(cancel[0].text.es).toBe('Advertencia de calor excesivo hasta las 9 PM');
  });

  it('urgency, severity and certainty set the priority class (the README table)', () => {
    const a2 = sample('a2-severe-thunderstorm.xml');
    const cases: [string, string, string, string][] = [
      ['Immediate', 'Extreme', 'Observed', 'high'],
      ['Expected', 'Severe', 'Likely', 'high'],
      ['Future', 'Severe', 'Likely', 'medium'],
      ['Unknown', 'Extreme', 'Possible', 'medium'],
      ['Immediate', 'Moderate', 'Observed', 'medium'],
      ['Future', 'Moderate', 'Likely', 'low'],
      ['Immediate', 'Minor', 'Observed', 'low'],
      ['Past', 'Extreme', 'Observed', 'low'],
      ['Immediate', 'Extreme', 'Unlikely', 'low'],
    ];
    for (const [urgency, severity, certainty, priority] of cases) {
      const xml = a2.xml
        .replace('<urgency>Immediate</urgency>', `<urgency>${urgency}</urgency>`)
        .replace('<severity>Severe</severity>', `<severity>${severity}</severity>`)
        .replace('<certainty>Observed</certainty>', `<certainty>${certainty}</certainty>`);
      const m = mapFeeds([{ file: 'x', xml }], ctx('2003-06-17T14:00:00-07:00', { areas: { 'SAME=006109': ['coastal'] } }));
      expect(m.actions[0]?.priority, `${urgency} ${severity} ${certainty}`).toBe(priority);
    }
  });

  it('an area without an <area> element is every region; tests, exercises and restricted alerts reach no one', () => {
    const a1 = sample('a1-security-advisory.xml');
    const none = mapFeeds([{ file: 'x', xml: a1.xml.replace(/<area>[\s\S]*<\/area>/, '') }], ctx('2003-04-02T13:00:00-05:00'));
    expect(none.actions.map((a) => a.target)).toEqual([{ region: 'inland' }, { region: 'coastal' }, { region: 'desert' }]);
    // Security is not weather or the grid: an environmental (hazard) alert; no expires: the 5-hour default.
    expect(none.actions[0]).toMatchObject({ alert: 'environmental', duration: 5 * H });
    for (const [from, to] of [['<status>Actual</status>', '<status>Test</status>'], ['<scope>Public</scope>', '<scope>Restricted</scope>'], ['<msgType>Alert</msgType>', '<msgType>Ack</msgType>']]) {
      const m = mapFeeds([{ file: 'x', xml: a1.xml.replace(from, to) }], ctx('2003-04-02T13:00:00-05:00', { areas: { Nationwide: ['inland'] } }));
      expect(m.actions, to).toEqual([]);
      expect(m.skipped.length, to).toBe(1);
    }
  });

  it('an unknown area, a time outside the run, a Cancel of an unknown alert are problems naming the element', () => {
    const a2 = sample('a2-severe-thunderstorm.xml');
    const unknown = mapFeeds([a2], ctx('2003-06-17T14:00:00-07:00'));
    expect(unknown.problems).toEqual([{ feed: 0, problem: { element: 'alert/info[1]/area[1]/areaDesc', expected: "an area public_alerts.areas maps to a region, or a region's name (inland, coastal, desert)", found: JSON.stringify('EXTREME NORTH CENTRAL TUOLUMNE COUNTY, NORTHEASTERN CALAVERAS COUNTY, SOUTHWESTERN ALPINE COUNTY') } }]);
    const late = mapFeeds([a2], ctx('2003-06-17T06:00:00-07:00', { areas: { 'SAME=006109': ['inland'] } }));
    expect(late.problems[0].problem).toMatchObject({ element: 'alert/sent', found: '"2003-06-17T14:57:00-07:00"' });
    const orphan = mapFeeds([sample('heat-cancel.xml')], ctx('2026-08-20T12:00:00-07:00'));
    expect(orphan.problems[0].problem.element).toBe('alert/references');
  });
});
