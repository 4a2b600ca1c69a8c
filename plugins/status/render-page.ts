/**
 * The status page (`GET /`): every figure as an HTML table (readable without JavaScript), plus
 * the snapshot as JSON in the page; /status/app.js draws the plots with uPlot (served from the
 * package, no CDN). Values are escaped; the page reads nothing else and changes nothing.
 */

import { fleetPageSection } from './fleet-section.js'
import { hostsPageSection } from './hosts-section.js'
import { esc } from './page-html.js'
import {
  bridgeSection,
  budgetSection,
  deadmanSection,
  deploySection,
  giteaSection,
  housekeepingSection,
  queueSection,
} from './page-sections.js'
import type { StatusSnapshot } from './types.js'

export function renderPage(snap: StatusSnapshot): string {
  const parts: string[] = [
    `<header><h1>timmy</h1><p>version <span id="version">${esc(snap.version)}</span> · at <time id="at">${esc(snap.at)}</time> · plugins: ${esc(snap.plugins.join(', '))}</p></header>`,
    ...queueSection(snap),
    ...budgetSection(snap),
    ...hostsPageSection(snap),
    ...fleetPageSection(snap),
    ...deadmanSection(snap),
    ...deploySection(snap),
    ...bridgeSection(snap),
    ...giteaSection(snap),
    ...housekeepingSection(snap),
  ]
  const data = JSON.stringify(snap).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>timmy status</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/status/uplot.min.css">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1rem 2rem;color:#222}
h1{margin:0}h2{border-bottom:1px solid #ccc;margin-top:1.5rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}
th{background:#f4f4f4}.error{color:#b00}.plot{margin:.5rem 0}figcaption{font-weight:600}
</style></head><body>
${parts.join('\n')}
<script type="application/json" id="status-data">${data}</script>
<script src="/status/uplot.min.js"></script>
<script src="/status/app.js"></script>
</body></html>
`
}
