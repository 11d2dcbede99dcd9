import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_OUT_DIR, dashboardsCommand, generateDashboards, generatedFiles, stableJson, writeDashboards } from './generate.ts';
import { fillMacros, formatMultiValue, panelQueries } from './queries.ts';
import { AGGREGATES_BY_KIND, CAMPAIGN_TAGS, METRICS, RUN_TAG, type FieldKind } from './src/contract.ts';
import { DATASOURCE_UID } from './src/influxql.ts';

const REGENERATE = 'the committed dashboards differ from the code: run `scsim dashboards` (or `npx tsx dashboards/generate.ts`) and commit dashboards/generated/';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

describe('committed output', () => {
  it('dashboards/generated/ equals what the code generates', async () => {
    const expected = generatedFiles();
    let committed: string[] = [];
    try {
      committed = await listFiles(DEFAULT_OUT_DIR);
    } catch {
      expect.fail(`dashboards/generated/ is missing: ${REGENERATE}`);
    }
    expect(committed, REGENERATE).toEqual(Object.keys(expected).sort());
    for (const [rel, content] of Object.entries(expected)) {
      const onDisk = await readFile(join(DEFAULT_OUT_DIR, ...rel.split('/')), 'utf8');
      expect(onDisk, `${rel}: ${REGENERATE}`).toBe(content);
    }
  });

  it('is deterministic and stable: sorted keys, 2-space indent, trailing newline', () => {
    expect(generatedFiles()).toEqual(generatedFiles());
    const text = stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } });
    expect(text).toBe('{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });
});

describe('dashboards', () => {
  const dashboards = generateDashboards() as Record<string, Record<string, any>>;

  it('are the three C5 dashboards with unique uids', () => {
    const titles = Object.values(dashboards).map((d) => d.title);
    expect(titles).toEqual(['C5 delivery SLA', 'C5 demand response', 'C5 campaign']);
    const uids = Object.values(dashboards).map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('have the template variables', () => {
    const vars = (name: string) => Object.fromEntries(dashboards[name]!.templating.list.map((v: any) => [v.name, v]));
    const delivery = vars('c5-delivery-sla');
    const dr = vars('c5-demand-response');
    for (const v of [delivery.run_id, dr.run_id]) {
      expect(v).toMatchObject({ type: 'query', query: 'SHOW TAG VALUES FROM "delivery" WITH KEY = "run_id"', multi: false, includeAll: false });
      expect(v.datasource).toEqual({ type: 'influxdb', uid: DATASOURCE_UID });
    }
    expect(delivery.priority).toMatchObject({ type: 'custom', query: 'low,medium,high', multi: true, includeAll: true, allValue: '.*' });
    expect(dr.region).toMatchObject({ type: 'query', query: 'SHOW TAG VALUES FROM "load" WITH KEY = "region"', multi: true, includeAll: true, allValue: '.*' });
    expect(dr.appliance_type).toMatchObject({
      type: 'query',
      query: 'SHOW TAG VALUES FROM "load" WITH KEY = "appliance_type"',
      multi: true,
      includeAll: true,
      allValue: '.*',
    });
  });

  it('the campaign dashboard picks one campaign and one metric (no run), and points (All by default)', () => {
    const vars = Object.fromEntries(dashboards['c5-campaign']!.templating.list.map((v: any) => [v.name, v]));
    expect(Object.keys(vars)).toEqual(['campaign', 'metric', 'point']);
    expect(vars.campaign).toMatchObject({ type: 'query', query: 'SHOW TAG VALUES FROM "campaign_point" WITH KEY = "campaign"', multi: false, includeAll: false });
    expect(vars.metric).toMatchObject({ type: 'query', query: 'SHOW TAG VALUES FROM "campaign_point" WITH KEY = "metric" WHERE "campaign" =~ /^$campaign$/', multi: false });
    expect(vars.point).toMatchObject({ type: 'query', multi: true, includeAll: true, allValue: '.*' });
    for (const v of Object.values(vars) as any[]) expect(v.datasource).toEqual({ type: 'influxdb', uid: DATASOURCE_UID });
  });

  it('the campaign dashboard draws the metric by point with the interval as a band (high filled down to low)', () => {
    const trend = dashboards['c5-campaign']!.panels.find((p: any) => p.type === 'trend');
    expect(trend.options.xField).toBe('index');
    const high = trend.fieldConfig.overrides.find((o: any) => o.matcher.options === 'high');
    expect(high.properties).toContainEqual({ id: 'custom.fillBelowTo', value: 'low' });
    expect(trend.targets[0]).toMatchObject({ resultFormat: 'table' });
    expect(trend.targets[0].query).toMatch(/^SELECT "index", "n", "mean", "sd", "low", "high", "confidence" FROM "campaign_point" /);
  });

  it('every panel but the rows has at least one query, on the smartconnect datasource, and unique ids', () => {
    for (const d of Object.values(dashboards)) {
      const ids = d.panels.map((p: any) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of d.panels) {
        if (p.type === 'row') continue;
        expect(p.targets?.length, p.title).toBeGreaterThan(0);
        expect(p.datasource, p.title).toEqual({ type: 'influxdb', uid: DATASOURCE_UID });
        for (const t of p.targets) {
          // tables only for the campaign statistics (one row per point, no time axis)
          const format = /FROM "campaign_point"/.test(t.query) ? 'table' : 'time_series';
          expect(t, p.title).toMatchObject({ rawQuery: true, resultFormat: format, datasource: { type: 'influxdb', uid: DATASOURCE_UID } });
          expect(typeof t.refId).toBe('string');
        }
      }
    }
  });

  it('lays panels out inside the 24-column grid without overlaps', () => {
    for (const d of Object.values(dashboards)) {
      const boxes = d.panels.map((p: any) => p.gridPos);
      for (const b of boxes) expect(b.x + b.w).toBeLessThanOrEqual(24);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          expect(overlap, `${d.panels[i].title} / ${d.panels[j].title}`).toBe(false);
        }
      }
    }
  });

  it('the delivery latency panels draw the 120 s SLA as a line with a red region above', () => {
    const panels = dashboards['c5-delivery-sla']!.panels.filter((p: any) => p.type === 'timeseries' && p.fieldConfig.defaults.unit === 's');
    expect(panels.map((p: any) => p.title)).toEqual(['Delivery latency: $priority priority', 'Latency p99 by message kind']);
    for (const p of panels) {
      expect(p.fieldConfig.defaults.thresholds).toEqual({
        mode: 'absolute',
        steps: [
          { value: null, color: 'transparent' },
          { value: 120, color: 'red' },
        ],
      });
      expect(p.fieldConfig.defaults.custom.thresholdsStyle).toEqual({ mode: 'line+area' });
    }
  });
});

