/**
 * The frame of the comparison and campaign pages: one self-contained HTML file like report.html (the
 * report's stylesheet inline, charts as inline SVG, no scripts, nothing fetched; a Content-Security-Policy
 * of default-src 'none' enforces it).
 */
import { REPORT_CSS } from '../reports/style.ts';
import { esc } from '../reports/svg/escape.ts';

const EXTRA_CSS = `
.page { max-width: 1180px; }
table.compare td, table.compare th { white-space: nowrap; }
table.compare td.field { white-space: normal; overflow-wrap: anywhere; }
.delta { color: var(--muted); font-size: 0.85em; }
tr.same td { color: var(--muted); }
table.differences td:nth-child(3), table.differences td.num { white-space: nowrap; }
details > summary { cursor: pointer; margin: 0.6rem 0; }
`;

export function pageShell(o: { title: string; kicker: string; head: string; sections: [string, string, string][]; footer: string }): string {
  const toc = `<nav class="toc" aria-label="Sections"><ol>${o.sections.map(([id, title]) => `<li><a href="#${id}">${esc(title)}</a></li>`).join('')}</ol></nav>`;
  const body = o.sections.map(([id, title, html]) => `<section id="${id}" data-section="${id}"><h2>${esc(title)}</h2>${html}</section>`).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="color-scheme" content="light">',
    `<title>${esc(o.title)}</title>`,
    `<style>${REPORT_CSS}${EXTRA_CSS}</style>`,
    '</head>',
    '<body><div class="page">',
    `<header data-section="header"><p class="kicker">${esc(o.kicker)}</p><h1>${esc(o.title)}</h1>${o.head}</header>`,
    toc,
    '<main>',
    body,
    '</main>',
    `<footer>${o.footer} Self-contained: no scripts, fonts or images are fetched.</footer>`,
    '</div></body>',
    '</html>',
    '',
  ].join('\n');
}
