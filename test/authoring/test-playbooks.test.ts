/** Finding 3: test-playbooks needs a project (found up the tree), checks its fixtures, points at expect.yaml lines, --update, --watch. */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { project } from './helpers.js'

const PLAYBOOK = `name: hello
lane: coder
on: { event: issues.opened }
steps:
  - id: greet
    use: playbooks/comment
    with: { body: "hello \${{ item.repo }}" }
`
const EVENT = JSON.stringify({
  action: 'opened',
  number: 3,
  issue: { number: 3, title: 'x', labels: [] },
  repository: { full_name: 'acme/widgets' },
})
const EXPECT = `# the greeting
description: says hello
outcome: ok
steps: { greet: ok }
effects:
  - { kind: gitea.comment, repo: acme/widgets, issue: 3, body: hello acme/widgets }
`

function helloProject(t: { after(fn: () => void): void }, expect = EXPECT) {
  return project(t, {
    'playbooks/hello.yaml': PLAYBOOK,
    'playbooks/fixtures/hello/opened/event.json': EVENT,
    'playbooks/fixtures/hello/opened/expect.yaml': expect,
  })
}

test('outside any project test-playbooks is a coded error (exit 2) and never runs timmy’s own fixtures', async (t) => {
  const box = sandbox(t)
  const res = await runCli(['test-playbooks'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stdout)
  assert.match(res.stderr, /TIMMY_ERR_PLAYBOOK_NO_PROJECT/)
  assert.doesNotMatch(res.stdout, /passed/)
  assert.doesNotMatch(res.stderr, /\n\s+at /)
})

test('the config is found from a subfolder, as git and ESLint find theirs', async (t) => {
  const { box, cli } = helloProject(t)
  const deep = join(box.cwd, 'src', 'deep')
  mkdirSync(deep, { recursive: true })
  const res = await cli(['test-playbooks', '--json'], deep)
  assert.equal(res.code, 0, res.stderr)
  const { cases } = JSON.parse(res.stdout) as { cases: { playbook: string; ok: boolean }[] }
  assert.deepEqual(
    cases.map((c) => [c.playbook, c.ok]),
    [['hello', true]],
  )
})

test('a stub for a step the playbook lacks is an error at its key in expect.yaml', async (t) => {
  const { box, cli } = helloProject(t, `${EXPECT}stubs:\n  triage/clasify: { output: {} }\n`)
  const res = await cli(['test-playbooks', '--json'])
  assert.equal(res.code, 1)
  const { cases } = JSON.parse(res.stdout) as { cases: { ok: boolean; problems: string[] }[] }
  const file = join(box.cwd, 'playbooks/fixtures/hello/opened/expect.yaml')
  assert.match(cases[0]!.problems[0]!, new RegExp(`${file}:8:3: TIMMY_ERR_PLAYBOOK_FIXTURE_UNKNOWN_STUB`))
})

test('a case without event.json gets a coded message that says what to write', async (t) => {
  const { box, cli } = helloProject(t)
  rmSync(join(box.cwd, 'playbooks/fixtures/hello/opened/event.json'))
  const res = await cli(['test-playbooks', '--json'])
  assert.equal(res.code, 1)
  const { cases } = JSON.parse(res.stdout) as { cases: { problems: string[] }[] }
  assert.match(cases[0]!.problems[0]!, /TIMMY_ERR_PLAYBOOK_FIXTURE_NO_EVENT: .*has no event\.json/)
})

test('a mismatch points at its line in expect.yaml; --update rewrites expect.yaml from the run, keeping comments', async (t) => {
  const wrong = EXPECT.replace('body: hello acme/widgets', 'body: goodbye')
  const { box, cli } = helloProject(t, wrong)
  const file = join(box.cwd, 'playbooks/fixtures/hello/opened/expect.yaml')
  const res = await cli(['test-playbooks'])
  assert.equal(res.code, 1)
  assert.match(
    res.stderr,
    new RegExp(`${file}:6:\\d+: effect 1 \\(gitea\\.comment\\): body expected "goodbye"`),
  )
  const up = await cli(['test-playbooks', '--update'])
  assert.equal(up.code, 0, up.stderr)
  assert.match(up.stdout, /1 updated, 0 failed/)
  const text = readFileSync(file, 'utf8')
  assert.match(text, /^# the greeting/)
  assert.match(text, /body: hello acme\/widgets/)
  const again = await cli(['test-playbooks'])
  assert.equal(again.code, 0, again.stderr)
  assert.match(again.stdout, /1 passed, 0 failed/)
})

test('--watch runs again when a fixture changes', async (t) => {
  const { box } = helloProject(t)
  const child = spawnCli(['test-playbooks', '--watch'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  await waitForOutput(child, /watching /, 60_000)
  const file = join(box.cwd, 'playbooks/fixtures/hello/opened/expect.yaml')
  const rerun = waitForOutput(
    child,
    /changed: .*running again[\s\S]*outcome: expected failed, got ok/,
    60_000,
  )
  // a recursive fs.watch is armed asynchronously on Linux: touch the file until the second run shows
  const touch = setInterval(() => writeFileSync(file, EXPECT.replace('outcome: ok', 'outcome: failed')), 300)
  t.after(() => clearInterval(touch))
  await rerun
  clearInterval(touch)
  child.kill('SIGTERM')
})
