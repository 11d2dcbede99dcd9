/** The report's inline stylesheet: system fonts only, readable on screen, in print and in greyscale. */
export const REPORT_CSS = `
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d9d9d9; --bg-alt: #f6f6f4; --ok: #1a6b33; --ok-bg: #e7f3ea; --bad: #a4231b; --bad-bg: #fbeae8; --warn-bg: #fff5da; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
.page { max-width: 960px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.7rem; margin: 0.1rem 0 0.4rem; line-height: 1.2; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 0 0 0.2rem; }
h4 { font-size: 0.92rem; margin: 0 0 0.1rem; font-weight: 600; }
p { margin: 0.3rem 0 0.7rem; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.88em; }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.78rem; color: var(--muted); margin: 0; }
.description { color: var(--muted); max-width: 70ch; overflow-wrap: anywhere; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.8rem 0 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
nav.toc { margin: 1rem 0 0; font-size: 0.9rem; }
nav.toc ol { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; }
nav.toc a { color: #0a4f8a; }
.verdict { margin: 1.2rem 0 0; padding: 0.8rem 1rem; border-left: 6px solid; border-radius: 3px; font-size: 1.05rem; }
.verdict strong { font-size: 1.15rem; }
.verdict.ok { background: var(--ok-bg); border-color: var(--ok); color: #0f3d1d; }
.verdict.fail { background: var(--bad-bg); border-color: var(--bad); color: #5c120d; }
.verdict.none { background: var(--bg-alt); border-color: #777; }
.verdict ul { margin: 0.3rem 0 0; padding-left: 1.3rem; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; font-size: 0.92rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 0.3rem; }
th, td { text-align: left; padding: 0.28rem 0.55rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { border-bottom: 2px solid #888; font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--bg-alt); }
td.num, th.num { text-align: right; white-space: nowrap; }
table.kv { width: auto; min-width: 50%; }
.table-scroll { overflow-x: auto; max-width: 100%; }
table.events { font-size: 0.85rem; }
table.events thead th { white-space: normal; vertical-align: bottom; }
table.events td, table.events th { padding: 0.25rem 0.4rem; }
.ok-mark { color: var(--ok); font-weight: 600; white-space: nowrap; }
.bad-mark { color: var(--bad); font-weight: 600; white-space: nowrap; }
tr.zero td { background: var(--warn-bg); }
table.steps td:first-child, table.steps td:nth-child(2) { white-space: nowrap; }
.zero-mark { font-weight: 700; color: #7a4b00; white-space: nowrap; }
.two-col { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 0 1.5rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(165px, 1fr)); gap: 0.6rem; margin: 0.6rem 0 1rem; }
.card { border: 1px solid var(--rule); border-radius: 4px; padding: 0.5rem 0.7rem; background: #fff; }
.card .label { font-size: 0.8rem; color: var(--muted); display: block; }
.card .value { font-size: 1.3rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .unit { font-size: 0.85rem; color: var(--muted); margin-left: 0.15rem; }
.chart-figure { margin: 1rem 0 1.4rem; }
.chart-figure figcaption { margin-bottom: 0.3rem; }
.note { color: var(--muted); font-size: 0.88rem; margin: 0.1rem 0 0.3rem; max-width: 80ch; }
svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
svg.chart text { fill: #333; }
svg.chart .axis-title { font-weight: 600; fill: #222; }
.legend { list-style: none; padding: 0; margin: 0.2rem 0 0.3rem; display: flex; flex-wrap: wrap; gap: 0.2rem 1.1rem; font-size: 0.88rem; }
.legend li { display: inline-flex; align-items: center; gap: 0.35rem; }
.small-multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 0.8rem 1rem; }
.panel { min-width: 0; }
.no-data { border: 2px dashed #b5b5b5; border-radius: 4px; padding: 1.4rem 1rem; text-align: center; color: var(--muted); background: var(--bg-alt); }
footer { margin-top: 2.5rem; padding-top: 0.6rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; }
  .chart-figure, table, .cards, .panel, .verdict { break-inside: avoid; }
  .verdict, tr.zero td, .no-data { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
