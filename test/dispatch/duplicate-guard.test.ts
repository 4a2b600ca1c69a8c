/**
 * The duplicate-PR guard through every path a user takes, with the real plugins and the fake Gitea:
 * `timmy dispatch` (dry and --apply), `timmy run-playbook` (a dry run shows the skip) and a signed
 * webhook that runs a playbook through the queue (the agent does not run, nothing is commented).
 */
import assert from 'node:assert/strict'
import { createHmac, randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { RunReport } from '../../core/hooks.js'
import { pullClosesIssue } from '../../plugins/dispatch/duplicate-pull.js'
import type { FakeGitea } from '../gitea/fake-gitea.js'
import { fakeGitea } from '../gitea/helpers.js'
import { goJson } from '../gitea/payloads.js'
import { serveWith, waitFor } from '../gitea/serve-helpers.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const R = 'fleet/api'
const SECRET = 'guard-secret'

test('what counts as a PR for issue N: closing keywords with #N or owner/repo#N, or an issue-N branch', () => {
  const pr = (body: string, ref = 'feature') => ({ title: 'A change', body, head: { ref } })
  for (const body of ['Fixes #5', 'closes #5.', 'RESOLVED: #5', 'This fixes Fleet/API#5', 'fix #5'])
    assert.equal(pullClosesIssue(pr(body), R, 5), true, body)
  for (const body of ['Refs #5', 'Fixes #55', 'Fixes other/repo#5', 'prefixes #5', 'Fixes #6'])
    assert.equal(pullClosesIssue(pr(body), R, 5), false, body)
  assert.equal(pullClosesIssue(pr('', 'issue-5'), R, 5), true)
  assert.equal(pullClosesIssue(pr('', 'timmy/issue_5'), R, 5), true)
  assert.equal(pullClosesIssue(pr('', 'issue-51'), R, 5), false)
})

function project(
  t: { after(fn: () => unknown): void },
  fake: FakeGitea,
  extra: Record<string, unknown> = {},
) {
  const box = sandbox(t)
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  copyFileSync(new URL('../../playbooks/lanes.yaml', import.meta.url), join(dir, 'lanes.yaml'))
  const config = {
    pluginOptions: {
      gitea: { url: fake.url, token: fake.token, writesPerMinute: 0, webhookSecret: SECRET },
      playbooks: { dir },
      dispatch: { mode: 'fake' },
    },
    ...extra,
  }
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(config))
  return { box, dir, config }
}

function backlog(fake: FakeGitea) {
  fake.addRepo(R)
  const five = fake.addIssue(R, { title: 'Crash on start' })
  const six = fake.addIssue(R, { title: 'Slow list' })
  const seven = fake.addIssue(R, { title: 'Typo' })
  const byBody = fake.addPull(R, { head: 'fix-crash', title: 'Fix the crash' })
  byBody.body = `This closes Fleet/API#${five.number}`
  const mention = fake.addPull(R, { head: 'speed', title: 'Speed up' })
  mention.body = `Refs #${six.number}`
  const byBranch = fake.addPull(R, { head: `issue-${seven.number}`, title: 'Typo' })
  return { five, six, seven, byBody, byBranch }
}

test('timmy dispatch: an issue with an open PR is not dispatched, dry or applied; one with a mere mention is', async (t) => {
  const fake = await fakeGitea(t)
  const { five, six, seven, byBody, byBranch } = backlog(fake)
  const { box } = project(t, fake)
  const run = (args: string[]) => runCli(['dispatch', R, ...args], { cwd: box.cwd, env: box.env })

  const dry = await run([String(five.number)])
  assert.equal(dry.code, 0, dry.stderr)
  assert.match(dry.stdout, new RegExp(`skipped: PR #${byBody.number} open`))
  const applied = await run([String(seven.number), '--apply', '--json'])
  assert.equal(applied.code, 0, applied.stderr)
  assert.deepEqual(JSON.parse(applied.stdout), {
    skipped: `skipped: PR #${byBranch.number} open for ${R}#${seven.number}`,
  })
  const dispatched = await run([String(six.number), '--apply', '--json'])
  assert.equal(dispatched.code, 0, dispatched.stderr)
  assert.equal((JSON.parse(dispatched.stdout) as { run: { outcome: string } }).run.outcome, 'ok')
})

