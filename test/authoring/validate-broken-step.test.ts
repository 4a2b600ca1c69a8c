/**
 * A schema error in one step (`timeout: 5 minutes`) does not hide that step: its id stays known, so a
 * later `steps.classify` reference is not "a step this playbook does not have", and the step's other
 * errors are reported beside the schema error.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { project, type ValidateReport } from './helpers.js'

const PLAYBOOK = `name: broken
lane: coder
on: { event: issues.opened }
steps:
  - id: classify
    use: triage/classify
    timeout: 5 minutes
  - id: tag
    use: playbooks/label
    timeout: 5 minutes
    with: { label: "\${{ steps.classify.output.knd }}" }
  - use: playbooks/comment
    if: steps.classify.output.lane == 'coder'
    with: { body: "\${{ steps.tag.output.labels }}" }
`

test('a step with a schema error keeps its id; its other errors are reported too', async (t) => {
  const { cli } = project(t, { 'playbooks/broken.yaml': PLAYBOOK })
  const res = await cli(['validate', '--json', 'playbooks/broken.yaml'])
  assert.equal(res.code, 2, res.stderr)
  const report = JSON.parse(res.stdout) as ValidateReport
  const errors = report.files.find((f) => f.file.endsWith('broken.yaml'))!.errors
  const got = errors.map((e) => [e.code, e.line])
  assert.ok(
    !errors.some((e) => e.code === 'TIMMY_ERR_PLAYBOOK_UNKNOWN_REF'),
    `no "does not have" error:\n${errors.map((e) => e.message).join('\n')}`,
  )
  assert.deepEqual(got, [
    ['TIMMY_ERR_SCHEMA_INVALID', 7],
    ['TIMMY_ERR_SCHEMA_INVALID', 10],
    ['TIMMY_ERR_PLAYBOOK_UNKNOWN_INPUT', 11],
    ['TIMMY_ERR_PLAYBOOK_BAD_OUTPUT_PATH', 11],
  ])
  assert.match(errors[3]!.message, /Did you mean "kind"\?/)
})
