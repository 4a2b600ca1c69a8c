/** The status page's sections, one function each: queue, budgets, deadman, deploy, bridge, Gitea, housekeeping. */
import { plot, section, table } from './page-html.js'
import { compact, sparkline } from './sparkline.js'
import type { StatusSnapshot } from './types.js'

export const queueSection = (snap: StatusSnapshot) =>
  section('queue', 'Queue', snap.queue, (q) => [
    table('queue-totals', ['queued', 'running', 'failed 24h'], [[q.queued, q.running, q.failed24h]]),
    table(
      'queue-tasks',
      ['task', 'queued', 'running', 'failed 24h', 'paused'],
      q.tasks.map((t) => [t.task, t.queued, t.running, t.failed24h, t.paused ? 'yes' : 'no']),
    ),
    table(
      'queue-next',
      ['schedule', 'task', 'next run'],
      q.next.map((n) => [n.schedule, n.task, n.at ?? '-']),
    ),
    plot('plot-throughput', 'Jobs per hour (started, done, failed), last 24 h'),
    plot('plot-depth', 'Queue depth per minute, last hour'),
  ])

export const budgetSection = (snap: StatusSnapshot) =>
  section('budget', 'Budgets', snap.budget, (b) => [
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
    plot('plot-spend-budget', 'Tokens per hour per budget, last 7 days'),
    plot('plot-spend-model', 'Tokens per hour per model, last 7 days'),
  ])

export const deadmanSection = (snap: StatusSnapshot) =>
  section('deadman', 'Deadman', snap.deadman, (d) => [
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
    plot('plot-deadman', 'Wizard states over time (up 3, late 2, down 1, paused/new 0)'),
    table(
      'timeline',
      ['at', 'wizard', 'from', 'to', 'reason'],
      d.timeline.slice(-20).map((t) => [t.at, t.wizard, t.from, t.to, t.reason]),
    ),
  ])

export const deploySection = (snap: StatusSnapshot) =>
  section('deploy', 'Deploy', snap.deploy, (g) => [
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
    plot('plot-generations', 'Generations over time'),
    table(
      'generations',
      ['generation', 'created', 'files', 'live', 'rolled back from'],
      g.generations.map((x) => [x.generation, x.at, x.files, x.live ? 'yes' : 'no', x.bad ? 'yes' : 'no']),
    ),
  ])

export const bridgeSection = (snap: StatusSnapshot) =>
  section('bridge', 'Bridge', snap.bridge, (br) => [
    table(
      'bridge-summary',
      ['events last minute', 'events/min (hour)', 'received', 'vetoes'],
      [[br.eventsLastMinute, br.eventsPerMinuteHour, br.received ?? '-', br.vetoes ?? '-']],
    ),
    plot('plot-events', 'Hermes events per minute, last hour'),
  ])

export const giteaSection = (snap: StatusSnapshot) =>
  section('gitea', 'Gitea', snap.gitea, (gi) => [
    table('gitea-lanes', ['lane', 'open issues'], Object.entries(gi.openIssuesByLane)),
    table(
      'gitea-pulls',
      ['pull request', 'title', 'gate'],
      gi.pulls.map((p) => [`${p.repo}#${p.number}`, p.title, p.gate]),
    ),
  ])

export const housekeepingSection = (snap: StatusSnapshot) =>
  section('housekeeping', 'Housekeeping', snap.housekeeping, (h) => {
    const l = h.last
    return [
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
    ]
  })