const PLAYBOOK = `name: fix
description: Let the coder lane fix the issue and report back.
lane: coder
on: { event: issues.labeled, labels: [bug] }
steps:
  - id: fix
    use: dispatch/agent
    with: { prompt: "Fix #\${{ item.issue }}" }
  - id: report
    use: playbooks/comment
    if: steps.fix.outcome == 'ok'
    with: { body: "Worked on it: \${{ steps.fix.output.text }}" }
`

function labelled(issue: { number: number; title: string }) {
  return {
    action: 'label_updated',
    number: issue.number,
    issue: {
      id: 1000 + issue.number,
      number: issue.number,
      title: issue.title,
      body: '',
      state: 'open',
      user: { id: 7, login: 'alice' },
      labels: [{ id: 1, name: 'bug', color: 'ee0701' }],
      assignees: null,
    },
    label: { id: 1, name: 'bug', color: 'ee0701' },
    repository: { id: 1, name: 'api', full_name: R, owner: { id: 1, login: 'fleet' } },
    sender: { id: 7, login: 'alice' },
  }
}

test('run-playbook: the dry-run plan shows the dispatch step skipped for the open PR', async (t) => {
  const fake = await fakeGitea(t)
  const { five, byBody } = backlog(fake)
  const { box, dir } = project(t, fake)
  writeFileSync(join(dir, 'fix.yaml'), PLAYBOOK)
  const event = join(box.cwd, 'event.json')
  writeFileSync(event, JSON.stringify(labelled(five)))
  const r = await runCli(['run-playbook', 'fix', '--event', event, '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 1, 'a vetoed run exits 1, as every run that did not end ok')
  const report = JSON.parse(r.stdout) as RunReport
  const fix = report.steps.find((s) => s.stepId === 'fix')!
  assert.equal(fix.outcome, 'vetoed')
  assert.equal(fix.reason, `skipped: PR #${byBody.number} open for ${R}#${five.number}`)
  assert.equal(report.steps.find((s) => s.stepId === 'report')!.outcome, 'skipped')
})

async function deliver(url: string, payload: unknown) {
  const body = goJson(payload)
  const sig = createHmac('sha256', SECRET).update(body).digest('hex')
  const res = await fetch(`${url}/hooks/gitea`, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Gitea-Delivery': randomUUID(),
      'X-Gitea-Event': 'issues',
      'X-Gitea-Event-Type': 'issue_label',
      'X-Gitea-Signature': sig,
      'X-Hub-Signature-256': `sha256=${sig}`,
    },
  })
  assert.equal(res.status, 202)
}

test('a webhook-driven playbook does not dispatch an issue whose PR is open; it does dispatch one without', async (t) => {
  const fake = await fakeGitea(t)
  const { six, seven } = backlog(fake)
  const { box, dir, config }: { box: Sandbox; dir: string; config: Record<string, unknown> } = project(
    t,
    fake,
  )
  writeFileSync(join(dir, 'fix.yaml'), PLAYBOOK)
  const s = await serveWith(box, config)
  t.after(() => s.close())
  await deliver(s.url, labelled(seven))
  await deliver(s.url, labelled(six))
  const queue = s.host.service('queue')!
  const runs = async () => (await queue.list()).filter((j) => j.task === 'playbooks.run')
  await waitFor(
    async () => (await runs()).length === 2 && (await runs()).every((j) => j.state === 'done'),
    'both playbook runs done',
    60_000,
  )
  const r = fake.state.repo(R)!
  assert.deepEqual(
    r.comments.map((c) => c.issue),
    [six.number],
    'only the issue with no open PR was worked on and reported',
  )
  const playbooks = s.host.service('playbooks')!
  const reports = await Promise.all(
    (await runs()).map((j) => playbooks.report((j.result as { runId: string }).runId)),
  )
  const skipped = reports.find((rep) => rep?.item?.issue === seven.number)
  assert.equal(skipped?.outcome, 'vetoed')
  assert.match(skipped!.steps.find((st) => st.stepId === 'fix')!.reason ?? '', /^skipped: PR #\d+ open/)
})
