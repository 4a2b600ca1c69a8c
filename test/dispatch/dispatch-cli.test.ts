/** `timmy dispatch` checks its input against Gitea and the lanes, and says what it plans and what came of it. */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { FakeGitea } from '../gitea/fake-gitea.js'
import { fakeGitea } from '../gitea/helpers.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

const R = 'fleet/api'
const LANES = `lanes:
  coder:
    wizard: coder
    model: qwen3-coder
    toolsets: [terminal, file]
    repos: ["*"]
  reviewer:
    wizard: reviewer
    repos: ["*"]
`

function project(t: { after(fn: () => unknown): void }, fake: FakeGitea, dispatch: Record<string, unknown>) {
  const box = sandbox(t)
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  writeFileSync(join(dir, 'lanes.yaml'), LANES)
  const config = {
    pluginOptions: {
      gitea: { url: fake.url, token: fake.token, writesPerMinute: 0 },
      playbooks: { dir },
      dispatch,
    },
  }
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(config))
  return (args: string[]) => runCli(['dispatch', ...args], { cwd: box.cwd, env: box.env })
}

test('an unknown lane is a coded error with did-you-mean; a missing issue is a coded error; the plan names lane, agent and model', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R, { title: 'Crash on start' })
  const run = project(t, fake, { mode: 'fake' })

  const lane = await run([R, String(issue.number), '--lane', 'codr'])
  assert.equal(lane.code, 2, lane.stderr)
  assert.match(lane.stderr, /TIMMY_ERR_DISPATCH_UNKNOWN_LANE/)
  assert.match(lane.stderr, /Did you mean "coder"\?/)
  assert.doesNotMatch(lane.stdout, /Would dispatch/)

  const missing = await run([R, '999'])
  assert.equal(missing.code, 2, missing.stderr)
  assert.match(missing.stderr, /TIMMY_ERR_DISPATCH_NO_ISSUE/)
  assert.match(missing.stderr, /fleet\/api#999/)

  const plan = await run([R, String(issue.number), '--lane', 'coder'])
  assert.equal(plan.code, 0, plan.stderr)
  assert.match(
    plan.stdout,
    /Would dispatch fleet\/api#\d+ "Crash on start" to lane coder \(agent coder, model qwen3-coder\)/,
  )
  const json = await run([R, String(issue.number), '--lane', 'coder', '--json'])
  const [effect] = (JSON.parse(json.stdout) as { planned: Record<string, unknown>[] }).planned
  assert.equal(effect!.lane, 'coder')
  assert.equal(effect!.profile, 'coder', 'the lane’s wizard runs')
  assert.equal(effect!.model, 'qwen3-coder')
  assert.deepEqual(effect!.toolsets, ['terminal', 'file'])
})

test('an agent that could not start does not hold the issue: a second --apply gives the same coded error', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R, { title: 'Slow list' })
  const run = project(t, fake, { mode: 'hermes', hermesBin: '/nonexistent/bin/hermes' })
  for (const attempt of [1, 2]) {
    const res = await run([R, String(issue.number), '--lane', 'coder', '--apply'])
    assert.equal(res.code, 2, `attempt ${attempt}: ${res.stderr}`)
    assert.match(res.stderr, /TIMMY_ERR_DISPATCH_BINARY_MISSING/, `attempt ${attempt}`)
    assert.doesNotMatch(`${res.stdout}${res.stderr}`, /already working|skipped/, `attempt ${attempt}`)
  }
})

test('an applied dispatch that is skipped prints a readable line, not JSON (JSON with --json)', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R, { title: 'Typo' })
  const pull = fake.addPull(R, { head: `issue-${issue.number}`, title: 'Typo' })
  const run = project(t, fake, { mode: 'fake' })
  const text = await run([R, String(issue.number), '--apply'])
  assert.equal(text.code, 0, text.stderr)
  assert.equal(
    text.stdout,
    `Did not dispatch ${R}#${issue.number}: skipped: PR #${pull.number} open for ${R}#${issue.number}.\n`,
  )
  const json = await run([R, String(issue.number), '--apply', '--json'])
  assert.match(JSON.parse(json.stdout).skipped, /^skipped: PR #/)

  const other = fake.addIssue(R, { title: 'Other' })
  const ran = await run([R, String(other.number), '--apply'])
  assert.equal(ran.code, 0, ran.stderr)
  assert.match(ran.stdout, new RegExp(`^Dispatched ${R}#${other.number}: outcome ok`))
  assert.doesNotMatch(ran.stdout, /^\{/)
})
