/** The few InfluxDB 1.x HTTP calls the dashboard tests make: create a database, write lines, query. */

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxResult {
  statement_id: number;
  series?: InfluxSeries[];
  error?: string;
}

export async function influxQuery(url: string, db: string, q: string): Promise<InfluxResult[]> {
  const params = new URLSearchParams({ db, q, epoch: 'ms' });
  const res = await fetch(`${url}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
  const body = (await res.json()) as { results?: InfluxResult[]; error?: string };
  if (!res.ok || body.error !== undefined) throw new Error(`InfluxDB ${res.status}: ${body.error ?? JSON.stringify(body)}\nquery: ${q}`);
  return body.results ?? [];
}

export async function createDatabase(url: string, db: string): Promise<void> {
  await influxQuery(url, db, `CREATE DATABASE "${db}"`);
}

/** POST /write?db=…&precision=ns, in batches. */
export async function writeLines(url: string, db: string, lines: readonly string[], batch = 5_000): Promise<void> {
  for (let i = 0; i < lines.length; i += batch) {
    const res = await fetch(`${url}/write?${new URLSearchParams({ db, precision: 'ns' })}`, {
      method: 'POST',
      body: lines.slice(i, i + batch).join('\n') + '\n',
    });
    if (res.status !== 204) throw new Error(`InfluxDB write ${res.status}: ${await res.text()}`);
  }
}

/** Values of one result other than the time column, flattened. */
export function resultValues(result: InfluxResult): unknown[] {
  const out: unknown[] = [];
  for (const s of result.series ?? []) {
    const timeCol = s.columns.indexOf('time');
    for (const row of s.values) row.forEach((v, i) => i !== timeCol && out.push(v));
  }
  return out;
}
