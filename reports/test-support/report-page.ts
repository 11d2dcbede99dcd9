/**
 * Opens a written report.html in the isolated Chromium of `test/support/chromium.ts` and collects what the
 * Chromium tests assert: console errors, attempted network requests, and for every `[data-chart]` its
 * `data-points` and whether it holds an `<svg>` with a non-empty `<path d>` that is actually laid out.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../../test/support/chromium.ts';

// The functions passed to page.evaluate run in the browser. tsconfig has no DOM lib, so name the little they use.
interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getBoundingClientRect(): { width: number; height: number };
}
declare const document: {
  title: string;
  documentElement: { scrollWidth: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
};
declare const window: { innerWidth: number };
declare function getComputedStyle(el: PageElement): { display: string };

export interface ChartCheck {
  id: string;
  points: number;
  /** Non-empty `d` attributes of `<path>` elements inside the chart's SVGs. */
  paths: number;
  /** Width × height of the first SVG as laid out (0 when hidden or absent). */
  svgArea: number;
}

export interface PageCheck {
  title: string;
  consoleErrors: string[];
  blockedRequests: string[];
  charts: ChartCheck[];
  sections: string[];
  /** Page wider than the viewport (a horizontal scroll bar). */
  overflowX: boolean;
  /** Whether the section navigation is hidden when printing. */
  navHiddenInPrint: boolean;
}

export async function checkReportPage(htmlPath: string, screenshotPath: string): Promise<PageCheck> {
  const session = await launchChromium();
  try {
    const page = await session.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    const info = await page.evaluate(() => {
      const charts = [...document.querySelectorAll('[data-chart]')].map((el) => {
        const paths = [...el.querySelectorAll('svg path')].filter((p) => (p.getAttribute('d') ?? '').trim().length > 1).length;
        const svg = el.querySelector('svg');
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        return { id: el.getAttribute('data-chart') ?? '', points: Number(el.getAttribute('data-points')), paths, svgArea: box.width * box.height };
      });
      const sections = [...document.querySelectorAll('[data-section]')].map((el) => el.getAttribute('data-section') ?? '');
      return { title: document.title, charts, sections, overflowX: document.documentElement.scrollWidth > window.innerWidth };
    });
    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const navHiddenInPrint = await page.evaluate(() => {
      const nav = document.querySelector('nav.toc');
      return !!nav && getComputedStyle(nav).display === 'none';
    });
    return { ...info, consoleErrors, blockedRequests: [...session.blockedRequests], navHiddenInPrint };
  } finally {
    await session.close();
  }
}
