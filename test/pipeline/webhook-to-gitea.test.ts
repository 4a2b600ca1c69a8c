/**
 * The work pipeline for real: a signed Gitea `issues` webhook (a `bug` label added) is posted to a
 * running host (built-in plugins, real store, real queue workers, real worker threads) → the receiver
 * enqueues a `work-item` job → the playbooks plugin finds the matching playbook and enqueues a
 * `playbooks.run` job → its steps run (triage/classify, the fake agent through dispatch, a comment) →
 * the effects are applied to the fake Gitea, where the label, assignee and comment are seen.
 */
import assert from 'node:assert/strict'
import { createHmac, randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fakeGitea } from '../gitea/helpers.js'
import { goJson } from '../gitea/payloads.js'
import { serveWith, waitFor } from '../gitea/serve-helpers.js'
import { sandbox } from '../helpers/temp.js'

const SECRET = 'pipeline-secret'
const R = 'acme/widgets'

const PLAYBOOK = `name: fix-bugs
description: Classify, let the coder lane's agent fix it, and report back.
lane: coder
on: { event: issues.labeled, labels: [bug] }
steps:
  - id: classify
    use: triage/classify
    with: { apply: true, laneAgents: { coder: coder } }
  - id: fix
    use: dispatch/agent
    if: steps.classify.output.kind == 'bug'
    with:
      prompt: "Fix issue #\${{ item.issue }} in \${{ item.repo }}: \${{ event.issue.title }}"
  - id: report
    use: playbooks/comment
    if: steps.fix.outcome == 'ok'
    with:
      body: "The coder lane worked on this: \${{ steps.fix.output.text }}"
`

function signed(event: string, payload: unknown) {
  const body = goJson(payload)
  const sig = createHmac('sha256', SECRET).update(body).digest('hex')
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Gitea-Delivery': randomUUID(),
      'X-Gitea-Event': event,
      'X-Gitea-Event-Type': event === 'issues' ? 'issue_label' : event,
      'X-Gitea-Signature': sig,
      'X-Hub-Signature-256': `sha256=${sig}`,
    },
  }
}

test('a signed bug-label webhook runs the matching playbook through the queue and its effects reach Gitea', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addUser('coder')
  fake.addLabel(R, 'bug', 'ee0701')
  const issue = fake.addIssue(R, {
    title: 'Widget list crashes with a 500',
    body: 'GET /widgets answers 500',
    labels: ['bug'],
  })
  const box = sandbox(t)
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  copyFileSync(new URL('../../playbooks/lanes.yaml', import.meta.url), join(dir, 'lanes.yaml'))
  writeFileSync(join(dir, 'fix-bugs.yaml'), PLAYBOOK)
  const s = await serveWith(box, {
    pluginOptions: {
      gitea: { url: fake.url, token: fake.token, webhookSecret: SECRET, writesPerMinute: 0 },
      playbooks: { dir },
      dispatch: { mode: 'fake' },
    },
  })
  t.after(() => s.close())

  const repository = { id: 1, name: 'widgets', full_name: R, owner: { id: 1, login: 'acme' } }
  const d = signed('issues', {
    action: 'label_updated',
    number: issue.number,
    issue: {
      id: 1000 + issue.number,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: 'open',
      user: { id: 7, login: 'alice' },
      labels: [{ id: 1, name: 'bug', color: 'ee0701' }],
      assignees: null,
    },
    label: { id: 1, name: 'bug', color: 'ee0701' },
    repository,
    sender: { id: 7, login: 'alice' },
  })
  const res = await fetch(`${s.url}/hooks/gitea`, { method: 'POST', body: d.body, headers: d.headers })
  assert.equal(res.status, 202)

  const r = fake.state.repo(R)!
  const queue = s.host.service('queue')!
  await waitFor(() => r.comments.length > 0, 'the report comment on the fake Gitea', 60_000).catch(
    async (err) => {
      const jobs = await queue.list()
      const runs = await s.host.service('playbooks')!.recent()
      throw new Error(`${err.message}; jobs: ${JSON.stringify(jobs)}; runs: ${JSON.stringify(runs)}`)
    },
  )
  const labelNames = issue.labels.map((id) => r.labels.find((l) => l.id === id)!.name).sort()
  assert.deepEqual(labelNames, ['bug', 'triaged'], 'classify labelled the issue (triaged created)')
  assert.deepEqual(issue.assignees, ['coder'], 'routed to the lane agent')
  assert.equal(r.comments.length, 1)
  assert.match(r.comments[0]!.body, /^The coder lane worked on this: \[fake \w+\] bug: .* \([0-9a-f]{12}\)$/)

  // Both hops went through the durable queue (the job is marked done just after its last effect lands).
  // Periodic tasks (a heartbeat each minute) may enqueue beside them: only the two hops are counted.
  const hops = async () =>
    (await queue.list()).filter((j) => j.task === 'work-item' || j.task === 'playbooks.run')
  await waitFor(async () => (await hops()).every((j) => j.state === 'done'), 'both jobs done', 30_000)
  const jobs = await hops()
  const byTask = (task: string) => jobs.filter((j) => j.task === task)
  assert.equal(byTask('work-item').length, 1)
  assert.equal(byTask('work-item')[0]!.state, 'done')
  assert.equal(byTask('playbooks.run').length, 1, "only the project's playbook: never a shipped one")
  assert.equal(byTask('playbooks.run')[0]!.state, 'done')
  assert.equal((byTask('playbooks.run')[0]!.result as { outcome: string }).outcome, 'ok')

  // A redelivery of the same item enqueues nothing new (idempotency keys on both hops).
  const again = await fetch(`${s.url}/hooks/gitea`, { method: 'POST', body: d.body, headers: d.headers })
  assert.equal(again.status, 200)
  assert.equal((await hops()).length, 2)
})

test('an event no playbook matches is routed to none and writes nothing to Gitea', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R, { title: 'A question' })
  const box = sandbox(t)
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  copyFileSync(new URL('../../playbooks/lanes.yaml', import.meta.url), join(dir, 'lanes.yaml'))
  writeFileSync(join(dir, 'fix-bugs.yaml'), PLAYBOOK)
  const s = await serveWith(box, {
    pluginOptions: {
      gitea: { url: fake.url, token: fake.token, webhookSecret: SECRET, writesPerMinute: 0 },
      playbooks: { dir, builtin: false },
      dispatch: { mode: 'fake' },
    },
  })
  t.after(() => s.close())
  const d = signed('issue_comment', {
    action: 'created',
    issue: { id: 1, number: issue.number, title: issue.title, body: '', state: 'open', labels: [] },
    comment: { id: 9, body: 'hello' },
    repository: { id: 1, name: 'widgets', full_name: R },
    sender: { id: 7, login: 'alice' },
  })
  assert.equal(
    (await fetch(`${s.url}/hooks/gitea`, { method: 'POST', body: d.body, headers: d.headers })).status,
    202,
  )
  const queue = s.host.service('queue')!
  let done: { runs: unknown[] } | undefined
  const poll = async () => {
    for (let i = 0; i < 600 && !done; i++) {
      const job = (await queue.list({ task: 'work-item' }))[0]
      if (job?.state === 'done') done = job.result as { runs: unknown[] }
      else await new Promise((r) => setTimeout(r, 50))
    }
  }
  await poll()
  assert.deepEqual(done?.runs, [])
  assert.equal((await queue.list({ task: 'playbooks.run' })).length, 0)
  assert.equal(fake.requests.filter((q) => q.method !== 'GET').length, 0)
})
