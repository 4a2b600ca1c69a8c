import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compileRules } from '../../plugins/triage/compile-rules.js'
import { exemption, planSweep, type StalePolicy } from '../../plugins/triage/plan-sweep.js'
import { applyEffects, makeBacklog, NOW } from './backlog.js'

const DAY = 86_400_000
const laneAgents = { coder: 'timmy-coder', reviewer: 'timmy-reviewer', coordinator: 'timmy' }
const rules = compileRules(
  {
    mode: 'first-match',
    labelColors: { bug: '#d73a4a', security: '#b60205' },
    rules: [
      {
        name: 'security',
        match: { text: '/security|token leaked|cve/i' },
        actions: {
          labels: ['security'],
          priority: 'p0',
          lane: 'reviewer',
          comment: 'Routed {{title}} to {{lane}} by {{rule}}.',
        },
      },
      {
        name: 'bugs',
        match: { title: '/\\b(crash|error|bug)\\b/i' },
        actions: { labels: ['bug'], lane: 'coder' },
      },
      { name: 'bots', match: { author: ['dependabot'] }, actions: { labels: ['dependencies'] } },
      {
        name: 'docs',
        match: { title: '/docs|typo/i', labels: { none: ['pinned'] } },
        actions: { labels: ['docs'], priority: 'p3' },
      },
    ],
  },
  { lanes: Object.keys(laneAgents) },
)
const stale: StalePolicy = {
  daysUntilStale: 60,
  daysUntilClose: 7,
  staleLabel: 'stale',
  markComment: 'This issue has had no activity for 60 days; it will be closed in 7 days.',
  closeComment: 'Closed after 67 days without activity. Reopen it if it still matters.',
  exemptLabels: ['pinned', 'security'],
  priorityPrefix: 'priority/',
  triagedLabel: 'triaged',
  exemptMilestones: true,
  exemptLinkedPulls: true,
}
const orphans = { hours: 72, comment: 'Unassigned {{agents}}: no activity for {{hours}} hours.' }

test('a sweep over a 300-issue backlog labels and routes per the rules; a second sweep changes nothing', () => {
  const { issues, pulls } = makeBacklog(300)
  const first = planSweep({ issues, pulls, rules, laneAgents, now: NOW, ceiling: 1000 })
  assert.ok(first.changes.length > 100, `changed ${first.changes.length}`)
  const crash = issues.find(
    (i) =>
      /crash/i.test(i.title) &&
      !i.labels.length &&
      !/security/i.test(i.title) &&
      i.user.login !== 'dependabot',
  )!
  const change = first.changes.find((c) => c.issue === crash.number)!
  assert.deepEqual(change.effects[0], {
    kind: 'gitea.label',
    repo: crash.repo,
    issue: crash.number,
    labels: ['bug', 'triaged'],
    colors: { bug: '#d73a4a', triaged: '#c5def5' },
  })
  assert.ok(change.effects.some((e) => e.kind === 'gitea.assign' && e.assignees.includes('timmy-coder')))
  applyEffects(
    issues,
    first.changes.flatMap((c) => c.effects),
    NOW,
  )
  const second = planSweep({ issues, pulls, rules, laneAgents, now: NOW, ceiling: 1000 })
  assert.deepEqual(second.changes, [], 'idempotent')
})

test('the ceiling caps issues changed per run; the rest are deferred, then done by later runs', () => {
  const { issues, pulls } = makeBacklog(300)
  let runs = 0
  let total = 0
  for (;;) {
    const plan = planSweep({ issues, pulls, rules, laneAgents, now: NOW, ceiling: 25 })
    assert.ok(plan.changes.length <= 25)
    if (plan.changes.length === 0) break
    total += plan.changes.length
    runs++
    if (plan.changes.length === 25) assert.ok(plan.deferred >= 0)
    applyEffects(
      issues,
      plan.changes.flatMap((c) => c.effects),
      NOW,
    )
  }
  const once = planSweep({ ...makeBacklog(300), rules, laneAgents, now: NOW, ceiling: 1000 })
  assert.equal(total, once.changes.length)
  assert.equal(runs, Math.ceil(once.changes.length / 25))
})

test('no exempt issue is ever closed over the whole backlog, across 120 days of daily sweeps', () => {
  const { issues, pulls } = makeBacklog(300, 11)
  const protectedAtStart = new Map(
    issues
      .filter((i) => exemption(i, pulls, stale))
      .map((i) => [`${i.repo}#${i.number}`, exemption(i, pulls, stale)]),
  )
  assert.ok(protectedAtStart.size > 40, `exempt issues in the backlog: ${protectedAtStart.size}`)
  let closed = 0
  for (let day = 0; day < 120; day++) {
    const now = NOW + day * DAY
    const plan = planSweep({ issues, pulls, stale, laneAgents, now, ceiling: 50 })
    for (const change of plan.changes) {
      if (!change.effects.some((e) => e.kind === 'gitea.close')) continue
      const issue = issues.find((i) => i.repo === change.repo && i.number === change.issue)!
      assert.equal(exemption(issue, pulls, stale), undefined, `${change.repo}#${change.issue} is exempt`)
      assert.ok(!protectedAtStart.has(`${change.repo}#${change.issue}`))
      closed++
    }
    applyEffects(
      issues,
      plan.changes.flatMap((c) => c.effects),
      now,
    )
  }
  assert.ok(closed > 50, `closed ${closed}`)
  for (const key of protectedAtStart.keys()) {
    const issue = issues.find((i) => `${i.repo}#${i.number}` === key)!
    assert.equal(issue.state, 'open', `${key} (${protectedAtStart.get(key)}) stayed open`)
  }
})

test('a stale label added by hand does not bypass the exemptions', () => {
  const { issues, pulls } = makeBacklog(1)
  const issue = issues[0]!
  issue.labels = [{ name: 'stale' }, { name: 'priority/p1' }]
  issue.updated_at = new Date(NOW - 100 * DAY).toISOString()
  const plan = planSweep({ issues, pulls, stale, laneAgents, now: NOW, ceiling: 10 })
  assert.deepEqual(plan.changes, [])
  assert.equal(plan.exempted[0]?.reason, 'priority label priority/p1')
})

test('orphan cleanup: 71 h untouched stays assigned, 73 h is reset with a comment', () => {
  const { issues, pulls } = makeBacklog(2)
  for (const i of issues) {
    i.labels = [{ name: 'triaged' }]
    i.assignees = [{ login: 'timmy-coder' }, { login: 'alice' }]
  }
  issues[0]!.updated_at = new Date(NOW - 71 * 3_600_000).toISOString()
  issues[1]!.updated_at = new Date(NOW - 73 * 3_600_000).toISOString()
  const plan = planSweep({ issues, pulls, orphans, laneAgents, now: NOW, ceiling: 10 })
  assert.equal(plan.changes.length, 1)
  assert.equal(plan.changes[0]!.issue, issues[1]!.number)
  assert.deepEqual(plan.changes[0]!.effects, [
    { kind: 'gitea.assign', repo: issues[1]!.repo, issue: issues[1]!.number, assignees: ['alice'] },
    {
      kind: 'gitea.comment',
      repo: issues[1]!.repo,
      issue: issues[1]!.number,
      body: 'Unassigned timmy-coder: no activity for 72 hours.',
    },
  ])
})