/** What a query refers to, read off its text. */
function references(query: string) {
  const measurements = [...query.matchAll(/\bFROM\s+"([^"]+)"/g)].map((m) => m[1]!);
  const aliases = new Set([...query.matchAll(/\bAS\s+"([^"]+)"/g)].map((m) => m[1]!));
  const identifiers = [...query.matchAll(/(\bFROM\s+|\bAS\s+)?"([^"]+)"/g)].filter((m) => m[1] === undefined).map((m) => m[2]!);
  const aggregates = [...query.matchAll(/\b(\w+)\(\s*"([^"]+)"\s*\)/g)].map((m) => ({ fn: m[1]!.toLowerCase(), arg: m[2]! }));
  return { measurements, aliases, identifiers, aggregates };
}

describe('queries', () => {
  const all = Object.entries(generateDashboards()).flatMap(([name, d]) => panelQueries(d).map((q) => ({ dashboard: name, ...q })));

  it('there are queries for every measurement of the contract', () => {
    const used = new Set(all.flatMap((q) => references(q.query).measurements));
    expect([...used].sort()).toEqual(Object.keys(METRICS).sort());
  });

  it.each(all.map((q) => [`${q.dashboard} / ${q.panel} / ${q.refId}`, q.dashboard, q.query]))('%s: filters run (or campaign) and time, groups by $__interval', (_name, dashboard, query) => {
    expect(query).toMatch(/^SELECT /);
    // every SELECT (the inner one of a subquery too) is limited to the run; every WHERE to the time range
    const selects = query.split(/\bSELECT\b/).length - 1;
    const filter = dashboard === 'c5-campaign' ? '"campaign" =~ /^$campaign$/' : '"run_id" =~ /^$run_id$/';
    const runFilters = query.split(filter).length - 1;
    expect(runFilters).toBeGreaterThanOrEqual(1);
    expect(query.split('$timeFilter').length - 1).toBe(selects);
    // the campaign statistics are one row per point: read as they are, over no interval
    if (/FROM "campaign_point"/.test(query)) expect(query).not.toMatch(/GROUP BY/);
    else expect(query).toContain('GROUP BY time($__interval)');
    expect(query).not.toMatch(/\bdevice/i);
  });

  it.each(all.map((q) => [`${q.dashboard} / ${q.panel} / ${q.refId}`, q.query]))(
    '%s: reads only measurements, tags and fields of the contract, aggregated as the field allows',
    (_name, query) => {
      const { measurements, aliases, identifiers, aggregates } = references(query);
      expect(measurements.length).toBe(1);
      const m = measurements[0]!;
      expect(Object.keys(METRICS)).toContain(m);
      const contract = METRICS[m as keyof typeof METRICS];
      const fields = contract.fields as Record<string, FieldKind>;
      const known = new Set<string>([RUN_TAG, ...CAMPAIGN_TAGS, ...contract.tags, ...Object.keys(fields), ...aliases]);
      for (const id of identifiers) expect(known, `"${id}" in ${query}`).toContain(id);
      // an aggregate over a contract field must suit the field (an alias of an inner query is the inner's business)
      for (const { fn, arg } of aggregates) {
        if (fields[arg] === undefined) {
          expect(aliases, `${fn}("${arg}")`).toContain(arg);
          continue;
        }
        expect(AGGREGATES_BY_KIND[fields[arg]!], `${fn}("${arg}") in ${query}`).toContain(fn);
      }
      // tags are only filtered and grouped by, never selected
      for (const tag of [...contract.tags, ...CAMPAIGN_TAGS]) expect(aggregates.map((a) => a.arg)).not.toContain(tag);
    },
  );
});

describe('panelQueries', () => {
  it('walks rows, nested panels included', () => {
    const d = {
      panels: [
        { type: 'row', title: 'r', panels: [{ title: 'inner', targets: [{ refId: 'A', query: 'SELECT 1' }] }] },
        { title: 'top', targets: [{ refId: 'A', query: 'SELECT 2' }, { refId: 'B', query: 'SELECT 3' }, { refId: 'C' }] },
      ],
    };
    expect(panelQueries(d)).toEqual([
      { panel: 'inner', refId: 'A', query: 'SELECT 1' },
      { panel: 'top', refId: 'A', query: 'SELECT 2' },
      { panel: 'top', refId: 'B', query: 'SELECT 3' },
    ]);
  });
});

describe('fillMacros', () => {
  const ctx = { runId: 'quickstart-1', fromMs: 1_700_000_000_000, toMs: 1_700_003_600_000, intervalS: 60 };

  it('substitutes the time filter, the interval and the run', () => {
    expect(fillMacros('SELECT sum("count") FROM "steps" WHERE "run_id" =~ /^$run_id$/ AND $timeFilter GROUP BY time($__interval)', ctx)).toBe(
      'SELECT sum("count") FROM "steps" WHERE "run_id" =~ /^quickstart-1$/ AND time >= 1700000000000ms and time <= 1700003600000ms GROUP BY time(60s)',
    );
    expect(fillMacros('$__timeFilter $interval $__interval_ms ${run_id} [[run_id]]', { ...ctx, intervalS: 300 })).toBe(
      'time >= 1700000000000ms and time <= 1700003600000ms 300s 300000 quickstart-1 quickstart-1',
    );
  });

  it('formats multi-value variables as Grafana does for InfluxDB', () => {
    const q = '"region" =~ /^$region$/ AND "priority" =~ /^$priority$/ AND "appliance_type" =~ /^${appliance_type}$/';
    expect(fillMacros(q, ctx)).toBe('"region" =~ /^.*$/ AND "priority" =~ /^.*$/ AND "appliance_type" =~ /^.*$/');
    expect(fillMacros(q, { ...ctx, vars: { region: ['north', 'south'], priority: ['high'], appliance_type: 'All' } })).toBe(
      '"region" =~ /^(north|south)$/ AND "priority" =~ /^high$/ AND "appliance_type" =~ /^.*$/',
    );
    expect(formatMultiValue(['a.b', 'c/d', 'e|f'])).toBe('(a\\.b|c\\/d|e\\|f)');
    expect(fillMacros('/^$run_id$/', { ...ctx, runId: 'run.1+x' })).toBe('/^run\\.1\\+x$/');
  });

  it('leaves unknown variables and non-variables alone', () => {
    expect(fillMacros('$unknown $tag_priority $col 5$', ctx)).toBe('$unknown $tag_priority $col 5$');
  });
});

describe('scsim dashboards', () => {
  let dir: string;
  let out: string;
  let err: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scsim-dashboards-'));
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('--out DIR writes the dashboards and provisioning, returns 0', async () => {
    expect(await dashboardsCommand(['--out', dir])).toBe(0);
    expect(await listFiles(dir)).toEqual([
      'c5-campaign.json',
      'c5-delivery-sla.json',
      'c5-demand-response.json',
      'provisioning/dashboards/smartconnect.yaml',
      'provisioning/datasources/smartconnect.yaml',
    ]);
    expect(out).toContain('wrote 5 files');
    const ds = await readFile(join(dir, 'provisioning/datasources/smartconnect.yaml'), 'utf8');
    expect(ds).toContain('uid: scsim-influx');
    expect(ds).toContain('name: smartconnect-influxdb');
    expect(ds).toContain('url: http://127.0.0.1:8086');
    expect(ds).toContain('dbName: scsim');
    const provider = await readFile(join(dir, 'provisioning/dashboards/smartconnect.yaml'), 'utf8');
    expect(provider).toContain('type: file');
    expect(await dashboardsCommand([`--out=${join(dir, 'b')}`])).toBe(0);
  });

  it('bad options: usage on stderr, 2', async () => {
    for (const args of [['--bogus'], ['--out'], ['--out', dir, '--out', dir], ['extra']]) {
      err = '';
      expect(await dashboardsCommand(args), args.join(' ')).toBe(2);
      expect(err).toContain('usage: scsim dashboards [--out DIR]');
    }
  });

  it('--help prints the usage, 0', async () => {
    expect(await dashboardsCommand(['--help'])).toBe(0);
    expect(out).toContain('usage: scsim dashboards');
  });

  it('writeDashboards returns the paths it wrote', async () => {
    const written = await writeDashboards(dir);
    expect(written.map((p) => relative(dir, p).split(sep).join('/')).sort()).toEqual(Object.keys(generatedFiles()).sort());
  });
});
