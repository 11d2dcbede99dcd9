/**
 * The isolation the report tests rely on (test/support/chromium.ts): a page that tries to reach the network
 * gets nothing, and the attempt is recorded so the test can fail on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { chromiumAvailable, launchChromium } from '../test/support/chromium.ts';

test('every non-file, non-data request is blocked and recorded', async (ctx) => {
  chromiumAvailable(ctx);
  const dir = mkdtempSync(join(tmpdir(), 'scsim-iso-'));
  const session = await launchChromium();
  try {
    const file = join(dir, 'leaky.html');
    writeFileSync(
      file,
      '<!doctype html><html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<img src="https://example.invalid/pixel.png">' +
        '<script>try { new WebSocket("ws://127.0.0.1:9/live"); } catch (e) {}</script></body></html>',
    );
    const page = await session.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await expect.poll(() => session.blockedRequests.length).toBe(3);
    expect([...session.blockedRequests].sort()).toEqual(['http://127.0.0.1:9/x.css', 'https://example.invalid/pixel.png', 'ws://127.0.0.1:9/live']);
    expect(() => session.assertNoNetwork()).toThrow(/tried 3 network request/);

    const clean = join(dir, 'clean.html');
    writeFileSync(clean, '<!doctype html><p>ok</p>');
    const before = session.blockedRequests.length;
    await page.goto(pathToFileURL(clean).href);
    expect(session.blockedRequests.length).toBe(before);
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
