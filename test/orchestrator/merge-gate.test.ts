/**
 * The merge gate through the real CLI, every built-in plugin (policy included) and the fake Gitea:
 * the shipped pr-gate playbook on a pull_request event, and the orchestrator's verify stage.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { FakeGitea } from '../gitea/fake-gitea.js'
import { addReview, addStatus } from '../gitea/fake-gitea-check-routes.js'
import { fakeGitea } from '../gitea/helpers.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

const R = 'fleet/api'

function setup(
  t: { after(fn: () => unknown): void },
  fake: FakeGitea,
  pluginOptions: Record<string, unknown> = {},
) {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: { gitea: { url: fake.url, token: fake.token, writesPerMinute: 0 }, ...pluginOptions },
    }),
  )
  return box
}

function pullEvent(fake: FakeGitea, number: number) {
  const pr = fake.state.pullJson(
    fake.state.repo(R)!,
    fake.state.repo(R)!.issues.find((i) => i.number === number)!,
  )
  return {
    action: 'opened',
    number,
    pull_request: pr,
    repository: { id: 1, name: 'api', full_name: R, owner: { id: 1, login: 'fleet' } },
    sender: { id: 7, login: 'alice' },
  }
}

test('pr-gate: a good PR is merged only with --apply; a PR naming a banned provider gets one comment, not two', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const good = fake.addPull(R, { head: 'fix-1', title: 'Fix the list' })
  good.pull!.diff = '+++ b/config.yaml\n+model: local-qwen\n'
  addReview(fake, good, { user: 'alice', state: 'APPROVED' })
  addStatus(fake, R, good, { state: 'success' })
  const bad = fake.addPull(R, { head: 'swap-model', title: 'Swap the model' })
  bad.pull!.diff = '+++ b/config.yaml\n-model: local-qwen\n+model: claude-sonnet\n'
  addReview(fake, bad, { user: 'alice', state: 'APPROVED' })
  addStatus(fake, R, bad, { state: 'success' })
  const box = setup(t, fake)
  const run = async (number: number, apply: boolean) => {
    const event = join(box.cwd, `event-${number}.json`)
    writeFileSync(event, JSON.stringify(pullEvent(fake, number)))
    const r = await runCli(
      ['run-playbook', 'pr-gate', '--event', event, '--json', ...(apply ? ['--apply'] : [])],
      {
        cwd: box.cwd,
        env: box.env,
      },
    )
    assert.equal(r.code, 0, r.stderr + r.stdout)
    return JSON.parse(r.stdout) as { steps: { applied?: { status: string; result?: unknown }[] }[] }
  }

  const dry = await run(good.number, false)
  assert.equal(dry.steps[0]!.applied![0]!.status, 'planned')
  assert.equal(good.pull!.merged, false, 'a dry run merges nothing')
  const applied = await run(good.number, true)
  assert.deepEqual(applied.steps[0]!.applied![0]!.result, {
    repo: R,
    pull: good.number,
    action: 'merge',
    failed: [],
  })
  assert.equal(good.pull!.merged, true)

  await run(bad.number, true)
  await run(bad.number, true)
  const comments = fake.state.repo(R)!.comments.filter((c) => c.issue === bad.number)
  assert.equal(comments.length, 1, 'one comment, not one per event')
  assert.match(comments[0]!.body, /policy: banned provider "claude" in the diff/)
  assert.equal(bad.pull!.merged, false)
})

test('orchestrate: verify runs the gate on the PR that fixes a dispatched issue; it names each failed check, then merges once they pass', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addUser('coder')
  const issue = fake.addIssue(R, { title: 'Crash on start', assignees: ['coder'] })
  const box = setup(t, fake, {
    dispatch: { mode: 'fake' },
    triage: { repos: [R] },
    orchestrator: { graceMs: 20_000 },
  })
  const tick = async () => {
    const r = await runCli(['orchestrate', '--once', '--confirm', '--json'], { cwd: box.cwd, env: box.env })
    assert.equal(r.code, 0, r.stderr)
    return JSON.parse(r.stdout) as {
      dispatch: unknown[]
      verify: { pull: number; action: string; failed: string[] }[]
    }
  }
  const first = await tick()
  assert.equal(first.dispatch.length, 1, 'the issue is dispatched to the coder lane')

  const pr = fake.addPull(R, { head: `issue-${issue.number}`, title: 'Fix the crash' })
  pr.body = `Fixes #${issue.number}`
  pr.pull!.diff = '+fixed\n'
  const second = await tick()
  assert.deepEqual(second.verify.find((v) => v.pull === pr.number)?.failed, [
    'approved: no approving review',
    'checks: no CI status reported',
  ])
  assert.equal(fake.state.repo(R)!.comments.filter((c) => c.issue === pr.number).length, 1)

  addReview(fake, pr, { user: 'alice', state: 'APPROVED' })
  addStatus(fake, R, pr, { state: 'success' })
  const third = await tick()
  assert.equal(third.verify.find((v) => v.pull === pr.number)?.action, 'merge')
  assert.equal(pr.pull!.merged, true)
})
