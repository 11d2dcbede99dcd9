import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCap } from './cap-parse.ts';

const sample = (name: string) => readFileSync(join(import.meta.dirname, 'samples', name), 'utf8');

function problemOf(xml: string) {
  const r = parseCap(xml);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
}

describe('parseCap: the CAP 1.2 Appendix A shapes', () => {
  it('reads a severe thunderstorm warning (A.2): codes, expires and SAME geocodes', () => {
    const r = parseCap(sample('a2-severe-thunderstorm.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.alert;
    expect([a.identifier, a.status, a.msgType, a.scope]).toEqual(['scsim-a2-KSTO-0001', 'Actual', 'Alert', 'Public']);
    expect(a.sent).toBe(Date.UTC(2003, 5, 17, 21, 57));
    expect(a.infos).toHaveLength(1);
    const i = a.infos[0];
    // CAP 1.2 §3.2.2: language defaults to en-US.
    expect(i).toMatchObject({ language: 'en-US', categories: ['Met'], urgency: 'Immediate', severity: 'Severe', certainty: 'Observed', headline: 'SEVERE THUNDERSTORM WARNING' });
    expect(i.expires).toBe(Date.UTC(2003, 5, 17, 23, 0));
    expect(i.areas[0].geocodes).toEqual(['SAME=006109', 'SAME=006009', 'SAME=006003']);
  });

  it('reads an advisory with resources and parameters (A.1) and an earthquake Update with references (A.3)', () => {
    const a1 = parseCap(sample('a1-security-advisory.xml'));
    expect(a1.ok && a1.alert.infos[0].areas).toEqual([{ areaDesc: 'Nationwide', geocodes: [] }]);
    const a3 = parseCap(sample('a3-earthquake-update.xml'));
    expect(a3.ok && a3.alert.msgType).toBe('Update');
    expect(a3.ok && a3.alert.references).toEqual([{ sender: 'quakes@example.edu', identifier: 'scsim-a3-EQ-0001' }]);
    expect(a3.ok && a3.alert.infos[0]).toMatchObject({ urgency: 'Past', severity: 'Minor', categories: ['Geo'] });
  });

  it('reads a namespace prefix and one info block per language', () => {
    const r = parseCap(sample('multilingual-heat.xml'));
    expect(r.ok && r.alert.infos.map((i) => [i.language, i.headline])).toEqual([
      ['en-US', 'Excessive heat warning until 9 PM'],
      ['es-US', 'Advertencia de calor excesivo hasta las 9 PM'],
    ]);
  });
});

describe('parseCap: invalid feeds name the element, what CAP 1.2 allows and the value', () => {
  const a2 = sample('a2-severe-thunderstorm.xml');

  it('malformed XML: line and column', () => {
    const p = problemOf(a2.replace('</headline>', '</headlin>'));
    expect(p.element).toMatch(/^line \d+, column \d+$/);
    expect(p.expected).toBe('well-formed XML');
  });

  it('a wrong namespace (CAP 1.1) or none', () => {
    expect(problemOf(a2.replace('cap:1.2', 'cap:1.1'))).toEqual({ element: 'alert', expected: 'the CAP 1.2 namespace urn:oasis:names:tc:emergency:cap:1.2', found: '"urn:oasis:names:tc:emergency:cap:1.1"' });
    expect(problemOf(a2.replace(' xmlns="urn:oasis:names:tc:emergency:cap:1.2"', '')).found).toBe('no namespace');
  });

  it('a missing required element', () => {
    expect(problemOf(a2.replace(/<urgency>.*<\/urgency>/, ''))).toMatchObject({ element: 'alert/info[1]/urgency', found: 'none' });
    expect(problemOf(a2.replace(/<sender>.*<\/sender>/, ''))).toMatchObject({ element: 'alert/sender', found: 'none' });
    expect(problemOf(a2.replace(/<areaDesc>.*<\/areaDesc>/, ''))).toMatchObject({ element: 'alert/info[1]/area[1]/areaDesc' });
    expect(problemOf(a2.replace(/<category>.*<\/category>/, ''))).toMatchObject({ element: 'alert/info[1]/category' });
  });

  it('a value outside the code list', () => {
    expect(problemOf(a2.replace('<severity>Severe</severity>', '<severity>Bad</severity>'))).toEqual({ element: 'alert/info[1]/severity', expected: 'one of Extreme, Severe, Moderate, Minor, Unknown', found: '"Bad"' });
    expect(problemOf(a2.replace('<category>Met</category>', '<category>Weather</category>')).element).toBe('alert/info[1]/category[1]');
  });

  it('a date with "Z" (CAP 1.2 forbids it) or expires before effective', () => {
    expect(problemOf(a2.replace('2003-06-17T14:57:00-07:00', '2003-06-17T21:57:00Z'))).toMatchObject({ element: 'alert/sent', found: '"2003-06-17T21:57:00Z"' });
    const p = problemOf(a2.replace('<expires>', '<effective>2003-06-17T17:00:00-07:00</effective><expires>'));
    expect(p.element).toBe('alert/info[1]/expires');
  });

  it('a repeated single element, another root, an oversized file', () => {
    expect(problemOf(a2.replace('<event>', '<event>x</event><event>'))).toMatchObject({ element: 'alert/info[1]/event', expected: 'one <event> element' });
    expect(problemOf('<feed xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>').element).toBe('feed');
    expect(problemOf(a2.replace('<contact>', `<contact>${'x'.repeat(1 << 20)}`)).found).toMatch(/bytes$/);
  });
});
