import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scsim } from '../test/support/cli.ts';
import { parseScenario } from './load.ts';
import { resolvedYaml } from './resolved-yaml.ts';

const dir = mkdtempSync(join(tmpdir(), 'scsim-cap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const heat = readFileSync(new URL('../models/alerts/samples/multilingual-heat.xml', import.meta.url), 'utf8');

const STUDY = `name: cap
start: 2026-08-20T12:00:00
time_zone: America/Los_Angeles
duration: 3h
population:
  customers: 20
  regions: [{name: inland, share: 0.5}, {name: coastal, share: 0.5}]
  languages: {en: 0.5, es: 0.5}
public_alerts:
  cap: [alerts/heat.xml]
  areas: {"SAME=006071": inland}
`;

function study(name: string, xml: string, text = STUDY): string {
  const d = join(dir, name);
  mkdirSync(join(d, 'alerts'), { recursive: true });
  writeFileSync(join(d, 'alerts', 'heat.xml'), xml);
  writeFileSync(join(d, 'study.yaml'), text);
  return join(d, 'study.yaml');
}

describe('public_alerts: CAP files named in the study', () => {
  it('are read relative to the study and written inline in resolved.yaml, which loads back to the same study', () => {
    const file = study('ok', heat);
    const r = parseScenario(readFileSync(file, 'utf8'), file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.public_alerts.cap).toEqual([{ file: 'alerts/heat.xml', xml: heat, sha256: createHash('sha256').update(heat).digest('hex') }]);
    const again = parseScenario(resolvedYaml(r.scenario), join(tmpdir(), 'elsewhere', 'resolved.yaml'));
    expect(again.ok && again.scenario).toEqual(r.scenario);
  });

  it.each([
    ['malformed XML', heat.replace('</cap:event>', '</cap:evnt>'), /public_alerts\.cap\[0\]: expected in alerts\/heat\.xml, line \d+, column \d+: well-formed XML, found /],
    ['a wrong namespace', heat.replace('cap:1.2', 'cap:1.1'), /expected in alerts\/heat\.xml, alert: the CAP 1\.2 namespace urn:oasis:names:tc:emergency:cap:1\.2, found "urn:oasis:names:tc:emergency:cap:1\.1"/],
    ['a missing required element', heat.replace(/<cap:urgency>Expected<\/cap:urgency>/, ''), /expected in alerts\/heat\.xml, alert\/info\[1\]\/urgency: a <urgency> element \(required by CAP 1\.2\), found none/],
    ['an unknown area', heat.replace('<cap:areaDesc>Coastal</cap:areaDesc>', '<cap:areaDesc>Kern County</cap:areaDesc>'), /alert\/info\[1\]\/area\[2\]\/areaDesc: an area public_alerts\.areas maps to a region, or a region's name \(inland, coastal\), found "Kern County"/],
    ['a time outside the run', heat.replace('<cap:sent>2026-08-20T13:30:00-07:00', '<cap:sent>2026-08-21T13:30:00-07:00'), /alert\/sent: a time within the run \(2026-08-20T19:00:00Z to 2026-08-20T22:00:00Z\), found "2026-08-21T13:30:00-07:00"/],
  ])('%s: scsim validate exits 2 naming the file, the element, the limit and the value', async (name, xml, message) => {
    const file = study(name.replace(/\W+/g, '-'), xml);
    const r = await scsim(['validate', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: public_alerts\\.cap\\[0\\]:`, 'm'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing file or an undeclared region in areas is an error at its field', () => {
    const file = study('missing', heat, STUDY.replace('alerts/heat.xml', 'alerts/nope.xml').replace('SAME=006071": inland', 'SAME=006071": mountains'));
    const r = parseScenario(readFileSync(file, 'utf8'), file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path).sort()).toEqual(['public_alerts.areas.SAME=006071', 'public_alerts.cap[0]']);
    expect(r.errors.find((e) => e.path === 'public_alerts.cap[0]')!.found).toBe('"alerts/nope.xml": no such file');
  });
});
