// Issue 16, finding 12: availability — deep YAML, bad cron lines, huge values, reservations.
/**
 * Issue 16, finding 12 (availability): hostile sizes and shapes are bad input with a coded error and a
 * location, never a crash, a gigabyte of memory, or a command that stops working because of a file it
 * does not need.
 */
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { SessionReservations } from '../../plugins/bridge/session-reservations.js'
import { ROOT, runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

function project(t: { after(fn: () => void): void }): Sandbox {
  const box = sandbox(t)
  mkdirSync(join(box.cwd, 'playbooks'))
  cpSync(join(ROOT, 'playbooks', 'lanes.yaml'), join(box.cwd, 'playbooks', 'lanes.yaml'))
  return box
}

test('a deeply nested YAML playbook is a coded error with its file and line, not a V8 crash', async (t) => {
  const box = project(t)
  for (const [name, body] of [
    ['block.yaml', `name: block\nlane: coder\nsteps:\n  ${'- '.repeat(5000)}x\n`],
    ['flow.yaml', `name: flow\nlane: coder\nsteps: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
  ] as const)
    writeFileSync(join(box.cwd, 'playbooks', name), body)
  const r = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stdout + r.stderr, /block\.yaml:4:\d+: TIMMY_ERR_YAML_TOO_DEEP/)
  assert.match(r.stdout + r.stderr, /flow\.yaml:3:\d+: TIMMY_ERR_YAML_TOO_DEEP/)
})

test('one bad cron line in a playbook fails only the commands that need it, with file:line:col', async (t) => {
  const box = project(t)
  writeFileSync(
    join(box.cwd, 'playbooks', 'nightly.yaml'),
    'name: nightly\nlane: coder\non: { schedule: "61 * * * *" }\nsteps:\n  - use: playbooks/comment\n    with: { body: hi }\n',
  )
  const plugins = await runCli(['plugins', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(plugins.code, 0, plugins.stderr)
  const tasks = await runCli(['tasks', 'list', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(tasks.code, 0, tasks.stderr)
  const validate = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(validate.code, 2)
  assert.match(validate.stdout + validate.stderr, /nightly\.yaml:3:17: TIMMY_ERR_PLAYBOOK_BAD_CRON/)
})

test('an unknown 1.5 MB key gets no did-you-mean and is not echoed beyond one short line', async (t) => {
  const box = sandbox(t)
  const key = `budgt${'x'.repeat(1_500_000)}`
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify({ pluginOptions: { [key]: {} } }))
  const r = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2)
  assert.match(r.stderr, /TIMMY_ERR_PLUGIN_UNKNOWN_OPTIONS_KEY/)
  assert.ok(r.stderr.length < 4000, `stderr is ${r.stderr.length} characters`)
})

test('per-session reservations are capped per call, per session and in total', () => {
  const r = new SessionReservations({ maxCallsPerSession: 4, maxTokensPerCall: 1000, maxTotalTokens: 5000 })
  r.reserve('s1', 'a', 1e12)
  assert.equal(r.reserved('s1'), 1000, 'one call holds at most maxTokensPerCall')
  for (let i = 0; i < 100; i++) r.reserve('s1', `call-${i}`, 1000)
  assert.equal(r.reserved('s1'), 4000, 'at most maxCallsPerSession calls in flight')
  r.reserve('s2', 'x', 1000)
  r.reserve('s3', 'y', 1000)
  assert.equal(r.total, 5000, 'never more than maxTotalTokens over all sessions')
  r.endSession('s1')
  assert.equal(r.total, 1000)
})
