import assert from 'node:assert/strict'
import { test } from 'node:test'
import { triageIssue } from '../../plugins/triage/evaluate-rules.js'
import type { TriageIssue } from '../../plugins/triage/types.js'
import { runCli } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'

const issue = (title: string, body = ''): TriageIssue => ({
  number: 7,
  title,
  body,
  state: 'open',
  labels: [],
  user: { login: 'alice' },
  assignees: [],
  milestone: null,
  created_at: '2026-11-28T10:00:00Z',
  updated_at: '2026-11-28T10:00:00Z',
  repo: 'acme/widgets',
})

test('out of the box, the triage sweep runs every 5 minutes with rules that label and route by kind', async (t) => {
  const { host } = await testHost(t, { builtins: true })
  const sweep = host.tasks.get('triage.sweep')!.task
  assert.equal(sweep.schedule, '*/5 * * * *')
  const rules = await host.service('triage')!.rules()
  assert.ok(rules && rules.rules.length > 0, 'default rules are loaded')
  // Lanes from the shipped playbooks/lanes.yaml: coder writes fixes, reviewer audits security.
  const ctx = {
    now: Date.parse('2026-11-28T12:00:00Z'),
    laneAgents: { coder: 'coder', reviewer: 'reviewer' },
  }
  const routed = (title: string, body?: string) => {
    const effects = triageIssue(rules!, issue(title, body), ctx)?.effects ?? []
    return {
      labels: effects.flatMap((e) => (e.kind === 'gitea.label' ? e.labels : [])),
      assignees: effects.flatMap((e) => (e.kind === 'gitea.assign' ? e.assignees : [])),
    }
  }
  const bug = routed('Widget list crashes with a 500')
  assert.ok(bug.labels.includes('bug'))
  assert.deepEqual(bug.assignees, ['coder'])
  const security = routed('XSS in the comment form', 'a script tag runs: a security hole')
  assert.ok(security.labels.includes('security'))
  assert.deepEqual(security.assignees, ['reviewer'])
  assert.ok(routed('Refactor the session store').labels.includes('refactor'))
  assert.ok(routed('Typo in the README').labels.includes('docs'))
  assert.deepEqual(routed('Hello there').labels, [])
})

test('timmy doctor warns that scheduled sweeps are dry and says how to turn them on', async (t) => {
  const box = sandbox(t)
  const r = await runCli(['doctor'], { cwd: box.cwd, env: box.env })
  const line = r.stdout.split('\n').find((l) => /^warn\s+triage/.test(l))
  assert.ok(line, `a triage warning in:\n${r.stdout}`)
  assert.match(line, /dry/)
  assert.match(line, /pluginOptions\.triage\.confirm: true/)
  const confirmed = sandbox(t)
  const { writeFileSync } = await import('node:fs')
  const { join } = await import('node:path')
  writeFileSync(
    join(confirmed.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { triage: { confirm: true, repos: ['acme/widgets'] } } }),
  )
  const ok = await runCli(['doctor'], { cwd: confirmed.cwd, env: confirmed.env })
  assert.doesNotMatch(ok.stdout, /^warn\s+triage/m)
})
