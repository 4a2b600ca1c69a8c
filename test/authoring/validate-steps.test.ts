/** Finding 1: steps declare inputs and outputs; validate (and every load) checks with: and ${{ }} paths against them. */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { ROOT } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { project, type ValidateReport } from './helpers.js'

const PLAYBOOK = `name: label-it
lane: coder
on: { event: issues.opened }
steps:
  - id: classify
    use: triage/classify
  - use: playbooks/label
    with: { label: bug }
  - use: playbooks/label
    with: { labels: 3 }
  - use: playbooks/comment
    with: { body: "kind \${{ steps.classify.outptu.kind }}" }
  - use: playbooks/comment
    with: { body: "kind \${{ steps.classify.output.knd }}" }
  - use: playbooks/comment
    if: steps.classify.output.lane == 'coder'
    with: { body: "\${{ steps.classify.output.kind }}", repo: acme/widgets }
`

test('validate checks with: keys and types and output references against the steps’ declarations, every error with its line', async (t) => {
  const { cli } = project(t, { 'playbooks/label-it.yaml': PLAYBOOK })
  const res = await cli(['validate', '--json', 'playbooks/label-it.yaml'])
  assert.equal(res.code, 2, res.stderr)
  const report = JSON.parse(res.stdout) as ValidateReport
  const file = report.files.find((f) => f.file.endsWith('label-it.yaml'))!
  assert.equal(file.kind, 'playbook')
  const got = file.errors.map((e) => [e.code, e.line, e.col])
  assert.deepEqual(got, [
    ['TIMMY_ERR_PLAYBOOK_UNKNOWN_INPUT', 8, 13],
    ['TIMMY_ERR_PLAYBOOK_BAD_INPUT', 10, 21],
    ['TIMMY_ERR_PLAYBOOK_BAD_OUTPUT_PATH', 12, 29],
    ['TIMMY_ERR_PLAYBOOK_BAD_OUTPUT_PATH', 14, 29],
  ])
  const [unknownKey, badType, badField, badOutput] = file.errors
  assert.match(unknownKey!.message, /Did you mean "labels"\?/)
  assert.match(badType!.message, /found number 3/)
  assert.match(badField!.message, /Did you mean "output"\?/)
  assert.match(badOutput!.message, /Did you mean "kind"\?/)
})

test('a playbook with a wrong input does not run: run-playbook stops at load with the same coded error', async (t) => {
  const { cli } = project(t, {
    'playbooks/label-it.yaml': `name: label-it\nlane: coder\non: manual\nsteps:\n  - use: playbooks/label\n    with: { label: bug, repo: acme/widgets, issue: 1 }\n`,
  })
  const res = await cli(['run-playbook', 'label-it', '--json'])
  assert.equal(res.code, 2, `${res.stdout}\n${res.stderr}`)
  assert.match(res.stderr, /TIMMY_ERR_PLAYBOOK_UNKNOWN_INPUT/)
  assert.match(res.stderr, /label-it\.yaml:6:/)
})

test('every built-in step declares its inputs and outputs, and the shipped playbooks pass', async (t) => {
  const { host } = await testHost(t, { builtins: true })
  const playbooks = host.service('playbooks')!
  const catalog = await playbooks.catalog()
  const builtins = [...catalog.plugins].filter(([name]) =>
    host.plugins.some((p) => p.plugin.name === name && p.origin === 'builtin'),
  )
  assert.ok(builtins.length >= 6)
  for (const [plugin, { steps, error }] of builtins) {
    assert.equal(error, undefined, `${plugin}'s steps load`)
    for (const name of steps) {
      const info = catalog.get(`${plugin}/${name}`)!
      assert.ok(info.inputs, `${plugin}/${name} declares inputs`)
      assert.ok(info.outputs, `${plugin}/${name} declares outputs`)
    }
  }
  const { cli } = project(t, {})
  const shipped = await cli(['validate', '--json', join(ROOT, 'playbooks')])
  const report = JSON.parse(shipped.stdout) as ValidateReport
  assert.equal(
    shipped.code,
    0,
    JSON.stringify(
      report.files.filter((f) => !f.ok),
      null,
      1,
    ),
  )
  assert.ok(report.files.filter((f) => f.kind === 'playbook').length >= 5)
})
