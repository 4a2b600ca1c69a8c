/** `timmy init` writes a Hermes overlay (config/) that `timmy deploy` takes as it is. */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('timmy init writes config/config.yaml and SOUL.md, and timmy deploy --dry-run then plans them', async (t) => {
  const box = sandbox(t)
  const cli = (args: string[]) => runCli(args, { cwd: box.cwd, env: box.env })
  const init = await cli(['init'])
  assert.equal(init.code, 0, init.stderr)
  const config = parse(readFileSync(join(box.cwd, 'config', 'config.yaml'), 'utf8')) as {
    model?: { default?: string; provider?: string }
  }
  assert.equal(typeof config.model?.default, 'string')
  assert.equal(typeof config.model?.provider, 'string')
  assert.ok(existsSync(join(box.cwd, 'config', 'SOUL.md')))

  const plan = await cli(['deploy', '--dry-run'])
  assert.equal(plan.code, 0, plan.stdout + plan.stderr)
  assert.match(plan.stdout, /config\.yaml/)
  assert.match(plan.stdout, /SOUL\.md/)
  assert.ok(!existsSync(join(box.hermes, 'config.yaml')), 'a dry run writes nothing into HERMES_HOME')

  const validate = await cli(['validate'])
  assert.equal(validate.code, 0, validate.stdout + validate.stderr)
})
