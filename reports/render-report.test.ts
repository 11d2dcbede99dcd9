import { describe, expect, test } from 'vitest';
import type { RunResult } from '../models/run-result.ts';
import { renderReport } from './render-report.ts';
import { STEPS } from './steps.ts';
import { fixtureRunResult } from './test-support/fixture-run-result.ts';

/** `data-chart` ids with their `data-points`, in page order. */
function charts(html: string): Map<string, number> {
  return new Map([...html.matchAll(/data-chart="([^"]+)" data-points="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));
}

/** The markup of one `<figure data-chart=id>`. */
function figure(html: string, id: string): string {
  const start = html.indexOf(`data-chart="${id}"`);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</figure>', start));
}

const EXPECTED_CHARTS = ['load-total', 'load-by-region', 'load-by-type', 'shed', 'latency-cdf', 'latency-p99', 'queue-depth', 'in-flight', 'background', 'overrides', 'savings'];

describe('renderReport on a 6-hour DR afternoon', () => {
  const result = fixtureRunResult();
  const html = renderReport(result, { name: 'Summer CPP afternoon', description: 'A 2-hour CPP event at 14:00.' });

  test('a complete HTML document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>Summer CPP afternoon — smartconnect-sim run report</title>');
  });

  test('every section is present', () => {
    for (const id of ['header', 'verdict', 'thresholds', 'population', 'load', 'shed', 'delivery', 'network', 'overrides', 'steps'])
      expect(html, id).toContain(`data-section="${id}"`);
  });

  test('the header names the run', () => {
    const s = result.summary;
    expect(html).toContain('<h1>Summer CPP afternoon</h1>');
    expect(html).toContain('A 2-hour CPP event at 14:00.');
    expect(html).toContain(`>${s.digest}<`);
    expect(html).toContain(`>${s.run_id}<`);
    expect(html).toContain('>42<');
    expect(html).toContain('6 h 00 min — 2025-08-14 12:00 → 2025-08-14 18:00 (UTC\u221207:00)');
    expect(html).toContain('37.4 s on 2 workers');
    expect(html).toContain('48,213,554 events, 1,289,132 events/s');
  });

  test('the verdict names the failed threshold', () => {
    expect(html).toContain('data-verdict="fail"');
    expect(html).toContain('1 of 3 thresholds breached');
    const verdict = html.slice(html.indexOf('data-verdict'), html.indexOf('</section>', html.indexOf('data-verdict')));
    expect(verdict).toContain('delivery.by_priority.low.p99_s &lt; 120');
    expect(verdict).not.toContain('high.p99_s');
    expect(html.match(/data-threshold-ok="true"/g)).toHaveLength(2);
    expect(html.match(/data-threshold-ok="false"/g)).toHaveLength(1);
  });

  test('population, including rejections by reason', () => {
    for (const text of ['Customers', 'Appliances installed', 'Registered', 'Enrolled in a program', 'Unregistered', 'In-home displays (IHDs)', 'Energy management systems (EMSs)'])
      expect(html).toContain(text);
    expect(html).toContain('<td><code>type_not_approved</code></td><td class="num">51</td>');
    expect(html).toContain('>4,100<');
  });

  test('every chart is drawn with data', () => {
    const c = charts(html);
    expect([...c.keys()]).toEqual(EXPECTED_CHARTS);
    for (const [id, n] of c) expect(n, id).toBeGreaterThan(0);
    for (const id of EXPECTED_CHARTS) {
      const f = figure(html, id);
      expect(f, id).toMatch(/<path d="M[^"]+"/);
      expect(f, id).not.toContain('No data');
    }
    // 6 hours of minutes: baseline + DR for the total load.
    expect(c.get('load-total')).toBe(2 * 360);
  });

  test('small multiples: one panel per region and per appliance type', () => {
    const byRegion = figure(html, 'load-by-region');
    expect([...byRegion.matchAll(/data-panel="([^"]+)"/g)].map((m) => m[1])).toEqual(['coastal', 'inland_empire']);
    const byType = figure(html, 'load-by-type');
    expect([...byType.matchAll(/data-panel="([^"]+)"/g)].map((m) => m[1])).toEqual(['pool_pump', 'thermostat', 'water_heater']);
  });

  test('time axes read in local clock time at round hours', () => {
    const f = figure(html, 'load-total');
    for (const h of ['12:00', '13:00', '14:00', '15:00', '16:00', '17:00', '18:00']) expect(f).toContain(`>${h}</text>`);
    expect(f).toContain('local time (UTC\u221207:00)');
    expect(f).toContain('>load (kW)</text>');
  });

  test('shed and rebound call out the summary figures', () => {
    const L = result.summary.load;
    const section = html.slice(html.indexOf('data-section="shed"'), html.indexOf('data-section="delivery"'));
    for (const label of ['Mean shed during response windows', 'Shed per participating device', 'Shed per participating household', 'Rebound peak above baseline', 'Energy shed during response windows', 'Energy recovered after them (net)', 'Baseline peak', 'Peak with DR', 'Safety violations (FR-37)']) expect(section).toContain(label);
    expect(section).toContain(`mean shed during response windows ${Math.round(L.event_shed_kw_mean!).toLocaleString('en-US')} kW`);
    expect(section).toMatch(/largest rebound [\d,]+ kW above baseline at 16:\d\d/);
  });

  test('the latency CDF has one line per priority and the 2-minute line', () => {
    const f = figure(html, 'latency-cdf');
    expect(f.match(/<path d="M[^"]+" stroke=/g)).toHaveLength(3);
    expect(f).toContain('SLA 120 s</text>');
    expect(f).toContain('delivery latency (s, log scale)');
    expect(f).toContain('low, 97.70 % within 120 s');
    const p99 = figure(html, 'latency-p99');
    expect(p99).toContain('SLA 120 s</text>');
    expect(p99.match(/<path d="M[^"]+" stroke=/g)).toHaveLength(3);
  });

  test('delivery tables by priority and by kind', () => {
    expect(html).toContain('By priority — SLA 120 s');
    expect(html).toContain('By message kind — SLA 120 s');
    for (const p of ['high', 'medium', 'low', 'dr_event', 'price', 'public_alert', 'text', 'report']) expect(html).toContain(`data-key="${p}"`);
    expect(html).toContain('97.70 %');
    expect(html).toContain('✘ 164');
  });

  test('the step table lists all 25 steps with their descriptions', () => {
    const ids = [...html.matchAll(/data-step="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(25);
    expect(ids).toEqual(STEPS.map((s) => s.id));
    expect(ids[0]).toBe('S1-01');
    expect(ids[16]).toBe('S1-17');
    expect(ids[24]).toBe('S2-08');
    expect(html).toContain('Binds the appliance to the HAN through the premises meter; secure link.');
    expect(html).toContain('Every one of the 25 steps was exercised');
  });

  test('a step with count 0 is visibly marked', () => {
    const r = fixtureRunResult();
    r.summary.steps['S2-07'] = 0;
    const h = renderReport(r);
    expect(h).toContain('<tr data-step="S2-07" data-count="0" class="zero">');
    const row = h.slice(h.indexOf('data-step="S2-07"'), h.indexOf('</tr>', h.indexOf('data-step="S2-07"')));
    expect(row).toContain('⚠ 0 — not exercised');
    expect(h).toContain('1 of 25 steps');
  });

  test('the page fetches nothing: no scripts, external URLs, fonts or images', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|@font-face|<link|<img|<iframe|<object/i);
    // The only absolute URL is the SVG namespace, which is an identifier, not a request.
    expect(new Set(html.match(/https?:\/\/[^"'\s)]+/g))).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
  });

  test('deterministic: the same result renders the same bytes', () => {
    expect(renderReport(fixtureRunResult(), { name: 'Summer CPP afternoon', description: 'A 2-hour CPP event at 14:00.' })).toBe(html);
  });
});

describe('escaping', () => {
  test('a malicious scenario name and description are inert text everywhere', () => {
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`;
    const r = fixtureRunResult({ scenario: evil });
    r.summary.thresholds[0]!.name = `<b onmouseover="x">p99</b> < 120`;
    r.summary.population.rejected_by_reason = { '<i>bad</i>': 3 };
    r.points.push({ measurement: 'load', tags: { region: '"><svg onload=alert(1)>', appliance_type: 'thermostat' }, fields: { baseline_kw: 1, dr_kw: 1, shed_kw: 0 }, t: 0 });
    const h = renderReport(r, { name: evil, description: `</p><script>alert(2)</script>` });
    expect(h).not.toContain('<script');
    expect(h).not.toContain('<img');
    expect(h).not.toContain('<b onmouseover');
    expect(h).not.toContain('<i>bad</i>');
    expect(h).not.toContain('<svg onload');
    expect(h).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(h).toContain('<title>&lt;script&gt;');
    expect(h).toContain('&lt;b onmouseover=&quot;x&quot;&gt;p99&lt;/b&gt; &lt; 120');
    expect(h).toContain('data-panel="&quot;&gt;&lt;svg onload=alert(1)&gt;"');
  });
});

describe('missing data', () => {
  function empty(): RunResult {
    const r = fixtureRunResult({ breach: false });
    r.points = [];
    r.latency_cdf = { high: [], medium: [], low: [] };
    r.summary.rate_advice = { ...r.summary.rate_advice, histogram: [] };
    return r;
  }

  test('every chart becomes an explicit "no data" placeholder with data-points="0"', () => {
    const h = renderReport(empty());
    const c = charts(h);
    expect([...c.keys()]).toEqual(EXPECTED_CHARTS);
    for (const [id, n] of c) {
      expect(n, id).toBe(0);
      const f = figure(h, id);
      expect(f, id).toContain('<strong>No data</strong>');
      expect(f, id).not.toContain('<svg');
    }
  });

  test('the verdict reads ok when every threshold holds, and neutral without thresholds', () => {
    const r = fixtureRunResult({ breach: false });
    r.summary.thresholds = r.summary.thresholds.map((t) => ({ ...t, ok: true }));
    expect(renderReport(r)).toContain('data-verdict="ok"');
    expect(renderReport(r)).toContain('All 3 thresholds met.');
    r.summary.thresholds = [];
    expect(renderReport(r)).toContain('data-verdict="none"');
  });

  test('an unreadable start instant falls back to elapsed time', () => {
    const r = fixtureRunResult();
    r.start_instant = 'not a date';
    const h = renderReport(r);
    expect(h).toContain('time since start (h:mm)');
    expect(charts(h).get('load-total')).toBeGreaterThan(0);
  });
});
