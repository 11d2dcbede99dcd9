/**
 * Reading the generated dashboards back: every panel's InfluxQL, and Grafana's macro and variable
 * substitution, so a test (or a person) can run exactly what Grafana would send to InfluxDB.
 */
import { ALL_VALUE, MULTI_VARIABLES } from './src/variables.ts';

export interface PanelQuery {
  /** Panel title (as in the JSON: a repeated panel keeps its `$var` in the title). */
  panel: string;
  refId: string;
  query: string;
}

interface PanelLike {
  title?: unknown;
  type?: unknown;
  targets?: unknown;
  panels?: unknown;
}

/** Every query of every panel, rows (collapsed or not) included, in layout order. */
export function panelQueries(dashboard: object): PanelQuery[] {
  const out: PanelQuery[] = [];
  const visit = (panels: unknown): void => {
    if (!Array.isArray(panels)) return;
    for (const p of panels as PanelLike[]) {
      if (Array.isArray(p.targets)) {
        for (const t of p.targets as { refId?: unknown; query?: unknown }[]) {
          if (typeof t.query === 'string') out.push({ panel: String(p.title ?? ''), refId: String(t.refId ?? ''), query: t.query });
        }
      }
      visit(p.panels);
    }
  };
  visit((dashboard as { panels?: unknown }).panels);
  return out;
}

/** The value of a multi-value variable: chosen values, or All. */
export type VariableValue = readonly string[] | 'All';

export interface MacroContext {
  /** The `run_id` to show (single value). */
  runId: string;
  /** Dashboard time range, epoch milliseconds. */
  fromMs: number;
  toMs: number;
  /** The interval Grafana picked for the panel ($__interval), seconds. */
  intervalS: number;
  /** region, priority, appliance_type, …: chosen values; a missing multi-value variable is All. */
  vars?: Readonly<Record<string, VariableValue>>;
}

/** Grafana's regex escaping of variable values used inside an InfluxQL regex (`/` too). */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

/**
 * How Grafana formats a multi-value/include-All variable for InfluxDB: All → the custom all value
 * (`.*`, inserted as is); one value → that value regex-escaped; several → `(a|b|c)`, each escaped.
 */
export function formatMultiValue(value: VariableValue): string {
  if (value === 'All') return ALL_VALUE;
  if (value.length === 0) return ALL_VALUE;
  const escaped = value.map(escapeRegex);
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
}

/**
 * Substitutes what Grafana substitutes before an InfluxQL query reaches InfluxDB:
 * - `$timeFilter` / `$__timeFilter` → `time >= <from>ms and time <= <to>ms`;
 * - `$__interval` (and the deprecated `$interval`) → `<n>s` (Grafana writes e.g. `1m`; InfluxQL reads
 *   `60s` the same), `$__interval_ms` → `<n*1000>`;
 * - `$run_id` → the run id, regex-escaped (it sits in `/^…$/`);
 * - multi-value variables (`$region`, `$priority`, `$appliance_type`, …) → `(a|b)`, one escaped value,
 *   or `.*` for All (missing from `vars` = All);
 * `$var`, `${var}` and `[[var]]` forms are all recognised; unknown variables are left as written, as
 * Grafana does.
 */
export function fillMacros(query: string, ctx: MacroContext): string {
  const timeFilter = `time >= ${Math.trunc(ctx.fromMs)}ms and time <= ${Math.trunc(ctx.toMs)}ms`;
  const intervalS = Math.max(1, Math.round(ctx.intervalS));
  const value = (name: string): string | undefined => {
    if (name === 'run_id') return escapeRegex(ctx.runId);
    const v = ctx.vars?.[name];
    if (v !== undefined) return formatMultiValue(v);
    if ((MULTI_VARIABLES as readonly string[]).includes(name)) return ALL_VALUE;
    return undefined;
  };
  return query.replace(
    /\$__interval_ms\b|\$__interval\b|\$interval\b|\$__timeFilter\b|\$timeFilter\b|\$\{(\w+)\}|\[\[(\w+)\]\]|\$(\w+)/g,
    (match: string, braced?: string, bracketed?: string, plain?: string) => {
      switch (match) {
        case '$__interval_ms':
          return String(intervalS * 1000);
        case '$__interval':
        case '$interval':
          return `${intervalS}s`;
        case '$__timeFilter':
        case '$timeFilter':
          return timeFilter;
      }
      const name = braced ?? bracketed ?? plain;
      return (name !== undefined ? value(name) : undefined) ?? match;
    },
  );
}
