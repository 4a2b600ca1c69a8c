/** $HERMES_HOME that is a file, not a folder: a coded error (exit 2) for deploy and its dry run alike. */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { baseOverlay } from './_overlay.js'

test('a HERMES_HOME that is a file is TIMMY_ERR_DEPLOY_HERMES_HOME_NOT_DIR, with --dry-run too, and the file is left alone', async (t) => {
  const box = sandbox(t)
  baseOverlay(box.cwd)
  writeFileSync(box.hermes, 'not a folder\n')
  for (const args of [['deploy'], ['deploy', '--dry-run'], ['rollback']]) {
    const res = await runCli(args, { cwd: box.cwd, env: box.env })
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`)
    assert.match(res.stderr, /TIMMY_ERR_DEPLOY_HERMES_HOME_NOT_DIR/, args.join(' '))
    assert.ok(res.stderr.includes(box.hermes), 'the message names the path')
    assert.doesNotMatch(res.stderr, /CLI_INTERNAL|\n\s+at /)
  }
  assert.equal(readFileSync(box.hermes, 'utf8'), 'not a folder\n')
})
