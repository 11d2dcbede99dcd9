/**
 * Debian's Chromium, driven by playwright-core, for tests that open generated pages (report.html).
 *
 * - `chromiumAvailable(ctx?)`: true when the browser is installed. When it is missing, under `CI=true` it
 *   throws (the test fails with a clear message); otherwise it skips the test with
 *   "Chromium tests skipped: install Debian's chromium (apt-get install chromium)".
 * - `launchChromium()`: a headless browser with a fresh, throw-away profile, in which every request that is
 *   not `file:` or `data:` is aborted and recorded, so a test can fail on any attempted network access.
 */
import { existsSync, accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';

/** The browser binary: Debian's `chromium` (CI exports the same path as SCSIM_TEST_CHROMIUM). */
export const CHROMIUM_PATH = process.env.SCSIM_TEST_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_SKIP_MESSAGE = "Chromium tests skipped: install Debian's chromium (apt-get install chromium)";

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

function installed(): boolean {
  if (!existsSync(CHROMIUM_PATH)) return false;
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let warned = false;

/**
 * Whether Chromium tests can run. Pass the vitest test context to skip the test (with the message)
 * when the browser is missing outside CI; without a context it returns false and prints the message once.
 * Under `CI=true` a missing browser is an error, never a skip.
 */
export function chromiumAvailable(ctx?: { skip: (note?: string) => never }): boolean {
  if (installed()) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `Chromium not found or not executable at ${CHROMIUM_PATH}. Under CI=true the Chromium tests must run: ` +
        'install Debian\'s chromium (apt-get install chromium) or set SCSIM_TEST_CHROMIUM to its path.',
    );
  }
  if (!warned) {
    warned = true;
    console.warn(CHROMIUM_SKIP_MESSAGE);
  }
  if (ctx) ctx.skip(CHROMIUM_SKIP_MESSAGE);
  return false;
}

export interface ChromiumSession {
  context: BrowserContext;
  /** A page in the isolated context (the first call reuses the context's initial tab). */
  newPage(): Promise<Page>;
  /** Every non-file, non-data request any page tried (HTTP, WebSocket, …), each aborted. */
  readonly blockedRequests: readonly string[];
  /** Throws, listing them, if any network request was attempted. */
  assertNoNetwork(): void;
  /** Closes the browser and deletes the profile directory. */
  close(): Promise<void>;
}

const LOCAL = /^(file|data|about|blob):/i;

/** Launches headless Chromium with a fresh profile and all network access blocked (see file comment). */
export async function launchChromium(): Promise<ChromiumSession> {
  if (!installed()) chromiumAvailable();
  const profile = mkdtempSync(join(tmpdir(), 'scsim-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      offline: false,
      serviceWorkers: 'block',
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`could not launch Chromium at ${CHROMIUM_PATH}: ${(err as Error).message}`);
  }
  const blocked: string[] = [];
  // Each attempt once: the 'request' event and the router see the same Request object.
  const seen = new WeakSet<Request>();
  const note = (req: Request): void => {
    if (seen.has(req) || LOCAL.test(req.url())) return;
    seen.add(req);
    blocked.push(req.url());
  };
  await context.route('**/*', async (route) => {
    const req = route.request();
    if (LOCAL.test(req.url())) return route.continue();
    note(req);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (ws) => {
    blocked.push(ws.url());
    void ws.close();
  });
  // Requests that never reach the router (e.g. prefetches) are still seen here.
  context.on('request', note);
  let firstUsed = false;
  return {
    context,
    blockedRequests: blocked,
    async newPage() {
      const first = context.pages()[0];
      if (!firstUsed && first) {
        firstUsed = true;
        return first;
      }
      return context.newPage();
    },
    assertNoNetwork() {
      if (blocked.length > 0) throw new Error(`the page tried ${blocked.length} network request(s), all blocked:\n  ${blocked.join('\n  ')}`);
    },
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
