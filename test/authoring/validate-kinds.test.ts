/** Finding 2: validate decides a file's kind by content, reports every error of a file, checks event names, counts a lanes typo once. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { project, type ValidateReport } from './helpers.js'

const FOUR_ERRORS = `name: ci
lane: codr
on: { event: issue.opened }
steps:
  - use: playbooks/label
    with: { labels: [bug], colour: red }
  - use: playbooks/lable
`

test('a playbook outside playbooks/ is checked as a playbook, and all four of its errors are reported', async (t) => {
  const { cli } = project(t, { 'ci/ci.yaml': FOUR_ERRORS })
  const res = await cli(['validate', '--json', 'ci/ci.yaml'])
  assert.equal(res.code, 2, res.stdout)
  const report = JSON.parse(res.stdout) as ValidateReport
  const file = report.files.find((f) => f.file.endsWith('ci.yaml'))!
  assert.equal(file.kind, 'playbook')
  assert.deepEqual(
    file.errors.map((e) => [e.code, e.line]),
    [
      ['TIMMY_ERR_PLAYBOOK_UNKNOWN_LANE', 2],
      ['TIMMY_ERR_PLAYBOOK_UNKNOWN_EVENT', 3],
      ['TIMMY_ERR_PLAYBOOK_UNKNOWN_INPUT', 6],
      ['TIMMY_ERR_PLAYBOOK_UNKNOWN_STEP', 7],
    ],
  )
  assert.match(file.errors[1]!.message, /Did you mean "issues\.opened"\?/)
  assert.ok(file.errors.every((e) => e.col && e.file?.endsWith('ci.yaml')))
  // and as text: one line per error, file:line:col first
  const text = await cli(['validate', 'ci/ci.yaml'])
  assert.equal(text.stderr.match(/^error .*ci\.yaml:\d+:\d+: TIMMY_ERR_/gm)?.length, 4, text.stderr)
  assert.match(text.stdout, /1 valid, 1 invalid \(4 errors\)/)
})

test('a known event passes; <event>.* passes for a known event only', async (t) => {
  const ok = `name: ok\nlane: coder\non: { event: [issues.opened, pull_request.*, push] }\nsteps:\n  - use: playbooks/set\n`
  const bad = `name: bad\nlane: coder\non: { event: [pull_requests.*] }\nsteps:\n  - use: playbooks/set\n`
  const { cli } = project(t, { 'playbooks/ok.yaml': ok, 'playbooks/bad.yaml': bad })
  const res = await cli(['validate', '--json', 'playbooks'])
  const report = JSON.parse(res.stdout) as ValidateReport
  assert.equal(report.files.find((f) => f.file.endsWith('ok.yaml'))!.ok, true)
  const b = report.files.find((f) => f.file.endsWith('bad.yaml'))!
  assert.deepEqual(
    b.errors.map((e) => [e.code, e.line, e.col]),
    [['TIMMY_ERR_PLAYBOOK_UNKNOWN_EVENT', 3, 15]],
  )
})

test('one typo in lanes.yaml is one error, in lanes.yaml, however many playbooks use the lanes', async (t) => {
  const pb = (name: string) => `name: ${name}\nlane: coder\non: manual\nsteps:\n  - use: playbooks/set\n`
  const { cli } = project(t, {
    'playbooks/lanes.yaml': 'lanes:\n  coder:\n    wizard: coder\n    maxConcurent: 2\n',
    'playbooks/one.yaml': pb('one'),
    'playbooks/two.yaml': pb('two'),
  })
  const res = await cli(['validate', '--json'])
  assert.equal(res.code, 2)
  const report = JSON.parse(res.stdout) as ValidateReport
  assert.equal(report.errors, 1, JSON.stringify(report.files, null, 1))
  const lanes = report.files.find((f) => f.file.endsWith('lanes.yaml'))!
  assert.deepEqual(
    lanes.errors.map((e) => [e.code, e.line]),
    [['TIMMY_ERR_SCHEMA_UNKNOWN_KEY', 4]],
  )
})

test('lanes and fixtures are recognised by content anywhere; a file of no known kind is "not checked", never "ok"', async (t) => {
  const { cli } = project(t, {
    'elsewhere/my-lanes.yaml': 'lanes:\n  coder:\n    wizard: coder\n    toolset: [file]\n',
    'elsewhere/expect.yaml': 'outcome: okay\n',
    'elsewhere/notes.yaml': 'shopping: [milk, eggs]\n',
  })
  const res = await cli(['validate', '--json', 'elsewhere'])
  const report = JSON.parse(res.stdout) as ValidateReport
  const by = (n: string) => report.files.find((f) => f.file.endsWith(n))!
  assert.equal(by('my-lanes.yaml').kind, 'lanes')
  assert.match(by('my-lanes.yaml').errors[0]!.message, /Did you mean "toolsets"\?/)
  assert.equal(by('expect.yaml').kind, 'playbook fixture')
  assert.equal(by('expect.yaml').errors[0]!.line, 1)
  assert.equal(by('notes.yaml').checked, false)
  const text = await cli(['validate', 'elsewhere/notes.yaml'])
  assert.doesNotMatch(text.stdout, /^ok .*notes/m)
  assert.match(text.stdout, /skip {2}elsewhere\/notes\.yaml/)
})
