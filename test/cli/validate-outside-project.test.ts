/** `timmy validate` where there is no project says so and how to start one, instead of "0 valid". */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('timmy validate in a folder with no config and no playbooks/ exits 2 with TIMMY_ERR_CLI_NOTHING_TO_VALIDATE naming timmy init', async (t) => {
  const box = sandbox(t)
  const res = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stdout + res.stderr)
  assert.match(res.stderr, /TIMMY_ERR_CLI_NOTHING_TO_VALIDATE/)
  assert.match(res.stderr, /timmy init/)
  assert.doesNotMatch(res.stdout, /0 valid/)
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')

  const init = await runCli(['init'], { cwd: box.cwd, env: box.env })
  assert.equal(init.code, 0, init.stderr)
  const after = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(after.code, 0, after.stderr)
  assert.match(after.stdout, /[1-9]\d* valid, 0 invalid/)
})
