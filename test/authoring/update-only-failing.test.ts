/** `test-playbooks --update` rewrites only failing cases: a passing one keeps its `match:` and its comments. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
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
const PASSING = `# matched, not spelt out
outcome: ok
effects:
  - kind: gitea.comment
    repo: acme/widgets
    issue: 3
    body: { match: "^hello " }
`
const FAILING = PASSING.replace('"^hello "', '"^goodbye "')

test('--update leaves a passing case as it is and rewrites only the failing one', async (t) => {
  const { box, cli } = project(t, {
    'playbooks/hello.yaml': PLAYBOOK,
    'playbooks/fixtures/hello/passes/event.json': EVENT,
    'playbooks/fixtures/hello/passes/expect.yaml': PASSING,
    'playbooks/fixtures/hello/fails/event.json': EVENT,
    'playbooks/fixtures/hello/fails/expect.yaml': FAILING,
  })
  const passing = join(box.cwd, 'playbooks/fixtures/hello/passes/expect.yaml')
  const failing = join(box.cwd, 'playbooks/fixtures/hello/fails/expect.yaml')
  const res = await cli(['test-playbooks', '--update', '--json'])
  assert.equal(res.code, 0, res.stdout + res.stderr)
  const { cases } = JSON.parse(res.stdout) as { cases: { case: string; ok: boolean; updated?: boolean }[] }
  assert.deepEqual(cases.map((c) => [c.case, c.ok, c.updated === true]).sort(), [
    ['fails', true, true],
    ['passes', true, false],
  ])
  assert.equal(readFileSync(passing, 'utf8'), PASSING, 'the passing case is untouched')
  assert.match(readFileSync(failing, 'utf8'), /body: hello acme\/widgets/)
  const again = await cli(['test-playbooks'])
  assert.equal(again.code, 0, again.stdout + again.stderr)
  assert.match(again.stdout, /2 passed, 0 failed/)
})
