/**
 * The status page (`GET /`): every figure as an HTML table (readable without JavaScript), plus
 * the snapshot as JSON in the page; /status/app.js draws the plots with uPlot (served from the
 * package, no CDN). Values are escaped; the page reads nothing else and changes nothing.
 */
import { compact, sparkline } from './sparkline.js'
import type { StatusSnapshot } from './types.js'

const esc = (v: unknown) =>
  String(v).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

function table(id: string, head: string[], rows: unknown[][]): string {
  if (!rows.length) return `<p class="empty" id="${id}">none</p>`
  return `<table id="${id}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td data-value="${esc(c)}">${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

const plot = (id: string, title: string) =>
  `<figure class="plot" id="${id}"><figcaption>${esc(title)}</figcaption></figure>`
const failed = (s: { error?: string } | undefined) =>
  s?.error !== undefined ? `<p class="error">unavailable: ${esc(s.error)}</p>` : ''

export function renderPage(snap: StatusSnapshot): string {
  const parts: string[] = []
  parts.push(
    `<header><h1>timmy</h1><p>version <span id="version">${esc(snap.version)}</span> · at <time id="at">${esc(snap.at)}</time> · plugins: ${esc(snap.plugins.join(', '))}</p></header>`,
  )
  const q = snap.queue
  if (q) {
    parts.push('<section id="queue"><h2>Queue</h2>', failed(q))
    if (q.error === undefined) {
      parts.push(
        table('queue-totals', ['queued', 'running', 'failed 24h'], [[q.queued, q.running, q.failed24h]]),
      )
      parts.push(
        table(
          'queue-tasks',
          ['task', 'queued', 'running', 'failed 24h', 'paused'],
          q.tasks.map((t) => [t.task, t.queued, t.running, t.failed24h, t.paused ? 'yes' : 'no']),
        ),
      )
      parts.push(
        table(
          'queue-next',
          ['schedule', 'task', 'next run'],
          q.next.map((n) => [n.schedule, n.task, n.at ?? '-']),
        ),
      )
      parts.push(
        plot('plot-throughput', 'Jobs per hour (started, done, failed), last 24 h'),
        plot('plot-depth', 'Queue depth per minute, last hour'),
      )
    }
    parts.push('</section>')
  }
  const b = snap.budget
  if (b) {
    parts.push('<section id="budget"><h2>Budgets</h2>', failed(b))
    if (b.error === undefined) {
      parts.push(
        table(
          'budgets',
          ['budget', 'window', 'spent tokens', 'cap tokens', 'spent USD', 'cap USD', '%', 'paused', '7 days'],
          b.budgets.map((r) => [
            r.name,
            r.window,
            r.spentTokens,
            r.capTokens ?? '-',
            r.spentCost.toFixed(6),
            r.capCost ?? '-',
            r.percent,
            r.paused ? 'yes' : 'no',
            `${sparkline(r.daily)} (${r.daily.map(compact).join(' ')})`,
          ]),
        ),
      )
      parts.push(
        plot('plot-spend-budget', 'Tokens per hour per budget, last 7 days'),
        plot('plot-spend-model', 'Tokens per hour per model, last 7 days'),
      )
    }
    parts.push('</section>')
  }
  const d = snap.deadman
  if (d) {
    parts.push('<section id="deadman"><h2>Deadman</h2>', failed(d))
    if (d.error === undefined) {
      parts.push(
        table(
          'wizards',
          ['wizard', 'state', 'since', 'last beat', 'restarts', 'needs a human'],
          d.wizards.map((w) => [
            w.wizard,
            w.state,
            w.since,
            w.lastBeat ?? 'never',
            w.restarts,
            w.active ? 'yes' : 'no',
          ]),
        ),
      )
      parts.push(plot('plot-deadman', 'Wizard states over time (up 3, late 2, down 1, paused/new 0)'))
      parts.push(
        table(
          'timeline',
          ['at', 'wizard', 'from', 'to', 'reason'],
          d.timeline.slice(-20).map((t) => [t.at, t.wizard, t.from, t.to, t.reason]),
        ),
      )
    }
    parts.push('</section>')
  }
  const g = snap.deploy
  if (g) {
    parts.push('<section id="deploy"><h2>Deploy</h2>', failed(g))
    if (g.error === undefined) {
      parts.push(
        table(
          'deploy-summary',
          ['live', 'known-good', 'last deploy', 'drift'],
          [
            [
              g.live ?? '-',
              g.lastKnownGood ?? '-',
              g.lastDeploy ? `${g.lastDeploy.generation} at ${g.lastDeploy.at}` : 'none',
              g.drift === null ? 'unknown' : g.drift.fresh ? 'none' : g.drift.items.join('; '),
            ],
          ],
        ),
      )
      parts.push(plot('plot-generations', 'Generations over time'))
      parts.push(
        table(
          'generations',
          ['generation', 'created', 'files', 'live', 'rolled back from'],
          g.generations.map((x) => [
            x.generation,
            x.at,
            x.files,
            x.live ? 'yes' : 'no',
            x.bad ? 'yes' : 'no',
          ]),
        ),
      )
    }
    parts.push('</section>')
  }
  const br = snap.bridge
  if (br) {
    parts.push('<section id="bridge"><h2>Bridge</h2>', failed(br))
    if (br.error === undefined) {
      parts.push(
        table(
          'bridge-summary',
          ['events last minute', 'events/min (hour)', 'received', 'vetoes'],
          [[br.eventsLastMinute, br.eventsPerMinuteHour, br.received ?? '-', br.vetoes ?? '-']],
        ),
      )
      parts.push(plot('plot-events', 'Hermes events per minute, last hour'))
    }
    parts.push('</section>')
  }
  const gi = snap.gitea
  if (gi) {
    parts.push('<section id="gitea"><h2>Gitea</h2>', failed(gi))
    if (gi.error === undefined) {
      parts.push(table('gitea-lanes', ['lane', 'open issues'], Object.entries(gi.openIssuesByLane)))
      parts.push(
        table(
          'gitea-pulls',
          ['pull request', 'title', 'gate'],
          gi.pulls.map((p) => [`${p.repo}#${p.number}`, p.title, p.gate]),
        ),
      )
    }
    parts.push('</section>')
  }
  const h = snap.housekeeping
  if (h) {
    parts.push('<section id="housekeeping"><h2>Housekeeping</h2>', failed(h))
    if (h.error === undefined) {
      const l = h.last
      parts.push(
        l
          ? table(
              'daily-reset',
              ['last daily_reset', 'rotated', 'pruned jobs', 'pruned runs', 'vacuumed', 'errors'],
              [
                [
                  l.at,
                  l.rotated.map((r) => `${r.file} → ${r.archive} (${r.lines} lines)`).join('; ') || 'none',
                  l.prunedJobs,
                  l.prunedRuns,
                  l.vacuumed ? 'yes' : 'no',
                  l.errors.join('; ') || 'none',
                ],
              ],
            )
          : '<p>daily_reset has not run yet</p>',
      )
    }
    parts.push('</section>')
  }
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
