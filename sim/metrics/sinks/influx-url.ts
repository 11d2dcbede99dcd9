/** `--influx http://[user:pass@]host:port/database`: parsed strictly, so a typo is an input error, not a hang. */

export interface InfluxTarget {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  database: string;
  username?: string;
  password?: string;
}

/** Invalid input (exit code 2, DESIGN principle 7): the message says what is wrong and what is expected. */
export class InvalidInfluxUrl extends Error {
  override name = 'InvalidInfluxUrl';
  readonly exitCode = 2;
  constructor(
    readonly url: string,
    readonly problem: string,
  ) {
    super(`invalid InfluxDB URL ${JSON.stringify(url)}: ${problem} (expected http://host:port/database, e.g. http://localhost:8086/scsim)`);
  }
}

export function parseInfluxUrl(url: string): InfluxTarget {
  const bad = (problem: string): never => {
    throw new InvalidInfluxUrl(redact(url), problem);
  };
  if (typeof url !== 'string' || url.trim() === '') bad('it is empty');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return bad('it is not a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') bad(`the scheme must be http or https, not "${u.protocol.slice(0, -1)}"`);
  if (u.hostname === '') bad('the host is missing');
  // URL drops a port equal to the scheme's default (http://h:80), so look at what was typed.
  const explicitPort = /^[^:]+:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d+)(?:[/?#]|$)/.exec(url.trim())?.[1];
  if (explicitPort === undefined) bad('the port is missing (InfluxDB listens on 8086 by default)');
  if (u.search !== '' || u.hash !== '') bad('query strings and fragments are not supported');
  const path = u.pathname.replace(/\/$/, '');
  if (path === '') bad('the database name is missing from the path');
  const segments = path.slice(1).split('/');
  if (segments.length !== 1) bad(`the path must be one database name, not "${path}"`);
  let database = '';
  try {
    database = decodeURIComponent(segments[0]);
  } catch {
    bad(`the database name "${segments[0]}" is not valid percent-encoding`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(database)) bad('the database name contains control characters');
  const target: InfluxTarget = {
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(u.port || explicitPort),
    database,
  };
  if (u.username !== '') target.username = decodeURIComponent(u.username);
  if (u.password !== '') target.password = decodeURIComponent(u.password);
  return target;
}

/** The URL with any password masked, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*:)[^/@]*@/i, '$1***@');
}

/** `http://host:port` of a target (IPv6 hosts bracketed). */
export function baseUrl(t: InfluxTarget): string {
  return `${t.protocol}://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}
