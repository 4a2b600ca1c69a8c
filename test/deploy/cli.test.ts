import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { BASE_CONFIG, baseOverlay, writeOverlay } from './_overlay.js'

test('timmy deploy, generations, rollback and flush-continuity through the real CLI', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const cli = (...args: string[]) => runCli(args, { cwd: sb.cwd, env: sb.env, timeoutMs: 90_000 })

  const plan = await cli('deploy', '--diff', '--json')
  assert.equal(plan.code, 0, plan.stderr)
  const planned = JSON.parse(plan.stdout)
  assert.equal(planned.outcome, 'planned')
  assert.ok(planned.diffs.find((d: any) => d.path === 'SOUL.md').diff.includes('+# Soul v1'))
  assert.equal(existsSync(sb.hermes), false, '--diff wrote nothing')

  const done = await cli('deploy')
  assert.equal(done.code, 0, done.stderr)
  assert.match(done.stdout, /deployed generation 1/)

  const gens = await cli('generations', '--json')
  assert.equal(gens.code, 0, gens.stderr)
  const g = JSON.parse(gens.stdout)
  assert.deepEqual([g.live, g.lastKnownGood], [1, 1])

  const bad = await cli('rollback', '7')
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /TIMMY_ERR_DEPLOY_NO_GENERATION/)
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace')

  writeOverlay(sb.cwd, { 'config/config.yaml': `${BASE_CONFIG}fallback_providers: [anthropic]\n` })
  const vetoed = await cli('deploy')
  assert.equal(vetoed.code, 2)
  assert.match(vetoed.stderr, /config\/config\.yaml:7:22: TIMMY_ERR_DEPLOY_VETOED/)

  const note = await cli('flush-continuity')
  assert.equal(note.code, 0, note.stderr)
  assert.match(readFileSync(note.stdout.trim(), 'utf8'), /live generation: 1/)
  assert.ok(note.stdout.trim().startsWith(join(sb.home, 'daily-notes')))
})
