/** A misspelt playbook name gets a did-you-mean, in run-playbook and in test-playbooks --playbook. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('run-playbook welcom and test-playbooks --playbook welcom suggest "welcome" (exit 2, no stack)', async (t) => {
  const box = sandbox(t)
  const cli = (...args: string[]) => runCli(args, { cwd: box.cwd, env: box.env, timeoutMs: 90_000 })
  assert.equal((await cli('init')).code, 0)

  const run = await cli('run-playbook', 'welcom')
  assert.equal(run.code, 2, run.stderr)
  assert.match(run.stderr, /TIMMY_ERR_PLAYBOOK_NOT_FOUND: no playbook "welcom" .*Did you mean "welcome"\?/)
  assert.doesNotMatch(run.stderr, /\n\s+at /)

  const cases = await cli('test-playbooks', '--playbook', 'welcom')
  assert.equal(cases.code, 2, cases.stderr)
  assert.match(
    cases.stderr,
    /TIMMY_ERR_PLAYBOOK_NO_FIXTURES: no fixtures for playbook "welcom" \(no fixtures\/welcom\/<case>\/ in .*\)\. Did you mean "welcome"\?/,
  )
  assert.doesNotMatch(cases.stderr, /"welcom \(/, 'the name is quoted alone')

  const far = await cli('run-playbook', 'zzzzzz')
  assert.equal(far.code, 2)
  assert.doesNotMatch(far.stderr, /Did you mean/, 'no suggestion when nothing is close')
})
